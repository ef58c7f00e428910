#include "bench/layer.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "src/api/conv2d_shape.h"

namespace octet_bench {

double Shape::ops() const {
  return 2.0 * N * OH() * OW() * static_cast<double>(K) * R * S * (static_cast<double>(C) / groups);
}

std::vector<Shape> builtin_shapes() {
  // name N H W C K R S stride pad dil groups
  return {
      {"rn50_conv1", 1, 224, 224, 3, 64, 7, 7, 2, 3, 1, 1},
      {"rn50_res2_1x1a", 1, 56, 56, 64, 64, 1, 1, 1, 0, 1, 1},
      {"rn50_res2_3x3", 1, 56, 56, 64, 64, 3, 3, 1, 1, 1, 1},
      {"rn50_res2_1x1b", 1, 56, 56, 64, 256, 1, 1, 1, 0, 1, 1},
      {"rn50_res3_3x3", 1, 28, 28, 128, 128, 3, 3, 1, 1, 1, 1},
      {"rn50_res4_3x3", 1, 14, 14, 256, 256, 3, 3, 1, 1, 1, 1},
      {"rn50_res4_1x1", 1, 14, 14, 1024, 256, 1, 1, 1, 0, 1, 1},
      {"rn50_res5_3x3", 1, 7, 7, 512, 512, 3, 3, 1, 1, 1, 1},
      {"rn50_res3_3x3_s2", 1, 56, 56, 128, 128, 3, 3, 2, 1, 1, 1},
      {"mbv2_dw_112", 1, 112, 112, 32, 32, 3, 3, 1, 1, 1, 32},
      {"mbv2_dw_56_s2", 1, 112, 112, 96, 96, 3, 3, 2, 1, 1, 96},
      {"mbv2_dw_14", 1, 14, 14, 576, 576, 3, 3, 1, 1, 1, 576},
      {"mbv2_pw_56", 1, 56, 56, 144, 24, 1, 1, 1, 0, 1, 1},
      {"mbv2_pw_14", 1, 14, 14, 96, 576, 1, 1, 1, 0, 1, 1},
      {"rnx_3x3_g32", 1, 56, 56, 128, 128, 3, 3, 1, 1, 1, 32},
      {"dil_3x3_d2", 1, 28, 28, 256, 256, 3, 3, 1, 2, 2, 1},
  };
}

std::string check_shape(const Shape& s) {
  if (s.name.empty()) return "empty name";
  for (char ch : s.name) {
    if (ch == '/' || ch == ' ' || ch == '\t') return "name must not contain '/' or blanks";
  }
  if (s.N < 1 || s.H < 1 || s.W < 1 || s.C < 1 || s.K < 1 || s.R < 1 || s.S < 1 || s.stride < 1 ||
      s.pad < 0 || s.dil < 1 || s.groups < 1) {
    return "sizes must be positive (pad >= 0)";
  }
  if (s.C % s.groups != 0 || s.K % s.groups != 0) return "groups must divide C and K";
  if (s.OH() < 1 || s.OW() < 1) return "the kernel does not fit the padded input";
  return std::string();
}

bool read_shapes_tsv(const std::string& path, std::vector<Shape>* shapes, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = "cannot open " + path;
    return false;
  }
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#' || line.rfind("name", 0) == 0) continue;
    std::istringstream ss(line);
    Shape s;
    if (!(ss >> s.name >> s.N >> s.H >> s.W >> s.C >> s.K >> s.R >> s.S >> s.stride >> s.pad >> s.dil >>
          s.groups)) {
      *error = path + ":" + std::to_string(lineno) +
               ": expected 12 columns: name N H W C K R S stride pad dil groups";
      return false;
    }
    const std::string why = check_shape(s);
    if (!why.empty()) {
      *error = path + ":" + std::to_string(lineno) + ": " + s.name + ": " + why;
      return false;
    }
    shapes->push_back(s);
  }
  return true;
}

size_t Layer::input_size() const {
  return static_cast<size_t>(shape.N) * shape.H * shape.W * shape.C;
}
size_t Layer::output_size() const {
  return static_cast<size_t>(shape.N) * shape.OH() * shape.OW() * shape.K;
}

namespace {

// splitmix64: small, fast, and the same numbers on every machine.
struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed) {}
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  double gauss() {
    const double u1 = 1.0 - uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
};

}  // namespace

std::unique_ptr<Layer> make_layer(const Shape& s, uint64_t seed) {
  auto L = std::make_unique<Layer>();
  L->shape = s;
  Rng rng(seed * 0x2545F4914F6CDD1Dull + 1);
  const size_t nx = L->input_size();
  L->x[kFull].resize(nx);
  L->x[kHalf].resize(nx);
  for (size_t i = 0; i < nx; ++i) {
    const uint8_t v = static_cast<uint8_t>(rng.next() >> 56);
    L->x[kFull][i] = v;
    L->x[kHalf][i] = static_cast<uint8_t>(v >> 1);
  }
  L->x_zp = 64;
  L->x_scale = 6.0 / 255.0;  // a double that is not float-representable, as torch holds it

  const size_t taps = static_cast<size_t>(s.R) * s.S * (s.C / s.groups);
  const double sigma = 127.0 / 3.5;
  L->w.resize(static_cast<size_t>(s.K) * taps);
  L->w_scale.resize(s.K);
  L->bias.resize(s.K);
  double ws_mean = 0;
  for (int k = 0; k < s.K; ++k) {
    int8_t* wk = &L->w[static_cast<size_t>(k) * taps];
    for (size_t t = 0; t < taps; ++t) {
      const double v = std::nearbyint(rng.gauss() * sigma);
      wk[t] = static_cast<int8_t>(std::max(-127.0, std::min(127.0, v)));
    }
    // Symmetric quantization maps each channel's largest |w| to 127.
    wk[rng.next() % taps] = (rng.next() & 1) ? 127 : -127;
    L->w_scale[k] = static_cast<double>(static_cast<float>(0.002 * (0.5 + rng.uniform())));
    ws_mean += L->w_scale[k];
  }
  ws_mean /= s.K;
  // Accumulator spread for uniform 0..255 input (std 73.9) and these weights.
  const double acc_std = std::sqrt(static_cast<double>(taps)) * 73.9 * sigma;
  for (int k = 0; k < s.K; ++k) {
    L->bias[k] = static_cast<float>(rng.gauss() * 0.5 * L->x_scale * L->w_scale[k] * acc_std);
  }
  L->y_scale = L->x_scale * ws_mean * acc_std / 45.0;
  L->y_zp = 10;
  return L;
}

octet_conv2d_params octet_params(const Layer& L, octet_requant_mode mode) {
  const Shape& s = L.shape;
  octet_conv2d_params p = octet::conv2d_params_for_shape(
      octet::symmetric_conv_shape(s.C, s.K, s.groups, s.R, s.S, s.stride, s.pad, s.dil));
  p.input_type = octet_datatype_u8;
  p.input_scale = L.x_scale;
  p.input_zero_point = L.x_zp;
  p.weights = L.w.data();
  p.weight_scale_count = L.w_scale.size();
  p.weight_scales = L.w_scale.data();
  p.bias_type = octet_datatype_f32;
  p.bias = L.bias.data();
  p.output_type = octet_datatype_u8;
  p.output_scale = L.y_scale;
  p.output_zero_point = L.y_zp;
  p.output_min = L.y_zp;  // fused ReLU
  p.output_max = 255;
  p.requant_mode = mode;
  return p;
}

const std::vector<uint8_t>& Layer::reference(octet_requant_mode mode, Dataset d) {
  const int key = static_cast<int>(mode) * 2 + static_cast<int>(d);
  auto it = ref_cache_.find(key);
  if (it != ref_cache_.end()) return it->second;
  std::unique_ptr<Impl> impl = make_octet_impl(mode);
  std::string err;
  if (!impl->create(*this, 1, &err) || !impl->set_input(d, &err)) {
    throw std::runtime_error("octet reference for " + shape.name + ": " + err);
  }
  impl->run();
  std::vector<uint8_t>& out = ref_cache_[key];
  out.assign(impl->output(), impl->output() + output_size());
  impl->destroy();
  return out;
}

const char* impl_name(ImplKind k) {
  switch (k) {
    case ImplKind::octet: return "octet";
    case ImplKind::onednn: return "onednn";
    case ImplKind::xnnpack: return "xnnpack";
    case ImplKind::fbgemm: return "fbgemm";
  }
  return "?";
}

std::unique_ptr<Impl> make_impl(ImplKind k) {
  switch (k) {
    case ImplKind::octet: return make_octet_impl(octet_requant_pytorch_fbgemm);
    case ImplKind::onednn: return make_onednn_impl();
    case ImplKind::xnnpack: return make_xnnpack_impl();
    case ImplKind::fbgemm: return make_fbgemm_impl();
  }
  return nullptr;
}

}  // namespace octet_bench
