// The layer suite of octet-bench: shapes, the data every implementation runs
// on, and the interface each implementation (octet and its peers) provides.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "octet/octet.h"

namespace octet_bench {

// One convolution layer, as in the suite table of issue 3 (and --shapes TSV).
// Padding is symmetric, as in PyTorch.
struct Shape {
  std::string name;
  int N = 1, H = 1, W = 1, C = 1, K = 1, R = 1, S = 1;
  int stride = 1, pad = 0, dil = 1, groups = 1;

  int OH() const { return (H + 2 * pad - dil * (R - 1) - 1) / stride + 1; }
  int OW() const { return (W + 2 * pad - dil * (S - 1) - 1) / stride + 1; }
  // 2*N*OH*OW*K*R*S*C/groups: one multiply-add counts as two operations.
  double ops() const;
  bool depthwise() const { return groups == C && groups > 1; }
};

// The built-in suite (issue 3).
std::vector<Shape> builtin_shapes();
// Reads shapes from a TSV with the suite's columns (a header line starting
// with "name" and lines starting with '#' are skipped). Returns false and sets
// *error on a malformed line.
bool read_shapes_tsv(const std::string& path, std::vector<Shape>* shapes, std::string* error);
// Empty when the shape is usable, otherwise why not.
std::string check_shape(const Shape& s);

// Two inputs per layer, same zero point:
//  - kFull: activations over the whole 0..255 range (what is timed). On CPUs
//    without VNNI, peers that sum u8*s8 pairs in saturating int16
//    (vpmaddubsw) may differ from the exact result here; that is counted.
//  - kHalf: activations in 0..127 (PyTorch's reduce_range). No u8*s8 pair sum
//    can saturate int16, so every peer must match exactly (or within its
//    stated tolerance): this is the check that catches a peer doing less work.
enum Dataset { kFull = 0, kHalf = 1 };

struct Layer {
  Shape shape;
  std::vector<uint8_t> x[2];  // NHWC, per Dataset
  double x_scale = 0;
  int32_t x_zp = 0;
  std::vector<int8_t> w;         // [K][R][S][C/groups]
  std::vector<double> w_scale;   // K per-channel scales (float-representable)
  std::vector<float> bias;       // K
  double y_scale = 0;
  int32_t y_zp = 0;              // ReLU: output clamp [y_zp, 255]

  size_t input_size() const;   // N*H*W*C
  size_t output_size() const;  // N*OH*OW*K

  // octet's output for this mode and dataset, at the active ISA cap (computed
  // once, then cached).
  const std::vector<uint8_t>& reference(octet_requant_mode mode, Dataset d);

 private:
  std::map<int, std::vector<uint8_t>> ref_cache_;
};

// Deterministic data for a shape: Gaussian-like weights with one +-127 tap per
// output channel (as symmetric per-channel quantization produces), per-channel
// scales, float bias, and scales chosen so the output uses the u8 range.
std::unique_ptr<Layer> make_layer(const Shape& s, uint64_t seed);

// An implementation of the layer: octet or a peer.
class Impl {
 public:
  virtual ~Impl() = default;
  // Creates the operator and packs the weights (what `pack/...` times).
  // Returns false with *error set when this implementation cannot do the layer.
  virtual bool create(Layer& layer, int threads, std::string* error) = 0;
  virtual void destroy() = 0;
  // Binds an input (not timed: conversions or setup calls go here).
  virtual bool set_input(Dataset d, std::string* error) = 0;
  virtual void run() = 0;
  // u8 NHWC output of the last run, output_size() bytes.
  virtual const uint8_t* output() = 0;
  // What the peer chose (oneDNN's impl_info_str, octet's path, ...).
  virtual std::string info() { return std::string(); }
};

enum class ImplKind { octet, onednn, xnnpack, fbgemm };
const char* impl_name(ImplKind k);
// nullptr when the implementation is not built in (e.g. FBGEMM not found).
std::unique_ptr<Impl> make_impl(ImplKind k);

// Per-peer factories (each in its own file).
std::unique_ptr<Impl> make_octet_impl(octet_requant_mode mode);
std::unique_ptr<Impl> make_onednn_impl();
std::unique_ptr<Impl> make_xnnpack_impl();
std::unique_ptr<Impl> make_fbgemm_impl();  // nullptr without FBGEMM
// For the report's header: what each peer is ("absent: <why>" when not built in).
std::string onednn_version();
std::string onednn_isa();  // the ISA oneDNN may use here (dnnl_get_effective_cpu_isa)
std::string xnnpack_status();
std::string fbgemm_status();

// octet_conv2d_params for a layer in a requantization mode (u8 in, s8
// per-channel weights, f32 bias, u8 out with fused ReLU).
octet_conv2d_params octet_params(const Layer& L, octet_requant_mode mode);

}  // namespace octet_bench
