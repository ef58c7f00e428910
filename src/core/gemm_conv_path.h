// Convolution on a GEMM microkernel (src/core/gemm_ukernel.h): one path object
// per operator, chosen at create, with the weights packed once.
//
// How the A rows (activations) reach the kernel, chosen at create:
//   gemm_1x1  1x1 kernel, no padding (any stride): the kernel reads the NHWC
//             input pixels in place; row pointers are computed per call.
//   igemm     general R x S / stride / dilation / asymmetric padding: one
//             pointer per output pixel and tap; padded taps point at a row of
//             x_zero_point bytes owned by the operator. With kernels that take
//             strided tiles (GemmKernel::strided_taps), where it computes less
//             (GemmStrided): tiles of equally spaced pixels with one pointer
//             per tap and the padded taps skipped (gemm_strided_plan.h).
//   row_igemm small C, one group, dilation 1 along W (e.g. the C=3 stem): the
//             S taps of a kernel row are S*C contiguous input bytes, so each
//             pointer covers a whole kernel row (ks = R, kc = S*C) instead of
//             R*S short, mostly empty c4 groups. Rows cut by padding are
//             copied, padded with x_zero_point, into the task's buffer.
//   im2col    small C/groups otherwise: each output pixel's R*S*C/groups
//             patch copied into the task's buffer, one long reduction
//             kc = R*S*C/groups (ks = 1).
// A GEMM task makes its tile's pointers and copies on its stack right before
// its kernel calls (they are in L1 when read).
// Grouped convolution runs the same kernel per group (the group's panels and
// a group offset into each A row). Nonzero weight zero points add per-row
// activation sums (GemmParams::a_sums), which a task computes for its own rows
// on its stack beside the pointers; the path needs no workspace.
//
// Kernel choice (x86): the best ISA's exact kernel with the least padded work
// for the group's output channels (AVX2: 3x32 or 4x24); on AVX2 the
// vpmaddubsw kernel (GemmKernel::pair_abs_limit) replaces it when every packed
// weight pair passes gemm_weights_fit_pair_limit(), and otherwise is packed
// beside it and used for the tasks whose u8 activations (and zero point) all
// lie in 0..127 (2*127*128 < 2^15): each task checks the input rows its output
// rows read, so the check runs on every thread and no task scans the whole input.
// AArch64 kernels come from src/arm/gemm_kernels.h.
// Where a kernel does not pay (its table row's min_kc, min_m), the plan falls
// back: an ISA is chosen only if its kernels pay on the mode's per-tap
// reduction kc; and a run of fewer output pixels than the kernel's min_m runs
// the best lower-ISA kernel that reads the same panels (plan_gemm).
//
// Threading: one pass of tasks over (group, M tile, N tile), sized for the
// thread count; run_thread's share t is a contiguous run of those tasks, so
// no share waits for another. Every output is computed by the same kernel
// arithmetic whatever the split, so results do not depend on the thread count.
#pragma once

#include <memory>

#include "src/core/conv_config.h"
#include "src/core/gemm_ukernel.h"
#include "src/core/kernel_table.h"

namespace octet {

enum class GemmConvMode { kDirect1x1, kIndirect, kRowIndirect, kIm2col };

// igemm with kernels that take strided tiles (GemmKernel::strided_taps):
// kAuto runs them where they compute less than the raster tiles
// (src/core/gemm_strided_plan.h); tests force them on or off.
enum class GemmStrided { kAuto, kOff, kAlways };

// The reduction a mode gives each kernel call: ks taps of kc elements.
void gemm_mode_reduction(const ConvConfig& cfg, GemmConvMode mode, size_t* ks, size_t* kc);

// Factory for the path registry: nullptr when no GEMM kernel exists for max_isa.
std::unique_ptr<ConvPath> make_gemm_path(const ConvConfig& cfg, octet_isa max_isa);

// For tests and benchmarks: a path on a given kernel, with a forced A mode
// (nullptr if the mode cannot run this shape, e.g. direct on a 3x3).
// range_kernel: a pair-limited kernel of the same tile to run instead, per
// run, when the u8 input and its zero point all lie in 0..127 (ignored for s8
// input, a zero point above 127, or another tile).
// few_rows_kernel: a kernel reading the same panels (nr, kr, weight and
// activation types; ignored otherwise), run instead on runs of fewer than
// kernel.min_m output pixels.
// rows_kernel: a kernel reading the same panels with another tile height
// (ignored otherwise), run instead where it computes fewer rows (see
// GemmPlan::rows_kernel).
std::unique_ptr<ConvPath> make_gemm_path_with(const ConvConfig& cfg, const GemmKernel& kernel, GemmConvMode mode,
                                              const GemmKernel* range_kernel = nullptr,
                                              const GemmKernel* few_rows_kernel = nullptr,
                                              const GemmKernel* rows_kernel = nullptr,
                                              GemmStrided strided = GemmStrided::kAuto);

// True when a run with these arguments takes strided tiles (tests).
bool gemm_path_runs_strided(const ConvPath& path, const ConvRunArgs& args);

// What make_gemm_path decides for cfg under cap, from sel's table and CPU
// (tests pass a pretend CPU): the kernel and its mode, and the kernels some
// runs use instead. kernel is nullptr when the table has no GEMM kernel.
struct GemmPlan {
  const GemmKernel* kernel = nullptr;
  GemmConvMode mode = GemmConvMode::kIndirect;
  const GemmKernel* range_kernel = nullptr;     // u8 runs whose bytes all lie in 0..127
  const GemmKernel* few_rows_kernel = nullptr;  // runs of fewer than kernel->min_m pixels
  // Runs where this tile height computes fewer rows, padding included, over
  // the run's tasks (KernelSelector::gemm_other_rows; avx512vnni: 6x64 beside
  // 7x64, so that 7x7 = 49 pixels run 7 tiles of 7, 36 pixels 6 of 6).
  const GemmKernel* rows_kernel = nullptr;
};
GemmPlan plan_gemm(const ConvConfig& cfg, octet_isa cap, const KernelSelector& sel);

// The microkernel a GEMM path runs (its GemmKernel::name), or nullptr when
// `path` is not a GEMM path.
const char* gemm_path_kernel_name(const ConvPath& path);

// The microkernel run() would use on these arguments (the range kernel when
// the whole input is in range, which every task then takes), or nullptr when
// `path` is not a GEMM path.
const char* gemm_path_kernel_name_for_run(const ConvPath& path, const ConvRunArgs& args);

// Each task of a run chooses the range kernel from the input rows its output
// rows read: of the *tasks tasks a run on `threads` threads makes, the number
// that run it (0 when `path` is not a GEMM path).
size_t gemm_path_range_tasks(const ConvPath& path, const ConvRunArgs& args, size_t threads, size_t* tasks);

// The mode make_gemm_path picks for cfg.
GemmConvMode choose_gemm_mode(const ConvConfig& cfg);

}  // namespace octet
