// The x86 GEMM microkernel, written once: the row pointers, the tap (ks) and
// reduction (kc) loops, the 1-3 byte reduction tail, the register-resident
// accumulators and the call to the output stage. Every x86 GEMM kernel is
// this driver instantiated with an ISA "Step", the part that differs between
// ISAs (the vector width; how one group of 4 reduction elements is loaded,
// broadcast and multiply-accumulated), and the Output stage of the width
// (OutputStageYmm, avx2/gemm_out_ymm.h; OutputStageZmm,
// avx512bw/output_avx512.h; OutputStageZmmYmm, avx512bw/output_zmm_ymm.h,
// for the mixed-width vectors of SplitOps).
//
// A Step provides (C4Step below builds one from an arithmetic such as
// Int16Pairs or Dpbusd):
//   using vec; lanes (int32 per vec); using weight (int8_t or int16_t panels)
//   zero()                                     a zero accumulator
//   add(a, b)                                  int32 lane sums (the accumulators' start)
//   group<MR, NV, S8>(acc, xs, wp)             one group of 4 reduction
//                                              elements: xs[m] = row m's 4 bytes
//   has_loop<MR, NV>, loop<MR, NV, S8>(acc, row, wp, n)
//                                              a hand-scheduled loop over n full
//                                              groups (advances wp), if the tile has one
// and an Output stage: Output(params, w, NR).tile<MR, NV, AddFolded>(acc, mr, nc, c,
// cm_stride), called with AddFolded = false (TileOutput, below).
//
// One translation unit per kernel instantiates it with OCTET_X86_GEMM_KERNEL,
// compiled with its ISA's flags. Everything has internal linkage (unnamed
// namespace): each ISA's file keeps its own copy, so the linker can never
// hand one ISA's code to another.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "src/core/gemm_ukernel.h"
#include "src/x86/emulation.h"
#include "src/x86/gemm_tail.h"

namespace octet::x86 {
namespace {

// The vector type of a width in bytes (a specialisation rather than a
// template argument: GCC drops the vector types' attributes there).
template <size_t Bytes>
struct IntVec;
template <>
struct IntVec<32> {
  using type = __m256i;
};
template <>
struct IntVec<64> {
  using type = __m512i;
};

// The integer vector operations of one width (32: ymm, 64: zmm), named once
// so that the arithmetic below is written once for both widths.
template <size_t Bytes>
struct VecOps {
  using vec = typename IntVec<Bytes>::type;
  static constexpr bool kZmm = Bytes == 64;
  static constexpr size_t lanes = Bytes / 4;  // int32 lanes

  static vec zero() {
    if constexpr (kZmm)
      return _mm512_setzero_si512();
    else
      return _mm256_setzero_si256();
  }
  static vec load(const void* p) {  // aligned
    if constexpr (kZmm)
      return _mm512_load_si512(p);
    else
      return _mm256_load_si256(static_cast<const __m256i*>(p));
  }
  static vec loadu(const void* p) {
    if constexpr (kZmm)
      return _mm512_loadu_si512(p);
    else
      return _mm256_loadu_si256(static_cast<const __m256i*>(p));
  }
  static vec set1(uint32_t v) {
    if constexpr (kZmm)
      return _mm512_set1_epi32(static_cast<int32_t>(v));
    else
      return _mm256_set1_epi32(static_cast<int32_t>(v));
  }
  static vec bitwise_xor(vec a, vec b) {
    if constexpr (kZmm)
      return _mm512_xor_si512(a, b);
    else
      return _mm256_xor_si256(a, b);
  }
  static vec add(vec a, vec b) {  // int32 lanes
    if constexpr (kZmm)
      return _mm512_add_epi32(a, b);
    else
      return _mm256_add_epi32(a, b);
  }
  static vec madd16(vec a, vec b) {  // vpmaddwd
    if constexpr (kZmm)
      return _mm512_madd_epi16(a, b);
    else
      return _mm256_madd_epi16(a, b);
  }
  static vec shuffle8(vec a, vec b) {  // vpshufb
    if constexpr (kZmm)
      return _mm512_shuffle_epi8(a, b);
    else
      return _mm256_shuffle_epi8(a, b);
  }
  static vec dpbusd(vec acc, vec a, vec b) {  // u8 x s8 -> s32, 4 per lane
    if constexpr (kZmm)
      return _mm512_dpbusd_epi32(acc, a, b);
    else
      return OCTET_DPBUSD_YMM(acc, a, b);
  }

  // x32 (4 activation bytes) in every lane; s8 input gets its sign bits
  // flipped (x + 128: the kernels multiply u8 activations).
  template <bool S8>
  static vec broadcast(uint32_t x32) {
    const vec x = set1(x32);
    return S8 ? bitwise_xor(x, set1(0x80808080u)) : x;
  }
  // A broadcast x (every lane the same) with each lane's bytes picked by
  // pattern (vpshufb; 0x80: a zero byte).
  static vec shuffle_lanes(vec x, uint32_t pattern) { return shuffle8(x, set1(pattern)); }
};

using Ymm = VecOps<32>;
using Zmm = VecOps<64>;

// A vector of Wide beside one of Narrow, used as one vector of Wide::lanes +
// Narrow::lanes int32 lanes, so that a tile as wide as both (ZmmYmm: 16 + 8
// = 24 columns) is one of them per row and no column is padding. The Narrow
// half runs at its own width: on Zen 4 a zmm vpdpbusd issues once a cycle and
// a ymm twice, so a 24-column row group costs 1.5 cycles where a padded
// 32-column one costs 2. The weights of one group are the 4 (Wide::lanes +
// Narrow::lanes) bytes the packer writes for that nr: Wide loads the first
// ones (unaligned: a 96-byte group is not 64-byte aligned), Narrow the rest
// (aligned: the groups are 32-byte aligned). One broadcast serves both
// halves, Narrow using Wide's low part.
template <class Wide, class Narrow>
struct SplitOps {
  struct vec {
    typename Wide::vec wide;
    typename Narrow::vec narrow;
  };
  static constexpr size_t lanes = Wide::lanes + Narrow::lanes;

  static vec zero() { return {Wide::zero(), Narrow::zero()}; }
  static vec load(const void* p) {
    return {Wide::loadu(p), Narrow::load(static_cast<const char*>(p) + Wide::lanes * 4)};
  }
  static vec dpbusd(vec acc, vec a, vec b) {
    return {Wide::dpbusd(acc.wide, a.wide, b.wide), Narrow::dpbusd(acc.narrow, a.narrow, b.narrow)};
  }
  static vec add(vec a, vec b) { return {Wide::add(a.wide, b.wide), Narrow::add(a.narrow, b.narrow)}; }
  static vec madd16(vec a, vec b) { return {Wide::madd16(a.wide, b.wide), Narrow::madd16(a.narrow, b.narrow)}; }
  template <bool S8>
  static vec broadcast(uint32_t x32) {
    const typename Wide::vec x = Wide::template broadcast<S8>(x32);
    return {x, low_part(x)};
  }
  // Broadcast vectors have every lane the same, so the Narrow half is the
  // low part of the Wide one and one shuffle serves both.
  static vec shuffle_lanes(vec x, uint32_t pattern) {
    const typename Wide::vec s = Wide::shuffle_lanes(x.wide, pattern);
    return {s, low_part(s)};
  }

 private:
  static __m256i low_part(__m512i x) { return _mm512_castsi512_si256(x); }
};

// 24 lanes: a zmm and an EVEX ymm (AVX512-VL), 27 of the 32 registers for a
// 12-row tile (24 accumulators, 2 weight halves, the broadcast).
using ZmmYmm = SplitOps<Zmm, Ymm>;

// The arithmetic of one group of 4 reduction elements, per (row, column
// vector): X = a row's activations as the multiply wants them, W = a column
// vector's weights, mac(acc, X, W).

// Exact int16 pairs (vpmaddwd): int16 panels, [2][NR][2] per group. vpshufb
// zero-extends the activation pairs (x0,x1), (x2,x3) into every 32-bit lane;
// |x0*w0 + x1*w1| <= 2*255*128 never saturates.
template <class V>
struct Int16Pairs : V {
  using vec = typename V::vec;
  using weight = int16_t;
  struct X {
    vec x01, x23;
  };
  struct W {
    vec w01, w23;
  };
  template <bool S8>
  static X load_x(uint32_t x32) {
    const vec x = V::template broadcast<S8>(x32);
    return {V::shuffle_lanes(x, 0x80018000u), V::shuffle_lanes(x, 0x80038002u)};
  }
  template <size_t NR>
  static W load_w(const int16_t* wp, size_t v) {
    return {V::load(wp + v * 2 * V::lanes), V::load(wp + NR * 2 + v * 2 * V::lanes)};
  }
  static vec mac(vec acc, const X& x, const W& w) {
    return V::add(acc, V::add(V::madd16(x.x01, w.w01), V::madd16(x.x23, w.w23)));
  }
};

// int8 panels ([NR][4] per group: lane n holds channel n's 4 weights) and the
// broadcast activation word; Mac is the multiply-accumulate.
template <class V>
struct Int8Quads : V {
  using vec = typename V::vec;
  using weight = int8_t;
  using X = vec;
  using W = vec;
  template <bool S8>
  static X load_x(uint32_t x32) {
    return V::template broadcast<S8>(x32);
  }
  template <size_t NR>
  static W load_w(const int8_t* wp, size_t v) {
    return V::load(wp + v * V::lanes * 4);
  }
};

// vpdpbusd: u8 x s8 -> s32, exact by construction.
template <class V>
struct Dpbusd : Int8Quads<V> {
  using vec = typename V::vec;
  static vec mac(vec acc, vec x, vec w) { return V::dpbusd(acc, x, w); }
};

// The Step of an arithmetic A. kHoist: the group's NV weight vectors are
// loaded once and reused by every row (the zmm tiles, and ymm tiles with
// NV * (MR + 1) + 1 <= 16); else loaded per row (AVX2 tiles whose
// accumulators leave no registers for them; the load folds into the multiply).
template <class A, bool kHoist = true>
struct C4Step : A {
  template <size_t MR, size_t NV>
  static constexpr bool has_loop = false;

  template <size_t MR, size_t NV, bool S8>
  __attribute__((always_inline)) static void group(typename A::vec (&acc)[MR][NV], const uint32_t (&xs)[MR],
                                                   const typename A::weight* wp) {
    constexpr size_t NR = NV * A::lanes;
    typename A::W w[NV];
    if constexpr (kHoist) {
#pragma GCC unroll 16
      for (size_t v = 0; v < NV; ++v) w[v] = A::template load_w<NR>(wp, v);
    }
#pragma GCC unroll 16
    for (size_t m = 0; m < MR; ++m) {
      const typename A::X x = A::template load_x<S8>(xs[m]);
#pragma GCC unroll 16
      for (size_t v = 0; v < NV; ++v) {
        if constexpr (kHoist) {
          acc[m][v] = A::mac(acc[m][v], x, w[v]);
        } else {
          acc[m][v] = A::mac(acc[m][v], x, A::template load_w<NR>(wp, v));
        }
      }
    }
  }
};

// The output of a tile of NR columns through an output stage object
// (OutputStageZmm, OutputStageYmm, OutputStageZmmYmm), built once per tile so
// that its constants stay in registers.
// The accumulators start from the panel's folded[] (gemm_c4 loads it once
// per tile), so the stage does not add it to every row (tile<MR, NV, false>:
// 28 loads and vpaddd less on a 7 x 64 tile, ~7% of a K = 64 1x1 layer).
template <class Stage>
struct TileOutput {
  template <size_t MR, size_t NV, size_t NR, class Vec>
  __attribute__((always_inline)) static void output(const Vec (&acc)[MR][NV], size_t mr, size_t nc, const void* w,
                                                    void* c, size_t cm_stride, const GemmParams& params) {
    Stage(params, w, NR).template tile<MR, NV, false>(acc, mr, nc, c, cm_stride);
  }
};

// The kernel: MR x (NV * lanes) tile, S8: the activations are int8.
template <class Step, class Output, size_t MR, size_t NV, bool S8>
void gemm_c4(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c, size_t cm_stride,
             const GemmParams* params) {
  using weight = typename Step::weight;
  using vec = typename Step::vec;
  constexpr size_t NR = NV * Step::lanes;
  const PanelHeader header(w, NR);
  const weight* const w0 = header.template weights_as<weight>();
  const weight* wp = w0;
  vec init[NV];
#pragma GCC unroll 16
  for (size_t v = 0; v < NV; ++v) {
    // folded[] (plus a strided tile's acc_init): the stage does not add it.
    // lanes int32, not sizeof(vec): a split vector (zmm + ymm, 24 lanes) is
    // padded to 128 bytes, and the panel's starts end after NR lanes.
    init[v] = Step::zero();
    std::memcpy(&init[v], header.folded + v * Step::lanes, Step::lanes * 4);
    if (params->acc_init != nullptr) {
      vec s = Step::zero();
      std::memcpy(&s, params->acc_init + v * Step::lanes, Step::lanes * 4);
      init[v] = Step::add(init[v], s);
    }
  }
  vec acc[MR][NV];
#pragma GCC unroll 16
  for (size_t m = 0; m < MR; ++m) {
#pragma GCC unroll 16
    for (size_t v = 0; v < NV; ++v) acc[m][v] = init[v];
  }
  const size_t kfull = kc / 4, ktail = kc % 4;
  const size_t tap_elems = (kfull + (ktail != 0 ? 1 : 0)) * NR * 4;  // one tap of the panel
  const size_t a_stride = params->a_stride;
  const uint32_t* const w_taps = params->w_taps;

  for (size_t t = 0; t < ks; ++t) {
    const uint8_t* row[MR];
    // Rows past mr repeat the last real row: always valid memory, never stored.
    if (a_stride != 0) {
      const uint8_t* base = static_cast<const uint8_t*>(a[t]);
#pragma GCC unroll 16
      for (size_t m = 0; m < MR; ++m) row[m] = base + (m < mr ? m : mr - 1) * a_stride;
    } else {
#pragma GCC unroll 16
      for (size_t m = 0; m < MR; ++m) row[m] = static_cast<const uint8_t*>(a[t * mr + (m < mr ? m : mr - 1)]);
    }
    if (w_taps != nullptr) wp = w0 + w_taps[t] * tap_elems;
    if constexpr (Step::template has_loop<MR, NV>) {
      if (kfull != 0) Step::template loop<MR, NV, S8>(acc, row, wp, kfull);
    } else {
      for (size_t b = 0; b < kfull; ++b) {
        uint32_t xs[MR];
#pragma GCC unroll 16
        for (size_t m = 0; m < MR; ++m) std::memcpy(&xs[m], row[m] + 4 * b, 4);
        Step::template group<MR, NV, S8>(acc, xs, wp);
        wp += NR * 4;
      }
    }
    if (ktail != 0) {
      // Exactly the kc bytes of the row, zeros after (their weights are 0 too).
      uint32_t xs[MR];
#pragma GCC unroll 16
      for (size_t m = 0; m < MR; ++m) xs[m] = load_tail(row[m] + 4 * kfull, ktail);
      Step::template group<MR, NV, S8>(acc, xs, wp);
      wp += NR * 4;
    }
  }

  TileOutput<Output>::template output<MR, NV, NR>(acc, mr, nc, w, c, cm_stride, *params);
}

// The u8 or s8 activation variant of an MR-row tile.
template <class Step, class Output, size_t MR, size_t NV>
void gemm_c4_signed(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c,
                    size_t cm_stride, const GemmParams* params) {
  if (params->input_s8) {
    gemm_c4<Step, Output, MR, NV, true>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  } else {
    gemm_c4<Step, Output, MR, NV, false>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  }
}

// The exported entry point of one tile. A short call runs a shorter
// instantiation on the same panels (gemm_tile_rows: 2 rows for mr <= 2, 4 for
// mr <= 4), so the corners of a strided plan and the last tile of a run do
// not compute MR rows for one or two pixels.
template <class Step, class Output, size_t MR, size_t NV>
void gemm_c4_entry(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c,
                   size_t cm_stride, const GemmParams* params) {
  if constexpr (MR > 2) {
    if (mr <= 2) return gemm_c4_signed<Step, Output, 2, NV>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  }
  if constexpr (MR > 4) {
    if (mr <= 4) return gemm_c4_signed<Step, Output, 4, NV>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  }
  gemm_c4_signed<Step, Output, MR, NV>(mr, nc, kc, ks, a, w, c, cm_stride, params);
}

}  // namespace
}  // namespace octet::x86

// Defines the GemmUkernelFn NAME (NAME_emu in the tests' emulated build, see
// emulation.h) in octet::x86: the driver with STEP and the output stage
// OUTPUT on an MR x (NV * lanes) tile.
#define OCTET_X86_GEMM_KERNEL(NAME, STEP, OUTPUT, MR, NV)                                                        \
  namespace octet::x86 {                                                                                         \
  void OCTET_UKERNEL_NAME(NAME)(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, \
                                void* c, size_t cm_stride, const GemmParams* params) {                           \
    gemm_c4_entry<STEP, OUTPUT, MR, NV>(mr, nc, kc, ks, a, w, c, cm_stride, params);                             \
  }                                                                                                              \
  }
