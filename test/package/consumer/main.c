/* Creates and runs a 1x1 convolution through the installed C API. */
#include <octet/octet.h>
#include <stdio.h>

int main(void) {
  if (octet_initialize() != octet_status_success) return 1;
  const int8_t w[2 * 3] = {1, 2, 3, -1, -2, -3};
  const double scale = 0.5;
  octet_conv2d_params p;
  octet_conv2d_params_init(&p);
  p.input_channels = 3;
  p.output_channels = 2;
  p.kernel_height = p.kernel_width = 1;
  p.weights = w;
  p.weight_scales = &scale;
  p.output_scale = 1.0;
  p.output_zero_point = 100;
  octet_conv2d_t conv = NULL;
  if (octet_conv2d_create(&p, &conv) != octet_status_success) {
    printf("create: %s\n", octet_last_error());
    return 1;
  }
  const uint8_t x[3] = {2, 4, 6};
  uint8_t y[2] = {0, 0};
  if (octet_conv2d_run(conv, 1, 1, 1, x, 0, y, 0, NULL, 0, NULL) != octet_status_success) {
    printf("run: %s\n", octet_last_error());
    return 1;
  }
  octet_conv2d_destroy(conv);
  /* acc = 2 + 8 + 18 = 28, * 0.5 = 14 -> 114; the other channel -28 * 0.5 -> 86 */
  printf("y = %d %d (%s)\n", y[0], y[1], octet_isa_name(octet_active_isa()));
  return (y[0] == 114 && y[1] == 86) ? 0 : 1;
}
