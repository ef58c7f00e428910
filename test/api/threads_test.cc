// Threads: one operator run by several std::threads at once (each with its own
// workspace), over pools of 1, 2, 3, 4 and 7 threads, and through
// octet_conv2d_run_thread (shares called one after another and from
// concurrent std::threads, 1..7 shares). Every output must be byte-identical
// to the one-thread run (and to src/ref), on every path under every ISA cap
// this CPU runs; each case asserts the path it claims to cover. Built also
// with ThreadSanitizer by tools/test-tsan.sh.
#include <gtest/gtest.h>
#include <pthreadpool.h>

#include <cstring>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "octet/octet.h"
#include "octet/octet.hpp"
#include "src/api/conv2d_validate.h"
#include "src/core/conv_paths.h"
#include "src/core/gemm_conv_path.h"
#include "src/core/kernel_table.h"
#include "src/core/per_thread.h"
#include "src/ref/conv.h"
#include "test/common/conv_problem.h"
#include "test/common/fc_problem.h"
#include "test/common/isa_list.h"

namespace {

constexpr uint8_t kUnwritten = 0xA5;  // output fill: bytes a run never wrote stand out
const size_t kPools[] = {1, 2, 3, 4, 7};
const size_t kConcurrentShares[] = {2, 3, 7};
constexpr size_t kMaxShares = 7;
constexpr size_t kRunners = 3;  // std::threads running one operator at once

struct Case {
  const char* name;
  size_t C, K, groups, R, S, stride, dil, pad;
  size_t N, H, W;
  // Weight zero points; `wide` also makes some w - w_zp leave int8, so the
  // dot-product depthwise and small-group kernels decline the layer.
  bool w_zp, wide;
  octet_datatype out;
  // The path under the highest cap of this CPU (x86 with AVX512-VNNI; a
  // prefix when it ends in '_'), and the prefix every non-scalar cap's path
  // must have.
  const char* best_path;
  const char* family;
};

// Small outputs (1x1, 7x7, 14x14) and batches above 1 on every path.
const Case kCases[] = {
    {"pw_7x7_n2", 32, 48, 1, 1, 1, 1, 1, 0, 2, 7, 7, false, false, octet_datatype_u8, "gemm_1x1", "gemm_1x1"},
    {"pw_s2_14x14", 24, 40, 1, 1, 1, 2, 1, 0, 1, 27, 27, true, false, octet_datatype_s8, "gemm_1x1", "gemm_1x1"},
    {"pw_1x1_n3_wzp", 64, 40, 1, 1, 1, 1, 1, 0, 3, 1, 1, true, false, octet_datatype_s32, "gemm_1x1", "gemm_1x1"},
    {"conv3x3_7x7_n2", 16, 40, 1, 3, 3, 1, 1, 1, 2, 7, 7, false, false, octet_datatype_u8, "igemm", "igemm"},
    {"conv3x3_14x14_wzp", 32, 24, 1, 3, 3, 1, 1, 1, 1, 14, 14, true, false, octet_datatype_u8, "igemm", "igemm"},
    {"conv3x3_g2_1x1", 48, 32, 2, 3, 3, 1, 1, 1, 2, 1, 1, false, false, octet_datatype_u8, "igemm", "igemm"},
    {"stem_14x14_n2", 3, 16, 1, 3, 3, 2, 1, 1, 2, 28, 28, false, false, octet_datatype_u8, "row_igemm", "row_igemm"},
    {"dil2_7x7", 4, 8, 1, 3, 3, 1, 2, 2, 1, 7, 7, true, false, octet_datatype_u8, "im2col_gemm", "im2col_gemm"},
    {"dw3x3_dot_7x7_n2", 24, 24, 24, 3, 3, 1, 1, 1, 2, 7, 7, false, false, octet_datatype_u8, "dwconv_dot_3x3",
     "dwconv"},
    {"dw5x5_dot_14x14", 16, 16, 16, 5, 5, 1, 1, 2, 1, 14, 14, false, false, octet_datatype_u8, "dwconv_dot_5x5",
     "dwconv"},
    {"dw3x5_dot_s2_7x7", 8, 16, 8, 3, 5, 2, 1, 1, 1, 14, 14, false, false, octet_datatype_u8, "dwconv_dot_rxs",
     "dwconv"},
    {"dw3x3_direct_14x14", 32, 32, 32, 3, 3, 1, 1, 1, 1, 14, 14, true, true, octet_datatype_u8, "dwconv_3x3_direct",
     "dwconv"},
    {"dw3x3_direct_s2_7x7_n2", 16, 16, 16, 3, 3, 2, 1, 1, 2, 14, 14, true, true, octet_datatype_s8,
     "dwconv_3x3_direct", "dwconv"},
    // Shares split rows of the direct kernels: multiplier 2 at stride 2, and
    // windows wholly in the padding (pad 4 around a 1x1 image).
    {"dw3x3_direct_m2_s2_7x7", 16, 32, 16, 3, 3, 2, 1, 1, 1, 13, 13, true, true, octet_datatype_u8,
     "dwconv_3x3_direct", "dwconv"},
    {"dw3x3_direct_pad4_7x7", 16, 16, 16, 3, 3, 1, 1, 4, 2, 1, 1, true, true, octet_datatype_s32,
     "dwconv_3x3_direct", "dwconv"},
    {"dw3x3_7x7", 24, 24, 24, 3, 3, 1, 1, 1, 1, 7, 7, true, true, octet_datatype_u8, "dwconv_3x3", "dwconv"},
    {"dw5x5_7x7_n2", 8, 8, 8, 5, 5, 1, 1, 2, 2, 7, 7, true, true, octet_datatype_u8, "dwconv_5x5", "dwconv"},
    {"dw1x3_dil2_1x1", 8, 16, 8, 1, 3, 1, 2, 2, 3, 1, 1, true, true, octet_datatype_s32, "dwconv_rxs", "dwconv"},
    {"gconv_dot_7x7_n2", 32, 32, 8, 3, 3, 1, 1, 1, 2, 7, 7, false, false, octet_datatype_u8, "gconv_dot", "gconv"},
    {"gconv_wino_14x14", 32, 32, 8, 3, 3, 1, 1, 1, 1, 14, 14, true, true, octet_datatype_u8, "gconv_lanes_wino",
     "gconv"},
    {"gconv_wino_7x7_n2", 32, 32, 8, 3, 3, 1, 1, 1, 2, 7, 7, true, true, octet_datatype_s8, "gconv_lanes_wino",
     "gconv"},
    {"gconv_lanes_s2_7x7_n2", 32, 32, 8, 3, 3, 2, 1, 1, 2, 14, 14, true, true, octet_datatype_u8, "gconv_lanes",
     "gconv"},
    {"gconv_lanes8_7x7", 64, 64, 8, 3, 3, 1, 1, 1, 1, 7, 7, true, true, octet_datatype_s8, "gconv_lanes8", "gconv"},
    {"gconv_g3_7x7", 9, 15, 3, 3, 3, 1, 1, 1, 1, 7, 7, true, false, octet_datatype_u8, "gconv_", "gconv"},
};

const Case& find_case(const std::string& name) {
  for (const Case& c : kCases) {
    if (name == c.name) return c;
  }
  ADD_FAILURE() << "no case " << name;
  return kCases[0];
}

struct Problem : octet::test::ConvProblem {
  Problem(const Case& c, unsigned seed) {
    octet_conv2d_params_init(&p);
    p.input_channels = c.C;
    p.output_channels = c.K;
    p.groups = c.groups;
    p.kernel_height = c.R;
    p.kernel_width = c.S;
    p.stride_height = p.stride_width = c.stride;
    p.dilation_height = p.dilation_width = c.dil;
    p.pad_top = p.pad_left = p.pad_bottom = p.pad_right = c.pad;
    std::mt19937 rng(seed);
    octet::test::fill_random_operands(this, octet_requant_pytorch_fbgemm, octet_datatype_u8, c.out, c.w_zp, 0.02,
                                      rng);
    if (c.wide) {
      for (int32_t& z : zps) z = 20;
      w[0] = -128;  // -148 does not fit int8
    }
  }
};

size_t elem_size(octet_datatype t) { return t == octet_datatype_s32 ? 4 : 1; }

// One operator and its buffers; outputs are padded between pixels (stride
// K + 3) so that writes outside a pixel's K channels show.
struct Runner {
  const Case& c;
  octet::Conv2d conv;
  size_t OH = 0, OW = 0, out_stride = 0, out_bytes = 0;
  std::vector<uint8_t> x;

  Runner(const Case& cs, const Problem& pr) : c(cs) {
    EXPECT_EQ(octet::Conv2d::create(pr.p, &conv), octet_status_success) << octet_last_error();
    conv.output_size(c.H, c.W, &OH, &OW);
    out_stride = c.K + 3;
    out_bytes = c.N * OH * OW * out_stride * elem_size(pr.p.output_type);
    x.resize(c.N * c.H * c.W * c.C);
    std::mt19937 rng(static_cast<unsigned>(c.C * 7 + c.K));
    for (uint8_t& v : x) v = static_cast<uint8_t>(rng());
  }
  std::vector<uint8_t> fresh_output() const { return std::vector<uint8_t>(out_bytes, kUnwritten); }

  std::vector<uint8_t> run(pthreadpool_t pool) const {
    const size_t threads = pool ? pthreadpool_get_threads_count(pool) : 1;
    std::vector<uint8_t> ws(conv.workspace_size(c.N, c.H, c.W, threads)), y = fresh_output();
    const octet_status st = conv.run(c.N, c.H, c.W, x.data(), y.data(), ws.data(), ws.size(), pool, 0, out_stride);
    return st == octet_status_success ? y : std::vector<uint8_t>();
  }
  octet_status run_share(void* ws, size_t ws_size, std::vector<uint8_t>* y, size_t t, size_t shares) const {
    return conv.run_thread(c.N, c.H, c.W, x.data(), y->data(), ws, ws_size, t, shares, 0, out_stride);
  }
};

std::string path_under(const Case& c, octet_isa cap) {
  return std::string(c.name) + " under " + octet_isa_name(cap);
}

// One thread against src/ref, then pools, concurrent runners and shares
// against the one thread.
void check_runs(const Case& c, const Problem& pr, const Runner& r, const std::string& what) {
  const std::vector<uint8_t> one = r.run(nullptr);
  ASSERT_EQ(one.size(), r.out_bytes) << what << ": " << octet_last_error();
  octet::ConvConfig cfg;
  ASSERT_EQ(octet::validate_conv2d(&pr.p, &cfg), octet_status_success);
  std::vector<uint8_t> expected = r.fresh_output();
  octet::ref::conv2d(cfg.ref_params(), c.N, c.H, c.W, r.x.data(), c.C, expected.data(), r.out_stride);
  ASSERT_TRUE(one == expected) << what << ": one thread differs from src/ref";

  for (size_t threads : kPools) {
    pthreadpool_t pool = pthreadpool_create(threads);
    ASSERT_NE(pool, nullptr);
    EXPECT_TRUE(r.run(pool) == one) << what << ": a pool of " << threads << " threads";
    pthreadpool_destroy(pool);
  }

  // Several std::threads running the operator at once, each with its own
  // pool (of 1 or 2 threads), workspace and output.
  {
    std::vector<std::vector<uint8_t>> outs(kRunners);
    std::vector<std::thread> runners;
    for (size_t i = 0; i < kRunners; ++i) {
      runners.emplace_back([&, i] {
        pthreadpool_t pool = i % 2 ? pthreadpool_create(2) : nullptr;
        outs[i] = r.run(pool);
        if (pool) pthreadpool_destroy(pool);
      });
    }
    for (std::thread& t : runners) t.join();
    for (size_t i = 0; i < kRunners; ++i) EXPECT_TRUE(outs[i] == one) << what << ": concurrent runner " << i;
  }

  // run_thread, shares called one after another (in reverse order: no share
  // may rely on another having run).
  for (size_t shares = 1; shares <= kMaxShares; ++shares) {
    std::vector<uint8_t> ws(r.conv.workspace_size(c.N, c.H, c.W, shares)), y = r.fresh_output();
    for (size_t t = shares; t-- > 0;) {
      ASSERT_EQ(r.run_share(ws.data(), ws.size(), &y, t, shares), octet_status_success) << what << ": "
                                                                                          << octet_last_error();
    }
    EXPECT_TRUE(y == one) << what << ": " << shares << " shares run one after another";
  }
  // run_thread from concurrent std::threads on one shared workspace.
  for (size_t shares : kConcurrentShares) {
    std::vector<uint8_t> ws(r.conv.workspace_size(c.N, c.H, c.W, shares)), y = r.fresh_output();
    std::vector<octet_status> status(shares, octet_status_unsupported);
    std::vector<std::thread> workers;
    for (size_t t = 0; t < shares; ++t) {
      workers.emplace_back([&, t] { status[t] = r.run_share(ws.data(), ws.size(), &y, t, shares); });
    }
    for (std::thread& w : workers) w.join();
    for (size_t t = 0; t < shares; ++t) EXPECT_EQ(status[t], octet_status_success) << what << ": share " << t;
    EXPECT_TRUE(y == one) << what << ": " << shares << " shares from concurrent threads";
  }
}

void check_case(const Case& c, octet_isa cap, std::set<std::string>* paths) {
  const Problem pr(c, static_cast<unsigned>(c.C * 131 + c.K * 7 + c.R));
  const Runner r(c, pr);
  ASSERT_TRUE(r.conv.valid());
  const std::string what = path_under(c, cap) + " (" + r.conv.path() + ")";
  const std::string path = r.conv.path();
  paths->insert(path);
  if (cap == octet_isa_scalar) {
    EXPECT_EQ(path, "ref") << what;
  } else if (cap == octet_isa_best) {
    const std::string best = c.best_path;
    EXPECT_TRUE(best.back() == '_' ? path.rfind(best, 0) == 0 : path == best) << what << " should run " << best;
  } else if (std::string(c.family) == "gconv" && octet::KernelSelector::this_cpu().gconv(cap) == nullptr) {
    // No small-group kernels at this cap (AArch64 has none): the GEMM path takes the layer.
    EXPECT_NE(path.find("gemm"), std::string::npos) << what << " should run a GEMM path";
  } else {
    EXPECT_EQ(path.rfind(c.family, 0), 0u) << what << " should run a " << c.family << " path";
  }

  check_runs(c, pr, r, what);
}

// The caps to run: those of this architecture the CPU supports, and `best`
// (no cap). amx is listed only where the CPU has it: the library dispatches
// real AMX kernels only (the emulated tiles serve the kernel tests).
std::vector<octet_isa> caps() {
  std::vector<octet_isa> v = octet::test::arch_isas();
#if defined(__x86_64__)
  v.push_back(octet_isa_amx);
#endif
  v.push_back(octet_isa_best);
  return v;
}

class ThreadsTest : public testing::TestWithParam<octet_isa> {};

TEST_P(ThreadsTest, EveryPathIsByteIdenticalOnAnyThreadCount) {
  octet_initialize();
  const octet_isa cap = GetParam();
  if (cap != octet_isa_best && !octet_isa_supported(cap)) GTEST_SKIP() << "this CPU cannot run " << octet_isa_name(cap);
  if (cap == octet_isa_best && !octet_isa_supported(octet_isa_avx512vnni)) {
    GTEST_SKIP() << "the cases' best paths are those of an AVX512-VNNI CPU";
  }
  ASSERT_EQ(octet_set_isa_cap(cap), octet_status_success) << octet_last_error();
  std::set<std::string> paths;
  for (const Case& c : kCases) check_case(c, cap, &paths);
  octet_set_isa_cap(octet_isa_best);
  if (cap == octet_isa_best) {
    // Every path family the library has, covered.
    for (const char* p : {"gemm_1x1", "igemm", "row_igemm", "im2col_gemm", "dwconv_dot_3x3", "dwconv_dot_5x5",
                          "dwconv_dot_rxs", "dwconv_3x3_direct", "dwconv_3x3", "dwconv_5x5", "dwconv_rxs",
                          "gconv_dot", "gconv_lanes", "gconv_lanes_wino", "gconv_lanes8"}) {
      EXPECT_EQ(paths.count(p), 1u) << "no case ran " << p;
    }
  }
}

std::string cap_name(const testing::TestParamInfo<octet_isa>& info) { return octet_isa_name(info.param); }

INSTANTIATE_TEST_SUITE_P(Caps, ThreadsTest, testing::ValuesIn(caps()), cap_name);

// Fully connected (the gemm_1x1 path on 1x1 images): pools and shares.
TEST(ThreadsFullyConnected, ByteIdenticalOnAnyThreadCount) {
  octet_initialize();
  std::mt19937 rng(11);
  const size_t C = 72, K = 40;
  octet::test::FcProblem pr;
  octet::test::make_fc_problem(C, K, true, false, 0.3, rng, &pr);
  const octet_fully_connected_params& p = pr.p;
  for (octet_isa cap : caps()) {
    if (cap != octet_isa_best && !octet_isa_supported(cap)) continue;
    ASSERT_EQ(octet_set_isa_cap(cap), octet_status_success);
    octet::FullyConnected fc;
    ASSERT_EQ(octet::FullyConnected::create(p, &fc), octet_status_success) << octet_last_error();
    for (size_t M : {1, 5, 37}) {
      const std::string what = std::string(octet_isa_name(cap)) + " batch " + std::to_string(M);
      std::vector<uint8_t> x(M * C);
      for (uint8_t& v : x) v = static_cast<uint8_t>(rng());
      std::vector<uint8_t> one(M * K, kUnwritten), ws(fc.workspace_size(M));
      ASSERT_EQ(fc.run(M, x.data(), one.data(), ws.data(), ws.size()), octet_status_success) << octet_last_error();
      for (size_t threads : kPools) {
        pthreadpool_t pool = pthreadpool_create(threads);
        std::vector<uint8_t> y(M * K, kUnwritten), pws(fc.workspace_size(M, threads));
        ASSERT_EQ(fc.run(M, x.data(), y.data(), pws.data(), pws.size(), pool), octet_status_success);
        pthreadpool_destroy(pool);
        EXPECT_TRUE(y == one) << what << ": a pool of " << threads;
      }
      for (size_t shares = 1; shares <= kMaxShares; ++shares) {
        std::vector<uint8_t> y(M * K, kUnwritten), sws(fc.workspace_size(M, shares));
        std::vector<std::thread> workers;
        std::vector<octet_status> status(shares, octet_status_unsupported);
        for (size_t t = 0; t < shares; ++t) {
          workers.emplace_back([&, t] {
            status[t] = fc.run_thread(M, x.data(), y.data(), sws.data(), sws.size(), t, shares);
          });
        }
        for (std::thread& th : workers) th.join();
        for (octet_status st : status) EXPECT_EQ(st, octet_status_success) << what;
        EXPECT_TRUE(y == one) << what << ": " << shares << " concurrent shares";
      }
    }
  }
  octet_set_isa_cap(octet_isa_best);
}

#if defined(__x86_64__)
// The GEMM path's range kernel (AVX2 vpmaddubsw, for u8 activations in
// 0..127) is chosen task by task from the input rows each task's output rows
// read: with the top half of the image in range and the bottom half not, some
// tasks of 2 and 3 threads take it and some do not, and every pool and set of
// shares still gives the bytes of one thread and of src/ref. The weights are
// at the extremes, so a task taking it on out-of-range input would saturate.
TEST(ThreadsRangeKernel, TasksChooseFromTheirOwnRows) {
  octet_initialize();
  if (!octet_isa_supported(octet_isa_avx2)) GTEST_SKIP() << "this CPU cannot run avx2";
  ASSERT_EQ(octet_set_isa_cap(octet_isa_avx2), octet_status_success);
  const Case c{"conv3x3_range_28x28", 32, 64, 1, 3, 3, 1, 1, 1, 1, 28, 28, false, false, octet_datatype_u8, "igemm",
               "igemm"};
  Problem pr(c, 17);
  std::mt19937 rng(17);
  for (int8_t& v : pr.w) v = (rng() & 1) ? 127 : -128;
  pr.p.input_zero_point = 100;
  Runner r(c, pr);
  ASSERT_STREQ(r.conv.path(), "igemm");
  for (size_t i = 0; i < r.x.size(); ++i) {
    if (i / (c.W * c.C) % c.H < c.H / 2) r.x[i] &= 0x7F;
  }
  octet::ConvConfig cfg;
  ASSERT_EQ(octet::validate_conv2d(&pr.p, &cfg), octet_status_success);
  const std::unique_ptr<octet::ConvPath> path = octet::select_conv_path(cfg, octet_isa_avx2);
  ASSERT_TRUE(path);
  // The path has the range kernel (an input wholly in range runs it), and this input is not wholly in range.
  std::vector<uint8_t> low = r.x;
  for (uint8_t& v : low) v &= 0x7F;
  const octet::ConvRunArgs low_args{c.N, c.H, c.W, r.OH, r.OW, low.data(), c.C, nullptr, c.K, nullptr, 0, nullptr};
  const octet::ConvRunArgs args{c.N, c.H, c.W, r.OH, r.OW, r.x.data(), c.C, nullptr, c.K, nullptr, 0, nullptr};
  const std::string range_kernel = "gemm_u8s8_3x32c4_avx2_maddubs";
  ASSERT_EQ(octet::gemm_path_kernel_name_for_run(*path, low_args), range_kernel);
  EXPECT_NE(octet::gemm_path_kernel_name_for_run(*path, args), range_kernel);
  for (size_t threads : {2, 3}) {
    size_t tasks = 0;
    const size_t range = octet::gemm_path_range_tasks(*path, args, threads, &tasks);
    EXPECT_GT(range, 0u) << threads << " threads: no task took the range kernel";
    EXPECT_LT(range, tasks) << threads << " threads: every task took the range kernel";
  }
  check_runs(c, pr, r, "conv3x3_range_28x28 under avx2");
  octet_set_isa_cap(octet_isa_best);
}
#endif

// Bad shares get invalid_parameter and a message, and leave the output alone.
TEST(ThreadsRunThread, RejectsBadShares) {
  octet_initialize();
  const Case& c = find_case("conv3x3_7x7_n2");
  const Problem pr(c, 3);
  const Runner r(c, pr);
  std::vector<uint8_t> ws(r.conv.workspace_size(c.N, c.H, c.W, 4)), y = r.fresh_output();
  const std::vector<uint8_t> untouched = y;
  EXPECT_EQ(r.run_share(ws.data(), ws.size(), &y, 0, 0), octet_status_invalid_parameter);
  EXPECT_NE(std::string(octet_last_error()).find("thread_count"), std::string::npos) << octet_last_error();
  EXPECT_EQ(r.run_share(ws.data(), ws.size(), &y, 4, 4), octet_status_invalid_parameter);
  EXPECT_NE(std::string(octet_last_error()).find("thread_index 4"), std::string::npos) << octet_last_error();
  EXPECT_EQ(octet_conv2d_run_thread(nullptr, 1, 7, 7, r.x.data(), 0, y.data(), 0, nullptr, 0, 0, 1),
            octet_status_invalid_parameter);
  EXPECT_EQ(octet_conv2d_run_thread(r.conv.handle(), c.N, c.H, c.W, nullptr, 0, y.data(), 0, ws.data(), ws.size(),
                                    0, 1),
            octet_status_invalid_parameter);
  EXPECT_EQ(octet_fully_connected_run_thread(nullptr, 1, r.x.data(), 0, y.data(), 0, nullptr, 0, 0, 1),
            octet_status_invalid_parameter);
  EXPECT_TRUE(y == untouched);
}

// A workspace sized for fewer shares than thread_count is refused on a path
// that needs one per thread (the depthwise ring).
TEST(ThreadsRunThread, WorkspaceSizedForTheShares) {
  octet_initialize();
  const Case& c = find_case("dw3x3_7x7");  // dwconv_3x3 (or its family under a lower cap)
  const Problem pr(c, 5);
  const Runner r(c, pr);
  const size_t one = r.conv.workspace_size(c.N, c.H, c.W, 1), three = r.conv.workspace_size(c.N, c.H, c.W, 3);
  ASSERT_GT(three, one) << r.conv.path();
  std::vector<uint8_t> ws(three - 1), y = r.fresh_output();
  EXPECT_EQ(r.run_share(ws.data(), ws.size(), &y, 0, 3), octet_status_invalid_parameter);
  EXPECT_NE(std::string(octet_last_error()).find("workspace_size"), std::string::npos) << octet_last_error();
}

// The pixel split of the depthwise paths: the shares tile [0, pixels) in
// order, their sizes differ by less than two grains, their boundaries fall on
// whole cache lines of the output when the grain is a line, and each share's
// row segments cover exactly its pixels.
TEST(ThreadsSplit, PixelSharesAreBalancedAndLineAligned) {
  size_t line_aligned = 0;
  for (size_t pixels : {1, 2, 7, 49, 98, 196, 3136, 12544}) {
    for (size_t tasks = 1; tasks <= 8; ++tasks) {
      for (size_t pixel_bytes : {1, 3, 16, 24, 40, 64, 96, 128, 200, 1024}) {
        const std::string what = std::to_string(pixels) + " pixels of " + std::to_string(pixel_bytes) +
                                 " bytes on " + std::to_string(tasks) + " tasks";
        size_t next = 0, smallest = pixels, largest = 0;
        for (size_t t = 0; t < tasks; ++t) {
          const octet::TaskPixels share(pixels, t, tasks, pixel_bytes);
          ASSERT_EQ(share.begin, next) << what;
          ASSERT_LE(share.begin, share.end) << what;
          next = share.end;
          smallest = std::min(smallest, share.end - share.begin);
          largest = std::max(largest, share.end - share.begin);
          if (share.grain > 1) {
            EXPECT_EQ(share.begin * pixel_bytes % 64, 0u) << what;
            EXPECT_LE(16 * share.grain, pixels / tasks) << what;
            ++line_aligned;
          }
          size_t covered = share.begin;
          share.for_each_row(7, [&](size_t row, size_t c0, size_t c1) {
            EXPECT_EQ(row * 7 + c0, covered) << what;
            EXPECT_LT(c0, c1) << what;
            EXPECT_LE(c1, 7u) << what;
            covered += c1 - c0;
          });
          EXPECT_EQ(covered, share.end) << what;
        }
        EXPECT_EQ(next, pixels) << what;
        // Whole grains, but the last share ends at `pixels`.
        EXPECT_LE(largest - smallest, 2 * octet::TaskPixels(pixels, 0, tasks, pixel_bytes).grain - 1) << what;
      }
    }
  }
  EXPECT_GT(line_aligned, 0u);
  // 7x7 on 2 threads: 24 and 25 pixels, not rows of 3 and 4.
  EXPECT_EQ(octet::TaskPixels(49, 0, 2, 24).end, 24u);
}

}  // namespace
