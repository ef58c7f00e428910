// octet_torch::Conv2d: one octet convolution packed from PyTorch's quantized
// weight, exposed to Python and TorchScript as torch.classes.octet.Conv2d.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <octet/octet.h>
#include <torch/custom_class.h>
#include <torch/types.h>

namespace octet_torch {

// Convolution settings as torch's packed params hold them (int[2] each).
struct ConvGeometry {
  std::vector<int64_t> stride, padding, dilation;
  int64_t groups = 1;
};

// Input and output quantization, and the fused ReLU, fixed at pack time.
struct ConvQuant {
  double input_scale = 1.0;
  int64_t input_zero_point = 0;
  double output_scale = 1.0;
  int64_t output_zero_point = 0;
  bool relu = false;
  octet_requant_mode mode = octet_requant_pytorch_fbgemm;
};

octet_requant_mode requant_mode_from_name(const std::string& name);

class Conv2d : public torch::CustomClassHolder {
 public:
  // weight: qint8 [K][C/groups][R][S], per-tensor or per-channel (axis 0).
  // bias: float [K] or undefined. Copies and packs everything it needs.
  Conv2d(const at::Tensor& weight, const c10::optional<at::Tensor>& bias, const ConvGeometry& geometry,
         const ConvQuant& quant);
  ~Conv2d() override;
  Conv2d(const Conv2d&) = delete;
  Conv2d& operator=(const Conv2d&) = delete;

  // quint8 [N][C][H][W] in any memory format (channels-last is read in place)
  // with the packed input scale and zero point -> quint8 channels-last output.
  at::Tensor run(const at::Tensor& input) const;
  // octet's kernel path and ISA, e.g. "igemm/avx512vnni".
  std::string path() const;

 private:
  octet_conv2d_t op_ = nullptr;
  ConvQuant quant_;
  int64_t input_channels_ = 0, output_channels_ = 0;
};

}  // namespace octet_torch
