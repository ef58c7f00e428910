// The thread-local message behind octet_last_error().
#pragma once

#include "octet/octet.h"

namespace octet {

// Records the message for this thread and returns the status, so that
// validation reads `return fail(octet_status_invalid_parameter, "...", ...)`.
octet_status fail(octet_status status, const char* format, ...) __attribute__((format(printf, 2, 3)));
void clear_error();

}  // namespace octet
