// The conv2d operator of the C API: create (validate, copy, select a path,
// pack), query, run (validate the call, then hand it to the path), destroy.
#include <cstring>
#include <limits>
#include <memory>
#include <new>

#include <pthreadpool.h>

#include "octet/octet.h"
#include "src/api/conv2d_validate.h"
#include "src/api/error.h"
#include "src/core/conv_paths.h"
#include "src/core/isa.h"

struct octet_conv2d {
  octet::ConvConfig config;
  std::unique_ptr<octet::ConvPath> path;
};

namespace {

size_t element_size(octet_datatype t) { return t == octet_datatype_s32 ? 4 : 1; }

// The input size of a run or a workspace query: at least one image, row and
// column, and at least one output pixel (else a path would size its buffers
// from an output of 0 rows). Sets the error and returns false otherwise.
bool input_size_ok(const octet::ConvConfig& c, size_t batch, size_t height, size_t width) {
  if (batch == 0 || height == 0 || width == 0) {
    octet::fail(octet_status_invalid_parameter, "batch, height and width must be at least 1 (got %zu, %zu, %zu)",
                batch, height, width);
    return false;
  }
  if (octet::validate_run_size(c, batch, height, width) != octet_status_success) return false;
  if (c.shape.output_height(height) == 0 || c.shape.output_width(width) == 0) {
    octet::fail(octet_status_invalid_parameter,
                "input %zux%zu is smaller than the padded, dilated kernel: no output", height, width);
    return false;
  }
  return true;
}

// The workspace of a run on up to `threads` threads. Every path's size is
// threads * (per thread) + a constant, both bounded by validate_run_size, so
// threads * (the one-thread size) bounds it: refuse when that overflows.
bool workspace_bytes(const octet_conv2d& op, size_t batch, size_t height, size_t width, size_t threads,
                     size_t* bytes) {
  const size_t one = op.path->workspace_size(batch, height, width, 1);
  size_t bound = 0;
  if (__builtin_mul_overflow(one, threads, &bound)) {
    octet::fail(octet_status_invalid_parameter,
                "the workspace for %zu threads overflows size_t (%zu threads times the %zu bytes of one thread)",
                threads, threads, one);
    return false;
  }
  *bytes = op.path->workspace_size(batch, height, width, threads);
  return true;
}

// The checks of a run (or one thread's share of it, whose workspace is sized
// for `threads`) and its arguments for the path; sets the error otherwise.
octet_status prepare_run(octet_conv2d_t op, size_t batch, size_t height, size_t width, const void* input,
                         size_t input_pixel_stride, void* output, size_t output_pixel_stride, void* workspace,
                         size_t workspace_size, size_t threads, octet::ConvRunArgs* args) {
  constexpr octet_status kInvalid = octet_status_invalid_parameter;
  if (op == nullptr) return octet::fail(kInvalid, "op is NULL");
  const octet::ConvConfig& c = op->config;
  if (!input_size_ok(c, batch, height, width)) return kInvalid;
  if (input == nullptr) return octet::fail(kInvalid, "input is NULL");
  if (output == nullptr) return octet::fail(kInvalid, "output is NULL");
  if (input_pixel_stride == 0) input_pixel_stride = c.shape.C;
  if (output_pixel_stride == 0) output_pixel_stride = c.shape.K;
  if (input_pixel_stride < c.shape.C) {
    return octet::fail(kInvalid, "input_pixel_stride %zu is smaller than input_channels %zu", input_pixel_stride,
                       c.shape.C);
  }
  if (output_pixel_stride < c.shape.K) {
    return octet::fail(kInvalid, "output_pixel_stride %zu is smaller than output_channels %zu",
                       output_pixel_stride, c.shape.K);
  }
  const size_t OH = c.shape.output_height(height), OW = c.shape.output_width(width);
  size_t in_elems = 0, out_elems = 0;
  if (__builtin_mul_overflow(batch, height, &in_elems) || __builtin_mul_overflow(in_elems, width, &in_elems) ||
      __builtin_mul_overflow(in_elems, input_pixel_stride, &in_elems) ||
      __builtin_mul_overflow(batch, OH, &out_elems) || __builtin_mul_overflow(out_elems, OW, &out_elems) ||
      __builtin_mul_overflow(out_elems, output_pixel_stride, &out_elems) ||
      __builtin_mul_overflow(out_elems, element_size(c.output_type), &out_elems) ||
      in_elems > (std::numeric_limits<size_t>::max() >> 2)) {
    return octet::fail(kInvalid, "batch*height*width*pixel_stride overflows");
  }
  size_t needed = 0;
  if (!workspace_bytes(*op, batch, height, width, threads, &needed)) return kInvalid;
  if (workspace_size < needed) {
    return octet::fail(kInvalid, "workspace_size %zu is smaller than the %zu bytes this run needs "
                       "(octet_conv2d_workspace_size)", workspace_size, needed);
  }
  if (needed > 0 && workspace == nullptr) return octet::fail(kInvalid, "workspace is NULL");
  *args = octet::ConvRunArgs{batch, height, width, OH, OW, input, input_pixel_stride, output, output_pixel_stride,
                             workspace, workspace_size, nullptr};
  return octet_status_success;
}

}  // namespace

extern "C" {

void octet_conv2d_params_init(octet_conv2d_params* p) {
  if (p == nullptr) return;
  std::memset(p, 0, sizeof(*p));
  p->struct_size = sizeof(*p);
  p->groups = 1;
  p->stride_height = p->stride_width = 1;
  p->dilation_height = p->dilation_width = 1;
  p->input_type = octet_datatype_u8;
  p->input_scale = 1.0;
  p->weight_scale_count = 1;
  p->bias_type = octet_datatype_none;
  p->output_type = octet_datatype_u8;
  p->output_scale = 1.0;
  // The full range of whatever output type is chosen: the clamp is
  // intersected with the type's range.
  p->output_min = std::numeric_limits<int32_t>::min();
  p->output_max = std::numeric_limits<int32_t>::max();
  p->requant_mode = octet_requant_pytorch_fbgemm;
}

octet_status octet_conv2d_create(const octet_conv2d_params* params, octet_conv2d_t* op) {
  if (op == nullptr) return octet::fail(octet_status_invalid_parameter, "op (the output handle pointer) is NULL");
  *op = nullptr;
  octet::initialize_isa();
  std::unique_ptr<octet_conv2d> conv(new (std::nothrow) octet_conv2d);
  if (!conv) return octet::fail(octet_status_out_of_memory, "out of memory allocating the operator");
  const octet_status status = octet::validate_conv2d(params, &conv->config);
  if (status != octet_status_success) return status;
  try {
    conv->path = octet::select_conv_path(conv->config, octet::current_cap());
  } catch (const std::bad_alloc&) {
    return octet::fail(octet_status_out_of_memory, "out of memory packing the weights");
  }
  if (!conv->path) return octet::fail(octet_status_out_of_memory, "out of memory packing the weights");
  *op = conv.release();
  octet::clear_error();
  return octet_status_success;
}

octet_status octet_conv2d_output_size(octet_conv2d_t op, size_t height, size_t width, size_t* output_height,
                                      size_t* output_width) {
  if (op == nullptr) return octet::fail(octet_status_invalid_parameter, "op is NULL");
  if (output_height == nullptr || output_width == nullptr) {
    return octet::fail(octet_status_invalid_parameter, "output_height and output_width must not be NULL");
  }
  // height + pads could wrap around and give a small, wrong size.
  if (octet::validate_run_size(op->config, 1, height, width) != octet_status_success) {
    return octet_status_invalid_parameter;
  }
  *output_height = op->config.shape.output_height(height);
  *output_width = op->config.shape.output_width(width);
  octet::clear_error();
  return octet_status_success;
}

octet_status octet_conv2d_workspace_size(octet_conv2d_t op, size_t batch, size_t height, size_t width,
                                         size_t max_threads, size_t* workspace_size) {
  if (op == nullptr) return octet::fail(octet_status_invalid_parameter, "op is NULL");
  if (workspace_size == nullptr) return octet::fail(octet_status_invalid_parameter, "workspace_size is NULL");
  if (!input_size_ok(op->config, batch, height, width)) return octet_status_invalid_parameter;
  size_t bytes = 0;
  if (!workspace_bytes(*op, batch, height, width, max_threads == 0 ? 1 : max_threads, &bytes)) {
    return octet_status_invalid_parameter;
  }
  *workspace_size = bytes;
  octet::clear_error();
  return octet_status_success;
}

octet_isa octet_conv2d_isa(octet_conv2d_t op) { return op ? op->path->isa() : octet_isa_scalar; }

const char* octet_conv2d_path(octet_conv2d_t op) { return op ? op->path->name() : ""; }

octet_status octet_conv2d_run(octet_conv2d_t op, size_t batch, size_t height, size_t width, const void* input,
                              size_t input_pixel_stride, void* output, size_t output_pixel_stride,
                              void* workspace, size_t workspace_size, pthreadpool_t threadpool) {
  const size_t threads = threadpool ? pthreadpool_get_threads_count(threadpool) : 1;
  octet::ConvRunArgs args{};
  const octet_status status = prepare_run(op, batch, height, width, input, input_pixel_stride, output,
                                          output_pixel_stride, workspace, workspace_size, threads, &args);
  if (status != octet_status_success) return status;
  args.threadpool = threadpool;
  op->path->run(args);
  octet::clear_error();
  return octet_status_success;
}

octet_status octet_conv2d_run_thread(octet_conv2d_t op, size_t batch, size_t height, size_t width,
                                     const void* input, size_t input_pixel_stride, void* output,
                                     size_t output_pixel_stride, void* workspace, size_t workspace_size,
                                     size_t thread_index, size_t thread_count) {
  if (thread_count == 0) return octet::fail(octet_status_invalid_parameter, "thread_count must be at least 1");
  if (thread_index >= thread_count) {
    return octet::fail(octet_status_invalid_parameter, "thread_index %zu is not below thread_count %zu",
                       thread_index, thread_count);
  }
  octet::ConvRunArgs args{};
  const octet_status status = prepare_run(op, batch, height, width, input, input_pixel_stride, output,
                                          output_pixel_stride, workspace, workspace_size, thread_count, &args);
  if (status != octet_status_success) return status;
  op->path->run_thread(args, thread_index, thread_count);
  octet::clear_error();
  return octet_status_success;
}

void octet_conv2d_destroy(octet_conv2d_t op) { delete op; }

}  // extern "C"
