/* A C program using the installed octet: runs the hand-checked convolution of
 * conv_case.h through the C API under the best ISA and under scalar, and
 * compares the bytes. Exit 0 and "ok" only when every byte matches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv_case.h"

static int run_case(void) {
  octet_conv2d_params p;
  octet_conv2d_params_init(&p);
  case_params(&p);
  octet_conv2d_t conv = NULL;
  if (octet_conv2d_create(&p, &conv) != octet_status_success) {
    printf("create: %s\n", octet_last_error());
    return 1;
  }
  size_t ws_size = 0;
  if (octet_conv2d_workspace_size(conv, 1, case_height, case_width, 1, &ws_size) != octet_status_success) {
    printf("workspace_size: %s\n", octet_last_error());
    octet_conv2d_destroy(conv);
    return 1;
  }
  void* ws = ws_size ? malloc(ws_size) : NULL;
  uint8_t y[sizeof case_expected];
  memset(y, 0, sizeof y);
  const octet_status st =
      octet_conv2d_run(conv, 1, case_height, case_width, case_input, 0, y, 0, ws, ws_size, NULL);
  printf("%s path %s:", octet_isa_name(octet_conv2d_isa(conv)), octet_conv2d_path(conv));
  free(ws);
  octet_conv2d_destroy(conv);
  if (st != octet_status_success) {
    printf(" run: %s\n", octet_last_error());
    return 1;
  }
  for (size_t i = 0; i < sizeof y; ++i) printf(" %d", y[i]);
  if (memcmp(y, case_expected, sizeof y) != 0) {
    printf(" (expected 107 104 109 101 113 101 115 99)\n");
    return 1;
  }
  printf("\n");
  return 0;
}

int main(void) {
  if (octet_initialize() != octet_status_success) {
    printf("initialize: %s\n", octet_last_error());
    return 1;
  }
  if (run_case() != 0) return 1;
  if (octet_set_isa_cap(octet_isa_scalar) != octet_status_success || run_case() != 0) return 1;
  printf("ok\n");
  return 0;
}
