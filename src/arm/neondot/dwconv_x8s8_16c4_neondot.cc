// Depthwise kernels with the ARMv8.2 dot product (sdot): u8 or s8 input (x8,
// read as s8), s8 weights, 16-channel blocks of 4-byte groups (16c4: one
// group = 4 kernel rows of one channel). See src/core/dwconv_dot.h for the
// arithmetic and the quad-row layout.
//
// Row kernels: 4, then 2, then 1 output pixels per step, 4 accumulator
// vectors (16 channels, channel order) per pixel. At dilation 1 and stride 1
// or 2 (3x3, 5x5) each prepped column vector is loaded once for every pixel
// of the step that uses it, with the kernel column's weights in registers;
// otherwise (any stride, dilation, R x S) the tap loop stays rolled.
// Requantization: the NEON output stage (src/arm/neon/output_neon.h), then
// one 16-byte store.
#include <arm_neon.h>

#include <algorithm>
#include <cstring>

#include "src/arm/conv_kernels.h"
#include "src/arm/neon/output_neon.h"
#include "src/core/dwconv_dot.h"

namespace octet::dwdot {

namespace {

#define OCTET_DWDOT_INLINE inline __attribute__((always_inline))

// 16 channels of the four rows a..d -> four quad vectors (channels 0-3, 4-7,
// 8-11, 12-15), each channel's 4 bytes in row order: exactly st4's
// interleave (one store instead of eight zips and four stores; llvm-mca,
// Neoverse N1: 5.1 instead of 8.6 cycles per block).
template <bool kFlip>
OCTET_DWDOT_INLINE void prep_block(const uint8_t* a, const uint8_t* b, const uint8_t* c, const uint8_t* d,
                                   int8_t* dst) {
  uint8x16x4_t q = {{vld1q_u8(a), vld1q_u8(b), vld1q_u8(c), vld1q_u8(d)}};
  if (kFlip) {
    // u8 input: x ^ 0x80 is x - 128 as int8 (the path folds the 128 into the init).
    for (size_t i = 0; i < 4; ++i) q.val[i] = veorq_u8(q.val[i], vdupq_n_u8(0x80));
  }
  vst4q_u8(reinterpret_cast<uint8_t*>(dst), q);
}

// dst[k] = src[k / mult] for k < C * mult.
void expand(const uint8_t* src, uint8_t* dst, size_t C, size_t mult) {
  size_t c = 0;
  if (mult == 2) {
    for (; c + 16 <= C; c += 16) {
      const uint8x16_t v = vld1q_u8(src + c);
      vst1q_u8(dst + 2 * c, vzip1q_u8(v, v));
      vst1q_u8(dst + 2 * c + 16, vzip2q_u8(v, v));
    }
  }
  for (; c < C; ++c) {
    for (size_t j = 0; j < mult; ++j) dst[c * mult + j] = src[c];
  }
}

template <bool kFlip>
void prep_impl(const PrepArgs& p) {
  const size_t blocks = p.Cp / 16;
  // Multiplier 1: whole blocks straight from the input, the channel tail
  // through the scratch. Multiplier > 1: every block from the expanded copies.
  const size_t full = p.mult == 1 ? p.C / 16 : 0;
  const size_t tail = p.C - 16 * full;
  uint8_t* e[4] = {p.expand, p.expand + p.Cp, p.expand + 2 * p.Cp, p.expand + 3 * p.Cp};
  // Scratch bytes no input lands in are channels >= K (zero weights): only
  // defined, not meaningful.
  std::memset(p.expand, 0, 4 * p.Cp);
  const size_t left = std::min(p.pad_left, p.cols);
  const size_t right = std::min(p.pad_left + p.W, p.cols);
  for (size_t col = 0; col < p.cols; ++col) {
    const bool inside = col >= left && col < right;
    const uint8_t* src[4];
    for (size_t r = 0; r < 4; ++r) {
      src[r] = inside && p.rows[r] != nullptr ? p.rows[r] + (col - p.pad_left) * p.in_pixel_stride : p.zp_row;
    }
    int8_t* d = p.dst + col * p.Cp * 4;
    if (p.mult == 1) {
      for (size_t b = 0; b < full; ++b) {
        prep_block<kFlip>(src[0] + 16 * b, src[1] + 16 * b, src[2] + 16 * b, src[3] + 16 * b, d + 64 * b);
      }
      if (full < blocks) {
        for (size_t r = 0; r < 4; ++r) std::memcpy(e[r], src[r] + 16 * full, tail);
        prep_block<kFlip>(e[0], e[1], e[2], e[3], d + 64 * full);
      }
    } else {
      for (size_t r = 0; r < 4; ++r) expand(src[r], e[r], p.C, p.mult);
      for (size_t b = 0; b < blocks; ++b) {
        prep_block<kFlip>(e[0] + 16 * b, e[1] + 16 * b, e[2] + 16 * b, e[3] + 16 * b, d + 64 * b);
      }
    }
  }
}

// Epilogues: one pixel, 16 channels (4 accumulator vectors, channel order), n
// of them stored. Each is constructed once per block and the row kernel is
// instantiated per epilogue, so that the output type is not tested per pixel.

// s32 output: the accumulators (init included) as they are.
struct RawEpilogue {
  RawEpilogue(const RowArgs&, size_t) {}
  OCTET_DWDOT_INLINE void operator()(const int32x4_t* acc, char* dst, size_t n) const {
    if (n == 16) {
      for (size_t v = 0; v < 4; ++v) vst1q_s32(reinterpret_cast<int32_t*>(dst) + 4 * v, acc[v]);
      return;
    }
    int32_t tmp[16];
    for (size_t v = 0; v < 4; ++v) vst1q_s32(tmp + 4 * v, acc[v]);
    std::memcpy(dst, tmp, n * sizeof(int32_t));
  }
};

// u8 / s8 output in mode K: the NEON output stage (src/arm/neon/output_neon.h)
// on the 16 channels, constants held per block.
template <simd::OutKind K, bool kU8>
struct OutEpilogue {
  float32x4_t wa[4], wb[4];
  arm::q4::Consts c;
  OutEpilogue(const RowArgs& a, size_t b) : c(a.out) {
    for (size_t v = 0; v < 4; ++v) {
      wa[v] = arm::q4::load_words(a.wa + 16 * b + 4 * v);
      wb[v] = arm::q4::load_words(a.wb + 16 * b + 4 * v);
    }
  }
  OCTET_DWDOT_INLINE void operator()(const int32x4_t* acc, char* dst, size_t n) const {
    int32x4_t r[4];
#pragma GCC unroll 4
    for (size_t v = 0; v < 4; ++v) r[v] = arm::q4::to_int<K>(acc[v], wa[v], wb[v], c);
    const uint8x16_t bytes = arm::q4::bytes16<K, kU8>(r, c);
    if (n == 16) {
      vst1q_u8(reinterpret_cast<uint8_t*>(dst), bytes);
      return;
    }
    arm::store_bytes_partial(reinterpret_cast<uint8_t*>(dst), bytes, n);
  }
};

// P output pixels of one block from ow on. NQ, S: compile-time quads and
// kernel width (0: from the arguments). ST > 0: dilation 1 and stride ST,
// S compile-time: the (P - 1) * ST + S columns of the step are loaded once
// each, per 4-channel vector, for every pixel that uses them; the S weight
// vectors stay in registers.
template <size_t P, size_t NQ, size_t S, size_t ST, class Epi>
OCTET_DWDOT_INLINE void pixels(const RowArgs& a, const int8_t* w, size_t boff, const int32x4_t* init, const Epi& epi,
                               char* ob, size_t n, size_t ow) {
  int32x4_t acc[P][4];
  for (size_t px = 0; px < P; ++px) {
    for (size_t v = 0; v < 4; ++v) acc[px][v] = init[v];
  }
  const size_t nq = NQ ? NQ : a.nq;
  const size_t sn = S ? S : a.S;
  const size_t cs = a.col_step, ds = a.dil_step;
#pragma GCC unroll 1
  for (size_t i = 0; i < nq; ++i) {
    const int8_t* x = a.qrow[i] + ow * cs + boff;
    const int8_t* wi = w + i * sn * 64;
    if constexpr (ST > 0 && S > 0) {
#pragma GCC unroll 4
      for (size_t v = 0; v < 4; ++v) {
        int8x16_t wv[S];
#pragma GCC unroll 8
        for (size_t s = 0; s < S; ++s) wv[s] = vld1q_s8(wi + s * 64 + 16 * v);
#pragma GCC unroll 16
        for (size_t e = 0; e < (P - 1) * ST + S; ++e) {
          const int8x16_t xv = vld1q_s8(x + e * ds + 16 * v);
#pragma GCC unroll 4
          for (size_t px = 0; px < P; ++px) {
            if (e >= px * ST && e - px * ST < S) acc[px][v] = vdotq_s32(acc[px][v], xv, wv[e - px * ST]);
          }
        }
      }
    } else {
      // Rolled: unrolled, the taps of all pixels interleave and spill.
#pragma GCC unroll 1
      for (size_t s = 0; s < sn; ++s) {
        const int8_t* xs = x + s * ds;
        int8x16_t wv[4];
        for (size_t v = 0; v < 4; ++v) wv[v] = vld1q_s8(wi + s * 64 + 16 * v);
        for (size_t px = 0; px < P; ++px) {
          for (size_t v = 0; v < 4; ++v) acc[px][v] = vdotq_s32(acc[px][v], vld1q_s8(xs + px * cs + 16 * v), wv[v]);
        }
      }
    }
  }
  for (size_t px = 0; px < P; ++px) epi(acc[px], ob + (ow + px) * a.out_pixel_bytes, n);
}

template <size_t NQ, size_t S, size_t ST, class Epi>
void row_impl(const RowArgs& args) {
  const RowArgs a = args;  // a local copy: output stores cannot alias it
  const size_t nq = NQ ? NQ : a.nq;
  const size_t sn = S ? S : a.S;
  const size_t es = a.out_type == octet_datatype_s32 ? 4 : 1;
  char* out = static_cast<char*>(a.output);
  for (size_t b = 0; b < a.blocks; ++b) {
    const int8_t* w = a.weights + b * nq * sn * 64;
    const size_t boff = b * 64;
    int32x4_t init[4];
    for (size_t v = 0; v < 4; ++v) init[v] = vld1q_s32(a.init + 16 * b + 4 * v);
    const size_t n = std::min<size_t>(16, a.K - 16 * b);
    const Epi epi(a, b);
    char* ob = out + 16 * b * es;
    size_t ow = 0;
    for (; ow + 4 <= a.OW; ow += 4) pixels<4, NQ, S, ST>(a, w, boff, init, epi, ob, n, ow);
    if (ow + 2 <= a.OW) {
      pixels<2, NQ, S, ST>(a, w, boff, init, epi, ob, n, ow);
      ow += 2;
    }
    if (ow < a.OW) pixels<1, NQ, S, ST>(a, w, boff, init, epi, ob, n, ow);
  }
}

template <size_t NQ, size_t S, class Epi>
void row_geometry(const RowArgs& a) {
  if constexpr (S > 0) {
    if (a.dil_step == a.blocks * 64) {  // dilation 1
      if (a.col_step == a.dil_step) return row_impl<NQ, S, 1, Epi>(a);
      if (a.col_step == 2 * a.dil_step) return row_impl<NQ, S, 2, Epi>(a);
    }
  }
  row_impl<NQ, S, 0, Epi>(a);
}

template <size_t NQ, size_t S>
void row(const RowArgs& a) {
  if (a.out_type == octet_datatype_s32) return row_geometry<NQ, S, RawEpilogue>(a);
  simd::dispatch_output<false>(a.out, a.out_type == octet_datatype_u8, [&](auto kind, auto u8, auto) {
    row_geometry<NQ, S, OutEpilogue<kind(), u8()>>(a);
  });
}

}  // namespace

void dwconv_x8s8_prep4_neondot(const PrepArgs& p) {
  if (p.s8) {
    prep_impl<false>(p);
  } else {
    prep_impl<true>(p);
  }
}
void dwconv_x8s8_3x3_neondot(const RowArgs& a) { row<1, 3>(a); }
void dwconv_x8s8_5x5_neondot(const RowArgs& a) { row<2, 5>(a); }
void dwconv_x8s8_rxs_neondot(const RowArgs& a) { row<0, 0>(a); }

const Kernels kKernelsNeondot = {dwconv_x8s8_prep4_neondot, dwconv_x8s8_3x3_neondot, dwconv_x8s8_5x5_neondot,
                                 dwconv_x8s8_rxs_neondot};

}  // namespace octet::dwdot
