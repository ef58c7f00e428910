/**
 * @file octet.h
 * @brief octet: exact int8 convolution kernels for CPUs. The C API.
 *
 * The ABI is stable: operators are opaque handles, parameters travel in plain
 * structs that start with their own size, and every fallible call returns an
 * ::octet_status.
 *
 * Data layout is NHWC for activations and outputs and [K][R][S][C/groups]
 * (OHWI) for weights. The arithmetic of every requantization mode is specified
 * by the scalar reference in src/ref; README.md states the formulas.
 *
 * @par Life cycle
 * octet_conv2d_params_init(), fill in the parameters, octet_conv2d_create();
 * then, per input size, octet_conv2d_workspace_size() and any number of
 * octet_conv2d_run(); finally octet_conv2d_destroy(). octet_initialize() is
 * optional: octet_conv2d_create() initialises the library itself.
 *
 * @par Ownership
 * - Parameters: octet_conv2d_create() copies everything the parameter struct
 *   points to (weights, scales, zero points, bias) and packs the weights for its
 *   kernels. The caller may free or reuse those buffers as soon as it returns.
 * - Operators: the handle owns all of the operator's memory. The caller owns
 *   the handle and releases it with octet_conv2d_destroy() (or
 *   octet_fully_connected_destroy()), exactly once, when no run of it is in
 *   progress.
 * - Run buffers: input, output and workspace belong to the caller. A run reads
 *   the input, writes the output and uses the workspace only until it returns;
 *   octet keeps no pointer to any of them.
 * - Workspace: caller-allocated scratch memory of the size
 *   octet_conv2d_workspace_size() reports, with any alignment. Its contents
 *   need no initialisation and are meaningless after a run. A run allocates no
 *   memory of its own beyond the stacks of the pool's threads.
 * - Strings returned by octet are owned by octet and must not be freed.
 *
 * @par Errors
 * Every function that returns an ::octet_status leaves a human-readable
 * message, which names the offending parameter, in octet_last_error() when it
 * fails, and the empty string when it succeeds. A failed call writes none of
 * its outputs: no handle, no size, no output byte; an output handle pointer
 * is set to NULL. Bad input, including NULL pointers, gets a status, never a
 * crash; what octet cannot check (buffer sizes, overlapping buffers, dangling
 * handles) is the caller's duty and is stated at each function.
 *
 * @par Thread safety
 * - octet_initialize() may be called any number of times, from any threads.
 * - octet_last_error() is per thread.
 * - Creating operators from several threads at once is safe.
 *   octet_set_isa_cap() may race with a create: that create uses the cap from
 *   before or from after the change, never a mix of the two.
 * - A created operator is immutable. Several threads may run the same operator
 *   at once as long as each passes its own workspace (and its own output).
 * - octet_conv2d_destroy() must not race with any other use of that operator.
 */
/**
 * @mainpage octet
 * Exact int8 convolution kernels for CPUs. The C API is octet.h: its page
 * states the life cycle and the ownership, error and thread-safety rules, and
 * each function its parameters and statuses. octet.hpp wraps it in RAII classes
 * (octet::Conv2d, octet::FullyConnected).
 */
#ifndef OCTET_OCTET_H_
#define OCTET_OCTET_H_

#include <stddef.h>
#include <stdint.h>

/** @brief Marks the functions the shared library exports (the C API only). */
#if defined(_WIN32)
#define OCTET_API __declspec(dllexport)
#else
#define OCTET_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief A pthreadpool thread pool (from pthreadpool.h), created and owned by
 * the caller. octet only borrows it for the length of a run.
 */
typedef struct pthreadpool* pthreadpool_t;

/** @brief The result of every fallible call. octet_status_string() names it. */
typedef enum octet_status {
  octet_status_success = 0,           /**< The call did what it says. */
  octet_status_invalid_parameter = 1, /**< A parameter is NULL or out of its documented range. */
  /** The parameters are valid but octet does not implement them: an ISA cap this
   *  CPU lacks, or weights and zero points whose worst-case sum could overflow
   *  the exact int32 accumulator. */
  octet_status_unsupported = 2,
  octet_status_out_of_memory = 3,     /**< An allocation failed (only while creating an operator). */
  octet_status_uninitialized = 4      /**< Reserved; no function returns it. */
} octet_status;

/** @brief Element types of inputs, outputs and biases. */
typedef enum octet_datatype {
  octet_datatype_none = 0, /**< No bias. */
  octet_datatype_u8 = 1,   /**< uint8 with a zero point in 0..255 (PyTorch quint8). */
  octet_datatype_s8 = 2,   /**< int8 with a zero point in -128..127 (TFLite/ONNX qs8). */
  /** int32: a bias at scale input_scale*weight_scale[k], or raw accumulators as output. */
  octet_datatype_s32 = 3,
  octet_datatype_f32 = 4   /**< float bias in real units (PyTorch's semantics). */
} octet_datatype;

/**
 * @brief How int32 accumulators become output bytes.
 *
 * Each mode is bit-exact with the engine it names; src/ref/requantize.h holds
 * the exact formulas and README.md's "The arithmetic, in one place" sums them up.
 */
typedef enum octet_requant_mode {
  octet_requant_pytorch_fbgemm = 0,  /**< fp32 multiplier, float bias added after int->float, round half to even. */
  octet_requant_pytorch_qnnpack = 1, /**< Bias rounded to int32, fp32 multiplier, round half to even. */
  octet_requant_pytorch_onednn = 2,  /**< Float bias, reciprocal scales, zero point added in float. */
  /** gemmlowp/TFLite Q31 multiplier and rounding shift. Takes an s32 bias or none,
   *  and needs input_scale*weight_scale/output_scale below 2^31. */
  octet_requant_fixedpoint = 3
} octet_requant_mode;

/** @brief Instruction sets of the kernels, and caps on dispatch. */
typedef enum octet_isa {
  octet_isa_scalar = 0,      /**< The portable reference (src/ref); supported everywhere. */
  octet_isa_avx2 = 1,        /**< x86 AVX2. */
  octet_isa_avx512bw = 2,    /**< x86 AVX-512 BW. */
  octet_isa_avxvnni = 3,     /**< x86 AVX-VNNI (256-bit VNNI). */
  octet_isa_avx512vnni = 4,  /**< x86 AVX-512 VNNI. */
  octet_isa_amx = 5,         /**< x86 AMX-INT8 tiles (above avx512vnni; Linux 5.16+ grants the tile state). */
  octet_isa_neon = 16,       /**< AArch64 NEON. */
  octet_isa_neondot = 17,    /**< AArch64 NEON with the dot-product extension. */
  octet_isa_neoni8mm = 18,   /**< AArch64 NEON with the int8 matrix-multiply extension. */
  octet_isa_best = 255       /**< As a cap: no cap. Not an ISA of any kernel. */
} octet_isa;

/**
 * @brief Parameters of a 2-D convolution.
 *
 * Initialise with octet_conv2d_params_init(), which sets struct_size and every
 * default, then fill in what you need. Every pointer is read during
 * octet_conv2d_create() only: the operator keeps copies.
 */
typedef struct octet_conv2d_params {
  /** sizeof(octet_conv2d_params) as the caller compiled it; set by octet_conv2d_params_init().
   *  Any other value is refused. */
  size_t struct_size;

  size_t input_channels;  /**< C, over all groups: 1..2^24, a multiple of groups. */
  size_t output_channels; /**< K, over all groups: 1..2^24, a multiple of groups. */
  size_t groups;          /**< Default 1; depthwise is groups == input_channels. 1..2^24. */
  size_t kernel_height;   /**< R: 1..2^24. */
  size_t kernel_width;    /**< S: 1..2^24. */
  size_t stride_height;   /**< Default 1; 1..2^24. */
  size_t stride_width;    /**< Default 1; 1..2^24. */
  size_t dilation_height; /**< Default 1; 1..2^24. */
  size_t dilation_width;  /**< Default 1; 1..2^24. */
  /** Default 0; 0..2^24, and may exceed the kernel. Padded taps read as input_zero_point. */
  size_t pad_top;
  size_t pad_left;   /**< Default 0; as pad_top. */
  size_t pad_bottom; /**< Default 0; as pad_top. */
  size_t pad_right;  /**< Default 0; as pad_top. */

  octet_datatype input_type; /**< octet_datatype_u8 (default) or octet_datatype_s8. */
  double input_scale;        /**< Positive, within float's normal range (docs/LIMITS.md); default 1. */
  int32_t input_zero_point;  /**< In the range of input_type; default 0. */

  /** int8 weights, [K][R][S][C/groups], K*R*S*C/groups values (at most 2^40).
   *  Required. Copied and packed at create. */
  const int8_t* weights;
  /** 1 (per tensor, the default) or output_channels (per output channel). */
  size_t weight_scale_count;
  /** weight_scale_count positive scales within float's normal range, as PyTorch holds them
   *  (double); input_scale*weight_scale and input_scale*weight_scale/output_scale must be
   *  normal floats too (docs/LIMITS.md). Required. */
  const double* weight_scales;
  /** NULL (the default) means all zero (symmetric weights). Otherwise
   *  weight_scale_count zero points in -128..127. */
  const int32_t* weight_zero_points;

  /** octet_datatype_none (default), octet_datatype_f32 (finite values) or
   *  octet_datatype_s32 (not f32 with s32 output, not f32 with the fixedpoint mode). */
  octet_datatype bias_type;
  /** output_channels values of bias_type; required unless bias_type is none. */
  const void* bias;

  /** octet_datatype_u8 (default), octet_datatype_s8, or octet_datatype_s32:
   *  raw accumulators plus the int32 bias, with no scale, zero point or clamp. */
  octet_datatype output_type;
  double output_scale;       /**< Positive, within float's normal range (docs/LIMITS.md); default 1. Ignored for s32 output. */
  int32_t output_zero_point; /**< In the range of output_type; default 0. Ignored for s32 output. */
  /** Lower clamp in the quantized output domain, intersected with the type's
   *  range (default INT32_MIN: no clamp). Fused ReLU is output_min = output_zero_point.
   *  Ignored for s32 output. */
  int32_t output_min;
  /** Upper clamp, as output_min (default INT32_MAX). output_min..output_max must
   *  meet the type's range and output_min <= output_max. */
  int32_t output_max;

  octet_requant_mode requant_mode; /**< Default octet_requant_pytorch_fbgemm. */
  uint32_t flags;                  /**< Reserved: must be 0. */
} octet_conv2d_params;

/** @brief A convolution operator: created by octet_conv2d_create(), released by octet_conv2d_destroy(). */
typedef struct octet_conv2d* octet_conv2d_t;

/**
 * @brief Sets the library up: detects the CPU once (cpuinfo) and reads the
 * OCTET_ISA environment variable, the initial ISA cap.
 *
 * Optional: every function that needs the CPU's features initialises the
 * library itself. Safe to call many times and from many threads at once.
 * An unknown OCTET_ISA name is ignored (no cap).
 * @return octet_status_success, always: when cpuinfo cannot read this CPU,
 *         octet still runs, on the scalar kernels only.
 */
OCTET_API octet_status octet_initialize(void);

/**
 * @brief The message of this thread's last failed call, or "" if that call succeeded.
 *
 * @return A NUL-terminated string (at most 511 characters) owned by octet, never
 *         NULL. It is thread-local, and its contents are valid until the next
 *         octet call on the same thread: copy it to keep it.
 */
OCTET_API const char* octet_last_error(void);

/**
 * @brief A short English name of a status ("success", "invalid parameter", ...).
 * @param[in] status Any value; values outside ::octet_status give "unknown status".
 * @return A static string, never NULL.
 */
OCTET_API const char* octet_status_string(octet_status status);

/**
 * @brief The best ISA this CPU supports, ignoring the cap.
 * @return octet_isa_scalar when cpuinfo cannot read the CPU.
 */
OCTET_API octet_isa octet_detected_isa(void);

/**
 * @brief The ISA that operators created now will use: the best supported one
 * at or below the current cap (a layer some ISA has no kernel for takes the best
 * one below it, see octet_conv2d_isa()).
 * @return An ISA this CPU supports.
 */
OCTET_API octet_isa octet_active_isa(void);

/**
 * @brief Caps dispatch for operators created afterwards; existing operators keep
 * their kernels.
 *
 * The cap is global to the process. OCTET_ISA=NAME sets its initial value.
 * Safe to call while other threads create or run operators.
 * @param[in] cap An ISA of this CPU's architecture that the CPU supports, or
 *            octet_isa_scalar, or octet_isa_best (no cap).
 * @return octet_status_success;
 *         octet_status_unsupported if cap is not an ISA of this architecture (or
 *         not an ::octet_isa at all) or the CPU does not support it; the cap is
 *         then unchanged.
 */
OCTET_API octet_status octet_set_isa_cap(octet_isa cap);

/**
 * @brief The current cap: OCTET_ISA's, or the last successful octet_set_isa_cap().
 * @return octet_isa_best when nothing capped dispatch.
 */
OCTET_API octet_isa octet_isa_cap(void);

/**
 * @brief The name of an ISA, as octet_isa_from_name() and OCTET_ISA spell it.
 * @param[in] isa Any value.
 * @return "scalar", "avx2", ..., "best", or "unknown" for other values; a static string.
 */
OCTET_API const char* octet_isa_name(octet_isa isa);

/**
 * @brief Parses an ISA name.
 * @param[in] name One of "scalar", "avx2", "avx512bw", "avxvnni", "avx512vnni",
 *            "amx", "neon", "neondot", "neoni8mm", "best" (lower case, exact).
 * @param[out] isa Receives the ISA; untouched on failure.
 * @return octet_status_success;
 *         octet_status_invalid_parameter if name or isa is NULL or the name is unknown.
 */
OCTET_API octet_status octet_isa_from_name(const char* name, octet_isa* isa);

/**
 * @brief Whether this CPU (and its operating system) can run kernels of an ISA.
 * @param[in] isa Any value.
 * @return 1 if it can, 0 otherwise (always 1 for octet_isa_scalar, 0 for
 *         octet_isa_best and for ISAs of another architecture).
 */
OCTET_API int octet_isa_supported(octet_isa isa);

/**
 * @brief Sets struct_size and every default of a parameter struct: groups,
 * strides and dilations 1, no padding, u8 input and output with scale 1 and zero
 * point 0, one weight scale, no bias, no clamp, octet_requant_pytorch_fbgemm.
 * Pointers are NULL.
 * @param[out] params The struct to fill; NULL does nothing.
 */
OCTET_API void octet_conv2d_params_init(octet_conv2d_params* params);

/**
 * @brief Creates a convolution operator: validates the parameters, copies them,
 * chooses the kernels (the best ISA at or below the current cap) and packs the
 * weights for them.
 *
 * The buffers params points to may be freed as soon as this returns.
 * @param[in] params Initialised by octet_conv2d_params_init(); each field's
 *            range is documented at ::octet_conv2d_params.
 * @param[out] op Receives the handle, which the caller must release with
 *             octet_conv2d_destroy(). Set to NULL on failure.
 * @return octet_status_success;
 *         octet_status_invalid_parameter if op or params is NULL, struct_size
 *         or flags is wrong, or any field is out of its range (the message names it),
 *         including a scale or scale product outside float's normal range and
 *         more than 2^40 weights;
 *         octet_status_unsupported if kernel_height*kernel_width*input_channels/groups
 *         products of the largest |input - input_zero_point| and
 *         |weight - weight_zero_point| could overflow int32 (docs/LIMITS.md:
 *         33025 taps with zero points at the ends of their ranges, 65793 with
 *         weight zero points 0);
 *         octet_status_out_of_memory if an allocation failed.
 */
OCTET_API octet_status octet_conv2d_create(const octet_conv2d_params* params, octet_conv2d_t* op);

/**
 * @brief The output's spatial size for an input of height x width:
 * (height + pad_top + pad_bottom - dilation_height*(kernel_height-1) - 1) / stride_height + 1,
 * and the same across, or 0 when the padded input is smaller than the dilated kernel.
 * @param[in] op A live operator.
 * @param[in] height Input height.
 * @param[in] width Input width.
 * @param[out] output_height Receives the output height; untouched on failure.
 * @param[out] output_width Receives the output width; untouched on failure.
 * @return octet_status_success (also when a size is 0);
 *         octet_status_invalid_parameter if op, output_height or output_width is NULL.
 */
OCTET_API octet_status octet_conv2d_output_size(octet_conv2d_t op, size_t height, size_t width,
                                                size_t* output_height, size_t* output_width);

/**
 * @brief Bytes of workspace that octet_conv2d_run() needs for an input size.
 *
 * The size depends on the operator's kernels, the input size and the number
 * of threads; it may be 0.
 * @param[in] op A live operator.
 * @param[in] batch Images per run (N), at least 1.
 * @param[in] height Input height, at least 1.
 * @param[in] width Input width, at least 1.
 * @param[in] max_threads At least the thread count of the pool that will be
 *            passed to run (0 means 1, for a NULL pool).
 * @param[out] workspace_size Receives the byte count; untouched on failure.
 * @return octet_status_success;
 *         octet_status_invalid_parameter if op or workspace_size is NULL, batch,
 *         height or width is 0, the input has no output pixel, or it exceeds the
 *         run-size limits (as run() refuses), or max_threads times the
 *         one-thread workspace overflows size_t.
 */
OCTET_API octet_status octet_conv2d_workspace_size(octet_conv2d_t op, size_t batch, size_t height,
                                                   size_t width, size_t max_threads,
                                                   size_t* workspace_size);

/**
 * @brief The ISA of the kernels chosen at create.
 * @param[in] op An operator, or NULL.
 * @return The ISA (octet_isa_scalar for NULL).
 */
OCTET_API octet_isa octet_conv2d_isa(octet_conv2d_t op);

/**
 * @brief A short name of the algorithm chosen at create ("ref", "gemm_1x1",
 * "igemm", "dwconv_3x3", ...), for logs and benchmarks.
 * @param[in] op An operator, or NULL.
 * @return A string owned by octet, valid while op lives ("" for NULL).
 */
OCTET_API const char* octet_conv2d_path(octet_conv2d_t op);

/**
 * @brief Runs the convolution on a batch of NHWC images.
 *
 * On success every output pixel's output_channels values are written and the
 * elements between them (when output_pixel_stride > output_channels) are left
 * as they were. On failure nothing is written. The results do not depend on
 * the thread count.
 *
 * Several threads may run one operator at once, each with its own workspace
 * and output.
 * @param[in] op A live operator.
 * @param[in] batch Images (N), at least 1.
 * @param[in] height Input height, at least 1.
 * @param[in] width Input width, at least 1; the input must have at least one output pixel.
 * @param[in] input batch*height*width pixels of input_type, pixel i at
 *            input + i*input_pixel_stride elements. Not written.
 * @param[in] input_pixel_stride Elements from one input pixel to the next, at
 *            least input_channels; 0 means input_channels (dense).
 * @param[out] output batch*OH*OW pixels of output_type (OH x OW from
 *             octet_conv2d_output_size()), pixel i at output + i*output_pixel_stride
 *             elements. Must not overlap the input or the workspace.
 * @param[in] output_pixel_stride Elements from one output pixel to the next, at
 *            least output_channels; 0 means output_channels (dense).
 * @param[in,out] workspace Scratch memory of at least workspace_size bytes, any
 *                alignment, used by this run only; may be NULL when
 *                octet_conv2d_workspace_size() reported 0.
 * @param[in] workspace_size Bytes at workspace: at least what
 *            octet_conv2d_workspace_size() reports for this input size and the
 *            pool's thread count.
 * @param[in] threadpool The pool to split the work over, or NULL to run on the
 *            calling thread.
 * @return octet_status_success;
 *         octet_status_invalid_parameter if op, input or output is NULL, batch,
 *         height or width is 0, the input has no output pixel, a pixel stride is
 *         below its channel count, the buffer sizes overflow size_t or exceed the
 *         run-size limits of docs/LIMITS.md ((height + pads) * (width + pads) *
 *         max(C, K) rounded up to 64 above 2^40 per image or 2^56 per batch), workspace_size
 *         is below the size this run needs, or workspace is NULL when that size
 *         is not 0. The sizes of the caller's buffers cannot be checked.
 */
OCTET_API octet_status octet_conv2d_run(octet_conv2d_t op, size_t batch, size_t height,
                                        size_t width, const void* input,
                                        size_t input_pixel_stride, void* output,
                                        size_t output_pixel_stride, void* workspace,
                                        size_t workspace_size, pthreadpool_t threadpool);

/**
 * @brief Runs one thread's share of the convolution, for engines with their
 *        own worker threads (no pthreadpool).
 *
 * The engine calls this once for every thread_index in [0, thread_count),
 * all with the same arguments, concurrently from its threads or one after
 * another in any order. Each call computes a disjoint share of the output
 * and never waits for another call; when all have returned the output is
 * byte-identical to octet_conv2d_run(). The calls share one workspace sized
 * by octet_conv2d_workspace_size() with max_threads = thread_count: call
 * thread_index uses only its own part of it. Shares are fixed by thread_index
 * and thread_count, so a thread that runs late delays the result.
 *
 * @param op                  A created operator (not modified; other runs may use it at once).
 * @param batch               Images in the input (at least 1).
 * @param height              Input height (at least 1).
 * @param width               Input width (at least 1).
 * @param input               NHWC input of the operator's input type.
 * @param input_pixel_stride  Elements between consecutive input pixels (0 means input_channels).
 * @param output              NHWC output of the operator's output type.
 * @param output_pixel_stride Elements between consecutive output pixels (0 means output_channels).
 * @param workspace           The shared workspace; may be NULL when its size is 0.
 * @param workspace_size      Its size in bytes.
 * @param thread_index        This call's share, below thread_count.
 * @param thread_count        The number of shares (at least 1).
 * @return octet_status_success, or octet_status_invalid_parameter (with
 *         octet_last_error()'s message) for a bad argument, including
 *         thread_count == 0 and thread_index >= thread_count; the output is
 *         then untouched by this call.
 */
OCTET_API octet_status octet_conv2d_run_thread(octet_conv2d_t op, size_t batch, size_t height,
                                               size_t width, const void* input,
                                               size_t input_pixel_stride, void* output,
                                               size_t output_pixel_stride, void* workspace,
                                               size_t workspace_size, size_t thread_index,
                                               size_t thread_count);

/**
 * @brief Releases an operator and all its memory.
 * @param[in] op An operator from octet_conv2d_create(), or NULL (nothing
 *            happens). No run of it may be in progress; the handle is invalid afterwards.
 */
OCTET_API void octet_conv2d_destroy(octet_conv2d_t op);

/**
 * @brief Parameters of a fully connected layer:
 * y[m][k] = requant(sum over c of x[m][c] * w[k][c]), the 1x1 convolution.
 *
 * Each field means what the field of the same name in ::octet_conv2d_params
 * means, with the same ranges and defaults. Initialise with
 * octet_fully_connected_params_init().
 */
typedef struct octet_fully_connected_params {
  size_t struct_size;                /**< sizeof(octet_fully_connected_params); set by init. */
  size_t input_channels;             /**< C: 1..2^24. */
  size_t output_channels;            /**< K: 1..2^24. */
  octet_datatype input_type;         /**< octet_datatype_u8 (default) or octet_datatype_s8. */
  double input_scale;                /**< Positive, within float's normal range (docs/LIMITS.md); default 1. */
  int32_t input_zero_point;          /**< In the range of input_type; default 0. */
  const int8_t* weights;             /**< int8 weights, [K][C]; required; copied and packed at create. */
  size_t weight_scale_count;         /**< 1 (default) or output_channels. */
  const double* weight_scales;       /**< weight_scale_count finite, positive scales; required. */
  const int32_t* weight_zero_points; /**< NULL (all zero) or weight_scale_count values in -128..127. */
  octet_datatype bias_type;          /**< none (default), f32 or s32. */
  const void* bias;                  /**< output_channels values of bias_type, unless none. */
  octet_datatype output_type;        /**< u8 (default), s8 or s32 (raw accumulators). */
  double output_scale;               /**< Positive, within float's normal range (docs/LIMITS.md); default 1. */
  int32_t output_zero_point;         /**< In the range of output_type; default 0. */
  int32_t output_min;                /**< Lower clamp (default INT32_MIN); ReLU is output_zero_point. */
  int32_t output_max;                /**< Upper clamp (default INT32_MAX). */
  octet_requant_mode requant_mode;   /**< Default octet_requant_pytorch_fbgemm. */
  uint32_t flags;                    /**< Reserved: must be 0. */
} octet_fully_connected_params;

/** @brief A fully connected operator: created by octet_fully_connected_create(), released by octet_fully_connected_destroy(). */
typedef struct octet_fully_connected* octet_fully_connected_t;

/**
 * @brief Sets struct_size and every default of a fully connected parameter
 * struct (those of octet_conv2d_params_init()).
 * @param[out] params The struct to fill; NULL does nothing.
 */
OCTET_API void octet_fully_connected_params_init(octet_fully_connected_params* params);

/**
 * @brief Creates a fully connected operator; as octet_conv2d_create(), whose
 * rules and statuses apply (messages name the fields as octet_conv2d_params does).
 * @param[in] params Initialised by octet_fully_connected_params_init().
 * @param[out] op Receives the handle, to release with
 *             octet_fully_connected_destroy(); set to NULL on failure.
 * @return octet_status_success; octet_status_invalid_parameter (NULL op or
 *         params, wrong struct_size, a field out of range),
 *         octet_status_unsupported or octet_status_out_of_memory as octet_conv2d_create().
 */
OCTET_API octet_status octet_fully_connected_create(const octet_fully_connected_params* params,
                                                    octet_fully_connected_t* op);

/**
 * @brief Bytes of workspace that octet_fully_connected_run() needs.
 * @param[in] op A live operator.
 * @param[in] batch Rows per run (M), at least 1.
 * @param[in] max_threads At least the thread count of the pool passed to run (0 means 1).
 * @param[out] workspace_size Receives the byte count (may be 0); untouched on failure.
 * @return octet_status_success; octet_status_invalid_parameter if op or
 *         workspace_size is NULL or batch is 0.
 */
OCTET_API octet_status octet_fully_connected_workspace_size(octet_fully_connected_t op,
                                                            size_t batch, size_t max_threads,
                                                            size_t* workspace_size);

/**
 * @brief Runs the layer on batch rows; as octet_conv2d_run() on batch images of
 * 1x1 pixels, with the same rules and statuses.
 * @param[in] op A live operator.
 * @param[in] batch Rows (M), at least 1.
 * @param[in] input batch rows of input_channels values, row m at input + m*input_stride elements.
 * @param[in] input_stride Elements between rows, at least input_channels; 0 means dense.
 * @param[out] output batch rows of output_channels values, row m at output + m*output_stride elements.
 * @param[in] output_stride Elements between rows, at least output_channels; 0 means dense.
 * @param[in,out] workspace Scratch memory of workspace_size bytes, or NULL when the reported size is 0.
 * @param[in] workspace_size At least what octet_fully_connected_workspace_size() reports.
 * @param[in] threadpool The pool to split the work over, or NULL.
 * @return octet_status_success; octet_status_invalid_parameter as octet_conv2d_run().
 */
OCTET_API octet_status octet_fully_connected_run(octet_fully_connected_t op, size_t batch,
                                                 const void* input, size_t input_stride,
                                                 void* output, size_t output_stride,
                                                 void* workspace, size_t workspace_size,
                                                 pthreadpool_t threadpool);
/**
 * @brief Runs one thread's share of the fully connected operator, for
 *        engines with their own worker threads.
 *
 * The threading contract of octet_conv2d_run_thread(): one call for every
 * thread_index in [0, thread_count), concurrently or one after another, same
 * arguments, one workspace sized by octet_fully_connected_workspace_size()
 * with max_threads = thread_count; the shares are disjoint, no call waits for
 * another, and together they write the output of octet_fully_connected_run().
 *
 * @param op             A created operator.
 * @param batch          Rows of the input (at least 1).
 * @param input          [batch][input_channels] rows of the input type.
 * @param input_stride   Elements between input rows (0 means input_channels).
 * @param output         [batch][output_channels] rows of the output type.
 * @param output_stride  Elements between output rows (0 means output_channels).
 * @param workspace      The shared workspace; may be NULL when its size is 0.
 * @param workspace_size Its size in bytes.
 * @param thread_index   This call's share, below thread_count.
 * @param thread_count   The number of shares (at least 1).
 * @return octet_status_success, or octet_status_invalid_parameter (with
 *         octet_last_error()'s message) for a bad argument, including
 *         thread_count == 0 and thread_index >= thread_count.
 */
OCTET_API octet_status octet_fully_connected_run_thread(octet_fully_connected_t op, size_t batch,
                                                        const void* input, size_t input_stride,
                                                        void* output, size_t output_stride,
                                                        void* workspace, size_t workspace_size,
                                                        size_t thread_index, size_t thread_count);

/**
 * @brief Releases a fully connected operator.
 * @param[in] op An operator from octet_fully_connected_create(), or NULL (nothing
 *            happens). No run of it may be in progress.
 */
OCTET_API void octet_fully_connected_destroy(octet_fully_connected_t op);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* OCTET_OCTET_H_ */
