#include "fuzz/conv2d_fuzz_target.h"

#include <pthreadpool.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "octet/octet.h"
#include "src/api/conv2d_validate.h"
#include "src/ref/conv.h"
#include "test/common/conv_problem.h"

namespace octet::fuzz {
namespace {

// Reads the input as a stream of choices; past its end every choice is 0, so
// every prefix of an input is itself a valid input (the fuzzer shortens freely).
class Choices {
 public:
  Choices(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}
  uint8_t byte() { return p_ < end_ ? *p_++ : 0; }
  // An integer in [lo, hi].
  int pick(int lo, int hi) {
    const unsigned span = static_cast<unsigned>(hi - lo) + 1;
    unsigned v = byte();
    if (span > 256) v = v << 8 | byte();
    return lo + static_cast<int>(v % span);
  }
  bool one_in(int n) { return pick(0, n - 1) == 0; }
  uint32_t word() {
    uint32_t w = 0;
    for (int i = 0; i < 4; ++i) w = w << 8 | byte();
    return w;
  }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
};

[[noreturn]] void fail(const std::string& what, const std::string& detail) {
  std::fprintf(stderr, "octet fuzz: %s: %s\n", what.c_str(), detail.c_str());
  std::abort();
}

size_t elem_size(octet_datatype t) { return t == octet_datatype_s32 ? 4 : 1; }

// The ISA caps this CPU can run (scalar first), and "best".
std::vector<octet_isa> runnable_caps() {
  std::vector<octet_isa> caps;
  for (octet_isa isa : {octet_isa_scalar, octet_isa_avx2, octet_isa_avx512bw, octet_isa_avxvnni, octet_isa_avx512vnni,
                        octet_isa_amx, octet_isa_neon, octet_isa_neondot, octet_isa_neoni8mm, octet_isa_best}) {
    if (isa == octet_isa_best || octet_isa_supported(isa)) caps.push_back(isa);
  }
  return caps;
}

// A pool per input: kept pools spin between inputs and starve the fuzzer's
// own thread on a 2-core machine; creating threads costs less.
struct Pool {
  pthreadpool_t pool = nullptr;
  explicit Pool(size_t threads) : pool(threads > 1 ? pthreadpool_create(threads) : nullptr) {}
  ~Pool() {
    if (pool) pthreadpool_destroy(pool);
  }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;
};

struct Case {
  test::ConvProblem pr;
  size_t N = 1, H = 1, W = 1;
  size_t in_extra = 0, out_extra = 0, threads = 1;
  octet_isa cap = octet_isa_best;
  bool may_reject = false;        // extreme operands: create may refuse them (documented limits)
  const char* broken = nullptr;   // the parameter made invalid, create must refuse it
};

// A valid convolution within the sizes the fuzzer can check quickly: the
// shape, then operands as PyTorch's engines would have them, some at the
// ends of their ranges.
void make_valid(Choices& in, Case* c) {
  octet_conv2d_params& p = c->pr.p;
  octet_conv2d_params_init(&p);
  const int group_kind = in.pick(0, 3);
  const size_t cg = static_cast<size_t>(in.pick(1, 24)), kg = static_cast<size_t>(in.pick(1, 24));
  if (group_kind == 3) {  // depthwise, channel multiplier 1 or 2
    p.groups = static_cast<size_t>(in.pick(1, 40));
    p.input_channels = p.groups;
    p.output_channels = p.groups * static_cast<size_t>(in.pick(1, 2));
  } else {
    p.groups = group_kind == 0 ? 1 : static_cast<size_t>(in.pick(2, 6));
    p.input_channels = cg * p.groups;
    p.output_channels = kg * p.groups;
  }
  const bool big_kernel = in.one_in(8);
  p.kernel_height = static_cast<size_t>(in.pick(1, big_kernel ? 7 : 5));
  p.kernel_width = static_cast<size_t>(in.pick(1, big_kernel ? 7 : 5));
  p.stride_height = static_cast<size_t>(in.pick(1, 3));
  p.stride_width = static_cast<size_t>(in.pick(1, 3));
  p.dilation_height = static_cast<size_t>(in.pick(1, 3));
  p.dilation_width = static_cast<size_t>(in.pick(1, 3));
  p.pad_top = static_cast<size_t>(in.pick(0, 4));
  p.pad_left = static_cast<size_t>(in.pick(0, 4));
  p.pad_bottom = static_cast<size_t>(in.pick(0, 4));
  p.pad_right = static_cast<size_t>(in.pick(0, 4));

  const octet_requant_mode modes[] = {octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack,
                                      octet_requant_pytorch_onednn, octet_requant_fixedpoint};
  const octet_requant_mode mode = modes[in.pick(0, 3)];
  const octet_datatype outs[] = {octet_datatype_u8, octet_datatype_u8, octet_datatype_s8, octet_datatype_s32};
  const octet_datatype out = outs[in.pick(0, 3)];
  const octet_datatype input = in.one_in(3) ? octet_datatype_s8 : octet_datatype_u8;
  std::mt19937 rng(in.word());
  test::fill_random_operands(&c->pr, mode, input, out, mode != octet_requant_pytorch_onednn && in.one_in(4),
                             0.01, rng);
  if (in.one_in(2)) p.weight_scale_count = 1;  // per tensor
  if (in.one_in(4)) p.bias_type = octet_datatype_none;
  // Zero points at the ends of their ranges.
  if (in.one_in(4)) p.input_zero_point = input == octet_datatype_u8 ? (in.one_in(2) ? 0 : 255) : (in.one_in(2) ? -128 : 127);
  if (out != octet_datatype_s32 && in.one_in(4)) {
    p.output_zero_point = out == octet_datatype_u8 ? (in.one_in(2) ? 0 : 255) : (in.one_in(2) ? -128 : 127);
  }
  // Clamps: ReLU, a narrow band, or one value.
  if (out != octet_datatype_s32) {
    const int lo = out == octet_datatype_u8 ? 0 : -128, hi = out == octet_datatype_u8 ? 255 : 127;
    switch (in.pick(0, 5)) {
      case 0: p.output_min = p.output_zero_point; p.output_max = hi; break;
      case 1: p.output_min = in.pick(lo, hi); p.output_max = in.pick(p.output_min, hi); break;
      case 2: p.output_min = p.output_max = in.pick(lo, hi); break;
      default: break;
    }
  }
  // Scales: a spread that exercises rounding, multipliers above 1, and the
  // extremes the API documents (which create may refuse).
  switch (in.pick(0, 7)) {
    case 0: p.output_scale *= 1e-3; break;                    // multiplier far above 1
    case 1: p.output_scale *= static_cast<double>(in.pick(1, 1000)) * 0.01; break;
    case 2: p.input_scale = in.one_in(2) ? 1e-30 : 1e30; c->may_reject = true; break;
    case 3: p.output_scale = in.one_in(2) ? 1e-30 : 1e30; c->may_reject = true; break;
    case 4: c->pr.scales[0] = in.one_in(2) ? 1e-30 : 1e30; c->may_reject = true; break;
    default: break;
  }
  // The input: random, or one of the saturating extremes (all 255 or all 0
  // against weights all -128 or all 127).
  switch (in.pick(0, 5)) {
    case 0:
      for (int8_t& w : c->pr.w) w = in.one_in(2) ? -128 : 127;
      break;
    case 1: {
      const int8_t v = in.one_in(2) ? -128 : 127;
      for (int8_t& w : c->pr.w) w = v;
      break;
    }
    default: break;
  }
  c->N = static_cast<size_t>(in.pick(1, 2));
  const size_t ext_h = p.dilation_height * (p.kernel_height - 1) + 1;
  const size_t ext_w = p.dilation_width * (p.kernel_width - 1) + 1;
  // Usually at least one output; sometimes an input smaller than the kernel
  // (an output only through padding, or none at all: run must refuse it).
  const bool small = in.one_in(8);
  c->H = small ? static_cast<size_t>(in.pick(1, static_cast<int>(ext_h))) : ext_h + static_cast<size_t>(in.pick(0, 8));
  c->W = small ? static_cast<size_t>(in.pick(1, static_cast<int>(ext_w))) : ext_w + static_cast<size_t>(in.pick(0, 8));
  // Keeps an execution near a millisecond, so the fuzzer gets through its runs:
  // big layers get a small input (the edges are where the bugs are anyway).
  const size_t taps = p.kernel_height * p.kernel_width * (p.input_channels / p.groups) * p.output_channels;
  if (!small && taps * c->N * c->H * c->W > (size_t{1} << 18)) {
    c->N = 1;
    c->H = ext_h + static_cast<size_t>(in.pick(0, 2));
    c->W = ext_w + static_cast<size_t>(in.pick(0, 2));
  }
  c->in_extra = in.one_in(4) ? static_cast<size_t>(in.pick(1, 5)) : 0;
  c->out_extra = in.one_in(4) ? static_cast<size_t>(in.pick(1, 5)) : 0;
  // Threads in an eighth of the inputs: pthreadpool's workers spin while
  // they wait, which on 2 cores costs more than the convolution.
  c->threads = in.one_in(8) ? static_cast<size_t>(in.pick(2, 3)) : 1;
}

// Breaks one parameter in a way the API documents as invalid.
void break_one(Choices& in, Case* c) {
  octet_conv2d_params& p = c->pr.p;
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  const size_t K = p.output_channels;
  int which = in.pick(0, 21);
  // The output scale, zero point and clamp mean nothing for raw s32 output
  // (not checked there).
  if (p.output_type == octet_datatype_s32 && (which == 11 || which == 14 || which == 20)) which = 21;
  switch (which) {
    case 0: p.input_channels = 0; c->broken = "input_channels 0"; break;
    case 1: p.groups = 0; c->broken = "groups 0"; break;
    case 2: p.groups = p.input_channels + 1; c->broken = "groups not dividing C"; break;
    case 3: p.kernel_width = 0; c->broken = "kernel_width 0"; break;
    case 4: p.stride_height = 0; c->broken = "stride_height 0"; break;
    case 5: p.dilation_width = 0; c->broken = "dilation_width 0"; break;
    case 6: p.input_zero_point = p.input_type == octet_datatype_u8 ? 256 : -129; c->broken = "input_zero_point"; break;
    case 7: p.input_scale = nan; c->broken = "input_scale NaN"; break;
    case 8: p.input_scale = -inf; c->broken = "input_scale -Inf"; break;
    case 9: p.input_scale = 0; c->broken = "input_scale 0"; break;
    case 10: c->pr.scales[static_cast<size_t>(in.pick(0, static_cast<int>(p.weight_scale_count) - 1))] = -0.5;
      c->broken = "negative weight scale"; break;
    case 11: p.output_scale = nan; c->broken = "output_scale NaN"; break;
    case 12: p.weights = nullptr; c->broken = "weights NULL"; break;
    case 13: p.weight_scale_count = K + 1; c->broken = "weight_scale_count"; break;
    case 14: p.output_min = 10; p.output_max = 9; c->broken = "clamp min > max"; break;
    case 15: p.requant_mode = static_cast<octet_requant_mode>(in.pick(4, 200)); c->broken = "requant_mode"; break;
    case 16: p.flags = 1u << in.pick(0, 31); c->broken = "flags"; break;
    case 17: p.bias_type = octet_datatype_s32; p.bias = nullptr; c->broken = "bias NULL"; break;
    case 18: p.output_type = static_cast<octet_datatype>(in.pick(7, 100)); c->broken = "output_type"; break;
    case 19: p.weight_scales = nullptr; c->broken = "weight_scales NULL"; break;
    case 20: p.output_zero_point = p.output_type == octet_datatype_s8 ? 128 : 256;
      c->broken = "output_zero_point"; break;
    default: p.struct_size = static_cast<size_t>(in.pick(0, 15)); c->broken = "struct_size"; break;
  }
}

std::string describe(const Case& c) {
  const octet_conv2d_params& p = c.pr.p;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "cap %s, N%zu H%zu W%zu C%zu K%zu g%zu %zux%zu s%zu,%zu d%zu,%zu pad %zu,%zu,%zu,%zu in %d zp %d "
                "out %d zp %d clamp [%d,%d] mode %d bias %d scales %zu, strides +%zu/+%zu, %zu threads",
                octet_isa_name(c.cap), c.N, c.H, c.W, p.input_channels, p.output_channels, p.groups, p.kernel_height,
                p.kernel_width, p.stride_height, p.stride_width, p.dilation_height, p.dilation_width, p.pad_top,
                p.pad_left, p.pad_bottom, p.pad_right, p.input_type, p.input_zero_point, p.output_type,
                p.output_zero_point, p.output_min, p.output_max, p.requant_mode, p.bias_type, p.weight_scale_count,
                c.in_extra, c.out_extra, c.threads);
  return buf;
}

// Create must refuse the broken parameter with invalid_parameter, no handle
// and a message.
void check_refused(const Case& c) {
  octet_conv2d_t op = reinterpret_cast<octet_conv2d_t>(0x1);
  const octet_status st = octet_conv2d_create(&c.pr.p, &op);
  if (st != octet_status_invalid_parameter || op != nullptr || octet_last_error()[0] == '\0') {
    if (st == octet_status_success) octet_conv2d_destroy(op);
    fail(std::string("create accepted or misreported ") + c.broken,
         describe(c) + ", status " + std::to_string(st) + " '" + octet_last_error() + "'");
  }
}

// Run must refuse (invalid_parameter, a message) and leave the output alone.
// No pool: its idle workers would spin through the checks.
void expect_run_refused(octet_conv2d_t op, const Case& c, const char* what, const void* x, size_t x_stride,
                        std::vector<uint8_t>& y, size_t y_stride, void* ws, size_t ws_size) {
  const std::vector<uint8_t> before = y;
  const octet_status st = octet_conv2d_run(op, c.N, c.H, c.W, x, x_stride, y.empty() ? nullptr : y.data(), y_stride,
                                           ws, ws_size, nullptr);
  if (st != octet_status_invalid_parameter || octet_last_error()[0] == '\0') {
    fail(std::string("run did not refuse ") + what, describe(c) + ", status " + std::to_string(st));
  }
  if (y != before) fail(std::string("refused run wrote the output: ") + what, describe(c));
}

void check_run(const Case& c) {
  const octet_conv2d_params& p = c.pr.p;
  octet_conv2d_t op = nullptr;
  const octet_status st = octet_conv2d_create(&p, &op);
  if (st != octet_status_success) {
    if (c.may_reject && op == nullptr && octet_last_error()[0] != '\0') return;
    fail("create refused a valid convolution", describe(c) + ": '" + octet_last_error() + "'");
  }
  ConvConfig cfg;
  if (validate_conv2d(&p, &cfg) != octet_status_success) fail("validate disagrees with create", describe(c));

  const size_t in_stride = p.input_channels + c.in_extra, out_stride = p.output_channels + c.out_extra;
  std::mt19937 rng(static_cast<unsigned>(c.H * 977 + c.W * 131 + p.input_channels));
  std::vector<uint8_t> x(c.N * c.H * c.W * in_stride);
  const int fill = static_cast<int>(rng() % 4);
  for (uint8_t& v : x) v = fill == 0 ? 255 : (fill == 1 ? 0 : static_cast<uint8_t>(rng()));

  size_t OH = 0, OW = 0;
  const size_t ext_h = p.dilation_height * (p.kernel_height - 1) + 1;
  const size_t ext_w = p.dilation_width * (p.kernel_width - 1) + 1;
  const bool has_output = c.H + p.pad_top + p.pad_bottom >= ext_h && c.W + p.pad_left + p.pad_right >= ext_w;
  // No output (the padded input smaller than the dilated kernel) is a size of 0.
  if (octet_conv2d_output_size(op, c.H, c.W, &OH, &OW) != octet_status_success) fail("output_size failed", describe(c));
  if ((OH > 0 && OW > 0) != has_output) fail("output_size disagrees with the shape", describe(c));
  size_t ws_size = 0;
  const octet_status ws_st = octet_conv2d_workspace_size(op, c.N, c.H, c.W, c.threads, &ws_size);
  if (ws_st != (has_output ? octet_status_success : octet_status_invalid_parameter)) {
    fail("workspace_size status", describe(c) + ": " + std::to_string(ws_st) + " '" + octet_last_error() + "'");
  }
  if (!has_output) ws_size = 0;
  if (ws_size > (size_t{1} << 30)) fail("absurd workspace size " + std::to_string(ws_size), describe(c));
  // Exactly sized heap buffers: any access past them is a sanitizer report.
  std::vector<uint8_t> ws(ws_size);
  void* ws_ptr = ws.empty() ? nullptr : ws.data();
  if (!has_output) {
    std::vector<uint8_t> y(64, 0xA5);
    expect_run_refused(op, c, "an input with no output", x.data(), in_stride, y, out_stride, ws_ptr, ws_size);
    octet_conv2d_destroy(op);
    return;
  }
  const size_t es = elem_size(p.output_type);
  std::vector<uint8_t> y(c.N * OH * OW * out_stride * es, 0xA5);
  // One thread's workspace, one byte short (the refused runs go without a pool).
  size_t ws1 = 0;
  octet_conv2d_workspace_size(op, c.N, c.H, c.W, 1, &ws1);
  if (ws1 > ws_size) fail("workspace for 1 thread above that for more", describe(c));
  if (ws1 > 0) {
    expect_run_refused(op, c, "a workspace one byte short", x.data(), in_stride, y, out_stride, ws_ptr, ws1 - 1);
  }
  if (p.input_channels > 1) {
    expect_run_refused(op, c, "an input stride below C", x.data(), p.input_channels - 1, y, out_stride, ws_ptr,
                       ws_size);
  }
  std::vector<uint8_t> expected = y;  // bytes between output pixels stay as they are
  ref::conv2d(cfg.ref_params(), c.N, c.H, c.W, x.data(), in_stride, expected.data(), out_stride);
  octet_status st_run;
  {
    const Pool pool(c.threads);  // gone before the comparison: idle workers spin
    st_run = octet_conv2d_run(op, c.N, c.H, c.W, x.data(), in_stride, y.data(), out_stride, ws_ptr, ws_size,
                              pool.pool);
  }
  if (st_run != octet_status_success) fail("run failed", describe(c) + ": '" + octet_last_error() + "'");
  for (size_t i = 0; i < y.size(); ++i) {
    if (y[i] != expected[i]) {
      fail(std::string("mismatch against src/ref on path ") + octet_conv2d_path(op) + "/" +
               octet_isa_name(octet_conv2d_isa(op)),
           describe(c) + ": byte " + std::to_string(i) + " expected " + std::to_string(expected[i]) + " got " +
               std::to_string(y[i]));
    }
  }
  octet_conv2d_destroy(op);
}

}  // namespace

void run_conv2d_input(const uint8_t* data, size_t size) {
  static const bool ready = octet_initialize() == octet_status_success;
  if (!ready) fail("octet_initialize failed", octet_last_error());
  static const std::vector<octet_isa> caps = runnable_caps();
  Choices in(data, size);
  Case c;
  c.cap = caps[static_cast<size_t>(in.pick(0, static_cast<int>(caps.size()) - 1))];
  const bool broken = in.one_in(6);
  make_valid(in, &c);
  if (octet_set_isa_cap(c.cap) != octet_status_success) fail("set_isa_cap", octet_isa_name(c.cap));
  if (broken) {
    break_one(in, &c);
    check_refused(c);
  } else {
    check_run(c);
  }
  octet_set_isa_cap(octet_isa_best);
}

}  // namespace octet::fuzz
