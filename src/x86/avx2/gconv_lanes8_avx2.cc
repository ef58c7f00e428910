// kGroupLanes8 for AVX2 (see src/core/smallgroup.h): 8 input and 8 output
// channels per group, 8 groups per block in the lanes, one output pixel per
// step with 8 accumulators; no shuffle in the inner loop.
#include "src/core/smallgroup.h"
#include "src/x86/avx2/gconv_lanes_avx2.h"

namespace octet::gconv {

namespace {

inline __m256i ld(const void* p) { return _mm256_load_si256(static_cast<const __m256i*>(p)); }

// Per block of 64 channels, X0..X3: x - x_zp widened, then a 4x4 transpose of
// int32 words in each 128-bit half (lane l = group kLaneGroup8[l]).
template <bool S8>
void prep_impl(const PrepArgs& p) {
  const __m256i zp = _mm256_set1_epi16(static_cast<int16_t>(p.x_zp));  // cg == cgp == 8
  avx2_lanes::for_each_prep_column(p, [&](const char* x, int16_t* d) {
    for (size_t c = 0; c < p.C; c += 64) {
      __m256i v[4];
      for (size_t q = 0; q < 4; ++q) {
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x + c + 16 * q));
        v[q] = _mm256_sub_epi16(S8 ? _mm256_cvtepi8_epi16(b) : _mm256_cvtepu8_epi16(b), zp);
      }
      const __m256i t0 = _mm256_unpacklo_epi32(v[0], v[1]), t1 = _mm256_unpackhi_epi32(v[0], v[1]);
      const __m256i t2 = _mm256_unpacklo_epi32(v[2], v[3]), t3 = _mm256_unpackhi_epi32(v[2], v[3]);
      __m256i* o = reinterpret_cast<__m256i*>(d + c);
      _mm256_store_si256(o, _mm256_unpacklo_epi64(t0, t2));
      _mm256_store_si256(o + 1, _mm256_unpackhi_epi64(t0, t2));
      _mm256_store_si256(o + 2, _mm256_unpacklo_epi64(t1, t3));
      _mm256_store_si256(o + 3, _mm256_unpackhi_epi64(t1, t3));
    }
  });
}

// Each X vector is loaded once per tap for the 8 outputs; the weights are
// memory operands (8 accumulators, 4 X: no spills).
template <class Epi>
void row_impl(const RowArgs& args) {
  const RowArgs a = args;
  const size_t es = a.epi.out_type == octet_datatype_s32 ? 4 : 1;
  const size_t opb = a.epi.out_pixel_bytes;
  const size_t R = a.R, S = a.S, cs = a.col_step, ds = a.dil_step;
  char* out = static_cast<char*>(a.epi.output);
  for (size_t b = 0; b < a.blocks; ++b) {
    const Epi epi(a.epi, b);
    const int32_t* bias = a.epi.bias + b * 64;
    const int16_t* wb = a.weights + b * R * S * 512;
    char* ob = out + b * 64 * es;
    for (size_t ow = 0; ow < a.OW; ++ow) {
      __m256i acc[8];
      for (size_t o = 0; o < 8; ++o) acc[o] = ld(bias + o * 8);
      const int16_t* w = wb;
      for (size_t r = 0; r < R; ++r) {
        const int32_t* x = reinterpret_cast<const int32_t*>(a.prow[r]) + ow * cs + b * 32;
        for (size_t s = 0; s < S; ++s, w += 512) {
          const int32_t* xs = x + s * ds;
          const __m256i x0 = ld(xs), x1 = ld(xs + 8), x2 = ld(xs + 16), x3 = ld(xs + 24);
          for (size_t o = 0; o < 8; ++o) {
            const __m256i m01 = _mm256_add_epi32(_mm256_madd_epi16(x0, ld(w + o * 16)),
                                                 _mm256_madd_epi16(x1, ld(w + 128 + o * 16)));
            const __m256i m23 = _mm256_add_epi32(_mm256_madd_epi16(x2, ld(w + 256 + o * 16)),
                                                 _mm256_madd_epi16(x3, ld(w + 384 + o * 16)));
            acc[o] = _mm256_add_epi32(acc[o], _mm256_add_epi32(m01, m23));
          }
        }
      }
      epi(acc, ob + ow * opb);
    }
  }
}

struct RowLanes8 {
  template <class Epi>
  static void run(const RowArgs& a) { row_impl<Epi>(a); }
};

}  // namespace

void gconv_prep_lanes8_avx2(const PrepArgs& p) {
  if (p.s8) {
    prep_impl<true>(p);
  } else {
    prep_impl<false>(p);
  }
}

void gconv_lanes8_avx2(const RowArgs& a) { avx2_lanes::dispatch<RowLanes8, 8>(a); }

}  // namespace octet::gconv
