// kGroupLanesWino for AVX2 (see src/core/smallgroup.h): a 2x2 tile of output
// pixels of 8 groups per step, Winograd F(2x2, 3x3) in exact integers. The
// input transform runs on the int16 words of the lanes prep (both pair
// vectors X0, X1), vpmaddwd multiplies and sums the pairs, the output
// transform and the shift run on int32, the lanes epilogues store.
#include "src/core/smallgroup.h"
#include "src/x86/avx2/gconv_lanes_avx2.h"

namespace octet::gconv {

namespace {

inline __m256i ld(const void* p) { return _mm256_load_si256(static_cast<const __m256i*>(p)); }

// Bt d B of one pair vector: d[i][j] at rows[i] + j * cs (int32 words).
inline void input_transform(const int32_t* const* rows, size_t cs, __m256i* v) {
  __m256i e[4][4];
  for (size_t i = 0; i < 4; ++i) {
    const __m256i d0 = ld(rows[i]), d1 = ld(rows[i] + cs), d2 = ld(rows[i] + 2 * cs), d3 = ld(rows[i] + 3 * cs);
    e[i][0] = _mm256_sub_epi16(d0, d2);
    e[i][1] = _mm256_add_epi16(d1, d2);
    e[i][2] = _mm256_sub_epi16(d2, d1);
    e[i][3] = _mm256_sub_epi16(d1, d3);
  }
  for (size_t j = 0; j < 4; ++j) {
    v[j] = _mm256_sub_epi16(e[0][j], e[2][j]);
    v[4 + j] = _mm256_add_epi16(e[1][j], e[2][j]);
    v[8 + j] = _mm256_sub_epi16(e[2][j], e[1][j]);
    v[12 + j] = _mm256_sub_epi16(e[1][j], e[3][j]);
  }
}

template <class Epi>
void wino_impl(const RowArgs& args) {
  const RowArgs a = args;
  const size_t es = a.epi.out_type == octet_datatype_s32 ? 4 : 1;
  const size_t opb = a.epi.out_pixel_bytes, cs = a.col_step;
  char* out = static_cast<char*>(a.epi.output);
  for (size_t b = 0; b < a.blocks; ++b) {
    const Epi epi(a.epi, b);
    const int32_t* bias = a.epi.bias + b * 32;
    const int16_t* wb = a.weights + b * 16 * 128;
    char* ob = out + b * 32 * es;
    for (size_t ow = 0; ow < a.OW; ow += 2) {
      __m256i v[2][16];
      for (size_t p = 0; p < 2; ++p) {
        const int32_t* rows[4];
        for (size_t i = 0; i < 4; ++i) rows[i] = reinterpret_cast<const int32_t*>(a.prow[i]) + ow * cs + b * 16 + p * 8;
        input_transform(rows, cs, v[p]);
      }
      // y[pixel][o], pixels (0,0), (0,1), (1,0), (1,1).
      __m256i y[4][4];
      for (size_t o = 0; o < 4; ++o) {
        // At M A, row by row of M: t[i] = (M0 + M1 + M2, M1 - M2 - M3).
        __m256i t[4][2];
        for (size_t i = 0; i < 4; ++i) {
          __m256i m[4];
          for (size_t j = 0; j < 4; ++j) {
            const int16_t* w = wb + (i * 4 + j) * 128 + o * 16;
            m[j] = _mm256_add_epi32(_mm256_madd_epi16(v[0][i * 4 + j], ld(w)),
                                    _mm256_madd_epi16(v[1][i * 4 + j], ld(w + 64)));
          }
          t[i][0] = _mm256_add_epi32(_mm256_add_epi32(m[0], m[1]), m[2]);
          t[i][1] = _mm256_sub_epi32(_mm256_sub_epi32(m[1], m[2]), m[3]);
        }
        const __m256i bo = ld(bias + o * 8);
        for (size_t c = 0; c < 2; ++c) {
          const __m256i r0 = _mm256_add_epi32(_mm256_add_epi32(t[0][c], t[1][c]), t[2][c]);
          const __m256i r1 = _mm256_sub_epi32(_mm256_sub_epi32(t[1][c], t[2][c]), t[3][c]);
          y[c][o] = _mm256_add_epi32(_mm256_srai_epi32(r0, 2), bo);
          y[2 + c][o] = _mm256_add_epi32(_mm256_srai_epi32(r1, 2), bo);
        }
      }
      const bool two_cols = ow + 1 < a.OW;
      epi(y[0], ob + ow * opb);
      if (two_cols) epi(y[1], ob + (ow + 1) * opb);
      if (a.out_rows == 2) {
        epi(y[2], ob + a.out_row_bytes + ow * opb);
        if (two_cols) epi(y[3], ob + a.out_row_bytes + (ow + 1) * opb);
      }
    }
  }
}

struct RowWino {
  template <class Epi>
  static void run(const RowArgs& a) { wino_impl<Epi>(a); }
};

}  // namespace

void gconv_wino_avx2(const RowArgs& a) { avx2_lanes::dispatch<RowWino, 4>(a); }

}  // namespace octet::gconv
