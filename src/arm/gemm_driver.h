// The AArch64 GEMM microkernel skeleton, written once: the exported entry
// (which activation variant runs) and, for the 4-row kernels (neondot,
// neoni8mm), the row pointers, the tap (ks) loop, the main loop over blocks
// of 16 reduction elements, the tail groups and the output. A kernel supplies
// only its "Step", the part that differs: the instructions (sdot, (us)mmla)
// and the accumulator layout.
//
// Everything here has internal linkage (unnamed namespace), like
// output_neon.h: each kernel file, compiled with its own -march, keeps its
// own copy.
#pragma once

#include <cstddef>
#include <cstdint>

#include "src/arm/neon/output_neon.h"
#include "src/core/gemm_ukernel.h"

namespace octet::arm {
namespace {

// A 4-row kernel from its Step, which provides:
//   NR, KR; Acc: the accumulators (memory between taps; registers inside the loop)
//   init(acc, h)                                   before the first tap
//   loop<kFlip>(acc, a0, a1, a2, a3, wp, blocks)   blocks (>= 1) of 16 reduction
//                                                  elements; advances the rows and wp
//   group<kFlip>(acc, a0, a1, a2, a3, n, wp)       one group of KR, n (<= KR) valid bytes
//   finish(acc, h, mr, nc, params, c, cm_stride)   the output rows m < mr
// kFlip: the input has the other signedness than the kernel multiplies; its
// sign bit is flipped as it is loaded.
template <class Step>
struct Rows4 {
  template <bool kFlip>
  static void run(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c,
                  size_t cm_stride, const GemmParams* params) {
    constexpr size_t NR = Step::NR, KR = Step::KR;
    const PanelHeader<> h(w, NR);
    alignas(64) typename Step::Acc acc;
    Step::init(acc, h);
    const int8_t* wp = h.weights_as<int8_t>();
    const void* const* at = a;
    for (size_t t = 0; t < ks; ++t, at += mr) {
      // Rows past mr alias the previous row; their results are never stored.
      const int8_t* a0 = static_cast<const int8_t*>(at[0]);
      const int8_t* a1 = mr > 1 ? static_cast<const int8_t*>(at[1]) : a0;
      const int8_t* a2 = mr > 2 ? static_cast<const int8_t*>(at[2]) : a1;
      const int8_t* a3 = mr > 3 ? static_cast<const int8_t*>(at[3]) : a2;
      size_t k = kc;
      if (k >= 16) {
        Step::template loop<kFlip>(acc, a0, a1, a2, a3, wp, k / 16);
        k %= 16;
      }
      // Remaining groups, the last one partial (zero-filled: its weights are 0).
      while (k != 0) {
        const size_t n = k >= KR ? KR : k;
        Step::template group<kFlip>(acc, a0, a1, a2, a3, n, wp);
        a0 += n;
        a1 += n;
        a2 += n;
        a3 += n;
        wp += KR * NR;
        k -= n;
      }
    }
    Step::finish(acc, h, mr, nc, params, static_cast<char*>(c), cm_stride);
  }
};

// The exported entry point: Kernel::run<kFlip> with kFlip when the input's
// signedness is not the one the kernel multiplies (kU8Activations: it
// multiplies u8, GemmKernel::u8_activations).
template <bool kU8Activations, class Kernel>
void gemm_entry(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c,
                size_t cm_stride, const GemmParams* params) {
  if (params->input_s8 == kU8Activations) {
    Kernel::template run<true>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  } else {
    Kernel::template run<false>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  }
}

}  // namespace
}  // namespace octet::arm

// llvm-mca region markers around a main loop's body, in the builds of
// bench/arm/mca.sh (OCTET_MCA_MARKERS).
#ifdef OCTET_MCA_MARKERS
#define OCTET_MCA_BEGIN(name) "// LLVM-MCA-BEGIN " name "\n"
#define OCTET_MCA_END "// LLVM-MCA-END\n"
#else
#define OCTET_MCA_BEGIN(name)
#define OCTET_MCA_END
#endif

// ld1 / st1 (op) of accumulator registers at x16, 4 (64 bytes) at a time; the
// main loops keep them in v8-v31 or v16-v31 and in memory (%[acc]) between taps.
#define OCTET_ARM_ACC4(op, a, b, c, d) op " {v" a ".4s, v" b ".4s, v" c ".4s, v" d ".4s}, [x16], #64\n"
#define OCTET_ARM_ACC_V8_V15(op) OCTET_ARM_ACC4(op, "8", "9", "10", "11") OCTET_ARM_ACC4(op, "12", "13", "14", "15")
#define OCTET_ARM_ACC_V16_V31(op)                                                  \
  OCTET_ARM_ACC4(op, "16", "17", "18", "19") OCTET_ARM_ACC4(op, "20", "21", "22", "23") \
      OCTET_ARM_ACC4(op, "24", "25", "26", "27") OCTET_ARM_ACC4(op, "28", "29", "30", "31")

// The end of a Step's main-loop asm statement: its operands, named as loop()'s
// parameters (%[a0]..%[a3] rows, %[w] weights, %[n] blocks, %[acc] the
// accumulators' memory) and clobbers: flags, memory, x16 and the vector
// registers it uses (the arguments).
#define OCTET_ARM_LOOP_OPERANDS(...)                                                             \
  : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [w] "+r"(wp), [n] "+r"(blocks) \
  : [acc] "r"(acc)                                                                             \
  : "cc", "memory", "x16", __VA_ARGS__

// Defines the GemmUkernelFn NAME in octet::arm: KERNEL (a struct with
// run<kFlip>), multiplying u8 activations if U8ACT (the table row's u8act).
#define OCTET_ARM_GEMM_KERNEL(NAME, U8ACT, KERNEL)                                                    \
  namespace octet::arm {                                                                              \
  void NAME(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c, \
            size_t cm_stride, const GemmParams* params) {                                             \
    gemm_entry<U8ACT, KERNEL>(mr, nc, kc, ks, a, w, c, cm_stride, params);                            \
  }                                                                                                   \
  }
