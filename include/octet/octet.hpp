/**
 * @file octet.hpp
 * @brief C++ wrapper over the C API: RAII operator handles, no exceptions.
 *
 * Every fallible call returns the ::octet_status of the C function it wraps,
 * with the same rules (octet.h); octet::last_error() holds the message.
 * Header-only: it adds nothing to the ABI.
 *
 * @code
 *   octet::Conv2d conv;
 *   if (octet::Conv2d::create(params, &conv) != octet_status_success) { ... }
 *   std::vector<uint8_t> ws(conv.workspace_size(n, h, w));
 *   conv.run(n, h, w, x, y, ws.data(), ws.size());
 * @endcode
 */
#ifndef OCTET_OCTET_HPP_
#define OCTET_OCTET_HPP_

#include <cstddef>
#include <utility>

#include "octet/octet.h"

/** @brief The C++ wrapper of octet's C API. */
namespace octet {

/** @brief octet_initialize(). @return octet_status_success, always. */
inline octet_status initialize() { return octet_initialize(); }
/** @brief octet_last_error(): this thread's last message, valid until its next octet call. @return Never NULL. */
inline const char* last_error() { return octet_last_error(); }

/**
 * @brief Owns one C handle and destroys it with Destroy; move-only.
 * @tparam Handle The C handle type.
 * @tparam Destroy Its destroy function (which accepts NULL).
 */
template <class Handle, void (*Destroy)(Handle)>
class UniqueHandle {
 public:
  /** @brief Owns nothing. */
  UniqueHandle() = default;
  /** @brief Takes ownership of a handle. @param[in] h A handle, or NULL. */
  explicit UniqueHandle(Handle h) : h_(h) {}
  /** @brief Takes o's handle; o owns nothing afterwards. @param[in,out] o The source. */
  UniqueHandle(UniqueHandle&& o) noexcept : h_(std::exchange(o.h_, nullptr)) {}
  /**
   * @brief Destroys the owned handle and takes o's.
   * @param[in,out] o The source; owns nothing afterwards.
   * @return *this.
   */
  UniqueHandle& operator=(UniqueHandle&& o) noexcept {
    if (this != &o) reset(std::exchange(o.h_, nullptr));
    return *this;
  }
  UniqueHandle(const UniqueHandle&) = delete;            ///< Not copyable.
  UniqueHandle& operator=(const UniqueHandle&) = delete; ///< Not copyable.
  /** @brief Destroys the owned handle. */
  ~UniqueHandle() { reset(); }
  /** @brief Destroys the owned handle, then owns h. @param[in] h A handle, or NULL. */
  void reset(Handle h = nullptr) {
    if (h_) Destroy(h_);
    h_ = h;
  }
  /** @brief The owned handle, still owned. @return The handle, or NULL. */
  Handle get() const { return h_; }
  /** @brief Whether a handle is owned. @return true if it is. */
  explicit operator bool() const { return h_ != nullptr; }

 private:
  Handle h_ = nullptr;
};

/**
 * @brief A convolution operator (::octet_conv2d_t) that destroys itself.
 *
 * Move-only; a default-constructed or moved-from Conv2d is not valid(), and its
 * calls fail as the C functions do on a NULL handle. As with the C API, one
 * Conv2d may run on several threads at once, each with its own workspace.
 */
class Conv2d {
 public:
  /** @brief Parameters with octet_conv2d_params_init()'s defaults. @return The initialised struct. */
  static octet_conv2d_params default_params() {
    octet_conv2d_params p;
    octet_conv2d_params_init(&p);
    return p;
  }

  /**
   * @brief octet_conv2d_create().
   * @param[in] params As octet_conv2d_create(); copied.
   * @param[out] out Replaces its operator on success; left untouched on failure.
   * @return The status of octet_conv2d_create().
   */
  static octet_status create(const octet_conv2d_params& params, Conv2d* out) {
    octet_conv2d_t op = nullptr;
    const octet_status st = octet_conv2d_create(&params, &op);
    if (st == octet_status_success) out->op_.reset(op);
    return st;
  }

  /** @brief Whether this holds an operator. @return true if it does. */
  bool valid() const { return static_cast<bool>(op_); }
  /** @brief The C handle, still owned by this object. @return The handle, or NULL. */
  octet_conv2d_t handle() const { return op_.get(); }
  /** @brief octet_conv2d_isa(). @return The kernels' ISA (octet_isa_scalar if not valid()). */
  octet_isa isa() const { return octet_conv2d_isa(op_.get()); }
  /** @brief octet_conv2d_path(). @return The path's name ("" if not valid()). */
  const char* path() const { return octet_conv2d_path(op_.get()); }

  /**
   * @brief octet_conv2d_workspace_size() as a value.
   * @param[in] batch Images per run.
   * @param[in] height Input height.
   * @param[in] width Input width.
   * @param[in] max_threads At least the thread count of the pool passed to run().
   * @return The byte count; 0 also when the query fails (see last_error()),
   *         in which case run() with that size fails too.
   */
  size_t workspace_size(size_t batch, size_t height, size_t width, size_t max_threads = 1) const {
    size_t bytes = 0;
    if (octet_conv2d_workspace_size(op_.get(), batch, height, width, max_threads, &bytes) != octet_status_success) {
      return 0;
    }
    return bytes;
  }

  /**
   * @brief octet_conv2d_output_size().
   * @param[in] height Input height.
   * @param[in] width Input width.
   * @param[out] out_height Receives the output height.
   * @param[out] out_width Receives the output width.
   * @return The status of octet_conv2d_output_size().
   */
  octet_status output_size(size_t height, size_t width, size_t* out_height, size_t* out_width) const {
    return octet_conv2d_output_size(op_.get(), height, width, out_height, out_width);
  }

  /**
   * @brief octet_conv2d_run(), with the pool and pixel strides last.
   * @param[in] batch Images.
   * @param[in] height Input height.
   * @param[in] width Input width.
   * @param[in] input NHWC input.
   * @param[out] output NHWC output.
   * @param[in,out] workspace Scratch memory, or NULL when its size is 0.
   * @param[in] workspace_size Bytes at workspace.
   * @param[in] threadpool The pool, or NULL (the calling thread).
   * @param[in] input_pixel_stride Elements between input pixels (0: dense).
   * @param[in] output_pixel_stride Elements between output pixels (0: dense).
   * @return The status of octet_conv2d_run().
   */
  octet_status run(size_t batch, size_t height, size_t width, const void* input, void* output, void* workspace,
                   size_t workspace_size, pthreadpool_t threadpool = nullptr, size_t input_pixel_stride = 0,
                   size_t output_pixel_stride = 0) const {
    return octet_conv2d_run(op_.get(), batch, height, width, input, input_pixel_stride, output, output_pixel_stride,
                            workspace, workspace_size, threadpool);
  }
  /**
   * @brief octet_conv2d_run_thread(): share thread_index of thread_count of a
   * run, for the caller's own threads; the pixel strides last.
   * @param[in] batch Images.
   * @param[in] height Input height.
   * @param[in] width Input width.
   * @param[in] input NHWC input.
   * @param[out] output NHWC output.
   * @param[in,out] workspace The workspace all shares use, sized for max_threads = thread_count.
   * @param[in] workspace_size Bytes at workspace.
   * @param[in] thread_index This call's share, below thread_count.
   * @param[in] thread_count The number of shares.
   * @param[in] input_pixel_stride Elements between input pixels (0: dense).
   * @param[in] output_pixel_stride Elements between output pixels (0: dense).
   * @return The status of octet_conv2d_run_thread().
   */
  octet_status run_thread(size_t batch, size_t height, size_t width, const void* input, void* output,
                          void* workspace, size_t workspace_size, size_t thread_index, size_t thread_count,
                          size_t input_pixel_stride = 0, size_t output_pixel_stride = 0) const {
    return octet_conv2d_run_thread(op_.get(), batch, height, width, input, input_pixel_stride, output,
                                   output_pixel_stride, workspace, workspace_size, thread_index, thread_count);
  }

 private:
  UniqueHandle<octet_conv2d_t, octet_conv2d_destroy> op_;
};

/**
 * @brief A fully connected operator (::octet_fully_connected_t) that destroys
 * itself; move-only, with Conv2d's rules.
 */
class FullyConnected {
 public:
  /** @brief Parameters with octet_fully_connected_params_init()'s defaults. @return The initialised struct. */
  static octet_fully_connected_params default_params() {
    octet_fully_connected_params p;
    octet_fully_connected_params_init(&p);
    return p;
  }

  /**
   * @brief octet_fully_connected_create().
   * @param[in] params As octet_fully_connected_create(); copied.
   * @param[out] out Replaces its operator on success; left untouched on failure.
   * @return The status of octet_fully_connected_create().
   */
  static octet_status create(const octet_fully_connected_params& params, FullyConnected* out) {
    octet_fully_connected_t op = nullptr;
    const octet_status st = octet_fully_connected_create(&params, &op);
    if (st == octet_status_success) out->op_.reset(op);
    return st;
  }

  /** @brief Whether this holds an operator. @return true if it does. */
  bool valid() const { return static_cast<bool>(op_); }

  /**
   * @brief octet_fully_connected_workspace_size() as a value.
   * @param[in] batch Rows per run.
   * @param[in] max_threads At least the thread count of the pool passed to run().
   * @return The byte count; 0 also when the query fails (see last_error()).
   */
  size_t workspace_size(size_t batch, size_t max_threads = 1) const {
    size_t bytes = 0;
    if (octet_fully_connected_workspace_size(op_.get(), batch, max_threads, &bytes) != octet_status_success) return 0;
    return bytes;
  }

  /**
   * @brief octet_fully_connected_run(), with the pool and row strides last.
   * @param[in] batch Rows.
   * @param[in] input Input rows.
   * @param[out] output Output rows.
   * @param[in,out] workspace Scratch memory, or NULL when its size is 0.
   * @param[in] workspace_size Bytes at workspace.
   * @param[in] threadpool The pool, or NULL (the calling thread).
   * @param[in] input_stride Elements between input rows (0: dense).
   * @param[in] output_stride Elements between output rows (0: dense).
   * @return The status of octet_fully_connected_run().
   */
  octet_status run(size_t batch, const void* input, void* output, void* workspace, size_t workspace_size,
                   pthreadpool_t threadpool = nullptr, size_t input_stride = 0, size_t output_stride = 0) const {
    return octet_fully_connected_run(op_.get(), batch, input, input_stride, output, output_stride, workspace,
                                     workspace_size, threadpool);
  }
  /**
   * @brief octet_fully_connected_run_thread(): share thread_index of
   * thread_count of a run, for the caller's own threads; the strides last.
   * @param[in] batch Rows.
   * @param[in] input Input rows.
   * @param[out] output Output rows.
   * @param[in,out] workspace The workspace all shares use, sized for max_threads = thread_count.
   * @param[in] workspace_size Bytes at workspace.
   * @param[in] thread_index This call's share, below thread_count.
   * @param[in] thread_count The number of shares.
   * @param[in] input_stride Elements between input rows (0: dense).
   * @param[in] output_stride Elements between output rows (0: dense).
   * @return The status of octet_fully_connected_run_thread().
   */
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
