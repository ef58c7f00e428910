// AVX-512BW (no VNNI) exact GEMM microkernel: 10 rows x 24 columns, each row
// one zmm (16 channels) and one EVEX ymm (8) of int16 pairs (Int16Pairs on
// ZmmYmm, src/x86/gemm_driver.h), so a 24-channel layer (mbv2_pw_56) has no
// padding column.
//
// Its loop widens the activations once per block of 8 groups (one vpmovzxbw
// zmm per row) into int16 on the stack; each group then broadcasts a row's
// (x0,x1) and (x2,x3) pairs straight from memory (a load, no vector ALU op)
// instead of C4Step's 2 vpshufb zmm per row. On Zen 4 that leaves the 2
// vpmaddwd zmm + 2 ymm and their 4 vpaddd per row: 3 cycles against 4. The
// 1-3 byte reduction tail stays C4Step's group. Registers: 20 accumulators,
// 4 weight halves, the 2 pairs and the products (about 28 of 32).
// Measured on Zen 4 (bench/micro gemm kc 144 n 24, GOPS, one core, one
// process): vpshufb 8x24 124, 10x24 124; widened 8x24 127, 10x24 135; 8x32
// 106. Then 10x24 141 against 12x24 136 (no gain from 2 more rows), blocks
// of 16 groups or the group loop unrolled twice: within noise of this one.
#include "src/x86/avx512bw/output_zmm_ymm.h"
#include "src/x86/gemm_driver.h"

namespace octet::x86 {
namespace {

struct WidenedPairs : C4Step<Int16Pairs<ZmmYmm>> {
  using A = Int16Pairs<ZmmYmm>;
  template <size_t MR, size_t NV>
  static constexpr bool has_loop = true;

  template <size_t MR, size_t NV, bool S8>
  __attribute__((always_inline)) static void loop(A::vec (&acc)[MR][NV], const uint8_t* const* row,
                                                  const int16_t*& wp, size_t n) {
    static_assert(NV == 1, "a split tile is one split vector per row");
    constexpr size_t kBlock = 8;  // groups per block: 32 bytes of a row, one zmm of int16
    constexpr size_t NR = NV * A::lanes;
    alignas(64) uint32_t pairs[MR][kBlock * 2];  // per group: (x0,x1), (x2,x3) as int16
    for (size_t g0 = 0; g0 < n; g0 += kBlock) {
      const size_t gn = n - g0 < kBlock ? n - g0 : kBlock;
#pragma GCC unroll 16
      for (size_t m = 0; m < MR; ++m) {
        const uint8_t* p = row[m] + 4 * g0;
        // A short block reads only its own bytes (the row may end there).
        __m256i b = gn == kBlock ? _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))
                                 : OCTET_LOADU_BYTES_YMM(p, 4 * gn);
        if constexpr (S8) b = _mm256_xor_si256(b, _mm256_set1_epi8(static_cast<char>(0x80)));
        _mm512_store_si512(pairs[m], _mm512_cvtepu8_epi16(b));
      }
      for (size_t g = 0; g < gn; ++g) {
        const A::W w = A::load_w<NR>(wp, 0);
#pragma GCC unroll 16
        for (size_t m = 0; m < MR; ++m) {
          const A::X x{A::broadcast<false>(pairs[m][2 * g]), A::broadcast<false>(pairs[m][2 * g + 1])};
          acc[m][0] = A::mac(acc[m][0], x, w);
        }
        wp += NR * 4;
      }
    }
  }
};

}  // namespace
}  // namespace octet::x86

OCTET_X86_GEMM_KERNEL(gemm_u8s8_10x24c4_avx512bw, WidenedPairs, OutputStageZmmYmm, 10, 1)
