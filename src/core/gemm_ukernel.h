// The GEMM microkernel contract shared by every ISA (x86 and AArch64).
//
// A microkernel computes an mr x nc tile (mr <= MR, nc <= NR) of
//   C[m][n] = requantize( sum_{t < ks} sum_{i < kc} A[t][m][i] * W[n][t][i] + folded[n]
//                         - w_zp[n] * a_sums[m] )
// where A[t][m] is the row pointer a[t * mr + m] (an indirection buffer: for a
// 1x1 convolution the NHWC pixel rows themselves, for a general convolution a
// pointer per (tap, output pixel), padding pointing at a row of x_zero_point
// bytes; for im2col, ks == 1 and a row of the im2col workspace).
//
// Each row pointer is valid for exactly kc bytes: kernels never read past it
// (tails are loaded with partial loads), and never write past the nc x mr tile.
//
// The packed weights of one block of NR output channels (a "panel"; the
// header fields are those of PanelHeader below):
//   int32_t     folded[NR]   int32 bias - x_zp_eff * sum(w) + ks*kc * x_zp * w_zp
//                            (wrapping int32 arithmetic; x_zp as stored, because
//                            a_sums are sums of the stored values: see below)
//   int32_t     w_zp[NR]     weight zero points (all 0 in the common symmetric case)
//   ChannelWord a[NR], b[NR] requantization words (src/core/requant_simd.h)
//   weights: for t < ks, for each group of KR reduction elements (ceil(kc/KR)),
//            NR x KR elements (int8_t, or int16_t for the exact AVX2 family);
//            reduction elements past kc, and channels past the real K, are 0.
//            Within a KR group the order is [NR][KR] for int8 panels (lane n holds
//            the KR bytes of channel n: vpdpbusd, sdot) and [KR/2][NR][2] for
//            int16 panels (pair p of channel n = elements 2p, 2p+1: vpmaddwd).
// Panels are stored one after another, each `gemm_panel_bytes(...)` long and
// 64-byte aligned.
//
// x_zp_eff is the input zero point as the kernel sees activations: for a u8 x s8
// kernel (vpdpbusd, usdot) fed s8 activations, the kernel flips their sign bit
// (x + 128) and x_zp_eff = x_zp + 128; for an s8 x s8 kernel (sdot:
// u8_activations == false) fed u8 activations, it flips them the other way
// (x - 128) and x_zp_eff = x_zp - 128; otherwise x_zp_eff = x_zp.
//
// Why the w_zp term uses the stored x_zp: with x_eff = x + d (the flip, d = +-128),
//   sum (x - x_zp)(w - w_zp) = sum x_eff*w - x_zp_eff*sum(w) - w_zp*sum(x) + taps*x_zp*w_zp,
// so with a_sums = sum(x) over the stored values the constant is taps*x_zp*w_zp.
// All of it is exact modulo 2^32, and the final value fits int32 (validation).
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "octet/octet.h"
#include "src/core/conv_config.h"
#include "src/core/requant_simd.h"

namespace octet {

// The header of one panel: the one definition of its layout, which the packer
// writes and the kernels read through. Void is `void` for the packer and
// `const void` for a kernel (deduced: PanelHeader h(panel, nr)). With a
// compile-time nr the pointers fold to constant offsets.
template <class Void = const void>
struct PanelHeader {
  template <class T>
  using Field = std::conditional_t<std::is_const_v<Void>, const T, T>;

  Field<int32_t>* folded;       // [nr]
  Field<int32_t>* w_zp;         // [nr]
  Field<simd::ChannelWord>* a;  // [nr]
  Field<simd::ChannelWord>* b;  // [nr]
  Void* weights;                // the packed weights, right after b

  PanelHeader(Void* panel, size_t nr)
      : folded(static_cast<Field<int32_t>*>(panel)),
        w_zp(folded + nr),
        a(reinterpret_cast<Field<simd::ChannelWord>*>(w_zp + nr)),
        b(a + nr),
        weights(b + nr) {}

  // The panel's weights as T (int8_t, or int16_t for int16 panels).
  template <class T>
  Field<T>* weights_as() const {
    return static_cast<Field<T>*>(weights);
  }

  // Bytes of the header of an nr-column panel.
  static constexpr size_t bytes(size_t nr) { return nr * (2 * sizeof(int32_t) + 2 * sizeof(simd::ChannelWord)); }
};

// Per-operator constants a microkernel needs besides its panel.
struct GemmParams {
  simd::OutputParams out;        // mode, zero point, clamp
  octet_datatype out_type;       // u8, s8, or s32 (raw: accumulator + folded, no requantization)
  bool input_s8;                 // activations are int8 (u8 x s8 kernels flip their sign bit)
  const int32_t* a_sums;         // mr per-row sums of the activations (with padding as x_zp), or nullptr
                                 // when every w_zp is 0. Sums of the values as stored (s8 or u8).
  // Strided tiles (only for kernels with GemmKernel::strided_taps; zero / null
  // otherwise). A convolution tile whose pixels are equally spaced in the input
  // and whose windows share their padding skips its padded taps:
  //   a_stride  nonzero: a holds one pointer per tap, row m of tap t at
  //             (const char*)a[t] + m * a_stride (rows past mr: row mr - 1);
  //   w_taps    non-null: call tap t multiplies the panel's tap w_taps[t] (the
  //             taps the call runs, a subset of the panel's, any order);
  //   acc_init  non-null: the accumulators start at acc_init[n] (exactly NR
  //             int32 of the panel, any alignment, padding columns 0) instead of 0:
  //             x_zp_eff * sum(w) over the skipped taps, which the panel's
  //             folded term subtracted as if they had run on x_zp rows.
  size_t a_stride;
  const uint32_t* w_taps;
  const int32_t* acc_init;
};

// c: output tile base; row m, column n at (char*)c + m * cm_stride + n * element_size.
using GemmUkernelFn = void (*)(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w,
                               void* c, size_t cm_stride, const GemmParams* params);

// The multi-panel entry of a kernel (GemmKernel::fn_panels): rows [0, mr) of
// one tile across the ceil(n / NR) consecutive panels that hold its n columns
// (n > 0), panel q at (char*)w + q * panel_stride writing columns from
// (char*)c + q * NR * element_size, the last panel the n - (panels - 1) * NR
// left. The bytes are those of one fn call per panel; the kernel may overlap
// one panel's output stage with the next panel's arithmetic.
using GemmPanelsFn = void (*)(size_t mr, size_t n, size_t kc, size_t ks, const void* const* a, const void* w,
                              size_t panel_stride, void* c, size_t cm_stride, const GemmParams* params);

// A kernel and the shape of the panels it reads.
struct GemmKernel {
  GemmUkernelFn fn;
  size_t mr, nr, kr;
  bool int16_weights;  // panel weights are int16 (exact AVX2 vpmaddwd family)
  bool u8_activations; // the kernel multiplies u8 activations (s8 input needs the +128 flip);
                       // false: s8 activations (u8 input needs the -128 flip)
  octet_isa isa;
  const char* name;    // e.g. "gemm_u8s8_4x16c4_avx512vnni"
  // 0 for exact kernels. Nonzero: the kernel sums adjacent reduction elements
  // (2p, 2p+1 of each KR group) of u8 activations in int16 with saturation
  // (vpmaddubsw), which is exact only when |w[2p]| + |w[2p+1]| <= pair_abs_limit
  // for every packed pair (255 * 128 < 2^15). A path may use such a kernel only
  // after checking its packed weights (gemm_weights_fit_pair_limit).
  int pair_abs_limit = 0;
  // Where the kernel stops paying against the best kernel of a lower ISA
  // (0: never). min_kc: the smallest per-tap reduction (the kc a convolution
  // mode gives each call) the selector picks this kernel's ISA for. min_m: a
  // run of fewer output pixels runs, on the same packed panels, the best
  // lower-ISA kernel that reads them (KernelSelector::gemm_few_rows).
  size_t min_kc = 0;
  size_t min_m = 0;
  // Null, or the multi-panel entry the driver calls instead of looping over
  // panels itself (GemmPanelsFn; the rows of src/core/kernel_list.h fill it).
  GemmPanelsFn fn_panels = nullptr;
  // The kernel honours GemmParams::a_stride, w_taps and acc_init (the x86
  // driver, src/x86/gemm_driver.h); paths give the others zero and null.
  bool strided_taps = false;
};

// The rows a kernel of tile height MR computes for an mr-row call, when it is
// the x86 driver's (GemmKernel::strided_taps): 2 for mr <= 2, 4 for mr <= 4,
// else MR (src/x86/gemm_driver.h). What a tiling plan pays for a short tile.
constexpr size_t gemm_tile_rows(size_t MR, size_t mr) { return mr <= 2 && MR > 2 ? 2 : mr <= 4 && MR > 4 ? 4 : MR; }

// True when a and b read the same packed panels (gemm_pack_panel packs the
// same bytes for both): one may run on the other's panels.
inline bool gemm_same_panels(const GemmKernel& a, const GemmKernel& b) {
  return a.nr == b.nr && a.kr == b.kr && a.int16_weights == b.int16_weights && a.u8_activations == b.u8_activations;
}

// True when every pair of weights the kernel would sum in int16 (elements
// 2p, 2p+1 of each KR group, per tap, for the channels of every group) has
// |w_a| + |w_b| <= k.pair_abs_limit. Always true for exact kernels.
bool gemm_weights_fit_pair_limit(const GemmKernel& k, const ConvConfig& cfg, size_t ks, size_t kc);

// Bytes of the panel header (PanelHeader<>::bytes(k.nr)).
size_t gemm_panel_header_bytes(const GemmKernel& k);

// Bytes of one panel for (nr, kr, ks, kc, weight element size), rounded up to 64.
size_t gemm_panel_bytes(const GemmKernel& k, size_t ks, size_t kc);

// Packs output channels [n0, n0 + nr) of group g (channels past the group's
// end are zero) into one panel. The reduction order is the weights' own
// [r][s][c] order: tap t = r * S + s, element i = c; with im2col the caller
// passes ks = 1 and kc = R*S*C/groups.
void gemm_pack_panel(const GemmKernel& k, const ConvConfig& cfg, size_t g, size_t n0, size_t ks, size_t kc,
                     int32_t x_zp_eff, void* panel);

}  // namespace octet
