/* The consumers' convolution, small enough to check by hand: a 3x3 input
 * with 2 channels, a 2x2 kernel, 2 output channels, no padding -> 2x2x2.
 *
 * Input, u8 with zero point 10; minus the zero point, channel 0 is
 * 1..9 row by row and channel 1 is 3 at (0,0), -2 at (2,2), 0 elsewhere.
 * Output channel 0 sums channel 0 over the window: 12 16 24 28; its int32 bias
 * 2 and scale 0.5 give 7 9 13 15. Output channel 1 is channel 0's diagonal
 * difference x(i+1,j+1) - x(i,j) = 4 plus channel 1's window sum (3 0 0 -2):
 * 7 4 4 2; bias -3 and scale 1 give 4 1 1 -1. Output zero point 100. */
#ifndef OCTET_CONSUMER_CONV_CASE_H_
#define OCTET_CONSUMER_CONV_CASE_H_

#include <octet/octet.h>

enum { case_height = 3, case_width = 3, case_out_pixels = 4, case_k = 2 };

/* NHWC: (channel 0, channel 1) per pixel. */
static const uint8_t case_input[case_height * case_width * 2] = {
    11, 13, 12, 10, 13, 10, 14, 10, 15, 10, 16, 10, 17, 10, 18, 10, 19, 8};
/* [K][R][S][C] */
static const int8_t case_weights[case_k * 2 * 2 * 2] = {1, 0, 1, 0, 1, 0, 1, 0, /* k0 */
                                                       -1, 1, 0, 1, 0, 1, 1, 1 /* k1 */};
static const double case_weight_scales[case_k] = {0.5, 1.0};
static const int32_t case_bias[case_k] = {2, -3};
static const uint8_t case_expected[case_out_pixels * case_k] = {107, 104, 109, 101, 113, 101, 115, 99};

/* Fills the case into parameters set to their defaults by octet_conv2d_params_init. */
static void case_params(octet_conv2d_params* p) {
  p->input_channels = 2;
  p->output_channels = case_k;
  p->kernel_height = p->kernel_width = 2;
  p->input_scale = 1.0;
  p->input_zero_point = 10;
  p->weights = case_weights;
  p->weight_scale_count = case_k;
  p->weight_scales = case_weight_scales;
  p->bias_type = octet_datatype_s32;
  p->bias = case_bias;
  p->output_scale = 1.0;
  p->output_zero_point = 100;
}

#endif /* OCTET_CONSUMER_CONV_CASE_H_ */
