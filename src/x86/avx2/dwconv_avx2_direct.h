// The direct 3x3 depthwise kernels for AVX2 (see dw::DirectArgs in
// src/core/dwconv.h for the arithmetic and the layouts), generic over the
// multiply-accumulate (a Mac policy, below) so that the VNNI files
// instantiate them with vpdpwssd. Include only from files built with AVX2
// (or later) flags.
#pragma once

#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "src/core/dwconv.h"
#include "src/core/requant_simd.h"
#include "src/x86/avx2/output_avx2.h"

// Every file that includes this header gets its own copy of it, in its own
// namespace: a shared inline function (an epilogue, say) compiled with
// AVX-512 flags in one file must never be the copy the linker hands to the
// AVX2 kernels. The VNNI files define OCTET_DW_DIRECT_NS before the include.
#ifndef OCTET_DW_DIRECT_NS
#define OCTET_DW_DIRECT_NS direct
#endif

namespace octet::dw::OCTET_DW_DIRECT_NS {

#define OCTET_DW_INLINE inline __attribute__((always_inline))

// The int16 pairs (a[k], b[k]) of the 16 output channels of a block, k = 0-7
// (lo) and 8-15 (hi) in channel order, from two 8-bit pixels loaded by ldx<M>:
// 16 input channels in both 128-bit lanes (M = 1), or 8 input channels in
// every 64-bit quarter (channel multiplier M = 2: output k reads input k / 2).
// In-lane shuffles only: vpmovzxbw ymm, the obvious widening, is two uops on
// the two shuffle pipes of Zen 3, which are what these kernels run out of
// first. vpshufb zero-extends, so s8 input is made u8 by flipping its sign bit
// (x + 128; DirectArgs::init accounts for the 128).
template <bool S8, int M>
OCTET_DW_INLINE void make_pair(__m256i a, __m256i b, __m256i& lo, __m256i& hi) {
  if (S8) {
    const __m256i flip = _mm256_set1_epi8(-128);
    a = _mm256_xor_si256(a, flip);
    b = _mm256_xor_si256(b, flip);
  }
  // After the byte interleave, input channel c is bytes 2c, 2c + 1 of a lane;
  // the shuffles widen them to the pair of every output channel of the lane.
  if (M == 1) {
    const __m256i widen = _mm256_setr_epi8(0, -1, 1, -1, 2, -1, 3, -1, 4, -1, 5, -1, 6, -1, 7, -1,  //
                                           8, -1, 9, -1, 10, -1, 11, -1, 12, -1, 13, -1, 14, -1, 15, -1);
    lo = _mm256_shuffle_epi8(_mm256_unpacklo_epi8(a, b), widen);
    hi = _mm256_shuffle_epi8(_mm256_unpackhi_epi8(a, b), widen);
  } else {
    const __m256i t = _mm256_unpacklo_epi8(a, b);
    lo = _mm256_shuffle_epi8(t, _mm256_setr_epi8(0, -1, 1, -1, 0, -1, 1, -1, 2, -1, 3, -1, 2, -1, 3, -1,  //
                                                 4, -1, 5, -1, 4, -1, 5, -1, 6, -1, 7, -1, 6, -1, 7, -1));
    hi = _mm256_shuffle_epi8(t, _mm256_setr_epi8(8, -1, 9, -1, 8, -1, 9, -1, 10, -1, 11, -1, 10, -1, 11, -1,  //
                                                 12, -1, 13, -1, 12, -1, 13, -1, 14, -1, 15, -1, 14, -1, 15, -1));
  }
}

// The 16 / M input channels at p of one block, as make_pair takes them.
template <int M>
OCTET_DW_INLINE __m256i ldx(const uint8_t* p) {
  if (M == 1) return _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  int64_t v;
  std::memcpy(&v, p, 8);
  return _mm256_set1_epi64x(v);
}

struct Acc {
  __m256i lo, hi;
};

// Hides the value of a pointer from the optimizer (no instruction): loads
// through it inside a loop then stay memory operands instead of being hoisted
// into registers as loop invariants (which would spill the accumulators).
template <class T>
OCTET_DW_INLINE T* opaque(T* p) {
  __asm__("" : "+r"(p));
  return p;
}

OCTET_DW_INLINE __m256i ld(const int32_t* p) { return _mm256_load_si256(reinterpret_cast<const __m256i*>(p)); }

OCTET_DW_INLINE __m256i madd(__m256i x, const int16_t* w) {
  return _mm256_madd_epi16(x, _mm256_load_si256(reinterpret_cast<const __m256i*>(w)));
}

// The multiply-accumulate policy of the kernels: acc plus the int32 sums of
// the int16 pair products of x and the 16 weights at w. The VNNI files pass a
// policy with kFused = true whose mac is one vpdpwssd (exact here too: the
// non-saturating form, and every pair sum is at most 2*255*255); sums of
// several taps are then chains MAC(MAC(acc, x1, w1), x2, w2). For AVX2
// (kFused = false) OCTET_DW_MAC is the expression acc + madd(x, w) itself, in
// place: routed through an inline function, even one always inlined, the same
// operations get a different register allocation from GCC 12 (most of the 105
// AVX2 row functions compiled differently), and the AVX2 code is to stay as it
// was tuned. The constant condition folds away before code generation.
struct MacAvx2 {
  static constexpr bool kFused = false;
  static OCTET_DW_INLINE __m256i mac(__m256i acc, __m256i x, const int16_t* w) {
    return _mm256_add_epi32(acc, madd(x, w));
  }
};
#define OCTET_DW_MAC(acc, x, w) (Mac::kFused ? Mac::mac(acc, x, w) : _mm256_add_epi32(acc, madd(x, w)))

// Epilogues on (lo, hi) accumulators in channel order, one or two pixels.

// u8 / s8 output in mode K: the AVX2 output stage (src/x86/avx2/output_avx2.h);
// two pixels share the narrowing packs. CLAMP false when [min, max] is the
// whole output range (the clamp is then the identity).
template <simd::OutKind Kind, bool U8, bool CLAMP>
struct OutEpi {
  static constexpr bool kOneDnn = Kind == simd::OutKind::kOneDnn;
  // Every constant is read from memory at its use (through opaque pointers):
  // the row loops need the registers for their accumulators and windows.
  const simd::ChannelWord* wa;  // bias or multiplier (16 channels)
  const simd::ChannelWord* wb;  // scale or exponent
  const DirectConsts* k;
  OutEpi(const DirectArgs& a, size_t blk) : wa(a.wa + blk * 16), wb(a.wb + blk * 16), k(a.consts) {}
  // The constants of the formulas below: one() and two() load them at each
  // call (the row loops need the registers), Held once per batch of pixels.
  struct K {
    __m256 a0, a1, b0, b1;
    x86::ymm::Consts c;
    __m256i perm;
  };
  OCTET_DW_INLINE K load() const {
    const DirectConsts* d = opaque(k);
    K r;
    r.a0 = x86::ymm::load_words(wa);
    r.a1 = x86::ymm::load_words(wa + 8);
    r.b0 = x86::ymm::load_words(wb);
    r.b1 = x86::ymm::load_words(wb + 8);
    r.c.zpf = _mm256_load_ps(d->zpf);
    r.c.minf = _mm256_load_ps(d->minf);
    r.c.maxf = _mm256_load_ps(d->maxf);
    r.c.zp16 = _mm256_load_si256(reinterpret_cast<const __m256i*>(d->zp16));
    r.c.min8 = _mm256_load_si256(reinterpret_cast<const __m256i*>(d->min8));
    r.c.max8 = _mm256_load_si256(reinterpret_cast<const __m256i*>(d->max8));
    r.perm = _mm256_load_si256(reinterpret_cast<const __m256i*>(d->perm));
    return r;
  }
  // One pixel -> 16 int16 (packs order: channels 0-3 8-11 | 4-7 12-15).
  static OCTET_DW_INLINE __m256i words(const K& c, const Acc& acc) {
    return x86::ymm::words2<Kind>(acc.lo, acc.hi, c.a0, c.b0, c.a1, c.b1, c.c);
  }
  // Two pixels' words -> bytes: pixel 0 in the low 128 bits, pixel 1 in the high.
  static OCTET_DW_INLINE __m256i bytes(const K& c, __m256i w0, __m256i w1) {
    __m256i b8 = x86::ymm::narrow_bytes<U8>(w0, w1);
    if (!kOneDnn && CLAMP) b8 = x86::ymm::clamp_bytes<U8>(b8, c.c.min8, c.c.max8);
    return _mm256_permutevar8x32_epi32(b8, c.perm);
  }
  static OCTET_DW_INLINE void two(const K& c, const Acc& a0, const Acc& a1, char* d0, char* d1) {
    const __m256i b = bytes(c, words(c, a0), words(c, a1));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d0), _mm256_castsi256_si128(b));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d1), _mm256_extracti128_si256(b, 1));
  }
  static OCTET_DW_INLINE void one(const K& c, const Acc& a0, char* d0) {
    const __m256i w = words(c, a0);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d0), _mm256_castsi256_si128(bytes(c, w, w)));
  }
  OCTET_DW_INLINE void two(const Acc& a0, const Acc& a1, char* d0, char* d1) const { two(load(), a0, a1, d0, d1); }
  OCTET_DW_INLINE void one(const Acc& a0, char* d0) const { one(load(), a0, d0); }
  // The constants in registers, for a loop that holds nothing else.
  struct Held {
    K c;
    explicit Held(const OutEpi& e) : c(e.load()) {}
    OCTET_DW_INLINE void two(const Acc& a0, const Acc& a1, char* d0, char* d1) const {
      OutEpi::two(c, a0, a1, d0, d1);
    }
    OCTET_DW_INLINE void one(const Acc& a0, char* d0) const { OutEpi::one(c, a0, d0); }
  };
};

// Held of an epilogue without constants worth holding: the epilogue itself.
template <class Epi>
struct SameEpi {
  const Epi& e;
  explicit SameEpi(const Epi& x) : e(x) {}
  OCTET_DW_INLINE void two(const Acc& a0, const Acc& a1, char* d0, char* d1) const { e.two(a0, a1, d0, d1); }
  OCTET_DW_INLINE void one(const Acc& a0, char* d0) const { e.one(a0, d0); }
};

// s32 output: the accumulators (which hold the int32 bias) as they are.
struct RawEpi {
  using Held = SameEpi<RawEpi>;
  RawEpi(const DirectArgs&, size_t) {}
  void one(const Acc& acc, char* d) const {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(d), acc.lo);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(d) + 1, acc.hi);
  }
  OCTET_DW_INLINE void two(const Acc& a0, const Acc& a1, char* d0, char* d1) const {
    one(a0, d0);
    one(a1, d1);
  }
};

// The interior loops hand their accumulators to this buffer, one pixel per
// step, and run the epilogue on kBatch pixels at a time. Pixel by pixel, the
// epilogue (convert, scale, pack, store) is a long dependency chain that
// keeps the scheduler full while the next pixel's loads and multiplies wait
// behind it; in batches, the multiply phase and the epilogue phase each have
// many independent chains for the out-of-order core to overlap, each phase
// has the registers to itself (the two-pixel steps spilled), and the
// epilogue constants are loaded once per batch instead of once per pixel.
// (Adding the init here too, instead of at each step, measured 3% slower.)
template <class Epi>
struct Deferred {
  static constexpr size_t kBatch = 32;
  Acc buf[kBatch];
  const Epi& epi;
  char* o;
  size_t opb;
  Deferred(const Epi& e, char* out, size_t pixel_bytes) : epi(e), o(out), opb(pixel_bytes) {}
  // The epilogue of buf[0, n).
  OCTET_DW_INLINE void flush(size_t n) {
    const typename Epi::Held h(epi);
    size_t i = 0;
    for (; i + 2 <= n; i += 2) {
      h.two(buf[i], buf[i + 1], o, o + opb);
      o += 2 * opb;
    }
    if (i < n) {
      h.one(buf[i], o);
      o += opb;
    }
  }
};

// Column c of the padded row r of one block (c - pad_left outside [0, W)
// reads the zero-point row). CHECK false: the caller knows the column is inside.
template <bool CHECK, int M>
OCTET_DW_INLINE __m256i load_col(const uint8_t* base, size_t stride, const uint8_t* zp, size_t W, size_t pad_left,
                                 size_t c) {
  const size_t ic = c - pad_left;
  const uint8_t* p = base + ic * stride;
  if (CHECK) p = ic < W ? p : zp;
  return ldx<M>(p);
}

// Comma-free spellings for the step macros' arguments.
#define OCTET_DW_COL(...) load_col<true, M>(__VA_ARGS__)
#define OCTET_DW_PAIR(...) make_pair<S8, M>(__VA_ARGS__)

// Per-block weights: kind k (0 v0, 1 v1, 2 v2, 3 h, 4 l), half h at w + (2k + h) * 16.

// Stride 1. Sliding window: at column c, pixel c - 2 completes (v2 and the
// single tap from H[c - 1]), pixel c - 1 takes its second column (v1), and
// pixel c starts (v0 and h).
#define OCTET_DW_S1_STEP(X0, X1, X2N, d_lo, d_hi)                                    \
  do {                                                                               \
    __m256i v_lo, v_hi, h_lo, h_hi;                                                  \
    w = opaque(w);                                                                   \
    ini = opaque(ini);                                                               \
    OCTET_DW_PAIR(X0, X1, v_lo, v_hi);                                               \
    const __m256i x2n = X2N;                                                         \
    OCTET_DW_PAIR(x2, x2n, h_lo, h_hi);                                              \
    d_lo = OCTET_DW_MAC(OCTET_DW_MAC(p2_lo, v_lo, w + 4 * 16), hp_lo, w + 8 * 16);   \
    d_hi = OCTET_DW_MAC(OCTET_DW_MAC(p2_hi, v_hi, w + 5 * 16), hp_hi, w + 9 * 16);   \
    p2_lo = OCTET_DW_MAC(p1_lo, v_lo, w + 2 * 16);                                   \
    p2_hi = OCTET_DW_MAC(p1_hi, v_hi, w + 3 * 16);                                   \
    p1_lo = OCTET_DW_MAC(OCTET_DW_MAC(ld(ini), v_lo, w), h_lo, w + 6 * 16);          \
    p1_hi = OCTET_DW_MAC(OCTET_DW_MAC(ld(ini + 8), v_hi, w + 16), h_hi, w + 7 * 16); \
    hp_lo = h_lo;                                                                    \
    hp_hi = h_hi;                                                                    \
    x2 = x2n;                                                                        \
  } while (0)
#define OCTET_DW_S1_CHECKED(c, d_lo, d_hi)                                                 \
  OCTET_DW_S1_STEP(OCTET_DW_COL(b0, s0, zp, W, pl, c), OCTET_DW_COL(b1, s1, zp, W, pl, c), \
                   OCTET_DW_COL(b2, s2, zp, W, pl, (c) + 1), d_lo, d_hi)
#define OCTET_DW_LD(p) ldx<M>(p)

template <class Mac, bool S8, int M, class Epi>
void row_s1(const DirectArgs& a) {
  const size_t es = a.out_type == octet_datatype_s32 ? 4 : 1;
  const size_t ncols = a.OW + 2;
  const size_t opb = a.out_pixel_bytes;
  const size_t W = a.W, pl = a.pad_left;
  const uint8_t* zp = a.zp_row;
  const size_t s0 = a.row_stride[0], s1 = a.row_stride[1], s2 = a.row_stride[2];
  // Steps c, c + 1 read inside columns when pl <= c and c + 2 < pl + W.
  for (size_t b = 0; b < a.blocks; ++b) {
    const int16_t* w = a.weights + b * a.wblock;  // made opaque at each step
    const uint8_t* b0 = a.rows[0] + (s0 ? b * 16 / M : 0);
    const uint8_t* b1 = a.rows[1] + (s1 ? b * 16 / M : 0);
    const uint8_t* b2 = a.rows[2] + (s2 ? b * 16 / M : 0);
    const Epi epi(a, b);
    char* out = static_cast<char*>(a.output) + b * 16 * es;
    const int32_t* ini = a.init + b * 16;  // made opaque at each step
    __m256i p1_lo = _mm256_setzero_si256(), p1_hi = p1_lo, p2_lo = p1_lo, p2_hi = p1_lo;
    __m256i hp_lo = _mm256_setzero_si256(), hp_hi = _mm256_setzero_si256();
    __m256i x2 = OCTET_DW_COL(b2, s2, zp, W, pl, 0);
    Acc d0, d1;
    OCTET_DW_S1_CHECKED(0, d0.lo, d0.hi);
    OCTET_DW_S1_CHECKED(1, d0.lo, d0.hi);
    size_t c = 2;
    // Step c reads inside columns when pl <= c and c + 1 < pl + W.
    for (; c + 1 < ncols && c < pl; c += 2) {
      OCTET_DW_S1_CHECKED(c, d0.lo, d0.hi);
      OCTET_DW_S1_CHECKED(c + 1, d1.lo, d1.hi);
      epi.two(d0, d1, out + (c - 2) * opb, out + (c - 1) * opb);
    }
    const size_t c_stop = std::min(ncols, pl + W - 1);
    if (pl <= c && c < c_stop) {
      const uint8_t* q0 = b0 + (c - pl) * s0;
      const uint8_t* q1 = b1 + (c - pl) * s1;
      const uint8_t* q2 = b2 + (c + 1 - pl) * s2;
      // Batches of single steps (Deferred).
      Deferred<Epi> def(epi, out + (c - 2) * opb, opb);
      while (c < c_stop) {
        const size_t n = std::min(c_stop - c, Deferred<Epi>::kBatch);
        for (size_t i = 0; i < n; ++i) {
          OCTET_DW_S1_STEP(OCTET_DW_LD(q0), OCTET_DW_LD(q1), OCTET_DW_LD(q2), def.buf[i].lo, def.buf[i].hi);
          q0 += s0;
          q1 += s1;
          q2 += s2;
        }
        def.flush(n);
        c += n;
      }
    }
    for (; c + 1 < ncols; c += 2) {
      OCTET_DW_S1_CHECKED(c, d0.lo, d0.hi);
      OCTET_DW_S1_CHECKED(c + 1, d1.lo, d1.hi);
      epi.two(d0, d1, out + (c - 2) * opb, out + (c - 1) * opb);
    }
    if (c < ncols) {
      OCTET_DW_S1_CHECKED(c, d0.lo, d0.hi);
      epi.one(d0, out + (c - 2) * opb);
    }
  }
}
#undef OCTET_DW_S1_STEP
#undef OCTET_DW_S1_CHECKED

// Stride 2: pixel p reads columns 2p (V and H carried from pixel p - 1),
// 2p + 1, 2p + 2 and, for H[2p + 2], 2p + 3.
#define OCTET_DW_S2_STEP(X01, X11, X02, X12, X22, X23, d_lo, d_hi)                  \
  do {                                                                              \
    __m256i t_lo, t_hi;                                                             \
    w = opaque(w);                                                                  \
    ini = opaque(ini);                                                              \
    d_lo = OCTET_DW_MAC(OCTET_DW_MAC(ld(ini), v_lo, w), h_lo, w + 6 * 16);          \
    d_hi = OCTET_DW_MAC(OCTET_DW_MAC(ld(ini + 8), v_hi, w + 16), h_hi, w + 7 * 16); \
    OCTET_DW_PAIR(X01, X11, t_lo, t_hi);                                            \
    d_lo = OCTET_DW_MAC(d_lo, t_lo, w + 2 * 16);                                    \
    d_hi = OCTET_DW_MAC(d_hi, t_hi, w + 3 * 16);                                    \
    OCTET_DW_PAIR(X02, X12, v_lo, v_hi);                                            \
    d_lo = OCTET_DW_MAC(d_lo, v_lo, w + 4 * 16);                                    \
    d_hi = OCTET_DW_MAC(d_hi, v_hi, w + 5 * 16);                                    \
    OCTET_DW_PAIR(X22, X23, h_lo, h_hi);                                            \
    d_lo = OCTET_DW_MAC(d_lo, h_lo, w + 8 * 16);                                    \
    d_hi = OCTET_DW_MAC(d_hi, h_hi, w + 9 * 16);                                    \
  } while (0)
#define OCTET_DW_S2_CHECKED(p, d_lo, d_hi)                                                                           \
  OCTET_DW_S2_STEP(OCTET_DW_COL(b0, s0, zp, W, pl, 2 * (p) + 1), OCTET_DW_COL(b1, s1, zp, W, pl, 2 * (p) + 1),       \
                   OCTET_DW_COL(b0, s0, zp, W, pl, 2 * (p) + 2), OCTET_DW_COL(b1, s1, zp, W, pl, 2 * (p) + 2),       \
                   OCTET_DW_COL(b2, s2, zp, W, pl, 2 * (p) + 2), OCTET_DW_COL(b2, s2, zp, W, pl, 2 * (p) + 3), d_lo, \
                   d_hi)

template <class Mac, bool S8, int M, class Epi>
void row_s2(const DirectArgs& a) {
  const size_t es = a.out_type == octet_datatype_s32 ? 4 : 1;
  const size_t opb = a.out_pixel_bytes;
  const size_t W = a.W, pl = a.pad_left, OW = a.OW;
  const uint8_t* zp = a.zp_row;
  const size_t s0 = a.row_stride[0], s1 = a.row_stride[1], s2 = a.row_stride[2];
  for (size_t b = 0; b < a.blocks; ++b) {
    const int16_t* w = a.weights + b * a.wblock;  // made opaque at each step
    const uint8_t* b0 = a.rows[0] + (s0 ? b * 16 / M : 0);
    const uint8_t* b1 = a.rows[1] + (s1 ? b * 16 / M : 0);
    const uint8_t* b2 = a.rows[2] + (s2 ? b * 16 / M : 0);
    const Epi epi(a, b);
    char* out = static_cast<char*>(a.output) + b * 16 * es;
    const int32_t* ini = a.init + b * 16;  // made opaque at each step
    __m256i v_lo, v_hi, h_lo, h_hi;
    OCTET_DW_PAIR(OCTET_DW_COL(b0, s0, zp, W, pl, 0), OCTET_DW_COL(b1, s1, zp, W, pl, 0), v_lo, v_hi);
    OCTET_DW_PAIR(OCTET_DW_COL(b2, s2, zp, W, pl, 0), OCTET_DW_COL(b2, s2, zp, W, pl, 1), h_lo, h_hi);
    // H[2p] of this block for the next output row (direct_3x3_s2b), when asked.
    int16_t* hb = a.hbuf ? a.hbuf + b * (OW + 1) * 32 : nullptr;
#define OCTET_DW_S2_KEEP(i)                                                 \
  if (hb) {                                                                 \
    _mm256_store_si256(reinterpret_cast<__m256i*>(hb + (i)*32), h_lo);      \
    _mm256_store_si256(reinterpret_cast<__m256i*>(hb + (i)*32 + 16), h_hi); \
  }
    OCTET_DW_S2_KEEP(0);
    Acc d0, d1;
    size_t p = 0;
    // Pixels p, p + 1 read columns 2p + 1 .. 2p + 5.
    for (; p + 2 <= OW && 2 * p + 1 < pl; p += 2) {
      OCTET_DW_S2_CHECKED(p, d0.lo, d0.hi);
      OCTET_DW_S2_KEEP(p + 1);
      OCTET_DW_S2_CHECKED(p + 1, d1.lo, d1.hi);
      OCTET_DW_S2_KEEP(p + 2);
      epi.two(d0, d1, out + p * opb, out + (p + 1) * opb);
    }
    // Pixels p < p_stop read inside columns (pl <= 2p + 1, 2p + 3 < pl + W);
    // the loop above stops at the first p with pl <= 2p + 1 unless p + 2 > OW.
    const size_t p_stop = std::min(OW, std::max(p, pl + W >= 4 ? (pl + W - 2) / 2 : 0));
    if (p < p_stop && pl <= 2 * p + 1) {
      const uint8_t* q0 = b0 + (2 * p + 1 - pl) * s0;
      const uint8_t* q1 = b1 + (2 * p + 1 - pl) * s1;
      const uint8_t* q2 = b2 + (2 * p + 2 - pl) * s2;
      // Without an hbuf, H goes to a scratch slot: no branch in the loop.
      alignas(32) int16_t scratch[32];
      int16_t* hk = hb ? hb + (p + 1) * 32 : scratch;
      const size_t hstep = hb ? 32 : 0;
      Deferred<Epi> def(epi, out + p * opb, opb);
      while (p < p_stop) {
        const size_t n = std::min(p_stop - p, Deferred<Epi>::kBatch);
        for (size_t i = 0; i < n; ++i) {
          OCTET_DW_S2_STEP(OCTET_DW_LD(q0), OCTET_DW_LD(q1), OCTET_DW_LD(q0 + s0), OCTET_DW_LD(q1 + s1),
                           OCTET_DW_LD(q2), OCTET_DW_LD(q2 + s2), def.buf[i].lo, def.buf[i].hi);
          _mm256_store_si256(reinterpret_cast<__m256i*>(hk), h_lo);
          _mm256_store_si256(reinterpret_cast<__m256i*>(hk + 16), h_hi);
          hk += hstep;
          q0 += 2 * s0;
          q1 += 2 * s1;
          q2 += 2 * s2;
        }
        def.flush(n);
        p += n;
      }
    }
    for (; p + 2 <= OW; p += 2) {
      OCTET_DW_S2_CHECKED(p, d0.lo, d0.hi);
      OCTET_DW_S2_KEEP(p + 1);
      OCTET_DW_S2_CHECKED(p + 1, d1.lo, d1.hi);
      OCTET_DW_S2_KEEP(p + 2);
      epi.two(d0, d1, out + p * opb, out + (p + 1) * opb);
    }
    if (p < OW) {
      OCTET_DW_S2_CHECKED(p, d0.lo, d0.hi);
      OCTET_DW_S2_KEEP(p + 1);
      epi.one(d0, out + p * opb);
    }
  }
}
#undef OCTET_DW_S2_STEP
#undef OCTET_DW_S2_KEEP
#undef OCTET_DW_S2_CHECKED

// Stride 2, the second row of a pair (dw::DirectFn): H from hbuf (kinds h0,
// l0), U (kernel rows 1 and 2) built here, U[2p] carried from pixel p - 1.
#define OCTET_DW_S2B_STEP(X11, X21, X12, X22, d_lo, d_hi)                                         \
  do {                                                                                            \
    __m256i t_lo, t_hi;                                                                           \
    w = opaque(w);                                                                                \
    ini = opaque(ini);                                                                            \
    const int16_t* hp = hb + p_ * 32;                                                             \
    d_lo = OCTET_DW_MAC(OCTET_DW_MAC(ld(ini), u_lo, w + 14 * 16), ldh(hp), w + 10 * 16);          \
    d_hi = OCTET_DW_MAC(OCTET_DW_MAC(ld(ini + 8), u_hi, w + 15 * 16), ldh(hp + 16), w + 11 * 16); \
    d_lo = OCTET_DW_MAC(d_lo, ldh(hp + 32), w + 12 * 16);                                         \
    d_hi = OCTET_DW_MAC(d_hi, ldh(hp + 48), w + 13 * 16);                                         \
    OCTET_DW_PAIR(X11, X21, t_lo, t_hi);                                                          \
    d_lo = OCTET_DW_MAC(d_lo, t_lo, w + 16 * 16);                                                 \
    d_hi = OCTET_DW_MAC(d_hi, t_hi, w + 17 * 16);                                                 \
    OCTET_DW_PAIR(X12, X22, u_lo, u_hi);                                                          \
    d_lo = OCTET_DW_MAC(d_lo, u_lo, w + 18 * 16);                                                 \
    d_hi = OCTET_DW_MAC(d_hi, u_hi, w + 19 * 16);                                                 \
  } while (0)
#define OCTET_DW_S2B_CHECKED(p, d_lo, d_hi)                                                                           \
  do {                                                                                                                \
    const size_t p_ = (p);                                                                                            \
    OCTET_DW_S2B_STEP(OCTET_DW_COL(b1, s1, zp, W, pl, 2 * p_ + 1), OCTET_DW_COL(b2, s2, zp, W, pl, 2 * p_ + 1),       \
                      OCTET_DW_COL(b1, s1, zp, W, pl, 2 * p_ + 2), OCTET_DW_COL(b2, s2, zp, W, pl, 2 * p_ + 2), d_lo, \
                      d_hi);                                                                                          \
  } while (0)

OCTET_DW_INLINE __m256i ldh(const int16_t* p) { return _mm256_load_si256(reinterpret_cast<const __m256i*>(p)); }

template <class Mac, bool S8, int M, class Epi>
void row_s2b(const DirectArgs& a) {
  const size_t es = a.out_type == octet_datatype_s32 ? 4 : 1;
  const size_t opb = a.out_pixel_bytes;
  const size_t W = a.W, pl = a.pad_left, OW = a.OW;
  const uint8_t* zp = a.zp_row;
  const size_t s1 = a.row_stride[1], s2 = a.row_stride[2];
  for (size_t b = 0; b < a.blocks; ++b) {
    const int16_t* w = a.weights + b * a.wblock;  // made opaque at each step
    const uint8_t* b1 = a.rows[1] + (s1 ? b * 16 / M : 0);
    const uint8_t* b2 = a.rows[2] + (s2 ? b * 16 / M : 0);
    const int16_t* hb = a.hbuf + b * (OW + 1) * 32;
    const Epi epi(a, b);
    char* out = static_cast<char*>(a.output) + b * 16 * es;
    const int32_t* ini = a.init + b * 16;  // made opaque at each step
    __m256i u_lo, u_hi;
    OCTET_DW_PAIR(OCTET_DW_COL(b1, s1, zp, W, pl, 0), OCTET_DW_COL(b2, s2, zp, W, pl, 0), u_lo, u_hi);
    Acc d0, d1;
    size_t p = 0;
    // Pixels p, p + 1 read columns 2p + 1 .. 2p + 4.
    for (; p + 2 <= OW && 2 * p + 1 < pl; p += 2) {
      OCTET_DW_S2B_CHECKED(p, d0.lo, d0.hi);
      OCTET_DW_S2B_CHECKED(p + 1, d1.lo, d1.hi);
      epi.two(d0, d1, out + p * opb, out + (p + 1) * opb);
    }
    // Pixels p < p_stop read inside columns (pl <= 2p + 1, 2p + 2 < pl + W).
    const size_t p_stop = std::min(OW, std::max(p, pl + W >= 3 ? (pl + W - 1) / 2 : 0));
    if (p < p_stop && pl <= 2 * p + 1) {
      const uint8_t* q1 = b1 + (2 * p + 1 - pl) * s1;
      const uint8_t* q2 = b2 + (2 * p + 1 - pl) * s2;
      Deferred<Epi> def(epi, out + p * opb, opb);
      while (p < p_stop) {
        const size_t n = std::min(p_stop - p, Deferred<Epi>::kBatch);
        for (size_t i = 0; i < n; ++i) {
          const size_t p_ = p + i;
          OCTET_DW_S2B_STEP(OCTET_DW_LD(q1), OCTET_DW_LD(q2), OCTET_DW_LD(q1 + s1), OCTET_DW_LD(q2 + s2), def.buf[i].lo,
                            def.buf[i].hi);
          q1 += 2 * s1;
          q2 += 2 * s2;
        }
        def.flush(n);
        p += n;
      }
    }
    for (; p + 2 <= OW; p += 2) {
      OCTET_DW_S2B_CHECKED(p, d0.lo, d0.hi);
      OCTET_DW_S2B_CHECKED(p + 1, d1.lo, d1.hi);
      epi.two(d0, d1, out + p * opb, out + (p + 1) * opb);
    }
    if (p < OW) {
      OCTET_DW_S2B_CHECKED(p, d0.lo, d0.hi);
      epi.one(d0, out + p * opb);
    }
  }
}
#undef OCTET_DW_S2B_STEP
#undef OCTET_DW_S2B_CHECKED
#undef OCTET_DW_LD
#undef OCTET_DW_COL
#undef OCTET_DW_PAIR
#undef OCTET_DW_MAC

// Picks the epilogue (once per row) and the input type.
template <class Mac, int STRIDE, bool S8, int M, class Epi>
void row_stride(const DirectArgs& a) {
  if (STRIDE == 1) {
    row_s1<Mac, S8, M, Epi>(a);
  } else if (STRIDE == 2) {
    row_s2<Mac, S8, M, Epi>(a);
  } else {
    row_s2b<Mac, S8, M, Epi>(a);
  }
}

template <class Mac, int STRIDE, class Epi>
void row_in(const DirectArgs& a) {
  if (a.mult == 2) {
    return a.s8 ? row_stride<Mac, STRIDE, true, 2, Epi>(a) : row_stride<Mac, STRIDE, false, 2, Epi>(a);
  }
  return a.s8 ? row_stride<Mac, STRIDE, true, 1, Epi>(a) : row_stride<Mac, STRIDE, false, 1, Epi>(a);
}

template <class Mac, int STRIDE>
void row(const DirectArgs& a) {
  if (a.out_type == octet_datatype_s32) return row_in<Mac, STRIDE, RawEpi>(a);
  simd::dispatch_output<true>(a.out, a.out_type == octet_datatype_u8, [&](auto kind, auto u8, auto clamp) {
    row_in<Mac, STRIDE, OutEpi<kind(), u8(), clamp()>>(a);
  });
}

}  // namespace octet::dw::OCTET_DW_DIRECT_NS
