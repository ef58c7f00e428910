// The output stage, written once: int32 accumulators -> the mode's rounded
// value r -> u8 / s8 (or raw s32), over a struct of lane operations L, one
// per vector ISA (src/x86/output_lanes.h: ymm and zmm; src/arm/neon/
// output_neon.h: q registers). Operands stay in registers: every function
// is forced inline, and a template instantiated with an L of internal linkage
// has internal linkage itself, so each kernel file (compiled with its own
// flags) keeps its own copy.
//
// The steps, bit for bit src/ref/requantize.cc:
//   to_int: r per vector of int32 lanes
//     fbgemm / qnnpack: f = (f32(v) + bias) * scale (two roundings, no FMA),
//       L::round (cvtps2dq's INT32_MIN for |f| >= 2^31, as the reference);
//     onednn: + zero point and the clamp in float, then L::round_in_range;
//     fixedpoint: the gemmlowp steps of src/ref/fixedpoint.cc, as L::Fixed
//       (the ISA's saturating shift and rounding multiply, or FixedByCompare).
//   narrow: int32 -> int16 saturating, + zero point saturating (not for
//     onednn), -> u8 / s8 saturating, then the clamp in bytes. Saturating
//     narrowing is monotonic and [min, max] lies inside every intermediate
//     range, so this is clamp(r + zp, min, max) of src/ref exactly. onednn
//     values are already in [min, max]: its narrowing is exact and its clamp
//     the identity.
//
// L provides, for vectors I (int32 lanes), F (float lanes), W (the int16 of
// two I), B (the bytes of four I):
//   kLanes; set1 zero loadu add sub mullo max (I); set1_f loadu_f add_f mul_f
//   min_f max_f cvt_f (I -> F) as_int (F bits as I) round round_in_range (F -> I);
//   packs32 (I, I -> W) adds16 set1_16; packs16 packus16 (W, W -> B) set1_8
//   min_u8 max_u8 min_s8 max_s8; to_channel_order (B: the packs' lane order
//   -> channel order); store_i32 / store_bytes (dst, v, n): the first n lanes;
//   Fixed: sat_shl(v, left), rdmulh(a, m), rdiv(t, e) (see FixedByCompare).
#pragma once

#include <cstddef>
#include <cstdint>

#include "src/core/gemm_ukernel.h"
#include "src/core/requant_simd.h"

#define OCTET_OUT_INLINE inline __attribute__((always_inline))

namespace octet::simd {

// Per-operator constants, broadcast (kernels short of registers fill the
// fields from memory at each use instead; see the direct depthwise kernels).
template <class L>
struct OutConsts {
  typename L::F zpf, minf, maxf;
  typename L::W zp16;
  typename L::B min8, max8;
  OutConsts() = default;
  explicit OutConsts(const OutputParams& o)
      : zpf(L::set1_f(static_cast<float>(o.zero_point))),
        minf(L::set1_f(static_cast<float>(o.min))),
        maxf(L::set1_f(static_cast<float>(o.max))),
        zp16(L::set1_16(o.zero_point)),
        min8(L::set1_8(o.min)),
        max8(L::set1_8(o.max)) {}
};

// The fixedpoint steps from compares and selects, for ISAs without saturating
// shifts and rounding multiplies (x86). L adds: and_ sllv srav srl<n>, eq gt
// (-> L::M) select(m, t, f) add_one_if(x, m) saturated(v); the 64-bit lane
// ops set1_64 add64 srl64<n> sll64<n>, mul_even (vpmuldq), blend_odd(e, o).
template <class L>
struct FixedByCompare {
  using I = typename L::I;

  // v << left, saturated: it fits exactly when shifting back gives v.
  static OCTET_OUT_INLINE I sat_shl(I v, I left) {
    const I sh = L::sllv(v, left);
    return L::select(L::eq(L::srav(sh, left), v), sh, L::saturated(v));
  }

  // The rounding doubling high multiply. With m >= 0 the reference's
  // trunc((a*m + nudge) / 2^31) is floor((a*m + 2^30) / 2^31) for either
  // sign: bits 31..62 of a*m + 2^30, even lanes from vpmuldq, odd ones from
  // the high halves.
  static OCTET_OUT_INLINE I rdmulh(I a, I m) {
    const I half = L::set1_64(int64_t{1} << 30);
    const I pe = L::add64(L::mul_even(a, m), half);
    const I po = L::add64(L::mul_even(L::template srl64<32>(a), L::template srl64<32>(m)), half);
    return L::blend_odd(L::template srl64<31>(pe), L::template sll64<1>(po));
  }

  // t / 2^right (right = max(-e, 0) <= 31) rounding half away from zero:
  // + 1 when the remainder exceeds half the divisor (half plus one for
  // negative t).
  static OCTET_OUT_INLINE I rdiv(I t, I e) {
    const I zero = L::zero(), one = L::set1(1);
    const I right = L::max(L::sub(zero, e), zero);
    const I mask = L::sub(L::sllv(one, right), one);
    const I rem = L::and_(t, mask);
    const I threshold = L::add_one_if(L::template srl<1>(mask), L::gt(zero, t));
    return L::add_one_if(L::srav(t, right), L::gt(rem, threshold));
  }
};

// The arithmetic on single vectors, as the depthwise and grouped kernels use
// it (each ISA's namespace-like struct ymm / zmm / q4 derives from this).
template <class L>
struct OutputOps {
  using I = typename L::I;
  using F = typename L::F;
  using W = typename L::W;
  using B = typename L::B;
  using Consts = OutConsts<L>;

  // The two per-channel words of kLanes channels (bias and scale, or
  // multiplier and exponent), held as float vectors either way.
  static OCTET_OUT_INLINE F load_words(const ChannelWord* w) { return L::loadu_f(reinterpret_cast<const float*>(w)); }

  // The float modes' (v + bias) * scale, before rounding; onednn adds the
  // zero point and clamps in float.
  template <bool OneDnn>
  static OCTET_OUT_INLINE F scaled(I v, F bias, F scale, const Consts& c) {
    const F f = L::mul_f(L::add_f(L::cvt_f(v), bias), scale);
    return OneDnn ? L::min_f(L::max_f(L::add_f(f, c.zpf), c.minf), c.maxf) : f;
  }

  template <bool OneDnn>
  static OCTET_OUT_INLINE I rounded(F f) {
    return OneDnn ? L::round_in_range(f) : L::round(f);
  }

  // The fixedpoint mode's r: round(v * m * 2^(e - 31)) with TFLite's two
  // roundings (src/ref/fixedpoint.cc); m (Q31, >= 0) and e per lane.
  static OCTET_OUT_INLINE I fixed_to_int(I v, I m, I e) {
    using Fx = typename L::Fixed;
    return Fx::rdiv(Fx::rdmulh(Fx::sat_shl(v, L::max(e, L::zero())), m), e);
  }

  // r of one vector in mode K from its channels' words a, b.
  template <OutKind K>
  static OCTET_OUT_INLINE I to_int(I v, F a, F b, const Consts& c) {
    if constexpr (K == OutKind::kFixed) {
      return fixed_to_int(v, L::as_int(a), L::as_int(b));
    } else {
      return rounded<K == OutKind::kOneDnn>(scaled<K == OutKind::kOneDnn>(v, a, b, c));
    }
  }

  // Two vectors of r -> int16 (the ISA's packs order), + the zero point when
  // AddZp (every mode but onednn).
  template <bool AddZp>
  static OCTET_OUT_INLINE W narrow_words(I r0, I r1, W zp16) {
    const W w = L::packs32(r0, r1);
    return AddZp ? L::adds16(w, zp16) : w;
  }

  // Two vectors of words -> bytes (packs order), u8 or s8 saturation.
  template <bool U8>
  static OCTET_OUT_INLINE B narrow_bytes(W w0, W w1) {
    return U8 ? L::packus16(w0, w1) : L::packs16(w0, w1);
  }

  template <bool U8>
  static OCTET_OUT_INLINE B clamp_bytes(B b, B min8, B max8) {
    return U8 ? L::min_u8(L::max_u8(b, min8), max8) : L::min_s8(L::max_s8(b, min8), max8);
  }

  // Two vectors -> int16 in packs order (zero point added but for onednn),
  // the float steps of both vectors first and the roundings last: the order
  // the tuned depthwise kernels were scheduled with.
  template <OutKind K>
  static OCTET_OUT_INLINE W words2(I v0, I v1, F a0, F b0, F a1, F b1, const Consts& c) {
    if constexpr (K == OutKind::kFixed) {
      return narrow_words<true>(to_int<K>(v0, a0, b0, c), to_int<K>(v1, a1, b1, c), c.zp16);
    } else {
      constexpr bool kOneDnn = K == OutKind::kOneDnn;
      const F f0 = scaled<kOneDnn>(v0, a0, b0, c);
      const F f1 = scaled<kOneDnn>(v1, a1, b1, c);
      return narrow_words<!kOneDnn>(rounded<kOneDnn>(f0), rounded<kOneDnn>(f1), c.zp16);
    }
  }

  // Four vectors of r -> bytes in packs order, clamped (onednn: in range).
  template <OutKind K, bool U8>
  static OCTET_OUT_INLINE B bytes4(const I* r, const Consts& c) {
    constexpr bool kOneDnn = K == OutKind::kOneDnn;
    const B b =
        narrow_bytes<U8>(narrow_words<!kOneDnn>(r[0], r[1], c.zp16), narrow_words<!kOneDnn>(r[2], r[3], c.zp16));
    return kOneDnn ? b : clamp_bytes<U8>(b, c.min8, c.max8);
  }
};

// The GEMM output stage: rows of NV vectors of accumulators through the panel
// header (folded bias, w_zp * a_sum, the words), built once per tile so that
// its constants stay in registers. The mode and the output type are runtime
// values here (a branch per row); the float modes share the code.
template <class L>
struct GemmOutput {
  using Ops = OutputOps<L>;
  using I = typename L::I;
  using F = typename L::F;
  using B = typename L::B;
  static constexpr size_t kLanes = L::kLanes;

  const GemmParams& p;
  PanelHeader<> h;
  bool onednn, s8;
  typename Ops::Consts c;  // zp16: 0 for onednn (its zero point is in r)

  GemmOutput(const GemmParams& params, const void* panel, size_t nr)
      : p(params),
        h(panel, nr),
        onednn(p.out.mode == octet_requant_pytorch_onednn),
        s8(p.out_type == octet_datatype_s8),
        c(p.out) {
    if (onednn) c.zp16 = L::set1_16(0);
  }

  // One row: NV vectors of accumulators, nc (<= kLanes * NV) valid columns.
  // AddFolded: acc lacks folded[] (false: the kernel started from it).
  template <size_t NV, bool AddFolded = true>
  OCTET_OUT_INLINE void row(const I* acc, size_t nc, const int32_t* a_sum, void* dst) const {
    I x[NV];
    sums<NV, AddFolded>(acc, a_sum, x);
    if (p.out_type == octet_datatype_s32) {
#pragma GCC unroll 8
      for (size_t v = 0; v < NV; ++v) {
        if (v * kLanes >= nc) break;
        L::store_i32(static_cast<int32_t*>(dst) + v * kLanes, x[v], nc - v * kLanes);
      }
      return;
    }
    I r[NV];
    ints<NV>(x, r);
    store_bytes<NV>(r, nc, dst);
  }

  // The int32 sums of one row: acc (+ folded[] when AddFolded) - w_zp * a_sum.
  template <size_t NV, bool AddFolded>
  OCTET_OUT_INLINE void sums(const I* acc, const int32_t* a_sum, I (&x)[NV]) const {
#pragma GCC unroll 8
    for (size_t v = 0; v < NV; ++v) {
      x[v] = AddFolded ? L::add(acc[v], L::loadu(h.folded + v * kLanes)) : acc[v];
      if (a_sum) x[v] = L::sub(x[v], L::mullo(L::loadu(h.w_zp + v * kLanes), L::set1(*a_sum)));
    }
  }

  // The sums x of one row -> the mode's rounded r (u8 / s8 outputs).
  template <size_t NV>
  OCTET_OUT_INLINE void ints(const I (&x)[NV], I (&r)[NV]) const {
    if (p.out.mode == octet_requant_fixedpoint) {
#pragma GCC unroll 8
      for (size_t v = 0; v < NV; ++v) {
        r[v] = Ops::fixed_to_int(x[v], L::loadu(&h.a[v * kLanes].i), L::loadu(&h.b[v * kLanes].i));
      }
    } else {
#pragma GCC unroll 8
      for (size_t v = 0; v < NV; ++v) {
        F f =
            Ops::template scaled<false>(x[v], Ops::load_words(h.a + v * kLanes), Ops::load_words(h.b + v * kLanes), c);
        if (onednn) f = L::min_f(L::max_f(L::add_f(f, c.zpf), c.minf), c.maxf);
        r[v] = L::round(f);
      }
    }
  }

  // Four vectors of r -> their 4 * kLanes bytes, vector after vector in
  // channel order, zp16 added and clamped.
  OCTET_OUT_INLINE B bytes4(I r0, I r1, I r2, I r3) const {
    const auto w01 = Ops::template narrow_words<true>(r0, r1, c.zp16);
    const auto w23 = Ops::template narrow_words<true>(r2, r3, c.zp16);
    B b = s8 ? Ops::template narrow_bytes<false>(w01, w23) : Ops::template narrow_bytes<true>(w01, w23);
    b = L::to_channel_order(b);
    return s8 ? Ops::template clamp_bytes<false>(b, c.min8, c.max8) : Ops::template clamp_bytes<true>(b, c.min8, c.max8);
  }

  // NV vectors of r -> nc bytes in channel order, zp16 added and clamped.
  template <size_t NV>
  OCTET_OUT_INLINE void store_bytes(const I (&r)[NV], size_t nc, void* dst) const {
#pragma GCC unroll 2
    for (size_t q = 0; q < NV; q += 4) {
      // Up to 4 vectors -> 4 * kLanes bytes (fewer vectors repeat the last
      // ones; their bytes land past `valid` and are not stored).
      const I r0 = r[q], r1 = q + 1 < NV ? r[q + 1] : r0;
      const I r2 = q + 2 < NV ? r[q + 2] : r1, r3 = q + 3 < NV ? r[q + 3] : r2;
      const B b = bytes4(r0, r1, r2, r3);
      const size_t valid = nc - q * kLanes;
      L::store_bytes(static_cast<char*>(dst) + q * kLanes, b, valid);
      if (valid <= 4 * kLanes) break;
    }
  }

  // The whole tile: rows m < mr of acc (MR x NV, register-resident).
  template <size_t MR, size_t NV, bool AddFolded = true>
  OCTET_OUT_INLINE void tile(const I (&acc)[MR][NV], size_t mr, size_t nc, void* dst, size_t cm_stride) const {
#pragma GCC unroll 16
    for (size_t m = 0; m < MR; ++m) {
      if (m >= mr) break;
      row<NV, AddFolded>(acc[m], nc, p.a_sums ? p.a_sums + m : nullptr, static_cast<char*>(dst) + m * cm_stride);
    }
  }
};

}  // namespace octet::simd
