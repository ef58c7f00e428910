// oneDNN (Debian libdnnl 2.6) as PyTorch's onednn engine drives it through
// ideep: u8 NHWC source with a zero point, s8 weights in the primitive's
// preferred layout (format_tag::any, reordered once with the zero-point
// compensation oneDNN needs), f32 bias pre-multiplied by the bias scales,
// per-output-channel output scales, a ReLU post-op and the destination zero
// point. The scale arithmetic is SEMANTICS.md section 2, so the output equals
// octet's pytorch_onednn mode wherever the int32 accumulation is exact.
//
// Threads: Debian's libdnnl uses the OpenMP runtime (DNNL_CPU_RUNTIME_OMP), so
// the thread count is omp_set_num_threads() on the calling thread, set before
// the primitive is created (it plans its blocking for it) and before each run.
#include <omp.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <oneapi/dnnl/dnnl.hpp>

#include "bench/layer.h"

namespace octet_bench {
namespace {

using dnnl::memory;

class OnednnImpl : public Impl {
 public:
  ~OnednnImpl() override { destroy(); }

  bool create(Layer& layer, int threads, std::string* error) override {
    try {
      return create_or_throw(layer, threads);
    } catch (const dnnl::error& e) {
      *error = std::string("oneDNN: ") + e.what();
      return false;
    }
  }

  void destroy() override {
    prim_ = dnnl::convolution_forward();
    src_ = wei_ = bias_ = dst_ = memory();
  }

  bool set_input(Dataset d, std::string*) override {
    src_.set_data_handle(const_cast<uint8_t*>(L_->x[d].data()));
    return true;
  }

  void run() override {
    omp_set_num_threads(threads_);
    prim_.execute(stream_, {{DNNL_ARG_SRC, src_},
                            {DNNL_ARG_WEIGHTS, wei_},
                            {DNNL_ARG_BIAS, bias_},
                            {DNNL_ARG_DST, dst_}});
    stream_.wait();
  }

  const uint8_t* output() override { return out_.data(); }
  std::string info() override { return impl_; }

 private:
  bool create_or_throw(Layer& L, int threads) {
    L_ = &L;
    threads_ = threads;
    omp_set_num_threads(threads);
    const Shape& s = L.shape;
    const int G = s.groups;
    const memory::dims src_dims{s.N, s.C, s.H, s.W};
    const memory::dims dst_dims{s.N, s.K, s.OH(), s.OW()};
    const memory::dims wei_dims = G > 1 ? memory::dims{G, s.K / G, s.C / G, s.R, s.S}
                                        : memory::dims{s.K, s.C, s.R, s.S};
    const memory::desc src_md(src_dims, memory::data_type::u8, memory::format_tag::nhwc);
    const memory::desc dst_md(dst_dims, memory::data_type::u8, memory::format_tag::nhwc);
    const memory::desc wei_any(wei_dims, memory::data_type::s8, memory::format_tag::any);
    // The user's [K][R][S][C/groups] weights.
    const memory::desc wei_user(wei_dims, memory::data_type::s8,
                                G > 1 ? memory::format_tag::gohwi : memory::format_tag::ohwi);
    const memory::desc bias_md({s.K}, memory::data_type::f32, memory::format_tag::a);
    // Right padding as PyTorch/ideep derive it, so oneDNN's output size matches.
    const int ker_h = (s.R - 1) * s.dil + 1, ker_w = (s.S - 1) * s.dil + 1;
    const memory::dims pad_l{s.pad, s.pad};
    const memory::dims pad_r{(s.OH() - 1) * s.stride + ker_h - s.H - s.pad,
                             (s.OW() - 1) * s.stride + ker_w - s.W - s.pad};

    // Scales exactly as SEMANTICS.md section 2 (ideep's compute_scales).
    const float src_scale = static_cast<float>(1.0 / L.x_scale);
    const float dst_scale = static_cast<float>(1.0 / L.y_scale);
    std::vector<float> out_scales(s.K), bias_q(s.K);
    for (int k = 0; k < s.K; ++k) {
      const float wi = 1.0f / static_cast<float>(L.w_scale[k]);
      const float bs = src_scale * wi;
      out_scales[k] = dst_scale / bs;
      bias_q[k] = L.bias[k] * bs;
    }

    dnnl::primitive_attr attr;
    attr.set_output_scales(1 << 1, out_scales);
    attr.set_zero_points(DNNL_ARG_SRC, 0, {L.x_zp});
    attr.set_zero_points(DNNL_ARG_DST, 0, {L.y_zp});
    dnnl::post_ops ops;
    ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
    attr.set_post_ops(ops);

    const dnnl::convolution_forward::desc desc(
        dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct, src_md, wei_any,
        bias_md, dst_md, {s.stride, s.stride}, {s.dil - 1, s.dil - 1}, pad_l, pad_r);
    const dnnl::convolution_forward::primitive_desc pd(desc, attr, engine_);
    impl_ = pd.impl_info_str();
    prim_ = dnnl::convolution_forward(pd);

    // Weights: reorder once into the layout the primitive chose.
    wei_ = memory(pd.weights_desc(), engine_);
    memory wei_src(wei_user, engine_, const_cast<int8_t*>(L.w.data()));
    dnnl::reorder(wei_src, wei_).execute(stream_, wei_src, wei_);
    bias_ = memory(bias_md, engine_);
    std::memcpy(bias_.get_data_handle(), bias_q.data(), bias_q.size() * sizeof(float));
    stream_.wait();

    out_.assign(L.output_size(), 0);
    src_ = memory(pd.src_desc(), engine_, const_cast<uint8_t*>(L.x[kFull].data()));
    dst_ = memory(pd.dst_desc(), engine_, out_.data());
    return true;
  }

  dnnl::engine engine_{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream_{engine_};
  Layer* L_ = nullptr;
  int threads_ = 1;
  dnnl::convolution_forward prim_;
  memory src_, wei_, bias_, dst_;
  std::vector<uint8_t> out_;
  std::string impl_;
};

}  // namespace

std::unique_ptr<Impl> make_onednn_impl() { return std::make_unique<OnednnImpl>(); }

std::string onednn_isa() {
  switch (dnnl_get_effective_cpu_isa()) {
    case dnnl_cpu_isa_sse41: return "sse41";
    case dnnl_cpu_isa_avx: return "avx";
    case dnnl_cpu_isa_avx2: return "avx2";
    case dnnl_cpu_isa_avx2_vnni: return "avx2_vnni";
    case dnnl_cpu_isa_avx512_core: return "avx512_core";
    case dnnl_cpu_isa_avx512_core_vnni: return "avx512_core_vnni";
    case dnnl_cpu_isa_avx512_core_bf16: return "avx512_core_bf16";
    case dnnl_cpu_isa_avx512_core_amx: return "avx512_core_amx";
    case dnnl_cpu_isa_all: return "all";
    default: return "isa 0x" + [] {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%x", static_cast<unsigned>(dnnl_get_effective_cpu_isa()));
      return std::string(buf);
    }();
  }
}

std::string onednn_version() {
  const dnnl_version_t* v = dnnl_version();
  return std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch) +
         " (" + v->hash + ")";
}

}  // namespace octet_bench
