// The edge cases of the direct 3x3 depthwise kernels (dilation 1, stride 1 or
// 2, multiplier 1 with C a multiple of 16 or multiplier 2 with C a multiple
// of 8), drawn once for every test that runs a table of them: the AVX2
// kernels through the API (dwconv_test.cc) and the SIMDe-emulated VNNI ones
// through the path (dwconv_vnni_emulated_test.cc).
#pragma once

#include <cstdint>
#include <vector>

#include "test/dwconv/conv_tester.h"

namespace octet::test {

// Widths, heights, paddings (asymmetric, wider than the kernel, none), both
// strides, u8 and s8 input with varied zero points, one and three blocks.
inline std::vector<ConvCase> direct_geometry_cases(uint32_t seed, const std::vector<size_t>& widths,
                                                   const std::vector<size_t>& heights) {
  std::vector<ConvCase> cases;
  const size_t pads[][4] = {{1, 1, 1, 1}, {0, 0, 0, 0}, {0, 2, 1, 0}, {2, 0, 0, 3}, {3, 3, 3, 3}};
  for (size_t stride : {1, 2}) {
    for (size_t C : {16, 48}) {
      for (size_t W : widths) {
        for (size_t H : heights) {
          for (const auto& pd : pads) {
            ConvCase c = dw(C, 3, 3);
            c.H = H;
            c.W = W;
            c.sh = c.sw = stride;
            c.pt = pd[0];
            c.pl = pd[1];
            c.pb = pd[2];
            c.pr = pd[3];
            if (c.H + c.pt + c.pb < 3 || c.W + c.pl + c.pr < 3) continue;
            c.in_type = seed % 2 ? octet_datatype_s8 : octet_datatype_u8;
            c.x_zp = c.in_type == octet_datatype_s8 ? static_cast<int32_t>(seed % 256) - 128
                                                     : static_cast<int32_t>(seed * 37 % 256);
            c.w_zp_nonzero = seed % 3 == 0;
            c.mode = c.w_zp_nonzero ? octet_requant_pytorch_qnnpack : octet_requant_pytorch_fbgemm;
            c.seed = seed++;
            cases.push_back(c);
          }
        }
      }
    }
  }
  return cases;
}

// Channel multiplier 2: output channel k reads input k / 2; with modes,
// output types, zero points at the ends of the range, batches and threads.
inline std::vector<ConvCase> direct_mult2_cases(uint32_t seed, const std::vector<size_t>& widths) {
  std::vector<ConvCase> cases;
  const size_t pads[][4] = {{1, 1, 1, 1}, {0, 0, 0, 0}, {2, 0, 1, 3}};
  for (size_t stride : {1, 2}) {
    for (size_t C : {8, 16, 40}) {
      for (size_t W : widths) {
        for (const auto& pd : pads) {
          ConvCase c = dw(C, 3, 3, 2);
          c.H = 5;
          c.W = W;
          c.sh = c.sw = stride;
          c.pt = pd[0];
          c.pl = pd[1];
          c.pb = pd[2];
          c.pr = pd[3];
          if (c.W + c.pl + c.pr < 3) continue;
          c.in_type = seed % 2 ? octet_datatype_s8 : octet_datatype_u8;
          c.x_zp = c.in_type == octet_datatype_s8 ? (seed % 3 ? -128 : 127) : (seed % 3 ? 255 : 0);
          c.w_zp_nonzero = seed % 4 == 1;
          c.mode = c.w_zp_nonzero ? octet_requant_pytorch_qnnpack
                                  : (seed % 3 == 0 ? octet_requant_fixedpoint : octet_requant_pytorch_onednn);
          if (c.mode == octet_requant_fixedpoint) c.bias_type = octet_datatype_s32;
          c.out_type = seed % 5 == 0 ? octet_datatype_s32 : (seed % 2 ? octet_datatype_s8 : octet_datatype_u8);
          if (c.out_type == octet_datatype_s32) c.bias_type = octet_datatype_s32;
          c.y_zp = c.out_type == octet_datatype_s8 ? -3 : 110;
          c.relu = seed % 3 == 1;
          c.in_extra = seed % 4 == 3 ? 3 : 0;
          c.out_extra = seed % 4 == 2 ? 5 : 0;
          c.N = seed % 7 == 0 ? 2 : 1;
          c.threads = seed % 5 == 1 ? 2 : 1;
          c.seed = seed++;
          cases.push_back(c);
        }
      }
    }
  }
  return cases;
}

// Every mode x output type x bias type x clamp, zero points at the ends of
// the range, per-tensor and per-channel scales, outputs far out of range.
inline std::vector<ConvCase> direct_modes_cases(uint32_t seed) {
  std::vector<ConvCase> cases;
  for (size_t stride : {1, 2}) {
    for (const auto& [mode, out, bias] : all_mode_out_bias()) {
      for (int variant = 0; variant < 4; ++variant) {
        ConvCase c = dw(32, 3, 3);
        c.H = 6;
        c.W = 9 + variant;
        c.sh = c.sw = stride;
        c.mode = mode;
        c.out_type = out;
        c.bias_type = bias;
        c.relu = variant % 2 == 1;
        c.y_zp = out == octet_datatype_s8 ? -5 : 120;
        c.in_type = variant >= 2 ? octet_datatype_s8 : octet_datatype_u8;
        c.x_zp = c.in_type == octet_datatype_s8 ? (variant == 2 ? -128 : 127) : (variant == 0 ? 0 : 255);
        c.w_zp_nonzero = mode != octet_requant_pytorch_onednn && variant == 1;
        c.per_channel = variant != 3;
        c.y_scale_mul = variant == 3 ? 1e-3 : 1.0;
        c.seed = seed++;
        cases.push_back(c);
      }
    }
  }
  return cases;
}

// Batch > 1, pixel strides wider than the channels, threads, five blocks.
inline std::vector<ConvCase> direct_batch_cases(uint32_t seed) {
  std::vector<ConvCase> cases;
  for (size_t stride : {1, 2}) {
    for (size_t N : {1, 2}) {
      for (size_t extra : {0, 3, 16}) {
        for (size_t threads : {1, 3}) {
          ConvCase c = dw(80, 3, 3);
          c.N = N;
          c.H = 9;
          c.W = 11;
          c.sh = c.sw = stride;
          c.in_extra = extra;
          c.out_extra = extra + 1;
          c.threads = threads;
          c.in_type = seed % 2 ? octet_datatype_s8 : octet_datatype_u8;
          c.x_zp = c.in_type == octet_datatype_s8 ? -7 : 200;
          c.out_type = seed % 3 == 0 ? octet_datatype_s32 : octet_datatype_u8;
          if (c.out_type == octet_datatype_s32) c.bias_type = octet_datatype_s32;
          c.seed = seed++;
          cases.push_back(c);
        }
      }
    }
  }
  return cases;
}

}  // namespace octet::test
