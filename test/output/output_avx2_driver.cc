// The AVX2 output stage (src/x86/avx2/output_avx2.h) for the output-stage
// tester. Built with AVX2 flags.
#include "src/x86/avx2/output_avx2.h"
#include "test/output/output_stage.h"

namespace octet::test {

void output_driver_avx2(OutputForm form, const int32_t* acc, const void* panel, const int32_t* a_sum, void* out,
                        const GemmParams& p) {
  __m256i v[4];
  for (size_t i = 0; i < 4; ++i) v[i] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(acc + 8 * i));
  if (form == OutputForm::kRow) {
    return x86::epilogue_row_avx2<4>(v, 32, static_cast<const char*>(panel), 32, a_sum, out, p);
  }
  const int32_t* folded = static_cast<const int32_t*>(panel);
  const auto* wa = reinterpret_cast<const simd::ChannelWord*>(folded + 64);
  const simd::ChannelWord* wb = wa + 32;
  const x86::ymm::Consts c(p.out);
  simd::dispatch_output<true>(p.out, p.out_type == octet_datatype_u8, [&](auto kind, auto u8, auto clamp) {
    constexpr bool kOneDnn = kind() == simd::OutKind::kOneDnn;
    for (size_t i = 0; i < 4; ++i) {
      const __m256i x = _mm256_add_epi32(v[i], _mm256_loadu_si256(reinterpret_cast<const __m256i*>(folded + 8 * i)));
      const __m256i r = x86::ymm::to_int<kind()>(x, x86::ymm::load_words(wa + 8 * i), x86::ymm::load_words(wb + 8 * i), c);
      const __m128i b = x86::ymm::narrow8<!kOneDnn, u8(), !kOneDnn && clamp()>(
          r, _mm256_castsi256_si128(c.zp16), _mm256_castsi256_si128(c.min8), _mm256_castsi256_si128(c.max8));
      _mm_storel_epi64(reinterpret_cast<__m128i*>(static_cast<char*>(out) + 8 * i), b);
    }
  });
}

}  // namespace octet::test
