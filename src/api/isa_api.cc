// octet_initialize and the ISA queries of the C API.
#include <cstring>

#include "octet/octet.h"
#include "src/api/error.h"
#include "src/core/isa.h"

namespace {

struct IsaName {
  octet_isa isa;
  const char* name;
};

const IsaName kIsaNames[] = {
    {octet_isa_scalar, "scalar"},         {octet_isa_avx2, "avx2"},
    {octet_isa_avx512bw, "avx512bw"},     {octet_isa_avxvnni, "avxvnni"},
    {octet_isa_avx512vnni, "avx512vnni"}, {octet_isa_amx, "amx"},
    {octet_isa_neon, "neon"},
    {octet_isa_neondot, "neondot"},       {octet_isa_neoni8mm, "neoni8mm"},
    {octet_isa_best, "best"},
};

}  // namespace

extern "C" {

octet_status octet_initialize(void) {
  // Without cpuinfo we still run: every operator takes the scalar path. An
  // unknown OCTET_ISA is ignored, so its parse error is not this call's.
  octet::initialize_isa();
  octet::clear_error();
  return octet_status_success;
}

octet_isa octet_detected_isa(void) { return octet::best_isa_under(octet_isa_best); }

octet_isa octet_active_isa(void) { return octet::best_isa_under(octet::current_cap()); }

octet_isa octet_isa_cap(void) {
  octet::initialize_isa();
  return octet::current_cap();
}

octet_status octet_set_isa_cap(octet_isa cap) {
  octet::initialize_isa();
  if (octet::isa_rank(cap) < 0) {
    return octet::fail(octet_status_unsupported, "ISA cap %s is not an ISA of this architecture",
                       octet_isa_name(cap));
  }
  if (cap != octet_isa_best && !octet::isa_supported(cap)) {
    return octet::fail(octet_status_unsupported, "ISA cap %s: this CPU does not support it",
                       octet_isa_name(cap));
  }
  octet::set_cap(cap);
  octet::clear_error();
  return octet_status_success;
}

const char* octet_isa_name(octet_isa isa) {
  for (const IsaName& n : kIsaNames) {
    if (n.isa == isa) return n.name;
  }
  return "unknown";
}

octet_status octet_isa_from_name(const char* name, octet_isa* isa) {
  if (name == nullptr || isa == nullptr) {
    return octet::fail(octet_status_invalid_parameter, "octet_isa_from_name: name and isa must not be NULL");
  }
  for (const IsaName& n : kIsaNames) {
    if (std::strcmp(n.name, name) == 0) {
      *isa = n.isa;
      octet::clear_error();
      return octet_status_success;
    }
  }
  return octet::fail(octet_status_invalid_parameter,
                     "unknown ISA name '%s' (scalar, avx2, avx512bw, avxvnni, avx512vnni, amx, neon, "
                     "neondot, neoni8mm, best)",
                     name);
}

int octet_isa_supported(octet_isa isa) { return octet::isa_supported(isa) ? 1 : 0; }

}  // extern "C"
