// The NEON output stage (src/arm/neon/output_neon.h) for the output-stage tester.
#include "src/arm/neon/output_neon.h"
#include "test/output/output_stage.h"

namespace octet::test {

void output_driver_neon(OutputForm form, const int32_t* acc, const void* panel, const int32_t* a_sum, void* out,
                        const GemmParams& p) {
  int32x4_t v[8];
  for (size_t i = 0; i < 8; ++i) v[i] = vld1q_s32(acc + 4 * i);
  const int32_t* folded = static_cast<const int32_t*>(panel);
  if (form == OutputForm::kRow) {
    // finish_row takes the accumulators with folded[] already added.
    for (size_t i = 0; i < 8; ++i) v[i] = vaddq_s32(v[i], vld1q_s32(folded + 4 * i));
    GemmParams q = p;
    q.a_sums = a_sum;
    return arm::finish_row<32>(v, PanelHeader(panel, 32), a_sum, 0, 32, &q, out);
  }
  const auto* wa = reinterpret_cast<const simd::ChannelWord*>(folded + 64);
  const simd::ChannelWord* wb = wa + 32;
  const arm::q4::Consts c(p.out);
  simd::dispatch_output<false>(p.out, p.out_type == octet_datatype_u8, [&](auto kind, auto u8, auto) {
    for (size_t i = 0; i < 8; i += 4) {
      int32x4_t r[4];
      for (size_t j = 0; j < 4; ++j) {
        const int32x4_t x = vaddq_s32(v[i + j], vld1q_s32(folded + 4 * (i + j)));
        r[j] = arm::q4::to_int<kind()>(x, arm::q4::load_words(wa + 4 * (i + j)), arm::q4::load_words(wb + 4 * (i + j)), c);
      }
      vst1q_u8(static_cast<uint8_t*>(out) + 4 * i, arm::q4::bytes16<kind(), u8()>(r, c));
    }
  });
}

}  // namespace octet::test
