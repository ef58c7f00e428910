// The AVX-512 output stage (src/x86/avx512bw/output_avx512.h) for the
// output-stage tester. Built twice: with AVX-512 flags (run where the CPU has
// them) and under SIMDe with AVX2 flags (OCTET_GEMM_EMULATE: the _emu driver).
#include "src/x86/emulation.h"

#include "src/x86/avx512bw/output_avx512.h"
#include "test/output/output_stage.h"

namespace octet::test {

void OCTET_UKERNEL_NAME(output_driver_avx512)(OutputForm form, const int32_t* acc, const void* panel,
                                              const int32_t* a_sum, void* out, const GemmParams& p) {
  __m512i v[2];
  for (size_t i = 0; i < 2; ++i) v[i] = _mm512_loadu_si512(acc + 16 * i);
  if (form == OutputForm::kRow) return x86::OutputStageZmm(p, panel, 32).row<2>(v, 32, a_sum, out);
  const int32_t* folded = static_cast<const int32_t*>(panel);
  const auto* wa = reinterpret_cast<const simd::ChannelWord*>(folded + 64);
  const simd::ChannelWord* wb = wa + 32;
  const x86::zmm::Consts c(p.out);
  const __m256i zp16 = _mm256_set1_epi16(static_cast<int16_t>(p.out.zero_point));
  const __m256i min16 = _mm256_set1_epi16(static_cast<int16_t>(p.out.min));
  const __m256i max16 = _mm256_set1_epi16(static_cast<int16_t>(p.out.max));
  simd::dispatch_output<true>(p.out, p.out_type == octet_datatype_u8, [&](auto kind, auto, auto) {
    constexpr bool kOneDnn = kind() == simd::OutKind::kOneDnn;
    for (size_t i = 0; i < 2; ++i) {
      const __m512i x = _mm512_add_epi32(v[i], _mm512_loadu_si512(folded + 16 * i));
      const __m512i r = x86::zmm::to_int<kind()>(x, x86::zmm::load_words(wa + 16 * i), x86::zmm::load_words(wb + 16 * i), c);
      // vpmovwb / vpmovdb truncate: here in scalar (SIMDe lacks them).
      alignas(64) int32_t lanes[16];
      alignas(32) int16_t words[16];
      _mm512_store_si512(lanes, r);
      _mm256_store_si256(reinterpret_cast<__m256i*>(words),
                         x86::zmm::narrow16_words<!kOneDnn, !kOneDnn>(r, zp16, min16, max16));
      for (size_t k = 0; k < 16; ++k) {
        static_cast<uint8_t*>(out)[16 * i + k] = static_cast<uint8_t>(kOneDnn ? lanes[k] : words[k]);
      }
    }
  });
}

}  // namespace octet::test
