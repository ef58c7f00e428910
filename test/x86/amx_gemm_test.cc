// The AMX GEMM kernel's own paths, beyond what the shared GEMM tester reaches
// (its rows are separate buffers, so it always takes the copy path): rows at
// one stride loaded straight into tiles (positive, negative, the last row
// against a guard page, long K and tails), a stride broken at any row, and
// the tile state released after every call on every thread; the multi-panel
// entry (all panels of a row tile in one call, each panel's output stage
// between the next one's tile steps) over 1 to 5 panels, and on rows laid
// out as the convolution paths lay them (padding at the zero row, output row
// ends, two strides, scattered), whose copies one call keeps for all its
// panels, against the definition of the raw output. The emulated
// copy runs on any machine, the real kernel where AMX is detected; the
// strided checks compare them with the AVX-512 VNNI 8x32 kernel's emulated
// copy, which reads the same panels, on raw int32 output.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "octet/octet.h"
#include "src/core/gemm_ukernel.h"
#include "src/ref/requantize.h"
#include "src/x86/amx/tile_emu.h"
#include "test/common/gemm_tester.h"
#include "test/common/guarded_buffer.h"
#include "test/x86/x86_kernels.h"

namespace octet::test {
namespace {

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

GemmKernel with_panels(GemmKernel k, GemmPanelsFn panels) {
  k.fn_panels = panels;
  return k;
}

const GemmKernel kAmx = with_panels(
    {x86::gemm_u8s8_32x32c4_amx, 32, 32, 4, false, true, octet_isa_amx, "gemm_u8s8_32x32c4_amx"},
    x86::gemm_u8s8_32x32c4_amx_panels);
const GemmKernel kAmxEmu = with_panels({x86::gemm_u8s8_32x32c4_amx_emu, 32, 32, 4, false, true, octet_isa_avx2,
                                        "gemm_u8s8_32x32c4_amx_emu"},
                                       x86::gemm_u8s8_32x32c4_amx_panels_emu);
const GemmKernel kVnniEmu = {x86::gemm_u8s8_8x32c4_avx512vnni_emu, 8, 32, 4, false, true, octet_isa_avx2,
                             "gemm_u8s8_8x32c4_avx512vnni_emu"};

// A raw s32 layer of n channels over ks taps of kc (weights [n][ks * kc]),
// random weights, bias and (optionally) weight zero points.
ConvConfig raw_config(size_t n, size_t ks, size_t kc, bool s8_input, int32_t x_zp, bool w_zp, std::mt19937& rng) {
  ConvConfig cfg;
  cfg.shape.C = kc;
  cfg.shape.K = n;
  cfg.shape.R = ks;
  cfg.shape.S = 1;
  cfg.input_type = s8_input ? octet_datatype_s8 : octet_datatype_u8;
  cfg.output_type = octet_datatype_s32;
  cfg.mode = octet_requant_fixedpoint;
  cfg.x_zero_point = x_zp;
  cfg.weights.resize(n * ks * kc);
  for (int8_t& w : cfg.weights) w = static_cast<int8_t>(rng());
  cfg.w_zero_points.assign(n, 0);
  if (w_zp) {
    for (int32_t& z : cfg.w_zero_points) z = static_cast<int8_t>(rng());
    cfg.w_zero_points_all_zero = false;
  }
  cfg.requant.resize(n);
  for (auto& r : cfg.requant) {
    ref::ChannelQuant q;
    q.x_scale = 0.01;
    q.w_scale = 0.01;
    q.y_scale = 1.0;
    q.bias_type = octet_datatype_s32;
    q.bias_s32 = static_cast<int32_t>(rng() % 40001) - 20000;
    std::string why;
    EXPECT_TRUE(ref::prepare_channel(cfg.mode, q, &r, &why)) << why;
  }
  cfg.output = ref::OutputQuant{cfg.mode, 0, INT32_MIN, INT32_MAX};
  return cfg;
}

// One panel of 32 channels for K = kc (ks = 1).
struct Panel {
  ConvConfig cfg;
  std::unique_ptr<char, FreeDeleter> data;
  Panel(size_t kc, bool s8_input, bool w_zp, std::mt19937& rng) {
    const int32_t x_zp = static_cast<int32_t>(rng() % 256) - (s8_input ? 128 : 0);
    cfg = raw_config(32, 1, kc, s8_input, x_zp, w_zp, rng);
    const size_t bytes = gemm_panel_bytes(kAmx, 1, kc);
    EXPECT_EQ(bytes, gemm_panel_bytes(kVnniEmu, 1, kc));
    data.reset(static_cast<char*>(std::aligned_alloc(64, bytes)));
    gemm_pack_panel(kAmx, cfg, 0, 0, 1, kc, cfg.x_zero_point + (s8_input ? 128 : 0), data.get());
  }
};

// Runs `k` on rows (mr <= 32, nc) and returns the int32 tile; the reference
// runs the VNNI kernel on 8-row slices of the same pointers.
std::vector<int32_t> run(const GemmKernel& k, const std::vector<const void*>& rows, size_t nc, size_t kc,
                         const Panel& p, const std::vector<int32_t>& sums, bool s8_input) {
  const size_t mr = rows.size();
  std::vector<int32_t> out(mr * 32, 0x5A5A5A5A);
  GemmParams params{};
  params.out = simd::OutputParams::from(p.cfg.output);
  params.out_type = octet_datatype_s32;
  params.input_s8 = s8_input;
  const bool wzp = !p.cfg.w_zero_points_all_zero;
  for (size_t m = 0; m < mr; m += k.mr) {
    const size_t n = std::min(k.mr, mr - m);
    params.a_sums = wzp ? sums.data() + m : nullptr;
    k.fn(n, nc, kc, 1, rows.data() + m, p.data.get(), out.data() + m * 32, 32 * 4, &params);
  }
  return out;
}

// Rows at `stride` in one guarded buffer (the last row's last byte, or the
// first row's first byte, against the guard page).
void check_strided(const GemmKernel& amx, size_t mr, size_t nc, size_t kc, ptrdiff_t stride, bool s8_input,
                   bool w_zp, Guard guard, size_t break_row, std::mt19937& rng) {
  const size_t span = (mr - 1) * static_cast<size_t>(stride < 0 ? -stride : stride) + kc;
  GuardedBuffer<uint8_t> buf(span + (break_row < mr ? kc + 64 : 0), guard);
  for (size_t i = 0; i < buf.size(); ++i) buf[i] = static_cast<uint8_t>(rng());
  std::vector<const void*> rows(mr);
  // With a negative stride row 0 is the highest address.
  const ptrdiff_t first = stride < 0 ? static_cast<ptrdiff_t>((mr - 1) * static_cast<size_t>(-stride)) : 0;
  for (size_t m = 0; m < mr; ++m) rows[m] = buf.data() + first + static_cast<ptrdiff_t>(m) * stride;
  // A row off the stride: its own bytes just past the strided block.
  if (break_row < mr) rows[break_row] = buf.data() + span + 13;
  Panel p(kc, s8_input, w_zp, rng);
  std::vector<int32_t> sums(mr, 0);
  for (size_t m = 0; m < mr; ++m) {
    const uint8_t* r = static_cast<const uint8_t*>(rows[m]);
    for (size_t i = 0; i < kc; ++i) sums[m] += s8_input ? int32_t{static_cast<int8_t>(r[i])} : int32_t{r[i]};
  }
  const std::vector<int32_t> want = run(kVnniEmu, rows, nc, kc, p, sums, s8_input);
  const std::vector<int32_t> got = run(amx, rows, nc, kc, p, sums, s8_input);
  for (size_t m = 0; m < mr; ++m) {
    for (size_t n = 0; n < 32; ++n) {
      ASSERT_EQ(got[m * 32 + n], want[m * 32 + n])
          << amx.name << " row " << m << " col " << n << " (mr " << mr << " nc " << nc << " kc " << kc << " stride "
          << stride << " break " << break_row << (s8_input ? " s8" : "") << ")";
    }
  }
  EXPECT_FALSE(x86::tile_emu::tile_file().configured) << "tile state left configured";
}

std::vector<GemmKernel> amx_kernels() {
  std::vector<GemmKernel> k = {kAmxEmu};
  octet_initialize();
  if (octet_isa_supported(octet_isa_amx)) k.push_back(kAmx);
  return k;
}

TEST(AmxGemm, RowsAtOneStride) {
  std::mt19937 rng(3);
  for (const GemmKernel& k : amx_kernels()) {
    for (size_t mr : {1, 2, 15, 16, 17, 31, 32}) {
      for (size_t kc : {64, 128, 130, 200, 576}) {
        for (ptrdiff_t extra : {0, 3, 64}) {
          const ptrdiff_t stride = static_cast<ptrdiff_t>(kc) + extra;
          const size_t nc = 1 + rng() % 32;
          check_strided(k, mr, nc, kc, stride, false, mr % 2 == 0, mr % 3 ? Guard::kAfter : Guard::kBefore,
                        SIZE_MAX, rng);
          check_strided(k, mr, 32, kc, -stride, false, false, Guard::kAfter, SIZE_MAX, rng);
          if (HasFatalFailure()) return;
        }
      }
    }
  }
}

TEST(AmxGemm, StrideBrokenAtAnyRow) {
  std::mt19937 rng(5);
  for (const GemmKernel& k : amx_kernels()) {
    for (size_t brk : {0, 1, 2, 15, 16, 17, 31}) {
      check_strided(k, 32, 32, 192, 192, false, true, Guard::kAfter, brk, rng);
      check_strided(k, 32, 20, 100, 128, false, false, Guard::kBefore, brk, rng);
      if (HasFatalFailure()) return;
    }
  }
}

TEST(AmxGemm, SignedInputAtOneStride) {
  std::mt19937 rng(9);
  for (const GemmKernel& k : amx_kernels()) {
    for (size_t kc : {64, 77, 256}) {
      check_strided(k, 32, 32, kc, static_cast<ptrdiff_t>(kc), true, true, Guard::kAfter, SIZE_MAX, rng);
      check_strided(k, 9, 16, kc, static_cast<ptrdiff_t>(kc) + 1, true, false, Guard::kBefore, SIZE_MAX, rng);
      if (HasFatalFailure()) return;
    }
  }
}

// Runs body(t) for t = 0..3 on 4 threads at once; the sum of what they
// return (their failed runs).
template <class Body>
int failures_on_threads(const Body& body) {
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back([&body, &failures, t] { failures += body(t); });
  for (std::thread& th : threads) th.join();
  return failures.load();
}

// Threads calling the kernel at once with different tile shapes (mr, nc):
// each call configures, uses and releases its own thread's tiles.
TEST(AmxGemm, ThreadsWithDifferentTileShapes) {
  for (const GemmKernel& k : amx_kernels()) {
    const int failures = failures_on_threads([&k](int t) {
      std::mt19937 rng(50 + t);
      const size_t mr = 32 - 7 * t, nc = 8 + 8 * t, kc = 64 + 37 * t;
      int failed = 0;
      for (int i = 0; i < 20; ++i) {
        check_strided(k, mr, nc, kc, static_cast<ptrdiff_t>(kc), t % 2 == 1, i % 2 == 0, Guard::kAfter,
                      i % 3 ? SIZE_MAX : 5, rng);
        if (testing::Test::HasFailure()) ++failed;
      }
      return failed;
    });
    EXPECT_EQ(failures, 0) << k.name;
  }
}

// The multi-panel entry through the shared tester (which also runs the
// per-panel entry on the same data): 1..5 panels, the last one full, just
// past a tile (17 columns), at most one tile (16, 1 column); row tails; one
// tile step per panel (the whole previous output stage after it), several,
// and K tails; each mode and output type somewhere.
TEST(AmxGemm, MultiPanelEntry) {
  const octet_requant_mode modes[] = {octet_requant_pytorch_fbgemm, octet_requant_fixedpoint,
                                      octet_requant_pytorch_onednn, octet_requant_pytorch_qnnpack};
  const octet_datatype outs[] = {octet_datatype_u8, octet_datatype_s8, octet_datatype_s32};
  for (const GemmKernel& k : amx_kernels()) {
    uint32_t seed = 1;
    for (size_t panels = 1; panels <= 5; ++panels) {
      for (size_t last : {32, 17, 16, 1}) {
        for (size_t m : {32, 17, 16, 5}) {
          const size_t kc = seed % 3 == 0 ? 64 : seed % 3 == 1 ? 130 : 50;
          const size_t ks = seed % 4 == 0 ? 3 : 1;
          GemmTester t(k);
          t.m(m).n((panels - 1) * 32 + last).k(kc).ks(ks).seed(seed);
          t.mode(modes[seed % 4]).output_type(outs[seed % 3]).w_zero_points(seed % 2 == 0);
          t.input_type(seed % 5 == 0 ? octet_datatype_s8 : octet_datatype_u8).cm_stride_extra(seed % 7 == 0 ? 5 : 0);
          ++seed;
          ASSERT_TRUE(t.test()) << t.describe();
          EXPECT_FALSE(x86::tile_emu::tile_file().configured) << "tile state left configured";
        }
      }
    }
  }
}

// The tester must fail a multi-panel entry that is wrong in one byte of its
// last panel, even where the per-panel entry is right.
GemmPanelsFn g_panels = nullptr;
void corrupt_last_panel(size_t mr, size_t n, size_t kc, size_t ks, const void* const* a, const void* w,
                        size_t panel_stride, void* c, size_t cm_stride, const GemmParams* params) {
  g_panels(mr, n, kc, ks, a, w, panel_stride, c, cm_stride, params);
  static_cast<uint8_t*>(c)[(mr - 1) * cm_stride + n - 1] ^= 1;  // u8 output
}

TEST(AmxGemm, TesterChecksMultiPanelEntry) {
  g_panels = kAmxEmu.fn_panels;
  const GemmKernel bad = with_panels(kAmxEmu, corrupt_last_panel);
  testing::TestPartResultArray failures;
  bool ok = true;
  {
    testing::ScopedFakeTestPartResultReporter reporter(
        testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
    ok = GemmTester(bad).n(70).k(64).test();
  }
  EXPECT_FALSE(ok);
  EXPECT_GT(failures.size(), 0);
  EXPECT_TRUE(GemmTester(kAmxEmu).n(70).k(64).test());
}

// Threads running the multi-panel entry at once, each with its own tile
// configuration (rows, whether the second column tile is used) and panel
// count (1, 2, 3, 5).
TEST(AmxGemm, ThreadsMultiPanel) {
  for (const GemmKernel& k : amx_kernels()) {
    const int failures = failures_on_threads([&k](int t) {
      const size_t m = 32 - 9 * static_cast<size_t>(t), n = 16 + 40 * static_cast<size_t>(t), kc = 64 + 29 * t;
      int failed = 0;
      for (uint32_t i = 0; i < 6; ++i) {
        GemmTester tester(k);
        tester.m(m).n(n).k(kc).ks(1 + i % 2).w_zero_points(t % 2 == 1).seed(100 * static_cast<uint32_t>(t) + i);
        if (!tester.test()) ++failed;
        if (x86::tile_emu::tile_file().configured) ++failed;
      }
      return failed;
    });
    EXPECT_EQ(failures, 0) << k.name;
  }
}

// Row layouts of a tap, as the convolution paths make them (a[t * mr + m]
// points at pixel idx(t, m) of one image, or at the zero-point row):
enum class Layout {
  kStrided,     // one stride (pixels 1 or 2 apart): both halves direct
  kBackwards,   // one negative stride
  kTwoStrides,  // rows 0-15 one pixel apart, rows 16.. two: each half direct on its own
  kRowEnd,      // an output row ends at row `cut` (the next run elsewhere)
  kPadding,     // rows `cut` and mr - 1 at the zero row, the others strided
  kAllPadding,  // every row at the zero row (stride 0)
  kScattered,   // every row its own pixel, in no order
};
constexpr int kLayouts = 7;

// One multi-panel call on rows laid out per tap, checked against the
// definition: raw s32 output = bias + sum_t sum_i (x - x_zp) * (w - w_zp),
// wrapping, with x the stored values. The same rows go through the
// per-panel entry too (no copy kept across panels: the step-by-step path).
// The image's last pixel and the zero row end at guard pages; the output
// rows have a gap that must stay untouched. Returns false on a mismatch.
bool check_layouts(const GemmKernel& k, size_t mr, size_t n, size_t kc, size_t ks, bool s8_input, bool w_zp,
                   uint32_t seed) {
  std::mt19937 rng(seed);
  const size_t ps = kc + rng() % 3 * 32;        // pixel stride: kc or more
  const size_t npix = 4 * 32 + 8;
  GuardedBuffer<uint8_t> image(npix * ps - (ps - kc), Guard::kAfter);
  for (size_t i = 0; i < image.size(); ++i) image[i] = static_cast<uint8_t>(rng());
  const int32_t x_zp = static_cast<int32_t>(rng() % 256) - (s8_input ? 128 : 0);
  GuardedBuffer<uint8_t> zero(std::vector<uint8_t>(kc, static_cast<uint8_t>(x_zp)), Guard::kAfter);

  std::vector<const void*> a(ks * mr);
  std::string layouts;
  for (size_t t = 0; t < ks; ++t) {
    const Layout kind = static_cast<Layout>((seed + t) % kLayouts);
    const size_t cut = 1 + rng() % (mr > 1 ? mr - 1 : 1), base = rng() % 8;
    std::vector<size_t> perm(npix);
    for (size_t i = 0; i < npix; ++i) perm[i] = i;
    std::shuffle(perm.begin(), perm.end(), rng);
    layouts += std::to_string(static_cast<int>(kind)) + (kind == Layout::kRowEnd || kind == Layout::kPadding
                                                             ? "@" + std::to_string(cut) + " "
                                                             : " ");
    for (size_t m = 0; m < mr; ++m) {
      size_t idx = base + m;
      bool pad = false;
      switch (kind) {
        case Layout::kStrided: idx = base + m * (1 + seed % 2); break;
        case Layout::kBackwards: idx = npix - 1 - m; break;  // row 0 the image's last pixel
        case Layout::kTwoStrides: idx = m < 16 ? base + m : base + 16 + 2 * (m - 16); break;
        case Layout::kRowEnd: idx = m < cut ? base + m : 2 * 32 + base + (m - cut); break;
        case Layout::kPadding: pad = m == cut || m + 1 == mr; break;
        case Layout::kAllPadding: pad = true; break;
        case Layout::kScattered: idx = perm[m]; break;
      }
      a[t * mr + m] = pad ? static_cast<const void*>(zero.data()) : image.data() + idx * ps;
    }
  }

  // Weights [n][ks * kc], packed into ceil(n / 32) panels.
  const ConvConfig cfg = raw_config(n, ks, kc, s8_input, x_zp, w_zp, rng);
  const size_t panels = (n + 31) / 32, panel_bytes = gemm_panel_bytes(k, ks, kc);
  // The last panel against a guard page (64-byte aligned: panel_bytes is).
  GuardedBuffer<char> packed(panels * panel_bytes, Guard::kAfter);
  for (size_t q = 0; q < panels; ++q) {
    gemm_pack_panel(k, cfg, 0, q * 32, ks, kc, x_zp + (s8_input ? 128 : 0), packed.data() + q * panel_bytes);
  }

  auto value = [s8_input](const void* row, size_t i) {
    const uint8_t b = static_cast<const uint8_t*>(row)[i];
    return s8_input ? int64_t{static_cast<int8_t>(b)} : int64_t{b};
  };
  std::vector<int32_t> sums(mr, 0);
  for (size_t m = 0; m < mr; ++m) {
    for (size_t t = 0; t < ks; ++t) {
      for (size_t i = 0; i < kc; ++i) sums[m] += static_cast<int32_t>(value(a[t * mr + m], i));
    }
  }
  const size_t ld = n + 3;  // output row: n values and a gap
  std::vector<int32_t> want(mr * ld, 0x5A5A5A5A);
  for (size_t m = 0; m < mr; ++m) {
    for (size_t j = 0; j < n; ++j) {
      int64_t acc = cfg.requant[j].bias_int;
      const int8_t* wj = cfg.weights.data() + j * ks * kc;
      for (size_t t = 0; t < ks; ++t) {
        for (size_t i = 0; i < kc; ++i) {
          acc += (value(a[t * mr + m], i) - x_zp) * (int64_t{wj[t * kc + i]} - cfg.w_zero_points[j]);
        }
      }
      want[m * ld + j] = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(acc)));
    }
  }

  GemmParams params{};
  params.out = simd::OutputParams::from(cfg.output);
  params.out_type = octet_datatype_s32;
  params.input_s8 = s8_input;
  params.a_sums = w_zp ? sums.data() : nullptr;
  std::vector<int32_t> all(mr * ld, 0x5A5A5A5A), each(mr * ld, 0x5A5A5A5A);
  k.fn_panels(mr, n, kc, ks, a.data(), packed.data(), panel_bytes, all.data(), ld * 4, &params);
  for (size_t q = 0; q < panels; ++q) {
    k.fn(mr, std::min<size_t>(32, n - q * 32), kc, ks, a.data(), packed.data() + q * panel_bytes, each.data() + q * 32,
         ld * 4, &params);
  }
  const std::string what = std::string(k.name) + " mr " + std::to_string(mr) + " n " + std::to_string(n) + " kc " +
                           std::to_string(kc) + " ks " + std::to_string(ks) + (s8_input ? " s8" : " u8") +
                           (w_zp ? " w_zp" : "") + " seed " + std::to_string(seed) + " layouts " + layouts;
  for (size_t i = 0; i < want.size(); ++i) {
    if (all[i] != want[i] || each[i] != want[i]) {
      ADD_FAILURE() << what << ": row " << i / ld << " col " << i % ld << " want " << want[i] << " multi-panel "
                    << all[i] << " per panel " << each[i];
      return false;
    }
  }
  if (x86::tile_emu::tile_file().configured) {
    ADD_FAILURE() << what << ": tile state left configured";
    return false;
  }
  return true;
}

// Multi-panel calls whose A rows need the copy kept across panels: every
// layout in every tap position, both halves and one, K tails, s8 input (all
// copied), taps past the plan (kPlanTaps, 64), and rows too long for the
// arena (32 KB: 32 rows x 1152 bytes, some halves copied step by step).
TEST(AmxGemm, MultiPanelRowLayouts) {
  struct Case {
    size_t mr, n, kc, ks;
  };
  const Case cases[] = {{32, 96, 64, 9},  {32, 70, 576, 1}, {17, 64, 100, 5}, {16, 33, 64, 3},  {5, 160, 130, 2},
                        {32, 50, 8, 70},  {32, 64, 1100, 1}, {32, 40, 1100, 2}, {31, 128, 256, 1}, {32, 32, 256, 1}};
  for (const GemmKernel& k : amx_kernels()) {
    uint32_t seed = 1;
    for (const Case& c : cases) {
      for (int v = 0; v < 4; ++v, ++seed) {
        ASSERT_TRUE(check_layouts(k, c.mr, c.n, c.kc, c.ks, v % 2 == 1, v >= 2, seed));
      }
    }
  }
}

// Threads running multi-panel calls on such rows at once, each with its own
// tile configuration (rows, column tiles), panel count and copies.
TEST(AmxGemm, ThreadsMultiPanelRowLayouts) {
  for (const GemmKernel& k : amx_kernels()) {
    const int failures = failures_on_threads([&k](int t) {
      const size_t mr = 32 - 7 * static_cast<size_t>(t), n = 40 + 30 * static_cast<size_t>(t);
      const size_t kc = 64 + 50 * static_cast<size_t>(t), ks = 1 + 2 * static_cast<size_t>(t);
      int failed = 0;
      for (uint32_t i = 0; i < 8; ++i) {
        if (!check_layouts(k, mr, n, kc, ks, t % 2 == 1, i % 2 == 1, 200 + 10 * static_cast<uint32_t>(t) + i)) {
          ++failed;
        }
      }
      return failed;
    });
    EXPECT_EQ(failures, 0) << k.name;
  }
}

}  // namespace
}  // namespace octet::test
