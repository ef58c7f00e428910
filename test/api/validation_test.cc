// Every invalid parameter gets its documented status and a message naming it,
// never a crash, and never a write to the output.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "octet/octet.h"
#include "octet/octet.hpp"
#include "test/common/guarded_buffer.h"

namespace {

struct Valid {
  std::vector<int8_t> w = std::vector<int8_t>(6 * 3 * 3 * 2, 1);  // K=6, 3x3, C/groups = 2
  std::vector<double> scales = std::vector<double>(6, 0.01);
  std::vector<int32_t> zps = std::vector<int32_t>(6, 0);
  std::vector<float> bias = std::vector<float>(6, 0.5f);
  octet_conv2d_params p;
  Valid() {
    octet_conv2d_params_init(&p);
    p.input_channels = 4;
    p.output_channels = 6;
    p.groups = 2;
    p.kernel_height = p.kernel_width = 3;
    p.pad_top = p.pad_left = p.pad_bottom = p.pad_right = 1;
    p.input_scale = 0.02;
    p.input_zero_point = 128;
    p.weights = w.data();
    p.weight_scale_count = 6;
    p.weight_scales = scales.data();
    p.weight_zero_points = zps.data();
    p.bias_type = octet_datatype_f32;
    p.bias = bias.data();
    p.output_scale = 0.05;
    p.output_zero_point = 3;
  }
};

struct BadCase {
  const char* what;
  std::function<void(Valid&)> mutate;
  octet_status status;
  const char* message;  // a substring the message must contain
};

const double kNan = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

std::vector<BadCase> bad_create_cases() {
  constexpr octet_status I = octet_status_invalid_parameter;
  return {
      {"null weights", [](Valid& v) { v.p.weights = nullptr; }, I, "weights"},
      {"null scales", [](Valid& v) { v.p.weight_scales = nullptr; }, I, "weight_scales"},
      {"struct size", [](Valid& v) { v.p.struct_size = 8; }, I, "struct_size"},
      {"flags", [](Valid& v) { v.p.flags = 1; }, I, "flags"},
      {"zero channels", [](Valid& v) { v.p.input_channels = 0; }, I, "input_channels"},
      {"zero outputs", [](Valid& v) { v.p.output_channels = 0; }, I, "output_channels"},
      {"zero groups", [](Valid& v) { v.p.groups = 0; }, I, "groups"},
      {"zero kernel", [](Valid& v) { v.p.kernel_height = 0; }, I, "kernel_height"},
      {"zero kernel w", [](Valid& v) { v.p.kernel_width = 0; }, I, "kernel_width"},
      {"zero stride", [](Valid& v) { v.p.stride_height = 0; }, I, "stride_height"},
      {"zero stride w", [](Valid& v) { v.p.stride_width = 0; }, I, "stride_width"},
      {"zero dilation", [](Valid& v) { v.p.dilation_width = 0; }, I, "dilation_width"},
      {"negative size", [](Valid& v) { v.p.kernel_height = static_cast<size_t>(-1); }, I, "kernel_height"},
      {"huge pad", [](Valid& v) { v.p.pad_left = size_t{1} << 40; }, I, "pad_left"},
      {"groups vs C", [](Valid& v) { v.p.groups = 3; }, I, "groups"},
      {"groups vs K", [](Valid& v) { v.p.output_channels = 5; }, I, "output_channels"},
      {"input type", [](Valid& v) { v.p.input_type = octet_datatype_f32; }, I, "input_type"},
      {"x zp high", [](Valid& v) { v.p.input_zero_point = 256; }, I, "input_zero_point"},
      {"x zp low", [](Valid& v) { v.p.input_zero_point = -1; }, I, "input_zero_point"},
      {"x zp s8", [](Valid& v) { v.p.input_type = octet_datatype_s8; }, I, "input_zero_point"},
      {"x scale 0", [](Valid& v) { v.p.input_scale = 0.0; }, I, "input_scale"},
      {"x scale neg", [](Valid& v) { v.p.input_scale = -1.0; }, I, "input_scale"},
      {"x scale nan", [](Valid& v) { v.p.input_scale = kNan; }, I, "input_scale"},
      {"x scale inf", [](Valid& v) { v.p.input_scale = kInf; }, I, "input_scale"},
      {"x scale -inf", [](Valid& v) { v.p.input_scale = -kInf; }, I, "input_scale"},
      {"x scale denormal", [](Valid& v) { v.p.input_scale = 1e-39; }, I, "input_scale 1e-39 is outside float"},
      {"x scale above float", [](Valid& v) { v.p.input_scale = 1e39; }, I, "input_scale 1e+39 is outside float"},
      {"w scale count", [](Valid& v) { v.p.weight_scale_count = 2; }, I, "weight_scale_count"},
      {"w scale nan", [](Valid& v) { v.scales[4] = kNan; }, I, "weight_scales[4]"},
      {"w scale 0", [](Valid& v) { v.scales[0] = 0.0; }, I, "weight_scales[0]"},
      {"w scale neg", [](Valid& v) { v.scales[5] = -0.5; }, I, "weight_scales[5]"},
      {"w scale inf", [](Valid& v) { v.scales[3] = kInf; }, I, "weight_scales[3]"},
      {"w scale above float", [](Valid& v) { v.scales[1] = 1e40; }, I, "weight_scales[1] 1e+40 is outside float"},
      {"x*w scale below float", [](Valid& v) { v.p.input_scale = 1e-20; v.scales[2] = 1e-20; }, I,
       "input_scale*weight_scales[2]"},
      {"x*w scale above float", [](Valid& v) { v.p.input_scale = 1e20; v.scales[0] = 1e20; }, I,
       "input_scale*weight_scales[0]"},
      {"w zp", [](Valid& v) { v.zps[2] = 128; }, I, "weight_zero_points[2]"},
      {"w zp low", [](Valid& v) { v.zps[5] = -129; }, I, "weight_zero_points[5]"},
      {"bias type", [](Valid& v) { v.p.bias_type = octet_datatype_u8; }, I, "bias_type"},
      {"bias null", [](Valid& v) { v.p.bias = nullptr; }, I, "bias"},
      {"bias nan", [](Valid& v) { v.bias[1] = std::nanf(""); }, I, "bias[1]"},
      {"output type", [](Valid& v) { v.p.output_type = octet_datatype_f32; }, I, "output_type"},
      {"y scale", [](Valid& v) { v.p.output_scale = 0.0; }, I, "output_scale"},
      {"y scale inf", [](Valid& v) { v.p.output_scale = kInf; }, I, "output_scale"},
      {"y scale nan", [](Valid& v) { v.p.output_scale = kNan; }, I, "output_scale"},
      {"y scale neg", [](Valid& v) { v.p.output_scale = -0.05; }, I, "output_scale"},
      {"y scale above float", [](Valid& v) { v.p.output_scale = 1e300; }, I, "output_scale 1e+300 is outside float"},
      {"multiplier above float", [](Valid& v) {
         v.p.input_scale = 1e30;
         v.scales.assign(6, 1.0);
         v.p.output_scale = 1e-30;
       }, I, "input_scale*weight_scales[0]/output_scale"},
      {"multiplier below float", [](Valid& v) {
         v.p.input_scale = 1e-30;
         v.p.output_scale = 1e30;
       }, I, "input_scale*weight_scales[0]/output_scale"},
      {"float bias overflows the accumulator scale", [](Valid& v) {
         v.p.input_scale = 1e-18;
         v.scales.assign(6, 1e-18);
         v.p.output_scale = 1e-30;
         v.bias[4] = 3e38f;
       }, I, "output channel 4: the bias"},
      {"y zp", [](Valid& v) { v.p.output_zero_point = 300; }, I, "output_zero_point"},
      {"y zp s8", [](Valid& v) { v.p.output_type = octet_datatype_s8; v.p.output_zero_point = 200; }, I,
       "output_zero_point"},
      {"y zp s8 low", [](Valid& v) { v.p.output_type = octet_datatype_s8; v.p.output_zero_point = -129; }, I,
       "output_zero_point -129"},
      {"y zp u8 low", [](Valid& v) { v.p.output_zero_point = -1; }, I, "output_zero_point -1"},
      {"x zp s8 low", [](Valid& v) { v.p.input_type = octet_datatype_s8; v.p.input_zero_point = -129; }, I,
       "input_zero_point -129"},
      {"negative pad", [](Valid& v) { v.p.pad_top = static_cast<size_t>(-1); }, I, "pad_top"},
      {"negative dilation", [](Valid& v) { v.p.dilation_height = static_cast<size_t>(-2); }, I, "dilation_height"},
      {"huge dilation", [](Valid& v) { v.p.dilation_width = (size_t{1} << 24) + 1; }, I, "dilation_width"},
      {"groups above C", [](Valid& v) { v.p.groups = 8; }, I, "groups"},
      {"clamp order", [](Valid& v) { v.p.output_min = 10; v.p.output_max = 5; }, I, "output_min"},
      {"clamp range", [](Valid& v) { v.p.output_min = 300; v.p.output_max = 400; }, I, "output_min"},
      {"mode", [](Valid& v) { v.p.requant_mode = static_cast<octet_requant_mode>(9); }, I, "requant_mode"},
      {"fixedpoint float bias", [](Valid& v) { v.p.requant_mode = octet_requant_fixedpoint; }, I, "int32 bias"},
      {"s32 out float bias", [](Valid& v) { v.p.output_type = octet_datatype_s32; }, I, "s32"},
      {"fixedpoint scale", [](Valid& v) {
         v.p.requant_mode = octet_requant_fixedpoint;
         v.p.bias_type = octet_datatype_none;
         v.p.output_scale = 1e-20;
       }, I, "2^31"},
      {"weights above 2^40", [](Valid& v) {
         v.p.kernel_height = v.p.kernel_width = size_t{1} << 23;
       }, I, "above the limit 2^40"},
      {"overflowing product", [](Valid& v) {
         v.p.kernel_height = v.p.kernel_width = size_t{1} << 24;
         v.p.input_channels = size_t{1} << 17;
       }, I, "overflows"},
      {"weight count limit", [](Valid& v) {
         v.p.groups = 1;
         v.p.input_channels = 1 << 17;
         v.p.output_channels = size_t{1} << 24;
         v.p.kernel_height = v.p.kernel_width = 1;
       }, I, "above the limit 2^40"},
      {"accumulator limit", [](Valid& v) {
         v.p.groups = 1;
         v.p.input_channels = 1 << 17;
         v.p.output_channels = 1;
         v.p.kernel_height = v.p.kernel_width = 1;
         v.p.weight_scale_count = 1;
         v.p.input_zero_point = 0;
       }, octet_status_unsupported, "accumulator"},
  };
}

TEST(Validation, EveryBadCreateParameterIsNamed) {
  octet_initialize();
  for (const BadCase& bad : bad_create_cases()) {
    Valid v;
    bad.mutate(v);
    octet_conv2d_t op = reinterpret_cast<octet_conv2d_t>(0x1);
    const octet_status st = octet_conv2d_create(&v.p, &op);
    EXPECT_EQ(st, bad.status) << bad.what << ": " << octet_last_error();
    EXPECT_EQ(op, nullptr) << bad.what;
    EXPECT_NE(std::string(octet_last_error()).find(bad.message), std::string::npos)
        << bad.what << ": message '" << octet_last_error() << "' does not name '" << bad.message << "'";
  }
}

TEST(Validation, ValidParametersCreate) {
  Valid v;
  octet_conv2d_t op = nullptr;
  ASSERT_EQ(octet_conv2d_create(&v.p, &op), octet_status_success) << octet_last_error();
  EXPECT_STREQ(octet_last_error(), "");
  octet_conv2d_destroy(op);
  // Pads wider than the kernel are valid (PyTorch accepts them).
  v.p.pad_top = 5;
  ASSERT_EQ(octet_conv2d_create(&v.p, &op), octet_status_success) << octet_last_error();
  octet_conv2d_destroy(op);
}

TEST(Validation, NullArguments) {
  Valid v;
  EXPECT_EQ(octet_conv2d_create(nullptr, nullptr), octet_status_invalid_parameter);
  octet_conv2d_t op = nullptr;
  EXPECT_EQ(octet_conv2d_create(nullptr, &op), octet_status_invalid_parameter);
  EXPECT_NE(std::string(octet_last_error()).find("params"), std::string::npos);
  EXPECT_EQ(octet_conv2d_create(&v.p, nullptr), octet_status_invalid_parameter);
  size_t a, b;
  EXPECT_EQ(octet_conv2d_output_size(nullptr, 4, 4, &a, &b), octet_status_invalid_parameter);
  EXPECT_EQ(octet_conv2d_workspace_size(nullptr, 1, 4, 4, 1, &a), octet_status_invalid_parameter);
  EXPECT_EQ(octet_conv2d_run(nullptr, 1, 4, 4, &a, 0, &b, 0, nullptr, 0, nullptr), octet_status_invalid_parameter);
  octet_conv2d_destroy(nullptr);  // no-op
  octet_isa isa;
  EXPECT_EQ(octet_isa_from_name("avx9000", &isa), octet_status_invalid_parameter);
  EXPECT_NE(std::string(octet_last_error()).find("avx9000"), std::string::npos);
  EXPECT_EQ(octet_isa_from_name(nullptr, &isa), octet_status_invalid_parameter);
}

// Run-time errors: the output buffer (guarded, poisoned) must stay untouched.
TEST(Validation, BadRunArgumentsDoNotWriteOutput) {
  Valid v;
  v.p.pad_top = v.p.pad_bottom = 0;  // so that a 1-row input has no output
  octet::Conv2d conv;
  ASSERT_EQ(octet::Conv2d::create(v.p, &conv), octet_status_success) << octet_last_error();
  const size_t N = 1, H = 5, W = 5;  // output 3x5
  octet::test::GuardedBuffer<uint8_t> x(N * H * W * 4);
  octet::test::GuardedBuffer<uint8_t> y(N * 3 * W * 6);
  const std::vector<uint8_t> poison = y.to_vector();
  const size_t ws = conv.workspace_size(N, H, W);
  std::vector<uint8_t> workspace(ws + 1);
  struct RunCase {
    const char* what;
    std::function<octet_status()> run;
    const char* message;
  };
  const octet_conv2d_t op = conv.handle();
  const std::vector<RunCase> cases = {
      {"batch 0", [&] { return octet_conv2d_run(op, 0, H, W, x.data(), 0, y.data(), 0, workspace.data(), ws, nullptr); },
       "batch"},
      {"height 0", [&] { return octet_conv2d_run(op, N, 0, W, x.data(), 0, y.data(), 0, workspace.data(), ws, nullptr); },
       "height"},
      {"null input", [&] { return octet_conv2d_run(op, N, H, W, nullptr, 0, y.data(), 0, workspace.data(), ws, nullptr); },
       "input"},
      {"null output", [&] { return octet_conv2d_run(op, N, H, W, x.data(), 0, nullptr, 0, workspace.data(), ws, nullptr); },
       "output"},
      {"input stride", [&] { return octet_conv2d_run(op, N, H, W, x.data(), 3, y.data(), 0, workspace.data(), ws, nullptr); },
       "input_pixel_stride"},
      {"output stride", [&] { return octet_conv2d_run(op, N, H, W, x.data(), 0, y.data(), 5, workspace.data(), ws, nullptr); },
       "output_pixel_stride"},
      {"too small for kernel",
       [&] { return octet_conv2d_run(op, N, 1, W, x.data(), 0, y.data(), 0, workspace.data(), ws, nullptr); }, "smaller"},
      {"batch limit", [&] {
         return octet_conv2d_run(op, size_t{1} << 40, size_t{1} << 20, W, x.data(), 0, y.data(), 0, workspace.data(), ws,
                                 nullptr);
       }, "2^56"},
      {"overflow", [&] {
         return octet_conv2d_run(op, N, H, W, x.data(), size_t{1} << 62, y.data(), 0, workspace.data(), ws, nullptr);
       }, "overflows"},
  };
  for (const RunCase& c : cases) {
    EXPECT_EQ(c.run(), octet_status_invalid_parameter) << c.what;
    EXPECT_NE(std::string(octet_last_error()).find(c.message), std::string::npos)
        << c.what << ": '" << octet_last_error() << "'";
    EXPECT_EQ(y.to_vector(), poison) << c.what << " wrote to the output";
  }
  // The workspace query refuses what run refuses (found by the fuzzer: an
  // input with no output made it return a size from an output of 0 rows).
  size_t query = 12345;
  EXPECT_EQ(octet_conv2d_workspace_size(op, N, 1, W, 1, &query), octet_status_invalid_parameter);
  EXPECT_NE(std::string(octet_last_error()).find("smaller"), std::string::npos) << octet_last_error();
  EXPECT_EQ(octet_conv2d_workspace_size(op, 0, H, W, 1, &query), octet_status_invalid_parameter);
  EXPECT_EQ(query, 12345u) << "a refused query wrote its result";
  if (ws > 0) {
    EXPECT_EQ(octet_conv2d_run(op, N, H, W, x.data(), 0, y.data(), 0, workspace.data(), ws - 1, nullptr),
              octet_status_invalid_parameter);
    EXPECT_NE(std::string(octet_last_error()).find("workspace"), std::string::npos);
    EXPECT_EQ(octet_conv2d_run(op, N, H, W, x.data(), 0, y.data(), 0, nullptr, ws, nullptr),
              octet_status_invalid_parameter);
    EXPECT_EQ(y.to_vector(), poison);
  }
  EXPECT_EQ(conv.run(N, H, W, x.data(), y.data(), workspace.data(), ws), octet_status_success) << octet_last_error();
}

TEST(Validation, IsaCap) {
  octet_initialize();
  EXPECT_EQ(octet_set_isa_cap(octet_isa_scalar), octet_status_success);
  EXPECT_EQ(octet_active_isa(), octet_isa_scalar);
  Valid v;
  octet::Conv2d conv;
  ASSERT_EQ(octet::Conv2d::create(v.p, &conv), octet_status_success);
  EXPECT_EQ(conv.isa(), octet_isa_scalar);
  EXPECT_STREQ(conv.path(), "ref");
  EXPECT_EQ(octet_set_isa_cap(octet_isa_best), octet_status_success);
  EXPECT_EQ(octet_active_isa(), octet_detected_isa());
  for (octet_isa isa : {octet_isa_avx2, octet_isa_avx512bw, octet_isa_avxvnni, octet_isa_avx512vnni, octet_isa_neon,
                        octet_isa_neondot, octet_isa_neoni8mm}) {
    const octet_status st = octet_set_isa_cap(isa);
    if (octet_isa_supported(isa)) {
      EXPECT_EQ(st, octet_status_success) << octet_isa_name(isa);
      EXPECT_EQ(octet_active_isa(), isa);
    } else {
      EXPECT_EQ(st, octet_status_unsupported) << octet_isa_name(isa);
      EXPECT_NE(std::string(octet_last_error()).find(octet_isa_name(isa)), std::string::npos);
    }
  }
  EXPECT_EQ(octet_set_isa_cap(octet_isa_best), octet_status_success);
}

TEST(Validation, FullyConnectedBadParameters) {
  std::vector<int8_t> w(8 * 16, 1);
  const double scale = 0.1;
  octet_fully_connected_params p;
  octet_fully_connected_params_init(&p);
  p.input_channels = 16;
  p.output_channels = 8;
  p.weights = w.data();
  p.weight_scales = &scale;
  octet_fully_connected_t op = nullptr;
  ASSERT_EQ(octet_fully_connected_create(&p, &op), octet_status_success) << octet_last_error();
  octet_fully_connected_destroy(op);
  p.input_channels = 0;
  EXPECT_EQ(octet_fully_connected_create(&p, &op), octet_status_invalid_parameter);
  EXPECT_NE(std::string(octet_last_error()).find("input_channels"), std::string::npos);
  p.input_channels = 16;
  p.struct_size = 3;
  EXPECT_EQ(octet_fully_connected_create(&p, &op), octet_status_invalid_parameter);
  EXPECT_NE(std::string(octet_last_error()).find("struct_size"), std::string::npos);
  EXPECT_EQ(octet_fully_connected_run(nullptr, 1, w.data(), 0, w.data(), 0, nullptr, 0, nullptr),
            octet_status_invalid_parameter);
}

// A handle left NULL by a failed create, and NULL result pointers: every
// entry point refuses with a message instead of dereferencing them.
TEST(Validation, NullHandlesAndResultPointers) {
  Valid v;
  v.p.input_zero_point = 300;
  octet_conv2d_t op = reinterpret_cast<octet_conv2d_t>(0x1);
  ASSERT_EQ(octet_conv2d_create(&v.p, &op), octet_status_invalid_parameter);
  ASSERT_EQ(op, nullptr);
  uint8_t x[64] = {}, y[64];
  std::memset(y, 0x5A, sizeof(y));
  EXPECT_EQ(octet_conv2d_run(op, 1, 4, 4, x, 0, y, 0, nullptr, 0, nullptr), octet_status_invalid_parameter);
  EXPECT_STREQ(octet_last_error(), "op is NULL");
  for (uint8_t b : y) ASSERT_EQ(b, 0x5A);
  size_t size = 7;
  EXPECT_EQ(octet_conv2d_workspace_size(op, 1, 4, 4, 1, &size), octet_status_invalid_parameter);
  EXPECT_EQ(size, 7u);
  EXPECT_EQ(octet_conv2d_isa(op), octet_isa_scalar);
  EXPECT_STREQ(octet_conv2d_path(op), "");

  Valid ok;
  octet::Conv2d conv;
  ASSERT_EQ(octet::Conv2d::create(ok.p, &conv), octet_status_success) << octet_last_error();
  size_t h = 0;
  EXPECT_EQ(octet_conv2d_output_size(conv.handle(), 4, 4, &h, nullptr), octet_status_invalid_parameter);
  EXPECT_NE(std::string(octet_last_error()).find("output_width"), std::string::npos) << octet_last_error();
  EXPECT_EQ(octet_conv2d_output_size(conv.handle(), 4, 4, nullptr, &h), octet_status_invalid_parameter);
  EXPECT_EQ(octet_conv2d_workspace_size(conv.handle(), 1, 4, 4, 1, nullptr), octet_status_invalid_parameter);
  EXPECT_NE(std::string(octet_last_error()).find("workspace_size"), std::string::npos) << octet_last_error();

  // Fully connected: the same through its own entry points.
  std::vector<int8_t> w(8 * 16, 1);
  const double scale = 0.1;
  octet_fully_connected_params fp;
  octet_fully_connected_params_init(&fp);
  fp.input_channels = 16;
  fp.output_channels = 8;
  fp.weights = w.data();
  fp.weight_scales = &scale;
  EXPECT_EQ(octet_fully_connected_create(&fp, nullptr), octet_status_invalid_parameter);
  EXPECT_NE(std::string(octet_last_error()).find("op"), std::string::npos);
  octet_fully_connected_t fc = reinterpret_cast<octet_fully_connected_t>(0x1);
  EXPECT_EQ(octet_fully_connected_create(nullptr, &fc), octet_status_invalid_parameter);
  EXPECT_EQ(fc, nullptr);
  EXPECT_NE(std::string(octet_last_error()).find("params"), std::string::npos);
  fp.output_zero_point = 256;  // create fails after allocating: nothing may leak
  fc = reinterpret_cast<octet_fully_connected_t>(0x1);
  EXPECT_EQ(octet_fully_connected_create(&fp, &fc), octet_status_invalid_parameter);
  EXPECT_EQ(fc, nullptr);
  EXPECT_NE(std::string(octet_last_error()).find("output_zero_point"), std::string::npos);
  EXPECT_EQ(octet_fully_connected_run(fc, 1, x, 0, y, 0, nullptr, 0, nullptr), octet_status_invalid_parameter);
  EXPECT_STREQ(octet_last_error(), "op is NULL");
  for (uint8_t b : y) ASSERT_EQ(b, 0x5A);
  EXPECT_EQ(octet_fully_connected_workspace_size(fc, 1, 1, &size), octet_status_invalid_parameter);
  EXPECT_EQ(size, 7u);
  octet_fully_connected_destroy(fc);  // NULL: no-op
  fp.output_zero_point = 0;
  ASSERT_EQ(octet_fully_connected_create(&fp, &fc), octet_status_success) << octet_last_error();
  EXPECT_EQ(octet_fully_connected_workspace_size(fc, 1, 1, nullptr), octet_status_invalid_parameter);
  EXPECT_EQ(octet_fully_connected_workspace_size(fc, 0, 1, &size), octet_status_invalid_parameter);
  EXPECT_NE(std::string(octet_last_error()).find("batch"), std::string::npos) << octet_last_error();
  EXPECT_EQ(octet_fully_connected_run(fc, 1, nullptr, 0, y, 0, nullptr, 0, nullptr), octet_status_invalid_parameter);
  EXPECT_STREQ(octet_last_error(), "input is NULL");
  EXPECT_EQ(octet_fully_connected_run(fc, 1, x, 0, nullptr, 0, nullptr, 0, nullptr), octet_status_invalid_parameter);
  EXPECT_STREQ(octet_last_error(), "output is NULL");
  EXPECT_EQ(octet_fully_connected_run(fc, 2, x, 15, y, 0, nullptr, 0, nullptr), octet_status_invalid_parameter);
  EXPECT_NE(std::string(octet_last_error()).find("input_pixel_stride 15"), std::string::npos) << octet_last_error();
  EXPECT_EQ(octet_fully_connected_run(fc, 2, x, 0, y, 7, nullptr, 0, nullptr), octet_status_invalid_parameter);
  EXPECT_NE(std::string(octet_last_error()).find("output_pixel_stride 7"), std::string::npos) << octet_last_error();
  for (uint8_t b : y) ASSERT_EQ(b, 0x5A);
  octet_fully_connected_destroy(fc);
}

// Padding and dilation that leave no output pixel: output_size says 0, the
// workspace query and run refuse, and the output is untouched.
TEST(Validation, DilationLeavesNoOutput) {
  Valid v;
  v.p.pad_top = v.p.pad_left = v.p.pad_bottom = v.p.pad_right = 0;
  v.p.dilation_height = 3;  // a 3x3 kernel spans 7 rows
  octet::Conv2d conv;
  ASSERT_EQ(octet::Conv2d::create(v.p, &conv), octet_status_success) << octet_last_error();
  size_t OH = 9, OW = 9;
  ASSERT_EQ(octet_conv2d_output_size(conv.handle(), 6, 5, &OH, &OW), octet_status_success);
  EXPECT_EQ(OH, 0u);
  EXPECT_EQ(OW, 3u);
  size_t ws = 11;
  EXPECT_EQ(octet_conv2d_workspace_size(conv.handle(), 1, 6, 5, 1, &ws), octet_status_invalid_parameter);
  EXPECT_EQ(ws, 11u);
  octet::test::GuardedBuffer<uint8_t> x(6 * 5 * 4), y(3 * 6);
  const std::vector<uint8_t> poison = y.to_vector();
  EXPECT_EQ(octet_conv2d_run(conv.handle(), 1, 6, 5, x.data(), 0, y.data(), 0, nullptr, 0, nullptr),
            octet_status_invalid_parameter);
  EXPECT_NE(std::string(octet_last_error()).find("no output"), std::string::npos) << octet_last_error();
  EXPECT_EQ(y.to_vector(), poison);
  ASSERT_EQ(octet_conv2d_output_size(conv.handle(), 7, 5, &OH, &OW), octet_status_success);
  EXPECT_EQ(OH, 1u);
}

// The run-time size limits of docs/LIMITS.md: refused by the workspace query
// and by run, with the limit named, and nothing written.
TEST(Validation, RunSizeLimits) {
  Valid v;  // C 4, K 6 (one 64-channel block), pads 1 on every side
  octet::Conv2d conv;
  ASSERT_EQ(octet::Conv2d::create(v.p, &conv), octet_status_success) << octet_last_error();
  const octet_conv2d_t op = conv.handle();
  struct SizeCase {
    size_t N, H, W;
    const char* message;
  };
  const size_t kMax = std::numeric_limits<size_t>::max();
  const SizeCase cases[] = {
      {1, size_t{1} << 21, size_t{1} << 21, "2^40 per image"},   // (2^21 + 2)^2 * 64 > 2^40
      {1, kMax, 5, "2^40 per image"},                             // height + pads overflows
      {1, 5, kMax - 1, "2^40 per image"},
      {size_t{1} << 31, 1024, 1024, "2^56"},                      // 2^31 * 1026^2 * 64 > 2^56
      {kMax, 3, 3, "2^56"},
  };
  uint8_t x[16] = {}, y[16];
  std::memset(y, 0x3C, sizeof(y));
  std::vector<uint8_t> ws(64);
  for (const SizeCase& c : cases) {
    size_t bytes = 99;
    EXPECT_EQ(octet_conv2d_workspace_size(op, c.N, c.H, c.W, 1, &bytes), octet_status_invalid_parameter)
        << c.N << " x " << c.H << " x " << c.W;
    EXPECT_NE(std::string(octet_last_error()).find(c.message), std::string::npos) << octet_last_error();
    EXPECT_EQ(bytes, 99u);
    EXPECT_EQ(octet_conv2d_run(op, c.N, c.H, c.W, x, 0, y, 0, ws.data(), ws.size(), nullptr),
              octet_status_invalid_parameter);
    EXPECT_NE(std::string(octet_last_error()).find(c.message), std::string::npos) << octet_last_error();
    for (uint8_t b : y) ASSERT_EQ(b, 0x3C);
  }
  // output_size too (a bug): height + pads wrapped around, so with pads of 5
  // a height of SIZE_MAX gave 9 padded rows and an output of 7 rows.
  Valid wide;
  wide.p.pad_top = wide.p.pad_bottom = 5;
  octet::Conv2d padded;
  ASSERT_EQ(octet::Conv2d::create(wide.p, &padded), octet_status_success) << octet_last_error();
  size_t OH = 77, OW = 77;
  EXPECT_EQ(octet_conv2d_output_size(padded.handle(), kMax, 5, &OH, &OW), octet_status_invalid_parameter);
  EXPECT_NE(std::string(octet_last_error()).find("2^40 per image"), std::string::npos) << octet_last_error();
  EXPECT_EQ(OH, 77u);
  EXPECT_EQ(octet_conv2d_output_size(padded.handle(), 5, kMax, &OH, &OW), octet_status_invalid_parameter);
  EXPECT_EQ(OW, 77u);
  ASSERT_EQ(octet_conv2d_output_size(padded.handle(), 5, 5, &OH, &OW), octet_status_success);
  EXPECT_EQ(OH, 13u);
  EXPECT_EQ(OW, 5u);
  // Just inside the limits the query answers (nothing is allocated).
  size_t bytes = 0;
  EXPECT_EQ(octet_conv2d_workspace_size(op, 1, (size_t{1} << 17) - 2, (size_t{1} << 17) - 2, 1, &bytes),
            octet_status_success)
      << octet_last_error();
  EXPECT_EQ(octet_conv2d_workspace_size(op, size_t{1} << 16, 1022, 1022, 1, &bytes), octet_status_success)
      << octet_last_error();
}

// Paths with a workspace (a ring of prepped rows, the input sums of a weight
// zero point): an absurd thread count overflows it and is refused; a short
// or NULL workspace and short pixel strides are refused on every path, and
// the output stays untouched.
TEST(Validation, BadRunsOnEveryPath) {
  octet_initialize();
  struct Shape {
    const char* what;
    size_t C, K, groups, R;
    int32_t w_zp;
  };
  const Shape shapes[] = {{"depthwise 5x5", 32, 32, 32, 5, 0},
                          {"dense 3x3, weight zero point", 16, 8, 1, 3, 5},
                          {"grouped 3x3", 32, 32, 8, 3, 0}};
  size_t with_workspace = 0;
  for (octet_isa isa : {octet_isa_scalar, octet_isa_avx2, octet_isa_avx512bw, octet_isa_avxvnni,
                        octet_isa_avx512vnni, octet_isa_neon, octet_isa_neondot, octet_isa_neoni8mm}) {
    if (!octet_isa_supported(isa)) continue;
    ASSERT_EQ(octet_set_isa_cap(isa), octet_status_success);
    for (const Shape& sh : shapes) {
      const std::string what = std::string(sh.what) + " under " + octet_isa_name(isa);
      std::vector<int8_t> w(sh.K * sh.R * sh.R * (sh.C / sh.groups), 3);
      const double scale = 0.01;
      octet_conv2d_params p;
      octet_conv2d_params_init(&p);
      p.input_channels = sh.C;
      p.output_channels = sh.K;
      p.groups = sh.groups;
      p.kernel_height = p.kernel_width = sh.R;
      p.weights = w.data();
      p.weight_scales = &scale;
      p.weight_zero_points = &sh.w_zp;
      p.output_scale = 0.5;
      octet::Conv2d conv;
      ASSERT_EQ(octet::Conv2d::create(p, &conv), octet_status_success) << what << ": " << octet_last_error();
      const octet_conv2d_t op = conv.handle();
      const size_t N = 2, H = 9, W = 11, OH = H - sh.R + 1, OW = W - sh.R + 1;
      octet::test::GuardedBuffer<uint8_t> x(N * H * W * sh.C), y(N * OH * OW * sh.K);
      const std::vector<uint8_t> poison = y.to_vector();
      const size_t ws = conv.workspace_size(N, H, W);
      octet::test::GuardedBuffer<uint8_t> workspace(ws);
      auto run = [&](const void* in, size_t in_stride, void* out, size_t out_stride, void* wsp, size_t wss) {
        return octet_conv2d_run(op, N, H, W, in, in_stride, out, out_stride, wsp, wss, nullptr);
      };
      auto refused = [&](octet_status st, const char* message, const char* how) {
        EXPECT_EQ(st, octet_status_invalid_parameter) << what << ": " << how;
        EXPECT_NE(std::string(octet_last_error()).find(message), std::string::npos)
            << what << ": " << how << ": '" << octet_last_error() << "'";
        EXPECT_EQ(y.to_vector(), poison) << what << ": " << how << " wrote to the output";
      };
      refused(run(x.data(), sh.C - 1, y.data(), 0, workspace.data(), ws), "input_pixel_stride", "input stride");
      refused(run(x.data(), 0, y.data(), sh.K - 1, workspace.data(), ws), "output_pixel_stride", "output stride");
      refused(run(nullptr, 0, y.data(), 0, workspace.data(), ws), "input is NULL", "NULL input");
      refused(run(x.data(), 0, nullptr, 0, workspace.data(), ws), "output is NULL", "NULL output");
      if (ws > 0) {
        ++with_workspace;
        refused(run(x.data(), 0, y.data(), 0, workspace.data(), ws - 1), "workspace_size", "short workspace");
        refused(run(x.data(), 0, y.data(), 0, nullptr, ws), "workspace is NULL", "NULL workspace");
        // (2^63 threads used to wrap a ring size of 2^63 * even + 64 to 64 bytes.)
        for (size_t threads : {std::numeric_limits<size_t>::max(), size_t{1} << 63}) {
          size_t bytes = 5;
          EXPECT_EQ(octet_conv2d_workspace_size(op, N, H, W, threads, &bytes), octet_status_invalid_parameter)
              << what;
          EXPECT_NE(std::string(octet_last_error()).find("threads overflows size_t"), std::string::npos)
              << octet_last_error();
          EXPECT_EQ(bytes, 5u);
        }
      }
      EXPECT_EQ(run(x.data(), 0, y.data(), 0, workspace.data(), ws), octet_status_success)
          << what << ": " << octet_last_error();
    }
  }
  octet_set_isa_cap(octet_isa_best);
  // The reference path needs none; any SIMD cap has a ring or sums here.
  if (octet_isa_supported(octet_isa_avx2) || octet_isa_supported(octet_isa_neon)) {
    EXPECT_GT(with_workspace, 0u);
  }
}

}  // namespace
