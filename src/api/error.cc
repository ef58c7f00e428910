#include "src/api/error.h"

#include <cstdarg>
#include <cstdio>

namespace octet {

namespace {
thread_local char g_message[512] = "";
}

octet_status fail(octet_status status, const char* format, ...) {
  va_list args;
  va_start(args, format);
  std::vsnprintf(g_message, sizeof(g_message), format, args);
  va_end(args);
  return status;
}

void clear_error() { g_message[0] = '\0'; }

}  // namespace octet

extern "C" const char* octet_last_error(void) { return octet::g_message; }

extern "C" const char* octet_status_string(octet_status status) {
  switch (status) {
    case octet_status_success: return "success";
    case octet_status_invalid_parameter: return "invalid parameter";
    case octet_status_unsupported: return "unsupported";
    case octet_status_out_of_memory: return "out of memory";
    case octet_status_uninitialized: return "uninitialized";
  }
  return "unknown status";
}
