// torch.ops.octet.* and torch.classes.octet.Conv2d.
#include <typeinfo>

#include <ATen/native/quantized/PackedParams.h>
#include <torch/library.h>

#include "conv2d.h"

namespace octet_torch {
namespace {

std::vector<int64_t> two(c10::IntArrayRef v, const char* name) {
  TORCH_CHECK(v.size() == 2, "octet: ", name, " must have two values");
  return v.vec();
}

c10::intrusive_ptr<Conv2d> conv2d_prepack(const at::Tensor& weight, const c10::optional<at::Tensor>& bias,
                                          c10::IntArrayRef stride, c10::IntArrayRef padding,
                                          c10::IntArrayRef dilation, int64_t groups, double input_scale,
                                          int64_t input_zero_point, double output_scale, int64_t output_zero_point,
                                          bool relu, c10::string_view mode) {
  ConvGeometry g;
  g.stride = two(stride, "stride");
  g.padding = two(padding, "padding");
  g.dilation = two(dilation, "dilation");
  g.groups = groups;
  ConvQuant q;
  q.input_scale = input_scale;
  q.input_zero_point = input_zero_point;
  q.output_scale = output_scale;
  q.output_zero_point = output_zero_point;
  q.relu = relu;
  q.mode = requant_mode_from_name(std::string(mode));
  return c10::make_intrusive<Conv2d>(weight, bias, g, q);
}

at::Tensor conv2d(const at::Tensor& input, const c10::intrusive_ptr<Conv2d>& op) { return op->run(input); }

// The engine that packed torch's conv params, from the packed object's dynamic
// type (each engine has its own ConvPackedParamsBase subclass): "" if unknown.
std::string packed_engine(const c10::intrusive_ptr<ConvPackedParamsBase<2>>& packed) {
  const std::string type = typeid(*packed).name();
  // PackedConvWeight (fbgemm) is a prefix of the others: test it last.
  if (type.find("PackedConvWeightsQnnp") != std::string::npos) return "qnnpack";
  if (type.find("PackedConvWeightsOnednn") != std::string::npos) return "onednn";
  if (type.find("PackedConvWeight") != std::string::npos) return "fbgemm";
  return "";
}

}  // namespace
}  // namespace octet_torch

TORCH_LIBRARY(octet, m) {
  m.class_<octet_torch::Conv2d>("Conv2d").def("path", &octet_torch::Conv2d::path);
  m.def(
      "conv2d_prepack(Tensor weight, Tensor? bias, int[] stride, int[] padding, int[] dilation, int groups, "
      "float input_scale, int input_zero_point, float output_scale, int output_zero_point, bool relu, str mode) "
      "-> __torch__.torch.classes.octet.Conv2d",
      &octet_torch::conv2d_prepack);
  m.def("conv2d(Tensor input, __torch__.torch.classes.octet.Conv2d op) -> Tensor", &octet_torch::conv2d);
  m.def("packed_engine(__torch__.torch.classes.quantized.Conv2dPackedParamsBase packed) -> str",
        &octet_torch::packed_engine);
}
