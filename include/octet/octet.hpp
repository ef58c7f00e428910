// C++ wrapper over the C API: RAII operator handles, no exceptions. Every
// fallible call returns octet_status; octet_last_error() holds the message.
//
//   octet::Conv2d conv;
//   if (octet::Conv2d::create(params, &conv) != octet_status_success) { ... }
//   std::vector<uint8_t> ws(conv.workspace_size(n, h, w));
//   conv.run(n, h, w, x, y, ws.data(), ws.size());
#ifndef OCTET_OCTET_HPP_
#define OCTET_OCTET_HPP_

#include <cstddef>
#include <utility>

#include "octet/octet.h"

namespace octet {

inline octet_status initialize() { return octet_initialize(); }
inline const char* last_error() { return octet_last_error(); }

// Owns one C handle; move-only.
template <class Handle, void (*Destroy)(Handle)>
class UniqueHandle {
 public:
  UniqueHandle() = default;
  explicit UniqueHandle(Handle h) : h_(h) {}
  UniqueHandle(UniqueHandle&& o) noexcept : h_(std::exchange(o.h_, nullptr)) {}
  UniqueHandle& operator=(UniqueHandle&& o) noexcept {
    if (this != &o) reset(std::exchange(o.h_, nullptr));
    return *this;
  }
  UniqueHandle(const UniqueHandle&) = delete;
  UniqueHandle& operator=(const UniqueHandle&) = delete;
  ~UniqueHandle() { reset(); }
  void reset(Handle h = nullptr) {
    if (h_) Destroy(h_);
    h_ = h;
  }
  Handle get() const { return h_; }
  explicit operator bool() const { return h_ != nullptr; }

 private:
  Handle h_ = nullptr;
};

class Conv2d {
 public:
  static octet_conv2d_params default_params() {
    octet_conv2d_params p;
    octet_conv2d_params_init(&p);
    return p;
  }

  // Replaces *out's operator on success; leaves it untouched on failure.
  static octet_status create(const octet_conv2d_params& params, Conv2d* out) {
    octet_conv2d_t op = nullptr;
    const octet_status st = octet_conv2d_create(&params, &op);
    if (st == octet_status_success) out->op_.reset(op);
    return st;
  }

  bool valid() const { return static_cast<bool>(op_); }
  octet_conv2d_t handle() const { return op_.get(); }
  octet_isa isa() const { return octet_conv2d_isa(op_.get()); }
  const char* path() const { return octet_conv2d_path(op_.get()); }

  // 0 when the operator is not valid (the error is in last_error()).
  size_t workspace_size(size_t batch, size_t height, size_t width, size_t max_threads = 1) const {
    size_t bytes = 0;
    if (octet_conv2d_workspace_size(op_.get(), batch, height, width, max_threads, &bytes) != octet_status_success) {
      return 0;
    }
    return bytes;
  }

  octet_status output_size(size_t height, size_t width, size_t* out_height, size_t* out_width) const {
    return octet_conv2d_output_size(op_.get(), height, width, out_height, out_width);
  }

  octet_status run(size_t batch, size_t height, size_t width, const void* input, void* output, void* workspace,
                   size_t workspace_size, pthreadpool_t threadpool = nullptr, size_t input_pixel_stride = 0,
                   size_t output_pixel_stride = 0) const {
    return octet_conv2d_run(op_.get(), batch, height, width, input, input_pixel_stride, output, output_pixel_stride,
                            workspace, workspace_size, threadpool);
  }
  // One share of a run for the caller's own threads (octet_conv2d_run_thread).
  octet_status run_thread(size_t batch, size_t height, size_t width, const void* input, void* output,
                          void* workspace, size_t workspace_size, size_t thread_index, size_t thread_count,
                          size_t input_pixel_stride = 0, size_t output_pixel_stride = 0) const {
    return octet_conv2d_run_thread(op_.get(), batch, height, width, input, input_pixel_stride, output,
                                   output_pixel_stride, workspace, workspace_size, thread_index, thread_count);
  }

 private:
  UniqueHandle<octet_conv2d_t, octet_conv2d_destroy> op_;
};

class FullyConnected {
 public:
  static octet_fully_connected_params default_params() {
    octet_fully_connected_params p;
    octet_fully_connected_params_init(&p);
    return p;
  }

  static octet_status create(const octet_fully_connected_params& params, FullyConnected* out) {
    octet_fully_connected_t op = nullptr;
    const octet_status st = octet_fully_connected_create(&params, &op);
    if (st == octet_status_success) out->op_.reset(op);
    return st;
  }

  bool valid() const { return static_cast<bool>(op_); }

  size_t workspace_size(size_t batch, size_t max_threads = 1) const {
    size_t bytes = 0;
    if (octet_fully_connected_workspace_size(op_.get(), batch, max_threads, &bytes) != octet_status_success) return 0;
    return bytes;
  }

  octet_status run(size_t batch, const void* input, void* output, void* workspace, size_t workspace_size,
                   pthreadpool_t threadpool = nullptr, size_t input_stride = 0, size_t output_stride = 0) const {
    return octet_fully_connected_run(op_.get(), batch, input, input_stride, output, output_stride, workspace,
                                     workspace_size, threadpool);
  }
  octet_status run_thread(size_t batch, const void* input, void* output, void* workspace, size_t workspace_size,
                          size_t thread_index, size_t thread_count, size_t input_stride = 0,
                          size_t output_stride = 0) const {
    return octet_fully_connected_run_thread(op_.get(), batch, input, input_stride, output, output_stride, workspace,
                                            workspace_size, thread_index, thread_count);
  }

 private:
  UniqueHandle<octet_fully_connected_t, octet_fully_connected_destroy> op_;
};

}  // namespace octet

#endif  // OCTET_OCTET_HPP_
