#include "conv2d.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <string>
#include <vector>

namespace octet_torch {
namespace {

void check(octet_status st, const char* what) {
  TORCH_CHECK(st == octet_status_success, "octet: ", what, ": ", octet_last_error());
}

// Weight scales and zero points as octet takes them: one, or one per output channel.
struct WeightQuant {
  std::vector<double> scales;
  std::vector<int32_t> zero_points;
  bool any_zero_point = false;
};

WeightQuant weight_quant(const at::Tensor& w) {
  WeightQuant q;
  const at::QScheme scheme = w.qscheme();
  if (scheme == at::kPerTensorAffine || scheme == at::kPerTensorSymmetric) {
    q.scales.push_back(w.q_scale());
    q.zero_points.push_back(static_cast<int32_t>(w.q_zero_point()));
  } else {
    TORCH_CHECK(scheme == at::kPerChannelAffine || scheme == at::kPerChannelSymmetric,
                "octet: unsupported weight qscheme ", toString(scheme));
    TORCH_CHECK(w.q_per_channel_axis() == 0, "octet: per-channel weights must be quantized along axis 0");
    const at::Tensor s = w.q_per_channel_scales().to(at::kDouble).contiguous();
    const at::Tensor z = w.q_per_channel_zero_points().to(at::kLong).contiguous();
    q.scales.assign(s.data_ptr<double>(), s.data_ptr<double>() + s.numel());
    for (int64_t i = 0; i < z.numel(); ++i) q.zero_points.push_back(static_cast<int32_t>(z.data_ptr<int64_t>()[i]));
  }
  for (int32_t zp : q.zero_points) q.any_zero_point = q.any_zero_point || zp != 0;
  return q;
}

size_t dim(const std::vector<int64_t>& v, size_t i, const char* name) {
  TORCH_CHECK(v.size() == 2 && v[i] >= 0, "octet: ", name, " must be two non-negative values");
  return static_cast<size_t>(v[i]);
}

}  // namespace

octet_requant_mode requant_mode_from_name(const std::string& name) {
  if (name == "pytorch_fbgemm") return octet_requant_pytorch_fbgemm;
  if (name == "pytorch_qnnpack") return octet_requant_pytorch_qnnpack;
  if (name == "pytorch_onednn") return octet_requant_pytorch_onednn;
  TORCH_CHECK(false, "octet: unknown requant mode '", name,
              "' (pytorch_qnnpack, pytorch_onednn or pytorch_fbgemm)");
}

Conv2d::Conv2d(const at::Tensor& weight, const c10::optional<at::Tensor>& bias, const ConvGeometry& g,
               const ConvQuant& quant)
    : quant_(quant) {
  check(octet_initialize(), "initialize");
  TORCH_CHECK(weight.scalar_type() == at::kQInt8 && weight.dim() == 4, "octet: weight must be 4-D qint8");
  TORCH_CHECK(g.groups >= 1, "octet: groups must be positive");
  output_channels_ = weight.size(0);
  input_channels_ = weight.size(1) * g.groups;
  // OIHW -> OHWI: the copy octet packs from (octet copies again at create).
  const at::Tensor w_ohwi = weight.int_repr().permute({0, 2, 3, 1}).contiguous();
  const WeightQuant wq = weight_quant(weight);
  at::Tensor b;
  if (bias.has_value() && bias->defined()) {
    b = bias->to(at::kFloat).contiguous();
    TORCH_CHECK(b.numel() == output_channels_, "octet: bias must have one value per output channel");
  }

  octet_conv2d_params p;
  octet_conv2d_params_init(&p);
  p.input_channels = static_cast<size_t>(input_channels_);
  p.output_channels = static_cast<size_t>(output_channels_);
  p.groups = static_cast<size_t>(g.groups);
  p.kernel_height = static_cast<size_t>(weight.size(2));
  p.kernel_width = static_cast<size_t>(weight.size(3));
  p.stride_height = dim(g.stride, 0, "stride");
  p.stride_width = dim(g.stride, 1, "stride");
  p.dilation_height = dim(g.dilation, 0, "dilation");
  p.dilation_width = dim(g.dilation, 1, "dilation");
  p.pad_top = p.pad_bottom = dim(g.padding, 0, "padding");  // torch pads symmetrically
  p.pad_left = p.pad_right = dim(g.padding, 1, "padding");
  p.input_type = octet_datatype_u8;
  p.input_scale = quant.input_scale;
  p.input_zero_point = static_cast<int32_t>(quant.input_zero_point);
  p.weights = w_ohwi.data_ptr<int8_t>();
  p.weight_scale_count = wq.scales.size();
  p.weight_scales = wq.scales.data();
  p.weight_zero_points = wq.any_zero_point ? wq.zero_points.data() : nullptr;
  p.bias_type = b.defined() ? octet_datatype_f32 : octet_datatype_none;
  p.bias = b.defined() ? b.data_ptr<float>() : nullptr;
  p.output_type = octet_datatype_u8;
  p.output_scale = quant.output_scale;
  p.output_zero_point = static_cast<int32_t>(quant.output_zero_point);
  p.output_min = quant.relu ? p.output_zero_point : 0;  // fused ReLU clamps at the zero point
  p.output_max = 255;
  p.requant_mode = quant.mode;
  check(octet_conv2d_create(&p, &op_), "conv2d_create");
}

Conv2d::~Conv2d() { octet_conv2d_destroy(op_); }

at::Tensor Conv2d::run(const at::Tensor& input) const {
  TORCH_CHECK(input.scalar_type() == at::kQUInt8 && input.dim() == 4, "octet: input must be 4-D quint8");
  TORCH_CHECK(input.qscheme() == at::kPerTensorAffine, "octet: input must be quantized per tensor");
  TORCH_CHECK(input.size(1) == input_channels_, "octet: input has ", input.size(1), " channels, the conv takes ",
              input_channels_);
  TORCH_CHECK(input.q_scale() == quant_.input_scale && input.q_zero_point() == quant_.input_zero_point,
              "octet: conv packed for input scale ", quant_.input_scale, " zero point ", quant_.input_zero_point,
              ", got ", input.q_scale(), " / ", input.q_zero_point(), " (pack again)");
  // A no-op when the input already is channels-last (octet reads NHWC in place).
  const at::Tensor x = input.contiguous(at::MemoryFormat::ChannelsLast);
  const auto n = static_cast<size_t>(x.size(0)), h = static_cast<size_t>(x.size(2)),
             w = static_cast<size_t>(x.size(3));
  size_t oh = 0, ow = 0;
  check(octet_conv2d_output_size(op_, h, w, &oh, &ow), "conv2d_output_size");
  at::Tensor y = at::_empty_affine_quantized(
      {x.size(0), output_channels_, static_cast<int64_t>(oh), static_cast<int64_t>(ow)},
      at::device(at::kCPU).dtype(at::kQUInt8), quant_.output_scale, quant_.output_zero_point,
      at::MemoryFormat::ChannelsLast);
  // octet runs on torch's own intra-op threads (one share each, through
  // octet_conv2d_run_thread), so no second pool spins against torch's. In a
  // qnnpack model, whose other ops run on torch's pthreadpool while at::
  // parallel_for uses its OpenMP threads, the two sets of spinning workers
  // fight over the cores (torch's own qnnpack MobileNetV3 takes 4x longer on
  // 2 threads than on 1): there octet runs on the calling thread alone, which
  // measured fastest (README, "PyTorch").
  const bool serial = quant_.mode == octet_requant_pytorch_qnnpack;
  const auto threads = serial ? size_t{1} : static_cast<size_t>(std::max(1, at::get_num_threads()));
  size_t ws = 0;
  check(octet_conv2d_workspace_size(op_, n, h, w, threads, &ws), "conv2d_workspace_size");
  // ATen's CPU allocator aligns to 64 bytes, as octet's workspace wants.
  at::Tensor workspace = at::empty({static_cast<int64_t>(ws)}, at::device(at::kCPU).dtype(at::kByte));
  void* wsp = ws ? workspace.data_ptr() : nullptr;
  // octet_last_error() is per thread: keep each share's message.
  std::vector<std::string> errors(threads);
  at::parallel_for(0, static_cast<int64_t>(threads), 1, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t) {
      if (octet_conv2d_run_thread(op_, n, h, w, x.data_ptr(), 0, y.data_ptr(), 0, wsp, ws, static_cast<size_t>(t),
                                  threads) != octet_status_success) {
        errors[t] = octet_last_error();
      }
    }
  });
  for (const std::string& e : errors) TORCH_CHECK(e.empty(), "octet: conv2d_run_thread: ", e);
  return y;
}

std::string Conv2d::path() const {
  return std::string(octet_conv2d_path(op_)) + "/" + octet_isa_name(octet_conv2d_isa(op_));
}

}  // namespace octet_torch
