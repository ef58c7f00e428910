// Depthwise kernels with AVX-VNNI (VEX) vpdpbusd: u8 or s8 input (x8, read as
// u8), s8 weights, 16-channel blocks of 4-byte groups (16c4), two ymm per
// block, each run as its own 8 channels (an 8-channel half of a 16c4 block
// is 32 contiguous bytes): a 3x3 pixel of 16 channels is 6 vpdpbusd. The
// row loops are src/core/dwconv_dot_impl.h (arithmetic, layout:
// src/core/dwconv_dot.h), the prep src/x86/avxvnni/dwconv_x8s8_16c4_vnni.h;
// this file holds the ymm step and its epilogues. Also compiled a second time
// for the tests, under SIMDe with AVX2 flags (src/x86/emulation.h): the set is
// then kKernelsAvxvnni_emu.
//
// llvm-mca-19, cycles per output pixel per 16 channels: the 4-pixel step of
// the row loop (u8 in, fbgemm u8 out, epilogue included; two 8-channel
// passes) + the prep it needs (3x3 s1: 1/2 column block per pixel, s2: 2,
// 5x5 s1: 1/4); "direct" is the vpdpwssd 3x3 kernel of dwconv_avxvnni.cc
// (s2: mean of its two row kinds).
//                   3x3 s1      3x3 s2      5x5 s1      direct 3x3 s1 / s2
//   icelake-server  7.7 + 1.4   8.4 + 5.4   17.1 + 0.7  14.4 / 14.9
//   sapphirerapids  7.1 + 1.4   7.6 + 5.5   13.7 + 0.7  11.4 / 12.8
//   znver4          6.6 + 2.0   7.7 + 8.1   12.6 + 1.0  13.5 / 16.3
#include "src/x86/emulation.h"

#include "src/x86/avx2/output_avx2.h"
#include "src/x86/avxvnni/dwconv_x8s8_16c4_vnni.h"
#include "src/x86/conv_kernels.h"

namespace octet::dwdot {
namespace {

struct YmmOps {
  using Reg = __m256i;
  static OCTET_DWDOT_INLINE Reg load(const void* p) { return _mm256_loadu_si256(static_cast<const __m256i*>(p)); }
  static OCTET_DWDOT_INLINE Reg dp(const Reg& acc, const Reg& x, const Reg& w) { return OCTET_DPBUSD_YMM(acc, x, w); }
};

struct Ymm : VnniStep<YmmOps> {
  // s32 output: the accumulators (init included) as they are.
  struct RawEpi {
    RawEpi(const RowArgs&, size_t) {}
    OCTET_DWDOT_INLINE void operator()(const Acc* acc, char* dst, size_t n) const { x86::store_s32(acc[0], n, dst); }
  };

  // u8 / s8 output in mode K: the AVX2 output stage (src/x86/avx2/output_avx2.h)
  // on 8 lanes in channel order, narrowed in 128-bit halves so that no lane
  // crossing is needed.
  template <simd::OutKind K, bool U8, bool Clamp>
  struct Epi {
    static constexpr bool kOneDnn = K == simd::OutKind::kOneDnn;
    __m256 wa, wb;
    x86::ymm::Consts c;
    Epi(const RowArgs& a, size_t k0)
        : wa(x86::ymm::load_words(a.wa + k0)), wb(x86::ymm::load_words(a.wb + k0)), c(a.out) {}
    OCTET_DWDOT_INLINE void operator()(const Acc* acc, char* dst, size_t n) const {
      const __m128i b8 = x86::ymm::narrow8<!kOneDnn, U8, !kOneDnn && Clamp>(
          x86::ymm::to_int<K>(acc[0], wa, wb, c), _mm256_castsi256_si128(c.zp16), _mm256_castsi256_si128(c.min8),
          _mm256_castsi256_si128(c.max8));
      if (n == 8) {
        _mm_storel_epi64(reinterpret_cast<__m128i*>(dst), b8);
        return;
      }
      x86::store_bytes16(b8, n, dst);
    }
  };
};

}  // namespace

// extern: the tests' _emu copy is declared nowhere else.
extern const Kernels OCTET_UKERNEL_NAME(kKernelsAvxvnni) = kernels<Ymm>(octet_isa_avxvnni);

}  // namespace octet::dwdot
