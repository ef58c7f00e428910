// Fully connected is the 1x1 convolution: a batch of M rows is run as M images
// of 1x1 pixels, so the row stride is the pixel stride.
#include <cstring>
#include <limits>
#include <new>

#include "octet/octet.h"
#include "src/api/error.h"

struct octet_fully_connected {
  octet_conv2d_t conv;
};

extern "C" {

void octet_fully_connected_params_init(octet_fully_connected_params* p) {
  if (p == nullptr) return;
  std::memset(p, 0, sizeof(*p));
  p->struct_size = sizeof(*p);
  p->input_type = octet_datatype_u8;
  p->input_scale = 1.0;
  p->weight_scale_count = 1;
  p->output_type = octet_datatype_u8;
  p->output_scale = 1.0;
  p->output_min = std::numeric_limits<int32_t>::min();
  p->output_max = std::numeric_limits<int32_t>::max();
  p->requant_mode = octet_requant_pytorch_fbgemm;
}

octet_status octet_fully_connected_create(const octet_fully_connected_params* p, octet_fully_connected_t* op) {
  if (op == nullptr) return octet::fail(octet_status_invalid_parameter, "op (the output handle pointer) is NULL");
  *op = nullptr;
  if (p == nullptr) return octet::fail(octet_status_invalid_parameter, "params is NULL");
  if (p->struct_size != sizeof(octet_fully_connected_params)) {
    return octet::fail(octet_status_invalid_parameter,
                       "params.struct_size is %zu, expected %zu: initialise with octet_fully_connected_params_init()",
                       p->struct_size, sizeof(octet_fully_connected_params));
  }
  octet_conv2d_params c;
  octet_conv2d_params_init(&c);
  c.input_channels = p->input_channels;
  c.output_channels = p->output_channels;
  c.kernel_height = c.kernel_width = 1;
  c.input_type = p->input_type;
  c.input_scale = p->input_scale;
  c.input_zero_point = p->input_zero_point;
  c.weights = p->weights;
  c.weight_scale_count = p->weight_scale_count;
  c.weight_scales = p->weight_scales;
  c.weight_zero_points = p->weight_zero_points;
  c.bias_type = p->bias_type;
  c.bias = p->bias;
  c.output_type = p->output_type;
  c.output_scale = p->output_scale;
  c.output_zero_point = p->output_zero_point;
  c.output_min = p->output_min;
  c.output_max = p->output_max;
  c.requant_mode = p->requant_mode;
  c.flags = p->flags;
  octet_fully_connected* fc = new (std::nothrow) octet_fully_connected{nullptr};
  if (fc == nullptr) return octet::fail(octet_status_out_of_memory, "out of memory allocating the operator");
  const octet_status status = octet_conv2d_create(&c, &fc->conv);
  if (status != octet_status_success) {
    delete fc;
    return status;
  }
  *op = fc;
  return octet_status_success;
}

octet_status octet_fully_connected_workspace_size(octet_fully_connected_t op, size_t batch, size_t max_threads,
                                                  size_t* workspace_size) {
  if (op == nullptr) return octet::fail(octet_status_invalid_parameter, "op is NULL");
  return octet_conv2d_workspace_size(op->conv, batch, 1, 1, max_threads, workspace_size);
}

octet_status octet_fully_connected_run(octet_fully_connected_t op, size_t batch, const void* input,
                                       size_t input_stride, void* output, size_t output_stride, void* workspace,
                                       size_t workspace_size, pthreadpool_t threadpool) {
  if (op == nullptr) return octet::fail(octet_status_invalid_parameter, "op is NULL");
  return octet_conv2d_run(op->conv, batch, 1, 1, input, input_stride, output, output_stride, workspace,
                          workspace_size, threadpool);
}

octet_status octet_fully_connected_run_thread(octet_fully_connected_t op, size_t batch, const void* input,
                                              size_t input_stride, void* output, size_t output_stride,
                                              void* workspace, size_t workspace_size, size_t thread_index,
                                              size_t thread_count) {
  if (op == nullptr) return octet::fail(octet_status_invalid_parameter, "op is NULL");
  return octet_conv2d_run_thread(op->conv, batch, 1, 1, input, input_stride, output, output_stride, workspace,
                                 workspace_size, thread_index, thread_count);
}

void octet_fully_connected_destroy(octet_fully_connected_t op) {
  if (op == nullptr) return;
  octet_conv2d_destroy(op->conv);
  delete op;
}

}  // extern "C"
