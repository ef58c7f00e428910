// libFuzzer entry point (clang, -DOCTET_FUZZ=ON): tools/test-fuzz.sh runs it
// from the checked-in corpus for a fixed number of executions.
#include <cstddef>
#include <cstdint>

#include "fuzz/conv2d_fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  octet::fuzz::run_conv2d_input(data, size);
  return 0;
}
