// The promises octet.h's documentation makes that no other test pins down:
// octet_last_error() after success and across threads, outputs untouched by a
// failed call, parameters copied at create, NULL-tolerant queries, a workspace
// of any alignment, concurrent runs of one operator.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "octet/octet.h"
#include "octet/octet.hpp"

namespace {

// A grouped 3x3 convolution with per-channel scales, zero points and a bias,
// every byte of which comes from the vectors below.
struct Layer {
  static constexpr size_t C = 8, K = 12, groups = 2, N = 2, H = 7, W = 6;
  std::vector<int8_t> w = std::vector<int8_t>(K * 3 * 3 * C / groups);
  std::vector<double> scales = std::vector<double>(K);
  std::vector<int32_t> zps = std::vector<int32_t>(K);
  std::vector<float> bias = std::vector<float>(K);
  std::vector<uint8_t> x = std::vector<uint8_t>(N * H * W * C);
  octet_conv2d_params p;

  Layer() {
    for (size_t i = 0; i < w.size(); ++i) w[i] = static_cast<int8_t>(i * 37 % 251 - 125);
    for (size_t k = 0; k < K; ++k) {
      scales[k] = 0.01 + 0.001 * static_cast<double>(k);
      zps[k] = static_cast<int32_t>(k % 3) - 1;
      bias[k] = 0.25f * static_cast<float>(k) - 1.0f;
    }
    for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<uint8_t>(i * 11 % 256);
    octet_conv2d_params_init(&p);
    p.input_channels = C;
    p.output_channels = K;
    p.groups = groups;
    p.kernel_height = p.kernel_width = 3;
    p.pad_top = p.pad_left = p.pad_bottom = p.pad_right = 1;
    p.input_scale = 0.02;
    p.input_zero_point = 120;
    p.weights = w.data();
    p.weight_scale_count = K;
    p.weight_scales = scales.data();
    p.weight_zero_points = zps.data();
    p.bias_type = octet_datatype_f32;
    p.bias = bias.data();
    p.output_scale = 0.1;
    p.output_zero_point = 7;
  }

  // Runs op on x with a workspace that starts `misalign` bytes past an
  // aligned allocation.
  std::vector<uint8_t> run(const octet::Conv2d& op, size_t misalign = 0) const {
    std::vector<uint8_t> y(N * H * W * K, 0xEE);
    std::vector<uint8_t> ws(op.workspace_size(N, H, W) + 64 + misalign);
    EXPECT_EQ(op.run(N, H, W, x.data(), y.data(), ws.data() + misalign, ws.size() - misalign), octet_status_success)
        << octet_last_error();
    return y;
  }
};

void set_some_error() {
  octet_isa isa;
  ASSERT_EQ(octet_isa_from_name("no-such-isa", &isa), octet_status_invalid_parameter);
  ASSERT_STRNE(octet_last_error(), "");
}

// "Every function that returns an octet_status leaves ... the empty string
// when it succeeds."
TEST(Contract, SuccessClearsTheLastError) {
  Layer l;
  octet::Conv2d conv;
  ASSERT_EQ(octet::Conv2d::create(l.p, &conv), octet_status_success) << octet_last_error();
  size_t a = 0, b = 0;
  octet_isa isa = octet_isa_best;
  const struct {
    const char* what;
    std::function<octet_status()> call;
  } calls[] = {
      {"initialize", [] { return octet_initialize(); }},
      {"isa_from_name", [&] { return octet_isa_from_name("scalar", &isa); }},
      {"set_isa_cap", [] { return octet_set_isa_cap(octet_isa_best); }},
      {"create", [&] { octet::Conv2d c; return octet::Conv2d::create(l.p, &c); }},
      {"output_size", [&] { return conv.output_size(Layer::H, Layer::W, &a, &b); }},
      {"workspace_size",
       [&] { return octet_conv2d_workspace_size(conv.handle(), Layer::N, Layer::H, Layer::W, 1, &a); }},
      {"run", [&] { l.run(conv); return octet_status_success; }},
  };
  for (const auto& c : calls) {
    set_some_error();
    EXPECT_EQ(c.call(), octet_status_success) << c.what;
    EXPECT_STREQ(octet_last_error(), "") << c.what << " succeeded but left a message";
  }
}

// "It is thread-local."
TEST(Contract, LastErrorIsPerThread) {
  set_some_error();
  const std::string here = octet_last_error();
  std::string there = "not run";
  std::thread([&] { there = octet_last_error(); }).join();
  EXPECT_EQ(there, "");
  EXPECT_EQ(here, octet_last_error());
}

// "A failed call writes none of its outputs"; "Set to NULL on failure".
TEST(Contract, FailedCallsWriteNoOutput) {
  Layer l;
  octet::Conv2d conv;
  ASSERT_EQ(octet::Conv2d::create(l.p, &conv), octet_status_success) << octet_last_error();
  size_t oh = 111, ow = 222;
  EXPECT_EQ(octet_conv2d_output_size(nullptr, 4, 4, &oh, &ow), octet_status_invalid_parameter);
  EXPECT_EQ(octet_conv2d_output_size(conv.handle(), 4, 4, &oh, nullptr), octet_status_invalid_parameter);
  EXPECT_EQ(oh, 111u);
  EXPECT_EQ(ow, 222u);
  octet_isa isa = octet_isa_amx;
  EXPECT_EQ(octet_isa_from_name("AVX2", &isa), octet_status_invalid_parameter);  // names are lower case
  EXPECT_EQ(isa, octet_isa_amx);
  octet_conv2d_t op = reinterpret_cast<octet_conv2d_t>(&oh);
  l.p.flags = 1;
  EXPECT_EQ(octet_conv2d_create(&l.p, &op), octet_status_invalid_parameter);
  EXPECT_EQ(op, nullptr);
  octet_fully_connected_t fc = reinterpret_cast<octet_fully_connected_t>(&oh);
  octet_fully_connected_params fp;
  octet_fully_connected_params_init(&fp);  // no weights
  EXPECT_EQ(octet_fully_connected_create(&fp, &fc), octet_status_invalid_parameter);
  EXPECT_EQ(fc, nullptr);
}

// "octet_conv2d_create() copies everything the parameter struct points to";
// "the caller may free or reuse those buffers as soon as it returns".
TEST(Contract, CreateCopiesTheParameters) {
  Layer l;
  octet::Conv2d conv;
  ASSERT_EQ(octet::Conv2d::create(l.p, &conv), octet_status_success) << octet_last_error();
  const std::vector<uint8_t> before = l.run(conv);
  std::fill(l.w.begin(), l.w.end(), int8_t{0});
  std::fill(l.scales.begin(), l.scales.end(), 1e-9);
  std::fill(l.zps.begin(), l.zps.end(), 100);
  std::fill(l.bias.begin(), l.bias.end(), 1e6f);
  l.p = octet_conv2d_params{};
  EXPECT_EQ(l.run(conv), before);
}

// The workspace has "any alignment"; results "do not depend on the thread count"
// is the operator tests' business.
TEST(Contract, WorkspaceOfAnyAlignment) {
  Layer l;
  octet::Conv2d conv;
  ASSERT_EQ(octet::Conv2d::create(l.p, &conv), octet_status_success) << octet_last_error();
  const std::vector<uint8_t> aligned = l.run(conv);
  for (size_t misalign : {1, 3, 17}) EXPECT_EQ(l.run(conv, misalign), aligned) << misalign;
}

// "Several threads may run the same operator at once, each with its own workspace."
TEST(Contract, ConcurrentRunsOfOneOperator) {
  Layer l;
  octet::Conv2d conv;
  ASSERT_EQ(octet::Conv2d::create(l.p, &conv), octet_status_success) << octet_last_error();
  const std::vector<uint8_t> expected = l.run(conv);
  std::vector<std::vector<uint8_t>> got(4);
  std::vector<std::thread> threads;
  for (auto& g : got) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) g = l.run(conv);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& g : got) EXPECT_EQ(g, expected);
}

// NULL-tolerant calls: the documented results, no crash.
TEST(Contract, NullAndUnknownValues) {
  octet_conv2d_params_init(nullptr);
  octet_fully_connected_params_init(nullptr);
  octet_conv2d_destroy(nullptr);
  octet_fully_connected_destroy(nullptr);
  EXPECT_EQ(octet_conv2d_isa(nullptr), octet_isa_scalar);
  EXPECT_STREQ(octet_conv2d_path(nullptr), "");
  EXPECT_STREQ(octet_status_string(static_cast<octet_status>(99)), "unknown status");
  EXPECT_STREQ(octet_isa_name(static_cast<octet_isa>(99)), "unknown");
  EXPECT_EQ(octet_isa_supported(octet_isa_scalar), 1);
  EXPECT_EQ(octet_isa_supported(octet_isa_best), 0);
  const octet_isa cap = octet_isa_cap();
  EXPECT_EQ(octet_set_isa_cap(static_cast<octet_isa>(99)), octet_status_unsupported);
  EXPECT_EQ(octet_isa_cap(), cap) << "a refused cap changed the cap";
}

// The output size formula, and 0 (with success) when there is no output.
TEST(Contract, OutputSize) {
  Layer l;
  l.p.pad_top = 0;
  l.p.pad_bottom = 2;
  l.p.pad_left = l.p.pad_right = 0;
  l.p.stride_height = 2;
  l.p.dilation_width = 2;
  octet::Conv2d conv;
  ASSERT_EQ(octet::Conv2d::create(l.p, &conv), octet_status_success) << octet_last_error();
  size_t oh = 0, ow = 0;
  ASSERT_EQ(conv.output_size(7, 6, &oh, &ow), octet_status_success);
  EXPECT_EQ(oh, (7 + 0 + 2 - 1 * (3 - 1) - 1) / 2 + 1);
  EXPECT_EQ(ow, (6u - 2 * (3 - 1) - 1) / 1 + 1);
  ASSERT_EQ(conv.output_size(7, 4, &oh, &ow), octet_status_success);
  EXPECT_EQ(ow, 0u);
}

}  // namespace
