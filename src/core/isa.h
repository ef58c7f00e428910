// Which instruction sets this CPU has, and the cap that tests and benchmarks
// put on dispatch (OCTET_ISA / octet_set_isa_cap).
#pragma once

#include "octet/octet.h"

namespace octet {

// cpuinfo_initialize() once, then the environment cap. Thread-safe; false when
// cpuinfo cannot read this CPU.
bool initialize_isa();

bool isa_supported(octet_isa isa);
// The best supported ISA at or below `cap` in this architecture's preference order.
octet_isa best_isa_under(octet_isa cap);
// Preference rank (higher is better); -1 for ISAs of the other architecture.
int isa_rank(octet_isa isa);

octet_isa current_cap();
void set_cap(octet_isa cap);

}  // namespace octet
