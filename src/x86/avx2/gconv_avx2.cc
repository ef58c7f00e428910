// Small-group convolution kernels for AVX2 (see src/core/smallgroup.h): 16
// output channels per block, several groups per register; each lane's input
// word is put in place by an in-lane vpshufb from a window load (or gathered),
// then vpmaddwd adds two exact int16 products. The epilogues are the
// depthwise ones (src/core/dwconv_impl.h, DwPrims<xsimd::avx2>).
#include "src/core/smallgroup.h"
#include "src/x86/avx2/dwconv_avx2_prims.h"
#include "src/x86/avx2/gconv_lanes_avx2.h"
#include "src/x86/conv_kernels.h"

namespace octet::gconv {

namespace {

using A = xsimd::avx2;
using i32 = xsimd::batch<int32_t, A>;

template <bool S8>
void prep_impl(const PrepArgs& p) {
  const size_t pw = p.groups * p.cgp;  // int16 per prepped pixel
  const __m256i zp = _mm256_set1_epi16(static_cast<int16_t>(p.x_zp));
  for (size_t col = 0; col < p.cols; ++col) {
    int16_t* d = p.dst + col * pw;
    if (p.row == nullptr || col < p.pad_left || col >= p.pad_left + p.W) {
      std::memset(d, 0, pw * sizeof(int16_t));
      continue;
    }
    const char* x = static_cast<const char*>(p.row) + (col - p.pad_left) * p.in_pixel_stride;
    auto load = [&](size_t c) -> int32_t {
      return (S8 ? int32_t{reinterpret_cast<const int8_t*>(x)[c]} : int32_t{reinterpret_cast<const uint8_t*>(x)[c]}) -
             p.x_zp;
    };
    if (p.cg == p.cgp) {
      size_t c = 0;
      for (; c + 16 <= p.C; c += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x + c));
        const __m256i w = _mm256_sub_epi16(S8 ? _mm256_cvtepi8_epi16(v) : _mm256_cvtepu8_epi16(v), zp);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(d + c), w);
      }
      for (; c < p.C; ++c) d[c] = static_cast<int16_t>(load(c));
    } else {
      for (size_t g = 0; g < p.groups; ++g) {
        for (size_t c = 0; c < p.cg; ++c) d[g * p.cgp + c] = static_cast<int16_t>(load(g * p.cg + c));
        d[g * p.cgp + p.cg] = 0;
      }
    }
  }
}

void gconv_prep_avx2(const PrepArgs& p) {
  if (p.s8) {
    prep_impl<true>(p);
  } else {
    prep_impl<false>(p);
  }
}

inline __m256i load2x16(const int32_t* hi, const int32_t* lo) {
  return _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(lo))),
                                 _mm_loadu_si128(reinterpret_cast<const __m128i*>(hi)), 1);
}

// The lo/hi words of pair p for one pixel (px: its first int32 word).
template <int M>
struct Fetch {
  __m256i wl, wh;  // kWindow32: the two windows of this pixel
  void window(const int32_t* px, const int32_t* off) {
    if (M == kWindow32) {
      wl = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(px + off[0]));
      wh = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(px + off[1]));
    }
  }
  // off: this (block, pair)'s offsets; ctl: its two vpshufb controls.
  // kWindow32 with preloaded controls (c: this pair's lo and hi controls).
  void pair_w32(const __m256i* c, __m256i* lo, __m256i* hi) const {
    *lo = _mm256_shuffle_epi8(wl, c[0]);
    *hi = _mm256_shuffle_epi8(wh, c[1]);
  }
  void pair(const int32_t* px, const int32_t* off, const uint8_t* ctl, __m256i* lo, __m256i* hi) const {
    if (M == kWindow32) {
      *lo = _mm256_shuffle_epi8(wl, _mm256_load_si256(reinterpret_cast<const __m256i*>(ctl)));
      *hi = _mm256_shuffle_epi8(wh, _mm256_load_si256(reinterpret_cast<const __m256i*>(ctl + 32)));
    } else if (M == kWindow2x16) {
      *lo = _mm256_shuffle_epi8(load2x16(px + off[1], px + off[0]),
                                _mm256_load_si256(reinterpret_cast<const __m256i*>(ctl)));
      *hi = _mm256_shuffle_epi8(load2x16(px + off[3], px + off[2]),
                                _mm256_load_si256(reinterpret_cast<const __m256i*>(ctl + 32)));
    } else {
      *lo = _mm256_i32gather_epi32(reinterpret_cast<const int*>(px),
                                   _mm256_loadu_si256(reinterpret_cast<const __m256i*>(off)), 4);
      *hi = _mm256_i32gather_epi32(reinterpret_cast<const int*>(px),
                                   _mm256_loadu_si256(reinterpret_cast<const __m256i*>(off + 8)), 4);
    }
  }
};

// PT: the pair count when known at compile time (kWindow32 with P <= 4: the
// vpshufb controls then stay in registers for the whole block), else 0.
template <int M, size_t PT, class Epi>
void row_impl(const RowArgs& args) {
  const RowArgs a = args;
  const size_t es = a.epi.out_type == octet_datatype_s32 ? 4 : 1;
  const size_t opb = a.epi.out_pixel_bytes;
  const size_t P = PT ? PT : a.P, R = a.R, S = a.S, cs = a.col_step, ds = a.dil_step;
  char* out = static_cast<char*>(a.epi.output);
  for (size_t b = 0; b < a.blocks; ++b) {
    const Epi epi(a.epi, b);
    const __m256i bias_lo = _mm256_load_si256(reinterpret_cast<const __m256i*>(a.epi.bias + b * 16));
    const __m256i bias_hi = _mm256_load_si256(reinterpret_cast<const __m256i*>(a.epi.bias + b * 16 + 8));
    const size_t n = std::min<size_t>(16, a.K - b * 16);
    char* ob = out + b * 16 * es;
    const int16_t* wb = a.weights + b * R * S * P * 32;
    const uint8_t* cb = a.controls + b * P * 64;
    // Offsets of this block: kWindow32 [2]; kWindow2x16 [P][2 halves][2]; kGather [P][2 halves][8].
    const int32_t* ob_off = M == kWindow32 ? a.offsets + b * 2 : a.offsets + b * P * (M == kWindow2x16 ? 4 : 16);
    const size_t pstride = M == kWindow2x16 ? 4 : 16;
    __m256i ctl[PT ? 2 * PT : 1];
    for (size_t i = 0; i < (PT ? 2 * PT : 0); ++i) {
      ctl[i] = _mm256_load_si256(reinterpret_cast<const __m256i*>(cb + i * 32));
    }
    size_t ow = 0;
    for (; ow + 2 <= a.OW; ow += 2) {
      __m256i a0l = bias_lo, a0h = bias_hi, a1l = bias_lo, a1h = bias_hi;
      for (size_t r = 0; r < R; ++r) {
        const int32_t* row = reinterpret_cast<const int32_t*>(a.prow[r]) + ow * cs;
        for (size_t s = 0; s < S; ++s) {
          const int32_t* px0 = row + s * ds;
          const int32_t* px1 = px0 + cs;
          const int16_t* w = wb + (r * S + s) * P * 32;
          Fetch<M> f0, f1;
          f0.window(px0, ob_off);
          f1.window(px1, ob_off);
          for (size_t p = 0; p < P; ++p) {
            const __m256i wl = _mm256_load_si256(reinterpret_cast<const __m256i*>(w + p * 32));
            const __m256i wh = _mm256_load_si256(reinterpret_cast<const __m256i*>(w + p * 32 + 16));
            const int32_t* off = ob_off + p * pstride;
            __m256i x0l, x0h, x1l, x1h;
            if (PT) {
              f0.pair_w32(ctl + 2 * p, &x0l, &x0h);
              f1.pair_w32(ctl + 2 * p, &x1l, &x1h);
            } else {
              f0.pair(px0, off, cb + p * 64, &x0l, &x0h);
              f1.pair(px1, off, cb + p * 64, &x1l, &x1h);
            }
            a0l = _mm256_add_epi32(a0l, _mm256_madd_epi16(x0l, wl));
            a0h = _mm256_add_epi32(a0h, _mm256_madd_epi16(x0h, wh));
            a1l = _mm256_add_epi32(a1l, _mm256_madd_epi16(x1l, wl));
            a1h = _mm256_add_epi32(a1h, _mm256_madd_epi16(x1h, wh));
          }
        }
      }
      epi(i32(a0l), i32(a0h), ob + ow * opb, n);
      epi(i32(a1l), i32(a1h), ob + (ow + 1) * opb, n);
    }
    if (ow < a.OW) {
      __m256i a0l = bias_lo, a0h = bias_hi;
      for (size_t r = 0; r < R; ++r) {
        const int32_t* row = reinterpret_cast<const int32_t*>(a.prow[r]) + ow * cs;
        for (size_t s = 0; s < S; ++s) {
          const int32_t* px0 = row + s * ds;
          const int16_t* w = wb + (r * S + s) * P * 32;
          Fetch<M> f0;
          f0.window(px0, ob_off);
          for (size_t p = 0; p < P; ++p) {
            __m256i x0l, x0h;
            f0.pair(px0, ob_off + p * pstride, cb + p * 64, &x0l, &x0h);
            a0l = _mm256_add_epi32(
                a0l, _mm256_madd_epi16(x0l, _mm256_load_si256(reinterpret_cast<const __m256i*>(w + p * 32))));
            a0h = _mm256_add_epi32(
                a0h, _mm256_madd_epi16(x0h, _mm256_load_si256(reinterpret_cast<const __m256i*>(w + p * 32 + 16))));
          }
        }
      }
      epi(i32(a0l), i32(a0h), ob + ow * opb, n);
    }
  }
}

template <int M, size_t PT>
void row_p(const RowArgs& a) {
  if (a.epi.out_type == octet_datatype_s32) return row_impl<M, PT, dw::RawEpilogue<A>>(a);
  simd::dispatch_output<false>(a.epi.out, a.epi.out_type == octet_datatype_u8, [&](auto kind, auto u8, auto clamp) {
    row_impl<M, PT, dw::DwPrims<A>::Epilogue<kind(), u8(), clamp()>>(a);
  });
}

template <int M>
void row(const RowArgs& a) {
  if (M == kWindow32) {
    switch (a.P) {
      case 1: return row_p<M, 1>(a);
      case 2: return row_p<M, 2>(a);
      case 4: return row_p<M, 4>(a);
      default: break;
    }
  }
  row_p<M, 0>(a);
}

// kGroupLanes (see src/core/smallgroup.h).

// Prep: per block of 8 groups (32 channels), X0 then X1 (8 int32 words each,
// lane l = group kLaneGroup[l]): x - x_zp widened, then the even and odd words
// of the two halves picked by vshufps (in-lane, hence the lane order).
template <bool S8>
void prep_lanes_impl(const PrepArgs& p) {
  const __m256i zp = _mm256_set1_epi16(static_cast<int16_t>(p.x_zp));  // cg == cgp == 4
  avx2_lanes::for_each_prep_column(p, [&](const char* x, int16_t* d) {
    for (size_t c = 0; c < p.C; c += 32) {
      const __m128i v0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x + c));
      const __m128i v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x + c + 16));
      const __m256i w0 = S8 ? _mm256_cvtepi8_epi16(v0) : _mm256_cvtepu8_epi16(v0);
      const __m256i w1 = S8 ? _mm256_cvtepi8_epi16(v1) : _mm256_cvtepu8_epi16(v1);
      const __m256 a = _mm256_castsi256_ps(_mm256_sub_epi16(w0, zp));
      const __m256 b = _mm256_castsi256_ps(_mm256_sub_epi16(w1, zp));
      _mm256_store_si256(reinterpret_cast<__m256i*>(d + c), _mm256_castps_si256(_mm256_shuffle_ps(a, b, 0x88)));
      _mm256_store_si256(reinterpret_cast<__m256i*>(d + c + 16), _mm256_castps_si256(_mm256_shuffle_ps(a, b, 0xDD)));
    }
  });
}

void gconv_prep_lanes_avx2(const PrepArgs& p) {
  if (p.s8) {
    prep_lanes_impl<true>(p);
  } else {
    prep_lanes_impl<false>(p);
  }
}

// Two output pixels per step: 8 accumulators, each X loaded once per tap and
// used by four outputs, each weight vector loaded once for both pixels.
template <class Epi>
void row_lanes_impl(const RowArgs& args) {
  const RowArgs a = args;
  const size_t es = a.epi.out_type == octet_datatype_s32 ? 4 : 1;
  const size_t opb = a.epi.out_pixel_bytes;
  const size_t R = a.R, S = a.S, cs = a.col_step, ds = a.dil_step;
  char* out = static_cast<char*>(a.epi.output);
  for (size_t b = 0; b < a.blocks; ++b) {
    const Epi epi(a.epi, b);
    const int32_t* bias = a.epi.bias + b * 32;
    const int16_t* wb = a.weights + b * R * S * 128;
    char* ob = out + b * 32 * es;
    size_t ow = 0;
    for (; ow + 2 <= a.OW; ow += 2) {
      __m256i p0[4], p1[4];
      for (size_t o = 0; o < 4; ++o) {
        p0[o] = p1[o] = _mm256_load_si256(reinterpret_cast<const __m256i*>(bias + o * 8));
      }
      const int16_t* w = wb;
      for (size_t r = 0; r < R; ++r) {
        const int32_t* x = reinterpret_cast<const int32_t*>(a.prow[r]) + ow * cs + b * 16;
        for (size_t s = 0; s < S; ++s, w += 128) {
          const int32_t* xs = x + s * ds;
          const __m256i x00 = _mm256_load_si256(reinterpret_cast<const __m256i*>(xs));
          const __m256i x01 = _mm256_load_si256(reinterpret_cast<const __m256i*>(xs + 8));
          const __m256i x10 = _mm256_load_si256(reinterpret_cast<const __m256i*>(xs + cs));
          const __m256i x11 = _mm256_load_si256(reinterpret_cast<const __m256i*>(xs + cs + 8));
          for (size_t o = 0; o < 4; ++o) {
            const __m256i w0 = _mm256_load_si256(reinterpret_cast<const __m256i*>(w + o * 16));
            const __m256i w1 = _mm256_load_si256(reinterpret_cast<const __m256i*>(w + 64 + o * 16));
            p0[o] = _mm256_add_epi32(p0[o], _mm256_madd_epi16(x00, w0));
            p1[o] = _mm256_add_epi32(p1[o], _mm256_madd_epi16(x10, w0));
            p0[o] = _mm256_add_epi32(p0[o], _mm256_madd_epi16(x01, w1));
            p1[o] = _mm256_add_epi32(p1[o], _mm256_madd_epi16(x11, w1));
          }
        }
      }
      epi(p0, ob + ow * opb);
      epi(p1, ob + (ow + 1) * opb);
    }
    if (ow < a.OW) {
      __m256i p0[4];
      for (size_t o = 0; o < 4; ++o) p0[o] = _mm256_load_si256(reinterpret_cast<const __m256i*>(bias + o * 8));
      const int16_t* w = wb;
      for (size_t r = 0; r < R; ++r) {
        const int32_t* x = reinterpret_cast<const int32_t*>(a.prow[r]) + ow * cs + b * 16;
        for (size_t s = 0; s < S; ++s, w += 128) {
          const int32_t* xs = x + s * ds;
          const __m256i x00 = _mm256_load_si256(reinterpret_cast<const __m256i*>(xs));
          const __m256i x01 = _mm256_load_si256(reinterpret_cast<const __m256i*>(xs + 8));
          for (size_t o = 0; o < 4; ++o) {
            p0[o] = _mm256_add_epi32(
                p0[o], _mm256_madd_epi16(x00, _mm256_load_si256(reinterpret_cast<const __m256i*>(w + o * 16))));
            p0[o] = _mm256_add_epi32(
                p0[o], _mm256_madd_epi16(x01, _mm256_load_si256(reinterpret_cast<const __m256i*>(w + 64 + o * 16))));
          }
        }
      }
      epi(p0, ob + ow * opb);
    }
  }
}

struct RowLanes {
  template <class Epi>
  static void run(const RowArgs& a) { row_lanes_impl<Epi>(a); }
};

void gconv_lanes_avx2(const RowArgs& a) { avx2_lanes::dispatch<RowLanes, 4>(a); }

}  // namespace

void gconv_w32_avx2(const RowArgs& a) { row<kWindow32>(a); }
void gconv_w16_avx2(const RowArgs& a) { row<kWindow2x16>(a); }
void gconv_gather_avx2(const RowArgs& a) { row<kGather>(a); }

const Kernels kKernelsAvx2 = {octet_isa_avx2, gconv_prep_avx2, {gconv_w32_avx2, gconv_w16_avx2, gconv_gather_avx2},
                               gconv_prep_lanes_avx2, gconv_lanes_avx2, gconv_wino_avx2,
                               gconv_prep_lanes8_avx2, gconv_lanes8_avx2};

}  // namespace octet::gconv
