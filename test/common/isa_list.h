// The ISA caps of the architecture the tests are built for (scalar first).
// Tests parameterised over them skip the ones this CPU cannot run.
#pragma once

#include <vector>

#include "octet/octet.h"

namespace octet::test {

inline std::vector<octet_isa> arch_isas() {
#if defined(__x86_64__) || defined(__i386__)
  return {octet_isa_scalar, octet_isa_avx2, octet_isa_avx512bw, octet_isa_avxvnni, octet_isa_avx512vnni};
#elif defined(__aarch64__)
  return {octet_isa_scalar, octet_isa_neon, octet_isa_neondot, octet_isa_neoni8mm};
#else
  return {octet_isa_scalar};
#endif
}

}  // namespace octet::test
