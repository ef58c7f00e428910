// The output-stage tester's view of one ISA's output stage: a driver per ISA
// (output_<isa>_driver.cc, compiled with that ISA's flags, or under SIMDe)
// runs its component on accumulators loaded into registers.
#pragma once

#include <cstddef>
#include <cstdint>

#include "src/core/gemm_ukernel.h"

namespace octet::test {

// The forms the kernels use. kRow: one GEMM row of 32 columns through the
// panel header (folded bias, w_zp * a_sum, words), every mode and output type.
// kVector: each vector of the ISA on its own (acc + folded, then the mode's
// rounding and the narrowing the depthwise kernels use), u8 / s8 only.
enum class OutputForm { kRow, kVector };

// acc: 32 accumulators; panel: a 32-column panel header; out: 32 outputs.
using OutputDriver = void (*)(OutputForm form, const int32_t* acc, const void* panel, const int32_t* a_sum,
                              void* out, const GemmParams& p);

void output_driver_avx2(OutputForm, const int32_t*, const void*, const int32_t*, void*, const GemmParams&);
void output_driver_avx512(OutputForm, const int32_t*, const void*, const int32_t*, void*, const GemmParams&);
void output_driver_avx512_emu(OutputForm, const int32_t*, const void*, const int32_t*, void*, const GemmParams&);
void output_driver_neon(OutputForm, const int32_t*, const void*, const int32_t*, void*, const GemmParams&);

}  // namespace octet::test
