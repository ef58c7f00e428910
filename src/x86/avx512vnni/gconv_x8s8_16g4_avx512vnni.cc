// Small-group convolution with AVX-512 VNNI vpdpbusd (gconv::kGroupDot, see
// src/core/smallgroup.h): u8 or s8 input (x8, read as u8), s8 weights, 16
// groups per zmm (lane l = group l of the block) in byte quads of 4 input
// channels (16g4), so the input needs no shuffle in the inner loop and one
// vpdpbusd adds 4 products to one output of 16 groups. Several output pixels
// per step share each weight vector; each input vector serves the kg outputs.
// The epilogue is the AVX-512 output stage (src/x86/avx512bw/output_avx512.h)
// followed by a transpose from [output][group] to channel order g * kg + o.
// Also compiled a second time for the tests, under SIMDe with AVX2 flags
// (src/x86/emulation.h): names then get an _emu suffix and no table is defined.
//
// GCC 12 reports its own AVX-512 intrinsics (_mm512_undefined_* inside the
// conversions) as (maybe-)uninitialized once inlined: a known false positive.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"

#include "src/x86/emulation.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "src/core/smallgroup.h"
#include "src/x86/avx512bw/output_avx512.h"
#include "src/x86/conv_kernels.h"

namespace octet::gconv {

namespace {

#define OCTET_GDOT_INLINE inline __attribute__((always_inline))

using x86::byte_mask;

OCTET_GDOT_INLINE __m512i ld(const void* p) { return _mm512_loadu_si512(p); }

// acc + 4 u8 x s8 products per lane. GCC 12 copies every accumulator in and
// out of a second register around the builtin in these loops; the asm keeps
// it in place.
OCTET_GDOT_INLINE void dpbusd(__m512i& acc, __m512i x, __m512i w) {
#if defined(OCTET_GEMM_EMULATE)
  acc = _mm512_dpbusd_epi32(acc, x, w);
#else
  asm("vpdpbusd %2, %1, %0" : "+v"(acc) : "v"(x), "v"(w));
#endif
}

// p, hidden from the optimiser: what is loaded through it is made where it is
// used, not hoisted out of the loops (the epilogue's constants would otherwise
// hold 10 zmm through the dot-product loop and force spills there).
template <class T>
OCTET_GDOT_INLINE const T* opaque(const T* p) {
  asm volatile("" : "+r"(p));
  return p;
}

// The first n (< 64: all) bytes at p, zeros after them.
#if defined(OCTET_GEMM_EMULATE)
// SIMDe 0.7.4 lacks the masked byte load: through memory.
inline __m512i load_bytes(const uint8_t* p, size_t n) {
  alignas(64) uint8_t b[64] = {};
  std::memcpy(b, p, std::min<size_t>(n, 64));
  return _mm512_load_si512(b);
}
#else
OCTET_GDOT_INLINE __m512i load_bytes(const uint8_t* p, size_t n) { return _mm512_maskz_loadu_epi8(byte_mask(n), p); }
#endif

// The prep: per padded column and block, the Q quad vectors X[h] (lane l:
// dword l * Q + h of the block's 16 * cg input bytes), in u8 form (s8 input
// flipped); padding columns and rows are x_zp in that form. S8: u8 input
// needs no flip (4 xor per pixel and quad fewer).
template <size_t Q, bool S8>
void prep_impl(const PrepArgs& p) {
  const size_t blocks = (p.groups + 15) / 16, full = p.groups / 16, px = blocks * Q * 64;
  uint8_t* dst = reinterpret_cast<uint8_t*>(p.dst);
  const int32_t pad = p.s8 ? p.x_zp + 128 : p.x_zp;
  const __m512i padv = _mm512_set1_epi8(static_cast<char>(pad));
  const __m512i flip = _mm512_set1_epi8(static_cast<char>(0x80));
  auto form = [&](__m512i v) { return S8 ? _mm512_xor_si512(v, flip) : v; };
  // vpermt2d picks from two vectors by index bits 0-4: dwords 32.. of the
  // block come from the second pair, chosen by `upper`.
  __m512i idx[Q];
  __mmask16 upper[Q];
  for (size_t h = 0; h < Q; ++h) {
    alignas(64) int32_t v[16];
    upper[h] = 0;
    for (size_t l = 0; l < 16; ++l) {
      v[l] = static_cast<int32_t>(l * Q + h);
      if (v[l] >= 32) upper[h] = static_cast<__mmask16>(upper[h] | (1u << l));
    }
    idx[h] = _mm512_load_si512(v);
  }
  // One block: its Q input vectors -> X[0 .. Q).
  auto block = [&](const __m512i* in, uint8_t* d) {
    if (Q == 1) {
      _mm512_storeu_si512(d, in[0]);
      return;
    }
    for (size_t h = 0; h < Q; ++h) {
      __m512i v = _mm512_permutex2var_epi32(in[0], idx[h], in[1]);
      if (Q > 2) v = _mm512_mask_mov_epi32(v, upper[h], _mm512_permutex2var_epi32(in[2], idx[h], in[Q > 3 ? 3 : 2]));
      _mm512_storeu_si512(d + h * 64, v);
    }
  };
  for (size_t col = 0; col < p.cols; ++col) {
    uint8_t* d = dst + col * px;
    if (p.row == nullptr || col < p.pad_left || col >= p.pad_left + p.W) {
      for (size_t i = 0; i < px; i += 64) _mm512_storeu_si512(d + i, padv);
      continue;
    }
    const uint8_t* x = static_cast<const uint8_t*>(p.row) + (col - p.pad_left) * p.in_pixel_stride;
    __m512i in[Q];
    for (size_t b = 0; b < full; ++b, x += Q * 64, d += Q * 64) {
      for (size_t q = 0; q < Q; ++q) in[q] = form(ld(x + q * 64));
      block(in, d);
    }
    if (full < blocks) {  // the last block's groups, zeros after them
      const size_t n = (p.groups - full * 16) * Q * 4;
      for (size_t q = 0; q < Q; ++q) {
        in[q] = form(load_bytes(x + q * 64, q * 64 < n ? n - q * 64 : 0));
      }
      block(in, d);
    }
  }
}

// u8 / s8 output: each accumulator through the output stage, four outputs
// narrowed together (byte 4j + m of 128-bit lane i: output j of group 4i + m),
// vpshufb to [group][4 outputs], then the dwords of the kg / 4 vectors
// interleaved to channel order.
// The epilogue's shuffle controls: tctl (4x4 byte transpose per 128-bit lane),
// i0 / i1 (interleave the dwords of two vectors: low, high halves), q0 / q1
// (the same for qwords).
alignas(64) const int32_t kOrder[80] = {
    0x0C080400, 0x0D090501, 0x0E0A0602, 0x0F0B0703, 0x0C080400, 0x0D090501, 0x0E0A0602, 0x0F0B0703,
    0x0C080400, 0x0D090501, 0x0E0A0602, 0x0F0B0703, 0x0C080400, 0x0D090501, 0x0E0A0602, 0x0F0B0703,
    0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23,
    8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31,
    0, 0, 8, 0, 1, 0, 9, 0, 2, 0, 10, 0, 3, 0, 11, 0,
    4, 0, 12, 0, 5, 0, 13, 0, 6, 0, 14, 0, 7, 0, 15, 0};

// The direct mode's byte order (RowArgs::direct): byte 4m + 2j + i of
// 128-bit lane k (output pair m, group 2k + j, output 2m + i) to 8j + 2m + i.
alignas(64) const int32_t kDirectOrder[16] = {0x05040100, 0x0D0C0908, 0x07060302, 0x0F0E0B0A,
                                              0x05040100, 0x0D0C0908, 0x07060302, 0x0F0E0B0A,
                                              0x05040100, 0x0D0C0908, 0x07060302, 0x0F0E0B0A,
                                              0x05040100, 0x0D0C0908, 0x07060302, 0x0F0E0B0A};

template <simd::OutKind K, bool U8, size_t KG>
struct Epi {
  static constexpr size_t G = KG / 4;
  const float* wa;
  const float* wb;
  x86::zmm::Consts c;
  __m512i tctl, i0, i1, q0, q1;
  size_t bytes;  // valid output bytes of a pixel in this block
  Epi(const dw::RowArgs& a, size_t b, size_t groups)
      : wa(reinterpret_cast<const float*>(a.wa + b * 16 * KG)),
        wb(reinterpret_cast<const float*>(a.wb + b * 16 * KG)),
        c(*opaque(&a.out)),
        bytes(groups * KG) {
    const int32_t* k = opaque(kOrder);
    tctl = ld(k);
    i0 = ld(k + 16);
    i1 = ld(k + 32);
    q0 = ld(k + 48);
    q1 = ld(k + 64);
  }
  OCTET_GDOT_INLINE __m512i conv(__m512i acc, size_t o) const {
    return x86::zmm::to_int<K>(acc, _mm512_loadu_ps(wa + o * 16), _mm512_loadu_ps(wb + o * 16), c);
  }
  // Outputs o0 .. o0 + 3 as [group][4 outputs] bytes.
  OCTET_GDOT_INLINE __m512i quads(const __m512i* acc, size_t o0) const {
    const __m512i r[4] = {conv(acc[o0], o0), conv(acc[o0 + 1], o0 + 1), conv(acc[o0 + 2], o0 + 2),
                          conv(acc[o0 + 3], o0 + 3)};
    const __m512i b8 = x86::zmm::bytes4<K, U8>(r, c);  // not inside the intrinsic: SIMDe's is a macro
    return _mm512_shuffle_epi8(b8, tctl);
  }
  OCTET_GDOT_INLINE void store(char* dst, size_t v, __m512i x) const {
    const size_t at = v * 64;
    if (at < bytes) _mm512_mask_storeu_epi8(dst + at, byte_mask(bytes - at), x);
  }
  OCTET_GDOT_INLINE void operator()(const __m512i* acc, char* dst) const {
    __m512i q[G];
    for (size_t h = 0; h < G; ++h) q[h] = quads(acc, 4 * h);
    if constexpr (G == 1) {
      store(dst, 0, q[0]);
    } else if constexpr (G == 2) {
      store(dst, 0, _mm512_permutex2var_epi32(q[0], i0, q[1]));
      store(dst, 1, _mm512_permutex2var_epi32(q[0], i1, q[1]));
    } else {
      // Dword pairs (q0, q1) and (q2, q3) per group, then their qwords.
      const __m512i t0 = _mm512_permutex2var_epi32(q[0], i0, q[1]), t1 = _mm512_permutex2var_epi32(q[0], i1, q[1]);
      const __m512i u0 = _mm512_permutex2var_epi32(q[2], i0, q[3]), u1 = _mm512_permutex2var_epi32(q[2], i1, q[3]);
      store(dst, 0, _mm512_permutex2var_epi64(t0, q0, u0));
      store(dst, 1, _mm512_permutex2var_epi64(t0, q1, u0));
      store(dst, 2, _mm512_permutex2var_epi64(t1, q0, u1));
      store(dst, 3, _mm512_permutex2var_epi64(t1, q1, u1));
    }
  }
};

// The direct mode's u8 / s8 epilogue: accumulator 4h + m holds outputs 2m and
// 2m + 1 of groups 8h .. 8h + 7 (lane 2g + i: group 8h + g, output 2m + i), so
// four of them narrow to the 64 output bytes of 8 groups with one in-lane
// vpshufb; whole blocks only, so the stores are unmasked.
template <simd::OutKind K, bool U8>
struct DirectEpi : Epi<K, U8, 8> {
  DirectEpi(const dw::RowArgs& a, size_t b, size_t groups) : Epi<K, U8, 8>(a, b, groups) {
    this->tctl = ld(opaque(kDirectOrder));
  }
  OCTET_GDOT_INLINE void operator()(const __m512i* acc, char* dst) const {
    _mm512_storeu_si512(dst, this->quads(acc, 0));
    _mm512_storeu_si512(dst + 64, this->quads(acc, 4));
  }
};

// s32 output: the accumulators (init included), transposed through memory.
template <size_t KG>
struct RawEpi {
  size_t groups;
  RawEpi(const dw::RowArgs&, size_t, size_t g) : groups(g) {}
  void operator()(const __m512i* acc, char* dst) const {
    alignas(64) int32_t v[KG][16];
    for (size_t o = 0; o < KG; ++o) _mm512_store_si512(v[o], acc[o]);
    int32_t out[16 * KG];
    for (size_t l = 0; l < groups; ++l) {
      for (size_t o = 0; o < KG; ++o) out[l * KG + o] = v[o][l];
    }
    std::memcpy(dst, out, groups * KG * sizeof(int32_t));
  }
};

// The direct mode's s32 output: lane 2g + i of accumulator 4h + m is channel
// (8h + g) * 8 + 2m + i of the block.
struct DirectRawEpi {
  DirectRawEpi(const dw::RowArgs&, size_t, size_t) {}
  void operator()(const __m512i* acc, char* dst) const {
    alignas(64) int32_t v[8][16];
    for (size_t o = 0; o < 8; ++o) _mm512_store_si512(v[o], acc[o]);
    int32_t out[128];
    for (size_t h = 0; h < 2; ++h) {
      for (size_t m = 0; m < 4; ++m) {
        for (size_t l = 0; l < 16; ++l) out[(8 * h + l / 2) * 8 + 2 * m + l % 2] = v[4 * h + m][l];
      }
    }
    std::memcpy(dst, out, sizeof(out));
  }
};

// Output pixels ow .. ow + NP - 1 of block b (`groups` of its lanes real):
// NP * KG accumulators; per tap and quad, NP input loads and KG weight loads
// feed NP * KG vpdpbusd. FQ > 0: a 3x3 kernel with FQ quads, its tap loops
// unrolled (constant weight offsets, no loop counters or the register moves
// GCC makes around them: ResNeXt's g32 at 256 channels, 2 quads and kg 8).
// The epilogue's constants are made after the loop so that they do not hold
// registers through it.
template <size_t KG, size_t NP, size_t FQ, class E>
OCTET_GDOT_INLINE void pixels(const RowArgs& a, size_t b, size_t groups, size_t ow, const int8_t* wb, char* dst) {
  const size_t R = FQ ? 3 : a.R, S = FQ ? 3 : a.S, Q = FQ ? FQ : a.P;
  const size_t cs = a.col_step * 4, ds = a.dil_step * 4, opb = a.epi.out_pixel_bytes;
  const int32_t* init = a.epi.bias + b * KG * 16;
  __m512i acc[NP][KG];
  for (size_t o = 0; o < KG; ++o) {
    const __m512i v = ld(init + o * 16);
    for (size_t p = 0; p < NP; ++p) acc[p][o] = v;
  }
  const int8_t* w = wb;
#pragma GCC unroll 3
  for (size_t r = 0; r < R; ++r) {
    const uint8_t* row = reinterpret_cast<const uint8_t*>(a.prow[r]) + ow * cs + b * Q * 64;
#pragma GCC unroll 3
    for (size_t s = 0; s < S; ++s) {
      const uint8_t* xs = row + s * ds;
#pragma GCC unroll 4
      for (size_t h = 0; h < Q; ++h, w += KG * 64) {
        __m512i x[NP];
        for (size_t p = 0; p < NP; ++p) x[p] = ld(xs + p * cs + h * 64);
        for (size_t o = 0; o < KG; ++o) {
          const __m512i wv = ld(w + o * 64);
          for (size_t p = 0; p < NP; ++p) dpbusd(acc[p][o], x[p], wv);
        }
      }
    }
  }
  const E epi(a.epi, b, groups);
  for (size_t p = 0; p < NP; ++p) epi(acc[p], dst + p * opb);
}

// The direct mode (RowArgs::direct: 8 channels and 8 outputs per group, u8
// input read where it lies, byte strides): vector h of a block's 128 input
// bytes has lane 2g + i = quad i of group 8h + g; its copy with the quads of
// each group swapped (vpshufd) has quad 1 - i there. Accumulator 4h + m
// collects outputs 2m + i in lane 2g + i from both: per tap, h and pixel, one
// load, one vpshufd and 8 vpdpbusd.
//   weights (int8): per block [R][S][2 h][4 m][2: as loaded, swapped][16 lanes][4]
// Each dword pair swapped (the two quads of a group of 8 channels).
OCTET_GDOT_INLINE __m512i swap_quads(__m512i x) {
#if defined(OCTET_GEMM_EMULATE)
  // SIMDe 0.7.4 lacks the zmm vpshufd: the same as a byte shuffle.
  const int64_t lo = 0x0302010007060504, hi = 0x0B0A09080F0E0D0C;
  return _mm512_shuffle_epi8(x, _mm512_set_epi64(hi, lo, hi, lo, hi, lo, hi, lo));
#else
  return _mm512_shuffle_epi32(x, _MM_PERM_CDAB);
#endif
}

template <size_t NP, bool Fixed, class E>
OCTET_GDOT_INLINE void pixels_direct(const RowArgs& a, size_t b, size_t ow, const int8_t* wb, char* dst) {
  const size_t R = Fixed ? 3 : a.R, S = Fixed ? 3 : a.S;
  const size_t cs = a.col_step, ds = a.dil_step, opb = a.epi.out_pixel_bytes;
  const int32_t* init = a.epi.bias + b * 128;
  __m512i acc[NP][8];
  for (size_t o = 0; o < 8; ++o) {
    const __m512i v = ld(init + o * 16);
    for (size_t p = 0; p < NP; ++p) acc[p][o] = v;
  }
  const int8_t* w = wb;
#pragma GCC unroll 3
  for (size_t r = 0; r < R; ++r) {
    const uint8_t* row = reinterpret_cast<const uint8_t*>(a.prow[r]) + ow * cs + b * 128;
#pragma GCC unroll 3
    for (size_t s = 0; s < S; ++s) {
      const uint8_t* xs = row + s * ds;
#pragma GCC unroll 2
      for (size_t h = 0; h < 2; ++h, w += 512) {
        __m512i x[NP], y[NP];
        for (size_t p = 0; p < NP; ++p) {
          x[p] = ld(xs + p * cs + h * 64);
          y[p] = swap_quads(x[p]);
        }
        for (size_t m = 0; m < 4; ++m) {
          const __m512i w0 = ld(w + m * 128), w1 = ld(w + m * 128 + 64);
          for (size_t p = 0; p < NP; ++p) {
            dpbusd(acc[p][4 * h + m], x[p], w0);
            dpbusd(acc[p][4 * h + m], y[p], w1);
          }
        }
      }
    }
  }
  const E epi(a.epi, b, 16);
  for (size_t p = 0; p < NP; ++p) epi(acc[p], dst + p * opb);
}

// Both blocks per step of NP pixels, so that each input pixel's bytes are
// read together (one pass over the rows, not one per block); the rows' bytes
// kAhead steps on are prefetched to L2: without a prep pass most come from L3
// (ResNeXt g32 stride 2 on Zen 4, 27x27 interior pixels: 244k TSC cycles with
// prefetcht2 at 2 to 12 steps ahead, 268k without, 263k with prefetcht0 at 6).
template <bool Fixed, class E>
void direct_row(const RowArgs& a) {
  constexpr size_t NP = 2, kAhead = 4;
  const size_t es = a.epi.out_type == octet_datatype_s32 ? 4 : 1, opb = a.epi.out_pixel_bytes;
  const size_t taps = a.R * a.S, cs = a.col_step;
  const int8_t* w = reinterpret_cast<const int8_t*>(a.weights);
  char* out = static_cast<char*>(a.epi.output);
  size_t ow = 0;
  for (; ow + NP <= a.OW; ow += NP) {
    if (ow + (kAhead + 1) * NP <= a.OW) {
      for (size_t r = 0; r < a.R; ++r) {
        const char* p = reinterpret_cast<const char*>(a.prow[r]) + (ow + kAhead * NP) * cs;
        for (size_t i = 0; i < NP * cs; i += 64) _mm_prefetch(p + i, _MM_HINT_T2);
      }
    }
    for (size_t b = 0; b < a.blocks; ++b) {
      pixels_direct<NP, Fixed, E>(a, b, ow, w + b * taps * 1024, out + ow * opb + b * 128 * es);
    }
  }
  for (; ow < a.OW; ++ow) {
    for (size_t b = 0; b < a.blocks; ++b) {
      pixels_direct<1, Fixed, E>(a, b, ow, w + b * taps * 1024, out + ow * opb + b * 128 * es);
    }
  }
}

template <class E>
void direct_row(const RowArgs& a) {
  if (a.R == 3 && a.S == 3) return direct_row<true, E>(a);
  direct_row<false, E>(a);
}

// Pixels per step: as many as keep the accumulators and the step's inputs in
// the 32 zmm registers without GCC 12 spilling (kg 8 with 3 pixels does).
template <size_t KG>
constexpr size_t kStep = KG == 4 ? 6 : KG == 8 ? 2 : 1;

// One block's row: FQ as in pixels().
template <size_t KG, size_t FQ, class E>
void block_row(const RowArgs& a, size_t b, size_t groups, const int8_t* wb, char* ob) {
  constexpr size_t NP = kStep<KG>;
  const size_t opb = a.epi.out_pixel_bytes;
  size_t ow = 0;
  for (; ow + NP <= a.OW; ow += NP) pixels<KG, NP, FQ, E>(a, b, groups, ow, wb, ob + ow * opb);
  for (; ow < a.OW; ++ow) pixels<KG, 1, FQ, E>(a, b, groups, ow, wb, ob + ow * opb);
}

template <size_t KG, class E>
void row_impl(const RowArgs& args) {
  const RowArgs a = args;
  const size_t es = a.epi.out_type == octet_datatype_s32 ? 4 : 1;
  const size_t groups = a.K / KG, taps = a.R * a.S;
  // Unrolled only where GCC 12 keeps the accumulators in registers: with
  // kg 4 (6 pixels) it spills them through the unrolled taps.
  constexpr size_t FQ = KG == 8 ? 2 : 0;
  const bool unrolled = FQ != 0 && a.R == 3 && a.S == 3 && a.P == FQ;
  for (size_t b = 0; b < a.blocks; ++b) {
    const size_t n = std::min<size_t>(16, groups - b * 16);
    const int8_t* wb = reinterpret_cast<const int8_t*>(a.weights) + b * taps * a.P * KG * 64;
    char* ob = static_cast<char*>(a.epi.output) + b * 16 * KG * es;
    if (unrolled) {
      block_row<KG, FQ, E>(a, b, n, wb, ob);
    } else {
      block_row<KG, 0, E>(a, b, n, wb, ob);
    }
  }
}

void row_direct(const RowArgs& a) {
  if (a.epi.out_type == octet_datatype_s32) return direct_row<DirectRawEpi>(a);
  simd::dispatch_output<false>(a.epi.out, a.epi.out_type == octet_datatype_u8, [&](auto kind, auto u8, auto) {
    direct_row<DirectEpi<kind(), u8()>>(a);
  });
}

template <size_t KG>
void row_kg(const RowArgs& a) {
  if (a.epi.out_type == octet_datatype_s32) return row_impl<KG, RawEpi<KG>>(a);
  // No clamp variants: bytes4 clamps (a full-range clamp is a no-op).
  simd::dispatch_output<false>(a.epi.out, a.epi.out_type == octet_datatype_u8, [&](auto kind, auto u8, auto) {
    row_impl<KG, Epi<kind(), u8(), KG>>(a);
  });
}

}  // namespace

void OCTET_UKERNEL_NAME(gconv_x8s8_prep_16g4_avx512vnni)(const PrepArgs& p) {
  auto q = [&](auto s8) {
    switch (p.cg / 4) {
      case 1: return prep_impl<1, s8()>(p);
      case 2: return prep_impl<2, s8()>(p);
      case 3: return prep_impl<3, s8()>(p);
      default: return prep_impl<4, s8()>(p);
    }
  };
  return p.s8 ? q(std::true_type{}) : q(std::false_type{});
}

void OCTET_UKERNEL_NAME(gconv_x8s8_16g4_avx512vnni)(const RowArgs& a) {
  if (a.direct) return row_direct(a);
  switch (a.kg) {
    case 4: return row_kg<4>(a);
    case 8: return row_kg<8>(a);
    default: return row_kg<16>(a);
  }
}

#if !defined(OCTET_GEMM_EMULATE)
namespace {
// The AVX2 set for the layers kGroupDot does not take (cg not a multiple of
// 4, other kg, weights outside int8), with the dot kernels added. Copied at
// dynamic initialisation from the constant-initialised AVX2 table.
Kernels with_dot() {
  Kernels k = kKernelsAvx2;
  k.isa = octet_isa_avx512vnni;
  k.prep_dot = gconv_x8s8_prep_16g4_avx512vnni;
  k.row_dot = gconv_x8s8_16g4_avx512vnni;
  return k;
}
}  // namespace
const Kernels kKernelsAvx512vnni = with_dot();
#endif

}  // namespace octet::gconv
