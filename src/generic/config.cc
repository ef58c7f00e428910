// The kernel table of an architecture octet has no SIMD kernels for: every
// operator runs the scalar reference (src/ref).
#include "src/core/kernel_table.h"

namespace octet {

namespace {

bool detected(octet_isa) { return false; }

const KernelTable kTable = {"generic", nullptr, 0, detected, nullptr, 0, nullptr, 0, nullptr, 0, nullptr, 0};

}  // namespace

const KernelTable& arch_kernel_table() { return kTable; }

}  // namespace octet
