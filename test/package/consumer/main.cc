// A C++ program using the installed octet through octet.hpp: the case of
// conv_case.h through octet::Conv2d. Exit 0 and "ok" only when the bytes match.
#include <octet/octet.hpp>

#include <cstdio>
#include <cstring>
#include <vector>

#include "conv_case.h"

int main() {
  if (octet::initialize() != octet_status_success) {
    std::printf("initialize: %s\n", octet::last_error());
    return 1;
  }
  octet_conv2d_params p = octet::Conv2d::default_params();
  case_params(&p);
  octet::Conv2d conv;
  if (octet::Conv2d::create(p, &conv) != octet_status_success) {
    std::printf("create: %s\n", octet::last_error());
    return 1;
  }
  std::vector<unsigned char> ws(conv.workspace_size(1, case_height, case_width));
  std::vector<uint8_t> y(sizeof case_expected);
  if (conv.run(1, case_height, case_width, case_input, y.data(), ws.data(), ws.size()) != octet_status_success) {
    std::printf("run: %s\n", octet::last_error());
    return 1;
  }
  std::printf("C++ %s path %s:", octet_isa_name(conv.isa()), conv.path());
  for (uint8_t v : y) std::printf(" %d", v);
  const bool same = std::memcmp(y.data(), case_expected, y.size()) == 0;
  std::puts(same ? "\nok" : " (expected 107 104 109 101 113 101 115 99)");
  return same ? 0 : 1;
}
