/*
 * octet: exact int8 convolution kernels for CPUs.
 *
 * C API with a stable ABI: operators are opaque handles, parameters travel in
 * plain structs that start with their own size, every call returns a status and
 * leaves a human-readable message in octet_last_error() (thread-local).
 *
 * Data layout is NHWC for activations and outputs, [K][R][S][C/groups] (OHWI)
 * for weights. The arithmetic of every requantization mode is specified by the
 * scalar reference in src/ref; see README.md for the formulas.
 */
#ifndef OCTET_OCTET_H_
#define OCTET_OCTET_H_

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define OCTET_API __declspec(dllexport)
#else
#define OCTET_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pthreadpool* pthreadpool_t;

typedef enum octet_status {
  octet_status_success = 0,
  octet_status_invalid_parameter = 1, /* a parameter is out of its documented range */
  octet_status_unsupported = 2,       /* valid, but not implemented (e.g. an ISA cap this CPU lacks) */
  octet_status_out_of_memory = 3,
  octet_status_uninitialized = 4      /* octet_initialize() failed or was not called */
} octet_status;

typedef enum octet_datatype {
  octet_datatype_none = 0, /* "no bias" */
  octet_datatype_u8 = 1,   /* uint8 with a zero point in 0..255 (PyTorch quint8) */
  octet_datatype_s8 = 2,   /* int8 with a zero point in -128..127 (TFLite/ONNX qs8) */
  octet_datatype_s32 = 3,  /* int32: bias at scale x_scale*w_scale[k], or raw accumulators out */
  octet_datatype_f32 = 4   /* float bias (PyTorch semantics) */
} octet_datatype;

/* How int32 accumulators become output bytes. Each mode is bit-exact with the
 * engine it names; see src/ref/requantize.h for the exact formulas. */
typedef enum octet_requant_mode {
  octet_requant_pytorch_fbgemm = 0,  /* fp32 multiplier, float bias added after int->float, RNE */
  octet_requant_pytorch_qnnpack = 1, /* bias rounded to int32, fp32 multiplier, RNE */
  octet_requant_pytorch_onednn = 2,  /* float bias, reciprocal scales, zero point added in float */
  octet_requant_fixedpoint = 3       /* gemmlowp/TFLite Q31 multiplier + rounding shift */
} octet_requant_mode;

typedef enum octet_isa {
  octet_isa_scalar = 0, /* the reference in src/ref */
  octet_isa_avx2 = 1,
  octet_isa_avx512bw = 2,
  octet_isa_avxvnni = 3,
  octet_isa_avx512vnni = 4,
  octet_isa_amx = 5, /* AMX-INT8 tiles (above avx512vnni; Linux 5.16+ grants the tile state) */
  octet_isa_neon = 16,
  octet_isa_neondot = 17,
  octet_isa_neoni8mm = 18,
  octet_isa_best = 255 /* as a cap: no cap */
} octet_isa;

/* Convolution parameters. Initialise with octet_conv2d_params_init() (which sets
 * struct_size and every default), then fill in what you need. */
typedef struct octet_conv2d_params {
  size_t struct_size; /* sizeof(octet_conv2d_params) of the caller's header */

  size_t input_channels;  /* C, over all groups */
  size_t output_channels; /* K, over all groups */
  size_t groups;          /* default 1; depthwise is groups == C */
  size_t kernel_height, kernel_width;         /* R, S */
  size_t stride_height, stride_width;         /* default 1 */
  size_t dilation_height, dilation_width;     /* default 1 */
  size_t pad_top, pad_left, pad_bottom, pad_right; /* default 0; padded taps read as x_zero_point */

  octet_datatype input_type; /* u8 (default) or s8 */
  double input_scale;
  int32_t input_zero_point;

  /* Weights, int8, [K][R][S][C/groups]. Copied and packed at create. */
  const int8_t* weights;
  /* 1 (per tensor) or K (per output channel) scales, as PyTorch holds them (double). */
  size_t weight_scale_count;
  const double* weight_scales;
  /* NULL means all zero (symmetric). Otherwise weight_scale_count entries in -128..127. */
  const int32_t* weight_zero_points;

  octet_datatype bias_type; /* none (default), f32 or s32; K values */
  const void* bias;

  octet_datatype output_type; /* u8 (default), s8, or s32 (raw accumulators + int32 bias) */
  double output_scale;
  int32_t output_zero_point;
  /* Clamp in the quantized output domain; defaults to the type's full range.
   * Fused ReLU is output_min = output_zero_point. */
  int32_t output_min, output_max;

  octet_requant_mode requant_mode; /* default pytorch_fbgemm */
  uint32_t flags;                  /* reserved, must be 0 */
} octet_conv2d_params;

typedef struct octet_conv2d* octet_conv2d_t;

/* Library setup: detects the CPU once (cpuinfo) and reads OCTET_ISA. Safe to
 * call many times and from many threads. */
OCTET_API octet_status octet_initialize(void);

/* The message of the last failed call on this thread ("" after success). */
OCTET_API const char* octet_last_error(void);
OCTET_API const char* octet_status_string(octet_status status);

/* The best ISA this CPU supports, and the one operators created now will use
 * (the best one at or below the cap). */
OCTET_API octet_isa octet_detected_isa(void);
OCTET_API octet_isa octet_active_isa(void);
/* Caps dispatch for operators created afterwards. A cap the CPU cannot run is
 * octet_status_unsupported. OCTET_ISA=<name> sets the initial cap. */
OCTET_API octet_status octet_set_isa_cap(octet_isa cap);
OCTET_API octet_isa octet_isa_cap(void);
OCTET_API const char* octet_isa_name(octet_isa isa);
/* Parses "scalar", "avx2", ..., "best"; returns octet_status_invalid_parameter otherwise. */
OCTET_API octet_status octet_isa_from_name(const char* name, octet_isa* isa);
/* 1 if this CPU can run kernels of that ISA. */
OCTET_API int octet_isa_supported(octet_isa isa);

OCTET_API void octet_conv2d_params_init(octet_conv2d_params* params);

/* Validates, copies and packs. *op is set to NULL on failure. */
OCTET_API octet_status octet_conv2d_create(const octet_conv2d_params* params, octet_conv2d_t* op);

/* Output spatial size for an input of height x width. */
OCTET_API octet_status octet_conv2d_output_size(octet_conv2d_t op, size_t height, size_t width,
                                                size_t* output_height, size_t* output_width);

/* Bytes of workspace run() needs for this input size and up to max_threads
 * threads in the pool passed to run() (0 means 1). An input size run() would
 * refuse (a zero dimension, or no output pixel) gets invalid_parameter. */
OCTET_API octet_status octet_conv2d_workspace_size(octet_conv2d_t op, size_t batch, size_t height,
                                                   size_t width, size_t max_threads,
                                                   size_t* workspace_size);

/* The ISA of the kernels chosen at create, and a short name of the path
 * ("ref", "gemm_1x1", "igemm", "dwconv_3x3", ...). */
OCTET_API octet_isa octet_conv2d_isa(octet_conv2d_t op);
OCTET_API const char* octet_conv2d_path(octet_conv2d_t op);

/* Runs the convolution. Pixel strides are in elements between consecutive
 * pixels (0 means dense: C for the input, K for the output). workspace may be
 * NULL when the workspace size is 0. threadpool may be NULL (one thread).
 * A created operator is immutable: several threads may run it at once, each
 * with its own workspace. */
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

OCTET_API void octet_conv2d_destroy(octet_conv2d_t op);

/* Fully connected: y[m][k] = requant(sum_c x[m][c] * w[k][c]) - the 1x1 conv. */
typedef struct octet_fully_connected_params {
  size_t struct_size;
  size_t input_channels, output_channels;
  octet_datatype input_type;
  double input_scale;
  int32_t input_zero_point;
  const int8_t* weights; /* [K][C] */
  size_t weight_scale_count;
  const double* weight_scales;
  const int32_t* weight_zero_points;
  octet_datatype bias_type;
  const void* bias;
  octet_datatype output_type;
  double output_scale;
  int32_t output_zero_point;
  int32_t output_min, output_max;
  octet_requant_mode requant_mode;
  uint32_t flags;
} octet_fully_connected_params;

typedef struct octet_fully_connected* octet_fully_connected_t;

OCTET_API void octet_fully_connected_params_init(octet_fully_connected_params* params);
OCTET_API octet_status octet_fully_connected_create(const octet_fully_connected_params* params,
                                                    octet_fully_connected_t* op);
OCTET_API octet_status octet_fully_connected_workspace_size(octet_fully_connected_t op,
                                                            size_t batch, size_t max_threads,
                                                            size_t* workspace_size);
/* Row strides are in elements (0 means dense). */
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
OCTET_API void octet_fully_connected_destroy(octet_fully_connected_t op);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* OCTET_OCTET_H_ */
