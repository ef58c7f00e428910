// A convolution's parameters after validation: owned copies of everything the
// caller passed, plus the per-channel requantization constants of its mode.
// Immutable once built; every kernel path reads it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "octet/octet.h"
#include "src/ref/conv.h"
#include "src/ref/requantize.h"

namespace octet {

struct ConvConfig {
  ref::ConvShape shape;
  octet_datatype input_type = octet_datatype_u8;
  octet_datatype output_type = octet_datatype_u8;
  octet_datatype bias_type = octet_datatype_none;
  octet_requant_mode mode = octet_requant_pytorch_fbgemm;
  double x_scale = 1.0, y_scale = 1.0;
  int32_t x_zero_point = 0;
  ref::OutputQuant output;  // mode, zero point, clamp

  std::vector<int8_t> weights;           // [K][R][S][C/groups], as given
  std::vector<double> w_scales;          // K entries (a per-tensor scale repeated)
  bool w_per_tensor = false;
  std::vector<int32_t> w_zero_points;    // K entries
  bool w_zero_points_all_zero = true;
  std::vector<float> bias_f32;           // K entries when bias_type == f32
  std::vector<int32_t> bias_s32;         // K entries when bias_type == s32
  std::vector<ref::ChannelRequant> requant;  // K entries

  size_t taps() const { return shape.R * shape.S * shape.channels_per_group(); }
  ref::ConvRefParams ref_params() const;
};

// What run() hands a kernel path, already validated.
struct ConvRunArgs {
  size_t N, H, W, OH, OW;
  const void* input;
  size_t input_pixel_stride;   // elements
  void* output;
  size_t output_pixel_stride;  // elements
  void* workspace;
  size_t workspace_size;
  pthreadpool_t threadpool;
};

// One way of computing the convolution (the reference, a GEMM over an
// indirection buffer, a depthwise kernel, ...), chosen once at create.
class ConvPath {
 public:
  virtual ~ConvPath() = default;
  virtual const char* name() const = 0;
  virtual octet_isa isa() const = 0;
  virtual size_t workspace_size(size_t N, size_t H, size_t W, size_t max_threads) const = 0;
  // Runs over args.threadpool (or inline).
  virtual void run(const ConvRunArgs& args) const = 0;
  // Share t of `threads` (octet_conv2d_run_thread): the shares are disjoint,
  // together they are run(), none waits for another, and share t touches only
  // slice t of a workspace sized for max_threads = threads. args.threadpool is
  // unused.
  virtual void run_thread(const ConvRunArgs& args, size_t t, size_t threads) const = 0;
};

}  // namespace octet
