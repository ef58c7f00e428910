// The output-stage tester: each vector ISA's output stage (AVX2, AVX-512 and
// its SIMDe-emulated build on x86; NEON on AArch64) driven directly, every
// form the kernels use, against src/ref/requantize.h over the whole grid:
// mode x output type x bias type x per-tensor / per-channel scales x clamp x
// output zero point at both ends of its range x multipliers below, at and
// above 1, with accumulators at the int32 extremes, near them, small, random.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "src/core/isa.h"
#include "src/ref/requantize.h"
#include "test/output/output_stage.h"

namespace octet::test {
namespace {

constexpr size_t kN = 32;

struct Driver {
  const char* name;
  OutputDriver fn;
  octet_isa needs;
};

std::vector<Driver> drivers() {
#if defined(__x86_64__)
  return {{"avx2", output_driver_avx2, octet_isa_avx2},
          {"avx512", output_driver_avx512, octet_isa_avx512bw},
          {"avx512_emu", output_driver_avx512_emu, octet_isa_avx2}};
#elif defined(__aarch64__)
  return {{"neon", output_driver_neon, octet_isa_neon}};
#else
  return {};
#endif
}

// The accumulator batches: the int32 extremes and their neighbours, powers of
// two around them, small values (in range after scaling), and random ones.
std::vector<std::vector<int32_t>> accumulator_batches() {
  std::vector<std::vector<int32_t>> out;
  std::vector<int32_t> edges = {INT32_MIN,     INT32_MIN + 1, INT32_MAX,    INT32_MAX - 1, 0,         1,
                                -1,            2,             -2,           127,           -128,      255,
                                -255,          1 << 30,       -(1 << 30),   (1 << 30) - 1, 1 - (1 << 30),
                                1 << 24,       -(1 << 24),    (1 << 24) + 1, 65535,        -65536,    65536,
                                32767,         -32768,        32768,        -32769,        1000,      -1000,
                                INT32_MIN / 2, INT32_MAX / 2, 3};
  out.push_back(edges);
  std::mt19937 rng(14);
  std::uniform_int_distribution<int32_t> full(INT32_MIN, INT32_MAX), small(-40000, 40000), tiny(-300, 300);
  for (auto* d : {&full, &small, &tiny}) {
    std::vector<int32_t> b(kN);
    for (auto& x : b) x = (*d)(rng);
    out.push_back(b);
  }
  return out;
}

struct Case {
  octet_requant_mode mode;
  octet_datatype out_type;
  octet_datatype bias_type;
  bool per_tensor;
  int clamp;      // 0: the whole range, 1: from the zero point up (ReLU), 2: a narrow window
  int zp_end;     // 0: lowest zero point, 1: middle, 2: highest
  double mult;    // the requantization multiplier x_scale * w_scale / y_scale
  bool w_zp;      // w_zp * a_sum term in the panel (kRow form)
  std::string label() const {
    return std::string(ref::mode_name(mode)) + " out " + std::to_string(out_type) + " bias " +
           std::to_string(bias_type) + (per_tensor ? " per-tensor" : " per-channel") + " clamp " +
           std::to_string(clamp) + " zp " + std::to_string(zp_end) + " mult " + std::to_string(mult) +
           (w_zp ? " w_zp" : "");
  }
};

// One case through one driver and form; returns the number of mismatches.
size_t run_case(const Driver& d, OutputForm form, const Case& c, const std::vector<int32_t>& acc) {
  const bool s8 = c.out_type == octet_datatype_s8;
  const int32_t lo = s8 ? -128 : 0, hi = s8 ? 127 : 255;
  ref::OutputQuant oq;
  oq.mode = c.mode;
  oq.zero_point = c.zp_end == 0 ? lo : (c.zp_end == 2 ? hi : (lo + hi + 1) / 2);
  oq.min = lo;
  oq.max = hi;
  if (c.clamp == 1) oq.min = oq.zero_point;
  if (c.clamp == 2) {
    oq.min = std::max(lo, oq.zero_point - 20);
    oq.max = std::min(hi, oq.zero_point + 6);
  }
  // Panel header for 32 columns: folded[32], w_zp[32], a[32], b[32].
  alignas(64) int32_t panel[4 * kN] = {};
  auto* wa = reinterpret_cast<simd::ChannelWord*>(panel + 2 * kN);
  auto* wb = wa + kN;
  std::vector<ref::ChannelRequant> cr(kN);
  const int32_t a_sum = 1234567;
  for (size_t k = 0; k < kN; ++k) {
    ref::ChannelQuant q;
    q.x_scale = 0.5;
    q.w_scale = c.per_tensor ? c.mult : c.mult * (1.0 + 0.013 * static_cast<double>(k) - 0.2);
    q.w_per_tensor = c.per_tensor;
    q.y_scale = 0.5;
    q.bias_type = c.bias_type;
    q.bias_f32 = 0.37f * static_cast<float>(k) - 5.25f;
    q.bias_s32 = k == 0 ? INT32_MAX : (k == 1 ? INT32_MIN : static_cast<int32_t>(k * 7919) - 120000);
    std::string why;
    if (!ref::prepare_channel(c.mode, q, &cr[k], &why)) return 0;  // not representable in this mode
    panel[k] = cr[k].bias_int;
    if (c.w_zp && form == OutputForm::kRow) panel[kN + k] = static_cast<int32_t>(k * 9) - 128;
    simd::channel_words(c.mode, cr[k], &wa[k], &wb[k]);
  }
  GemmParams p{};
  p.out = simd::OutputParams::from(oq);
  p.out_type = c.out_type;
  p.a_sums = nullptr;
  const bool with_a_sum = c.w_zp && form == OutputForm::kRow;
  int32_t out32[kN];
  uint8_t* out8 = reinterpret_cast<uint8_t*>(out32);
  std::memset(out32, 0xA5, sizeof out32);
  d.fn(form, acc.data(), panel, with_a_sum ? &a_sum : nullptr, out32, p);
  size_t bad = 0;
  for (size_t k = 0; k < kN; ++k) {
    int32_t a = acc[k];
    if (with_a_sum) a = static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(panel[kN + k]) *
                                                                           static_cast<uint32_t>(a_sum));
    int32_t want, got;
    if (c.out_type == octet_datatype_s32) {
      want = static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(cr[k].bias_int));
      got = out32[k];
    } else {
      want = ref::requantize(cr[k], oq, a);
      got = s8 ? int32_t{static_cast<int8_t>(out8[k])} : int32_t{out8[k]};
    }
    if (want != got && bad++ < 3) {
      ADD_FAILURE() << d.name << (form == OutputForm::kRow ? " row " : " vector ") << c.label() << ": channel " << k
                    << " acc " << acc[k] << " want " << want << " got " << got;
    }
  }
  return bad;
}

TEST(OutputStage, ExhaustiveGridAgainstRef) {
  const auto batches = accumulator_batches();
  const octet_requant_mode modes[] = {octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack,
                                      octet_requant_pytorch_onednn, octet_requant_fixedpoint};
  // Below, at and just around 1 (both sides), small, large (fixedpoint
  // left shifts that saturate), and tiny.
  const double mults[] = {1.0 - 1.0 / (1 << 20), 1.0, 1.0 + 1.0 / (1 << 20), 0.5, 3.75e-3, 37.5, 1e-9};
  size_t ran = 0;
  for (const Driver& d : drivers()) {
    if (!isa_supported(d.needs)) continue;
    for (OutputForm form : {OutputForm::kRow, OutputForm::kVector}) {
      for (octet_requant_mode mode : modes) {
        for (octet_datatype type : {octet_datatype_u8, octet_datatype_s8, octet_datatype_s32}) {
          if (form == OutputForm::kVector && type == octet_datatype_s32) continue;
          for (octet_datatype bias : {octet_datatype_none, octet_datatype_f32, octet_datatype_s32}) {
            for (bool per_tensor : {true, false}) {
              for (int clamp = 0; clamp < 3; ++clamp) {
                for (int zp = 0; zp < 3; ++zp) {
                  for (double m : mults) {
                    for (bool w_zp : {false, true}) {
                      if (w_zp && form != OutputForm::kRow) continue;
                      const Case c{mode, type, bias, per_tensor, clamp, zp, m, w_zp};
                      for (const auto& acc : batches) {
                        ASSERT_EQ(run_case(d, form, c, acc), 0u) << d.name << " " << c.label();
                        ++ran;
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  if (ran == 0) GTEST_SKIP() << "no output stage this CPU can run";
}

}  // namespace
}  // namespace octet::test
