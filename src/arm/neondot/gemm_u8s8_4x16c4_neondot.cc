// GEMM microkernel, 4 x 16 tile, reduction in groups of 4 (c4), ARMv8.2 dot
// product (sdot, by element).
//
// sdot multiplies signed bytes. s8 activations go in as they are; u8
// activations have their sign bit flipped (x ^ 0x80 == x - 128 as int8) and
// the packing folds the matching zero point (x_zp_eff = x_zp - 128, see
// GemmKernel::s8_activations), so the arithmetic stays exact either way.
//
// Registers: 16 accumulators (4 rows x 4 quads of columns), 4 activation
// vectors (16 reduction elements of each row), weights streamed 4 at a time.
// Main loop: 16 reduction elements per iteration = 64 sdot.
#include <arm_neon.h>

#include <cstring>

#include "src/arm/gemm_epilogue.h"
#include "src/arm/gemm_kernels.h"

namespace octet::arm {

namespace {

constexpr size_t MR = 4, NR = 16, KR = 4;

// Loads n (1..4) bytes into lane 0 of a vector (the rest zero): a tail group.
inline int8x16_t load_group_partial(const int8_t* p, size_t n) {
  uint32_t v = 0;
  std::memcpy(&v, p, n);
  return vreinterpretq_s8_u32(vdupq_n_u32(v));
}

inline int8x16_t load_group(const int8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return vreinterpretq_s8_u32(vdupq_n_u32(v));
}

template <bool kFlip>
inline int8x16_t prep(int8x16_t v) {
  return kFlip ? veorq_s8(v, vdupq_n_s8(INT8_MIN)) : v;
}

// acc[m][q] += sum over the 4 elements of group G of activation row m times
// the weights of columns 4q..4q+3 (w[q]).
#define OCTET_SDOT_GROUP(G, w)                                                       \
  for (size_t m = 0; m < MR; ++m) {                                                  \
    acc[m][0] = vdotq_laneq_s32(acc[m][0], w[0], va[m], G);                          \
    acc[m][1] = vdotq_laneq_s32(acc[m][1], w[1], va[m], G);                          \
    acc[m][2] = vdotq_laneq_s32(acc[m][2], w[2], va[m], G);                          \
    acc[m][3] = vdotq_laneq_s32(acc[m][3], w[3], va[m], G);                          \
  }

template <bool kFlip>
void gemm_impl(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c,
               size_t cm_stride, const GemmParams* params) {
  const PanelHeader<NR> h(w);
  int32x4_t acc[MR][NR / 4];
  for (size_t q = 0; q < NR / 4; ++q) {
    const int32x4_t f = vld1q_s32(h.folded + 4 * q);
    for (size_t m = 0; m < MR; ++m) acc[m][q] = f;
  }
  const int8_t* wp = h.weights;
  for (size_t t = 0; t < ks; ++t) {
    // Rows past mr alias the last real row; their results are never stored.
    const int8_t* ap[MR];
    for (size_t m = 0; m < MR; ++m) ap[m] = static_cast<const int8_t*>(a[t * mr + (m < mr ? m : mr - 1)]);
    size_t k = kc;
    for (; k >= 16; k -= 16) {
#ifdef OCTET_MCA_MARKERS
      __asm__ volatile("// LLVM-MCA-BEGIN gemm_u8s8_4x16c4_neondot");
#endif
      int8x16_t va[MR];
      for (size_t m = 0; m < MR; ++m) {
        va[m] = prep<kFlip>(vld1q_s8(ap[m]));
        ap[m] += 16;
      }
      int8x16_t w0[4] = {vld1q_s8(wp), vld1q_s8(wp + 16), vld1q_s8(wp + 32), vld1q_s8(wp + 48)};
      OCTET_SDOT_GROUP(0, w0)
      int8x16_t w1[4] = {vld1q_s8(wp + 64), vld1q_s8(wp + 80), vld1q_s8(wp + 96), vld1q_s8(wp + 112)};
      OCTET_SDOT_GROUP(1, w1)
      int8x16_t w2[4] = {vld1q_s8(wp + 128), vld1q_s8(wp + 144), vld1q_s8(wp + 160), vld1q_s8(wp + 176)};
      OCTET_SDOT_GROUP(2, w2)
      int8x16_t w3[4] = {vld1q_s8(wp + 192), vld1q_s8(wp + 208), vld1q_s8(wp + 224), vld1q_s8(wp + 240)};
      OCTET_SDOT_GROUP(3, w3)
      wp += 256;
#ifdef OCTET_MCA_MARKERS
      __asm__ volatile("// LLVM-MCA-END");
#endif
    }
    // Remaining whole groups, then a partial group (zero-filled: its weights are 0).
    for (; k != 0; k = k >= KR ? k - KR : 0) {
      const size_t n = k >= KR ? KR : k;
      int8x16_t va[MR];
      for (size_t m = 0; m < MR; ++m) {
        va[m] = prep<kFlip>(n == KR ? load_group(ap[m]) : load_group_partial(ap[m], n));
        ap[m] += n;
      }
      int8x16_t w0[4] = {vld1q_s8(wp), vld1q_s8(wp + 16), vld1q_s8(wp + 32), vld1q_s8(wp + 48)};
      OCTET_SDOT_GROUP(0, w0)
      wp += 64;
    }
  }
  for (size_t m = 0; m < mr; ++m) {
    finish_row<NR>(acc[m], h, params->a_sums, m, nc, params, static_cast<char*>(c) + m * cm_stride);
  }
}

#undef OCTET_SDOT_GROUP

}  // namespace

void gemm_u8s8_4x16c4_neondot(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w,
                              void* c, size_t cm_stride, const GemmParams* params) {
  if (params->input_s8) {
    gemm_impl<false>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  } else {
    gemm_impl<true>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  }
}

}  // namespace octet::arm
