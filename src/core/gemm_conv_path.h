// Convolution on a GEMM microkernel (src/core/gemm_ukernel.h): one path object
// per operator, chosen at create, with the weights packed once.
//
// How the A rows (activations) reach the kernel, chosen at create:
//   gemm_1x1  1x1 kernel, no padding (any stride): the kernel reads the NHWC
//             input pixels in place; row pointers are computed per call.
//   igemm     general R x S / stride / dilation / asymmetric padding: an
//             indirection buffer (one pointer per output pixel and tap) built
//             in the workspace by run(); padded taps point at a row of
//             x_zero_point bytes owned by the operator.
//   im2col    small C/groups (e.g. the C=3 stem): each output pixel's R*S*C
//             patch copied to the workspace, so the reduction is one long
//             kc = R*S*C/groups (ks = 1) instead of R*S short, mostly empty c4
//             groups.
// Grouped convolution runs the same kernel per group (the group's panels and
// a group offset into each A row). Nonzero weight zero points add per-row
// activation sums (GemmParams::a_sums), computed into the workspace.
//
// Kernel choice (x86): the best ISA's exact kernel with the least padded work
// for the group's output channels (AVX2: 3x32 or 4x24); on AVX2 the
// vpmaddubsw kernel (GemmKernel::pair_abs_limit) replaces it when every packed
// weight pair passes gemm_weights_fit_pair_limit(), and otherwise is packed
// beside it and used for the runs whose u8 activations (and zero point) all lie
// in 0..127, which run() checks before the GEMM pass (2*127*128 < 2^15).
// AArch64 kernels come from src/arm/gemm_kernels.h.
//
// Threading: one pthreadpool pass builds the indirection / im2col / a_sums
// buffers (over output rows), a second runs the GEMM over (group, M tile,
// N tile). Every output is computed by the same kernel arithmetic whatever the
// split, so results do not depend on the thread count.
#pragma once

#include <memory>

#include "src/core/conv_config.h"
#include "src/core/gemm_ukernel.h"

namespace octet {

enum class GemmConvMode { kDirect1x1, kIndirect, kIm2col };

// Factory for the path registry: nullptr when no GEMM kernel exists for max_isa.
std::unique_ptr<ConvPath> make_gemm_path(const ConvConfig& cfg, octet_isa max_isa);

// For tests and benchmarks: a path on a given kernel, with a forced A mode
// (nullptr if the mode cannot run this shape, e.g. direct on a 3x3).
// range_kernel: a pair-limited kernel of the same tile to run instead, per
// run, when the u8 input and its zero point all lie in 0..127 (ignored for s8
// input, a zero point above 127, or another tile).
std::unique_ptr<ConvPath> make_gemm_path_with(const ConvConfig& cfg, const GemmKernel& kernel, GemmConvMode mode,
                                              const GemmKernel* range_kernel = nullptr);

// The microkernel a GEMM path runs (its GemmKernel::name), or nullptr when
// `path` is not a GEMM path.
const char* gemm_path_kernel_name(const ConvPath& path);

// The microkernel run() would use on these arguments (the range kernel for
// in-range input), or nullptr when `path` is not a GEMM path.
const char* gemm_path_kernel_name_for_run(const ConvPath& path, const ConvRunArgs& args);

// The mode make_gemm_path picks for cfg.
GemmConvMode choose_gemm_mode(const ConvConfig& cfg);

}  // namespace octet
