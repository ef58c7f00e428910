// XNNPACK (Debian libxnnpack, 2022-02 snapshot): xnn_create_convolution2d_nhwc_qc8,
// its closest operator to the suite's work (per-output-channel int8 weights,
// zero point on the activations, NHWC, fused clamp).
//
// How it differs from the u8 PyTorch layer, and how that is bridged exactly:
//  - Activations and output are *signed* (qs8). u8 data with zero point z is
//    fed as (x - 128) with zero point z - 128: the same real values, so the
//    same accumulators. The s8 output with zero point y_zp - 128 is compared
//    after + 128. The conversion happens in set_input(), outside the timing.
//  - Bias is int32 at scale x_scale*w_scale[k] (TFLite style). It is quantized
//    here as PyTorch's qnnpack does (rne(bias * (1/f32(w_scale*x_scale)))),
//    which is octet's pytorch_qnnpack mode.
//  - Requantization: XNNPACK's fp32 path computes the multiplier as
//    f32(f32(x_scale*w_scale[k]) / y_scale) where qnnpack uses
//    f32(f32(w_scale[k]*x_scale) * f32(1/y_scale)); both then round
//    f32(acc+bias)*M half to even. The multipliers can differ by one ulp, so
//    an output may differ by 1 at an exact rounding tie: tolerance +-1.
//  - Accumulation is exact (XNNPACK widens int8 to int16 before vpmaddwd).
//  - Timing covers xnn_run_operator; the setup call (indirection buffer for a
//    given input pointer) is done once, as a runtime does for fixed buffers.
#include <xnnpack.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "bench/handle.h"
#include "bench/layer.h"

namespace octet_bench {
namespace {

int32_t qnnpack_bias(float bias, double w_scale, double x_scale) {
  const float inv = 1.0f / static_cast<float>(w_scale * x_scale);
  const float v = std::nearbyint(bias * inv);
  if (v >= 2147483648.0f) return std::numeric_limits<int32_t>::max();
  if (v < -2147483648.0f) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(v);
}

class XnnpackImpl : public Impl {
 public:
  bool create(Layer& L, int threads, std::string* error) override {
    destroy();
    L_ = &L;
    static const xnn_status init = xnn_initialize(nullptr);
    if (init != xnn_status_success) {
      *error = "xnn_initialize failed (status " + std::to_string(init) + ")";
      return false;
    }
    const Shape& s = L.shape;
    std::vector<float> kscale(s.K);
    std::vector<int32_t> bias(s.K);
    for (int k = 0; k < s.K; ++k) {
      kscale[k] = static_cast<float>(L.w_scale[k]);
      bias[k] = qnnpack_bias(L.bias[k], L.w_scale[k], L.x_scale);
    }
    const int8_t yzp = static_cast<int8_t>(L.y_zp - 128);
    xnn_operator_t op = nullptr;
    const xnn_status st = xnn_create_convolution2d_nhwc_qc8(
        s.pad, s.pad, s.pad, s.pad, s.R, s.S, s.stride, s.stride, s.dil, s.dil, s.groups,
        s.C / s.groups, s.K / s.groups, s.C, s.K, static_cast<int8_t>(L.x_zp - 128),
        static_cast<float>(L.x_scale), kscale.data(), L.w.data(), bias.data(), yzp,
        static_cast<float>(L.y_scale), yzp /* ReLU */, 127, 0, &op);
    op_.reset(op);
    if (st != xnn_status_success) {
      *error = "xnn_create_convolution2d_nhwc_qc8 failed (status " + std::to_string(st) + ")";
      return false;
    }
    pool_ = make_thread_pool(threads);
    xs8_.resize(L.input_size());
    ys8_.assign(L.output_size(), 0);
    out_.assign(L.output_size(), 0);
    return true;
  }

  void destroy() override {
    op_.reset();
    pool_.reset();
  }

  bool set_input(Dataset d, std::string* error) override {
    const std::vector<uint8_t>& x = L_->x[d];
    for (size_t i = 0; i < x.size(); ++i) xs8_[i] = static_cast<int8_t>(x[i] - 128);
    const Shape& s = L_->shape;
    const xnn_status st =
        xnn_setup_convolution2d_nhwc_qc8(op_.get(), s.N, s.H, s.W, xs8_.data(), ys8_.data(), pool_.get());
    if (st != xnn_status_success) {
      *error = "xnn_setup_convolution2d_nhwc_qc8 failed (status " + std::to_string(st) + ")";
      return false;
    }
    return true;
  }

  void run() override {
    if (xnn_run_operator(op_.get(), pool_.get()) != xnn_status_success) std::abort();
  }

  const uint8_t* output() override {
    for (size_t i = 0; i < ys8_.size(); ++i) out_[i] = static_cast<uint8_t>(ys8_[i] + 128);
    return out_.data();
  }

  std::string info() override { return "qc8 (s8 in/out, int32 bias)"; }

 private:
  Layer* L_ = nullptr;
  ThreadPool pool_;
  Handle<xnn_operator, xnn_delete_operator> op_;  // after pool_: released first
  std::vector<int8_t> xs8_, ys8_;
  std::vector<uint8_t> out_;
};

}  // namespace

std::unique_ptr<Impl> make_xnnpack_impl() { return std::make_unique<XnnpackImpl>(); }

// XNNPACK picks its kernels inside xnn_initialize and does not say which;
// bench/CMakeLists.txt reports its version and the widest ISA in its code.
std::string xnnpack_status() {
#ifdef OCTET_BENCH_XNNPACK_ABOUT
  const std::string about = OCTET_BENCH_XNNPACK_ABOUT;
#else
  const std::string about;
#endif
  return "xnn_create_convolution2d_nhwc_qc8, kernels chosen internally (not reported)" +
         (about.empty() ? std::string() : "; " + about);
}

}  // namespace octet_bench
