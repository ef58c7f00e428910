#include "src/core/gemm_conv_path.h"

#include <pthreadpool.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <numeric>
#include <vector>

#include "src/core/gemm_strided_plan.h"
#include "src/core/gemm_tiles.h"
#include "src/core/kernel_table.h"
#include "src/core/per_thread.h"

namespace octet {

namespace {

// A GEMM task makes its tile's indirection pointers or im2col rows in a
// buffer of this size on its stack; the tile is cut to fit.
constexpr size_t kTileBufferBytes = 32768;
// im2col copies a full short kernel row as one move of this many bytes (the
// tile buffer keeps this much slack past its last row).
constexpr size_t kIm2colCopy = 32;
// The tallest kernel tile: AMX's 2 x 2 accumulator tiles are 32 rows.
constexpr size_t kMaxMr = 32;
// A task's buffer must hold this many rows of a kernel tile: all of it up to
// 16 rows (every VNNI / AVX2 tile); a taller tile (AMX) is called with fewer
// rows where a large kernel's pointers or patches leave no room for all.
constexpr size_t kMinBufferedRows = 16;
// At most this many rows per GEMM task.
constexpr size_t kMaxTileM = 256;
// Strided tiles: at most this many tiles per task, and kernels of at most
// this many taps (a task's tap pointers are on its stack).
constexpr size_t kStridedTilesPerTask = 16;
constexpr size_t kStridedMaxTaps = 256;

// memcpy for the short spans of im2col (a kernel row of a few channels),
// inline: fixed-size moves, the last one overlapping, instead of a call.
inline void copy_small(uint8_t* d, const uint8_t* s, size_t n) {
  if (n >= 16) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) std::memcpy(d + i, s + i, 16);
    if (i < n) std::memcpy(d + n - 16, s + n - 16, 16);
  } else if (n >= 8) {
    std::memcpy(d, s, 8);
    std::memcpy(d + n - 8, s + n - 8, 8);
  } else if (n >= 4) {
    std::memcpy(d, s, 4);
    std::memcpy(d + n - 4, s + n - 4, 4);
  } else {
    for (size_t i = 0; i < n; ++i) d[i] = s[i];
  }
}

struct AlignedFree {
  void operator()(void* p) const { std::free(p); }
};

// Whether a task's tile buffer holds this kernel's tile in this mode (below).
bool mode_applies(const ConvConfig& cfg, const GemmKernel& kernel, GemmConvMode mode);

class GemmConvPath final : public ConvPath {
 public:
  // range_kernel (optional): a pair-limited kernel of the same tile, packed
  // too, and run instead of `kernel` whenever a run's u8 activations (and the
  // padding value) all lie in 0..127: then |x_a*w_a + x_b*w_b| <= 2*127*128 <
  // 2^15 for any weights, so its int16 pair sums cannot saturate.
  // few_rows_kernel (optional): a kernel that reads the same panels, run
  // instead of `kernel` on runs of fewer than kernel.min_m output pixels.
  // rows_kernel (optional): a kernel that reads the same panels with another
  // tile height, run instead of `kernel` where it computes fewer rows
  // (run_kernel).
  GemmConvPath(const ConvConfig& cfg, const GemmKernel& kernel, GemmConvMode mode,
               const GemmKernel* range_kernel = nullptr, const GemmKernel* few_rows_kernel = nullptr,
               const GemmKernel* rows_kernel = nullptr, GemmStrided strided = GemmStrided::kAuto)
      : s_(cfg.shape), kernel_(kernel), mode_(mode), strided_mode_(strided) {
    G_ = s_.groups;
    Cg_ = s_.channels_per_group();
    Kg_ = s_.outputs_per_group();
    input_s8_ = cfg.input_type == octet_datatype_s8;
    x_zp_ = cfg.x_zero_point;
    out_esize_ = cfg.output_type == octet_datatype_s32 ? 4 : 1;
    need_sums_ = !cfg.w_zero_points_all_zero;
    gemm_mode_reduction(cfg, mode_, &ks_, &kc_);
    params_.out = simd::OutputParams::from(cfg.output);
    params_.out_type = cfg.output_type;
    params_.input_s8 = input_s8_;
    params_.a_sums = nullptr;

    // Weights: G groups x P panels, packed once.
    P_ = div_up(Kg_, kernel_.nr);
    panel_bytes_ = gemm_panel_bytes(kernel_, ks_, kc_);
    // Input of the other signedness than the kernel multiplies gets its sign bit
    // flipped by the kernel: +128 for s8 into a u8 kernel, -128 for u8 into an
    // s8 kernel (sdot, neondot). See gemm_ukernel.h.
    const int32_t x_zp_eff =
        input_s8_ == kernel_.u8_activations ? x_zp_ + (input_s8_ ? 128 : -128) : x_zp_;
    packed_.reset(static_cast<char*>(std::aligned_alloc(kAlign, G_ * P_ * panel_bytes_)));
    if (!packed_) throw std::bad_alloc();
    for (size_t g = 0; g < G_; ++g) {
      for (size_t p = 0; p < P_; ++p) {
        gemm_pack_panel(kernel_, cfg, g, p * kernel_.nr, ks_, kc_, x_zp_eff, packed_.get() + (g * P_ + p) * panel_bytes_);
      }
    }
    if (range_kernel && range_kernel->mr == kernel_.mr && range_kernel->nr == kernel_.nr && !input_s8_ &&
        range_kernel->u8_activations && x_zp_ >= 0 && x_zp_ <= 127) {
      range_kernel_ = *range_kernel;
      range_panel_bytes_ = gemm_panel_bytes(range_kernel_, ks_, kc_);
      range_packed_.reset(static_cast<char*>(std::aligned_alloc(kAlign, G_ * P_ * range_panel_bytes_)));
      if (!range_packed_) throw std::bad_alloc();
      for (size_t g = 0; g < G_; ++g) {
        for (size_t p = 0; p < P_; ++p) {
          gemm_pack_panel(range_kernel_, cfg, g, p * kernel_.nr, ks_, kc_, x_zp_,
                          range_packed_.get() + (g * P_ + p) * range_panel_bytes_);
        }
      }
    }
    if (few_rows_kernel && gemm_same_panels(*few_rows_kernel, kernel_) && few_rows_kernel->mr <= kMaxMr) {
      few_rows_kernel_ = *few_rows_kernel;
    }
    if (rows_kernel && gemm_same_panels(*rows_kernel, kernel_) && rows_kernel->mr != kernel_.mr &&
        mode_applies(cfg, *rows_kernel, mode_)) {
      rows_kernel_ = *rows_kernel;
    }
    // The padding row: x_zero_point (as stored), C bytes so that a group
    // offset g*C/groups stays inside it, and a whole kernel row for row_igemm.
    zero_row_.assign(std::max(s_.C, kc_), static_cast<uint8_t>(x_zp_));
    // Strided tiles (gemm_strided_plan.h) where the kernels take them. Not with
    // weight zero points (the a_sums of a tile are per row). A range kernel
    // only runs u8 input into u8 activations, so its panels fold the same
    // x_zp_eff (x_zp) and the accumulator starts serve both.
    strided_x_zp_eff_ = x_zp_eff;
    if (strided_mode_ != GemmStrided::kOff && mode_ == GemmConvMode::kIndirect && kernel_.strided_taps &&
        (rows_kernel_.fn == nullptr || rows_kernel_.strided_taps) && few_rows_kernel_.fn == nullptr &&
        (!range_packed_ || range_kernel_.strided_taps) && !need_sums_ && ks_ <= kStridedMaxTaps) {
      // Per output channel and tap, the sum of its weights (wrapping int32):
      // a skipped tap's zero-point term.
      tap_sums_.resize(s_.K * ks_);
      for (size_t ch = 0; ch < s_.K; ++ch) {
        for (size_t t = 0; t < ks_; ++t) {
          uint32_t sum = 0;
          for (size_t i = 0; i < kc_; ++i) sum += static_cast<uint32_t>(int32_t{cfg.weights[(ch * ks_ + t) * kc_ + i]});
          tap_sums_[ch * ks_ + t] = sum;
        }
      }
    }
  }

  const char* name() const override {
    switch (mode_) {
      case GemmConvMode::kDirect1x1: return "gemm_1x1";
      case GemmConvMode::kIndirect: return "igemm";
      case GemmConvMode::kRowIndirect: return "row_igemm";
      case GemmConvMode::kIm2col: return "im2col_gemm";
    }
    return "gemm";
  }
  octet_isa isa() const override { return kernel_.isa; }
  const char* kernel_name() const { return kernel_.name; }

  // True when input pixels [px0, px1) hold no byte above 127 in channels
  // [c0, c0 + cn). Stops at the first byte above.
  bool pixels_in_range(const ConvRunArgs& a, size_t px0, size_t px1, size_t c0, size_t cn) const {
    const uint8_t* in = static_cast<const uint8_t*>(a.input) + c0;
    const size_t ps = a.input_pixel_stride;
    constexpr size_t kChunk = 64;
    for (size_t px = px0; px < px1; ++px) {
      const uint8_t* row = in + px * ps;
      for (size_t c = 0; c < cn; c += kChunk) {
        const size_t n = std::min(kChunk, cn - c);
        uint8_t any_high = 0;
        for (size_t i = 0; i < n; ++i) any_high |= row[c + i];
        if (any_high & 0x80) return false;
      }
    }
    return true;
  }
  // True when the whole input allows the range kernel (every task of the run
  // then takes it).
  bool input_in_range(const ConvRunArgs& a) const {
    return range_packed_ && pixels_in_range(a, 0, a.N * a.H * a.W, 0, s_.C);
  }
  // True when output rows [m0, m0 + mcount) of group g can run the range
  // kernel: the group's channels of the input rows their windows touch (whole
  // rows, one contiguous pixel span from the first window's top row to the
  // last window's bottom row) are all at most 127. Each task checks its own
  // span, so the check runs in parallel and no task reads the whole input; a
  // span ending in padding only reads fewer rows.
  bool tile_in_range(const ConvRunArgs& a, size_t g, size_t m0, size_t mcount) const {
    if (!range_packed_) return false;
    const size_t ohw = a.OH * a.OW, m1 = m0 + mcount - 1;
    const size_t n0 = m0 / ohw, oh0 = m0 % ohw / a.OW, n1 = m1 / ohw, oh1 = m1 % ohw / a.OW;
    // First input row at or below oh0's window top; last at or above oh1's window bottom.
    const size_t top = std::min(a.H, oh0 * s_.stride_h - std::min(oh0 * s_.stride_h, s_.pad_top));
    const size_t bottom = oh1 * s_.stride_h + (s_.R - 1) * s_.dil_h + 1;  // padded rows [0, bottom)
    const size_t end = std::min(a.H, bottom - std::min(bottom, s_.pad_top));
    const size_t px0 = (n0 * a.H + top) * a.W, px1 = (n1 * a.H + end) * a.W;
    return px0 >= px1 || pixels_in_range(a, px0, px1, g * Cg_, Cg_);
  }
  // True when this run is too small for kernel_ (GemmKernel::min_m).
  bool few_rows(const ConvRunArgs& a) const {
    return few_rows_kernel_.fn != nullptr && a.N * a.OH * a.OW < kernel_.min_m;
  }
  // Of the tasks a run on `threads` threads makes, how many run the range
  // kernel (tests: shares that choose differently).
  size_t range_tasks(const ConvRunArgs& a, size_t threads, size_t* tasks) const {
    if (const std::shared_ptr<const StridedRun> sr = strided_run(a, threads)) {
      const size_t chunks = strided_chunks(*sr, threads);
      *tasks = G_ * chunks;
      size_t n = 0;
      for (size_t i = 0; i < *tasks; ++i) {
        const size_t i0 = strided_chunk_begin(*sr, i % chunks, chunks);
        n += strided_in_range(a, *sr, i / chunks, i0, strided_chunk_begin(*sr, i % chunks + 1, chunks) - i0);
      }
      return n;
    }
    const Tiles t = plan(a.N * a.OH * a.OW, threads, plan_mr(run_kernel(a, threads)));
    *tasks = t.count(G_);
    size_t n = 0;
    for (size_t i = 0; i < *tasks; ++i) {
      const size_t m0 = i / t.p_tiles % t.m_tiles * t.m;
      n += tile_in_range(a, i / (t.m_tiles * t.p_tiles), m0, std::min(t.m, a.N * a.OH * a.OW - m0)) ? 1 : 0;
    }
    return n;
  }
  const char* kernel_name_for(const ConvRunArgs& a) const {
    if (input_in_range(a)) return range_kernel_.name;
    return run_kernel(a, a.threadpool ? pthreadpool_get_threads_count(a.threadpool) : 1).name;
  }

  // The kernel of a run on `threads` threads: the few-rows kernel on runs too
  // small for kernel_; else kernel_ or rows_kernel_ (another tile height on
  // the same panels), whichever computes fewer rows, padding included, over
  // the run's tasks (ties: kernel_). Both run at the same speed per computed
  // row (avx512vnni 7x64 and 6x64, by llvm-mca on Zen 4 and Sapphire Rapids),
  // so 49 pixels take 7 tiles of 7 rows rather than 9 of 6 (54 rows), and 36
  // pixels 6 tiles of 6 rather than 6 of 7.
  const GemmKernel& run_kernel(const ConvRunArgs& a, size_t threads) const {
    if (few_rows(a)) return few_rows_kernel_;
    const size_t M = a.N * a.OH * a.OW;
    if (rows_kernel_.fn != nullptr &&
        computed_rows(M, threads, rows_kernel_.mr) < computed_rows(M, threads, kernel_.mr)) {
      return rows_kernel_;
    }
    return kernel_;
  }
  // The tile height a run's tasks are planned for: kernel_'s, also when runs
  // take the few-rows kernel, or rows_kernel_'s when the run takes it.
  size_t plan_mr(const GemmKernel& k) const { return &k == &rows_kernel_ ? rows_kernel_.mr : kernel_.mr; }
  // Rows an mr-row kernel computes on M pixels over the tasks of plan().
  size_t computed_rows(size_t M, size_t threads, size_t mr) const {
    if (M == 0) return 0;
    const Tiles t = plan(M, threads, mr);
    const size_t full = (t.m_tiles - 1) * t.m;
    return full + round_up(M - full, mr);
  }

  // No workspace: a task's pointers, copies and activation sums are on its stack.
  size_t workspace_size(size_t, size_t, size_t, size_t) const override { return 0; }

  // Rows of one task's tile whose pointers or im2col rows fit its buffer.
  size_t max_tile_rows() const {
    switch (mode_) {
      case GemmConvMode::kIndirect: return kTileBufferBytes / (ks_ * sizeof(void*));
      case GemmConvMode::kRowIndirect: return (kTileBufferBytes - kAlign) / (ks_ * (sizeof(void*) + kc_));
      case GemmConvMode::kIm2col: return (kTileBufferBytes - kIm2colCopy) / kc_;
      default: return kMaxTileM;
    }
  }

 private:
  // One run's state, shared by its tasks.
  struct Run {
    const GemmConvPath* self;
    const ConvRunArgs* a;
    size_t M;
    const GemmKernel* kernel;  // kernel_, or range_kernel_ for in-range input
    const char* packed;
    size_t panel_bytes;

    // The input pixel of output pixel (n, oh, ow) tap (r, q), or nullptr for padding.
    const uint8_t* tap(size_t n, size_t oh, size_t ow, size_t r, size_t q) const {
      const ref::ConvShape& s = self->s_;
      const long ih = static_cast<long>(oh * s.stride_h + r * s.dil_h) - static_cast<long>(s.pad_top);
      const long iw = static_cast<long>(ow * s.stride_w + q * s.dil_w) - static_cast<long>(s.pad_left);
      if (ih < 0 || iw < 0 || ih >= static_cast<long>(a->H) || iw >= static_cast<long>(a->W)) return nullptr;
      return static_cast<const uint8_t*>(a->input) +
             ((n * a->H + static_cast<size_t>(ih)) * a->W + static_cast<size_t>(iw)) * a->input_pixel_stride;
    }

    // Output pixel m as (n, oh, ow), stepped without a division per pixel.
    struct Pixel {
      size_t n, oh, ow;
      void next(size_t OH, size_t OW) {
        if (++ow == OW) {
          ow = 0;
          if (++oh == OH) {
            oh = 0;
            ++n;
          }
        }
      }
    };
    Pixel pixel(size_t m) const {
      const size_t ohw = a->OH * a->OW;
      return Pixel{m / ohw, (m % ohw) / a->OW, m % a->OW};
    }

    // The ks tap pointers of output pixel px (plus `offset` bytes: the group),
    // every `stride`-th entry of dst. A window inside the image is one add per
    // tap; at the borders, padding taps point at the zero-point row.
    void taps(const Pixel& px, size_t offset, const void** dst, size_t stride) const {
      const ref::ConvShape& s = self->s_;
      const size_t ps = a->input_pixel_stride, W = a->W;
      const long ih0 = static_cast<long>(px.oh * s.stride_h) - static_cast<long>(s.pad_top);
      const long iw0 = static_cast<long>(px.ow * s.stride_w) - static_cast<long>(s.pad_left);
      const long ih1 = ih0 + static_cast<long>((s.R - 1) * s.dil_h), iw1 = iw0 + static_cast<long>((s.S - 1) * s.dil_w);
      const uint8_t* image = static_cast<const uint8_t*>(a->input) + px.n * a->H * W * ps + offset;
      if (ih0 >= 0 && iw0 >= 0 && ih1 < static_cast<long>(a->H) && iw1 < static_cast<long>(W)) {
        const size_t rstep = s.dil_h * W * ps, qstep = s.dil_w * ps;
        const uint8_t* rp = image + (static_cast<size_t>(ih0) * W + static_cast<size_t>(iw0)) * ps;
        for (size_t r = 0; r < s.R; ++r, rp += rstep) {
          for (size_t q = 0; q < s.S; ++q, dst += stride) *dst = rp + q * qstep;
        }
        return;
      }
      const void* zero = self->zero_row_.data() + offset;
      for (size_t r = 0; r < s.R; ++r) {
        const long ih = ih0 + static_cast<long>(r * s.dil_h);
        const bool row_in = ih >= 0 && ih < static_cast<long>(a->H);
        for (size_t q = 0; q < s.S; ++q, dst += stride) {
          const long iw = iw0 + static_cast<long>(q * s.dil_w);
          *dst = row_in && iw >= 0 && iw < static_cast<long>(W)
                     ? static_cast<const void*>(image + (static_cast<size_t>(ih) * W + static_cast<size_t>(iw)) * ps)
                     : zero;
        }
      }
    }

    // The tap pointers of the mr pixels from px on, when they lie in one
    // output row and every window is inside the image (row_igemm: and the
    // input pixels are packed, ps == C): tap t of pixel i is tap t of pixel 0
    // plus i strides, written as the kernel reads them (dst[t * mr + i])
    // without per-pixel bounds: what taps() or row_taps() would write. False
    // (nothing written) otherwise. Taps: R x S, or R kernel rows. bases:
    // only pixel 0's pointer of each tap (dst[t]), for a kernel that steps
    // the rows itself (GemmParams::a_stride = the pixel step).
    bool interior_tile_taps(const Pixel& px, size_t mr, size_t offset, bool kernel_rows, bool bases,
                            const void** dst) const {
      const ref::ConvShape& s = self->s_;
      const size_t ps = a->input_pixel_stride, W = a->W;
      if (px.ow + mr > a->OW || (kernel_rows && ps != s.C)) return false;
      const long ih0 = static_cast<long>(px.oh * s.stride_h) - static_cast<long>(s.pad_top);
      const long iw0 = static_cast<long>(px.ow * s.stride_w) - static_cast<long>(s.pad_left);
      const long ih1 = ih0 + static_cast<long>((s.R - 1) * s.dil_h);
      const long iw1 = iw0 + static_cast<long>((mr - 1) * s.stride_w + (s.S - 1) * s.dil_w);
      if (ih0 < 0 || iw0 < 0 || ih1 >= static_cast<long>(a->H) || iw1 >= static_cast<long>(W)) return false;
      const size_t rstep = s.dil_h * W * ps, qstep = s.dil_w * ps, pstep = s.stride_w * ps;
      const size_t taps_per_row = kernel_rows ? 1 : s.S;
      const uint8_t* rp = static_cast<const uint8_t*>(a->input) + px.n * a->H * W * ps + offset +
                          (static_cast<size_t>(ih0) * W + static_cast<size_t>(iw0)) * ps;
      for (size_t r = 0; r < s.R; ++r, rp += rstep) {
        const uint8_t* tp = rp;
        for (size_t q = 0; q < taps_per_row; ++q, tp += qstep) {
          if (bases) {
            *dst++ = tp;
            continue;
          }
          for (size_t i = 0; i < mr; ++i) dst[i] = tp + i * pstep;
          dst += mr;
        }
      }
      return true;
    }

    // The R kernel-row pointers of output pixel px (row_igemm), every
    // `stride`-th entry of dst: a row inside the image points at its S*C
    // input bytes, a row above or below it at the zero-point row, and a row
    // cut by the left or right padding (or strided pixels) at a padded copy
    // made at `copies`, which advances.
    void row_taps(const Pixel& px, const void** dst, size_t stride, uint8_t*& copies) const {
      const ref::ConvShape& s = self->s_;
      const size_t R = s.R, S = s.S, C = s.C, W = a->W, ps = a->input_pixel_stride, span = S * C;
      const long H = static_cast<long>(a->H);
      const uint8_t zp = static_cast<uint8_t>(self->x_zp_);
      const uint8_t* const image = static_cast<const uint8_t*>(a->input) + px.n * a->H * W * ps;
      const long iw0 = static_cast<long>(px.ow * s.stride_w) - static_cast<long>(s.pad_left);
      const long ih0 = static_cast<long>(px.oh * s.stride_h) - static_cast<long>(s.pad_top);
      const size_t lo = static_cast<size_t>(std::max(0L, -iw0));
      const size_t hi = static_cast<size_t>(std::max(0L, std::min(static_cast<long>(S), static_cast<long>(W) - iw0)));
      const bool in_place = lo == 0 && hi == S && ps == C;
      const long ih1 = ih0 + static_cast<long>((R - 1) * s.dil_h);
      if (in_place && ih0 >= 0 && ih1 < H) {
        // The whole window inside the image: one add per kernel row.
        const size_t rstep = s.dil_h * W * ps;
        const uint8_t* src = image + (static_cast<size_t>(ih0) * W + static_cast<size_t>(iw0)) * ps;
        for (size_t r = 0; r < R; ++r, dst += stride, src += rstep) *dst = src;
        return;
      }
      for (size_t r = 0; r < R; ++r, dst += stride) {
        const long ih = ih0 + static_cast<long>(r * s.dil_h);
        if (ih < 0 || ih >= H || hi <= lo) {
          *dst = self->zero_row_.data();
          continue;
        }
        const uint8_t* src = image + (static_cast<size_t>(ih) * W + static_cast<size_t>(iw0) + lo) * ps;
        if (in_place) {
          *dst = src;
          continue;
        }
        uint8_t* row = copies;
        copies += span;
        for (size_t i = 0; i < lo * C; ++i) row[i] = zp;
        for (size_t q = lo; q < hi; ++q, src += ps) copy_small(row + q * C, src, C);
        for (size_t i = hi * C; i < span; ++i) row[i] = zp;
        *dst = row;
      }
    }

    // A row_igemm tile of mr pixels from px, in one output row, whose
    // windows cross the padding: each kernel row's input span under the
    // tile ((mr - 1) strides plus S pixels) copied once into buf with the
    // padding as x_zp, so that the kernel steps through it as through an
    // interior tile (bases[r]; pixel step stride_w * C). The per-pixel copies
    // of row_taps wrote up to mr spans of S pixels per kernel row; this
    // writes one of fewer bytes (stride_w <= S) where they went. False
    // (nothing written) otherwise.
    bool padded_tile_rows(const Pixel& px, size_t mr, const void** bases, uint8_t* buf) const {
      const ref::ConvShape& s = self->s_;
      const size_t C = s.C, W = a->W;
      if (px.ow + mr > a->OW || a->input_pixel_stride != C || s.stride_w > s.S) return false;
      const size_t width = ((mr - 1) * s.stride_w + s.S) * C;  // bytes of one span
      const long H = static_cast<long>(a->H);
      const long iw0 = static_cast<long>(px.ow * s.stride_w) - static_cast<long>(s.pad_left);
      const long ih0 = static_cast<long>(px.oh * s.stride_h) - static_cast<long>(s.pad_top);
      const long pixels = static_cast<long>(width / C);
      // In-image pixels of the span: [lo, hi).
      const size_t lo = static_cast<size_t>(std::min(pixels, std::max(0L, -iw0)));
      const size_t hi = static_cast<size_t>(std::max(static_cast<long>(lo), std::min(pixels, static_cast<long>(W) - iw0)));
      const uint8_t zp = static_cast<uint8_t>(self->x_zp_);
      const uint8_t* const image = static_cast<const uint8_t*>(a->input) + px.n * a->H * W * C;
      for (size_t r = 0; r < s.R; ++r, buf += width) {
        const long ih = ih0 + static_cast<long>(r * s.dil_h);
        bases[r] = buf;
        if (ih < 0 || ih >= H || hi == lo) {
          std::memset(buf, zp, width);
          continue;
        }
        std::memset(buf, zp, lo * C);
        std::memcpy(buf + lo * C, image + (static_cast<size_t>(ih) * W + static_cast<size_t>(iw0 + static_cast<long>(lo))) * C,
                    (hi - lo) * C);
        std::memset(buf + hi * C, zp, width - hi * C);
      }
      return true;
    }

    // The im2col row of output pixel px for group g: R*S*Cg bytes, tap by
    // tap, padding as x_zero_point.
    void im2col_row(const Pixel& px, size_t g, uint8_t* dst) const {
      const ref::ConvShape& s = self->s_;
      const size_t Cg = self->Cg_, ps = a->input_pixel_stride;
      const uint8_t zp = static_cast<uint8_t>(self->x_zp_);
      if (self->G_ == 1 && s.dil_w == 1 && ps == s.C) {
        // Within a kernel row the in-bounds taps are one contiguous span.
        // Everything the loop reads is in locals: its byte stores could
        // alias any field, which would reload them after every store.
        const size_t R = s.R, S = s.S, span = S * Cg, W = a->W, dil_h = s.dil_h;
        const long H = static_cast<long>(a->H);
        const uint8_t* const input = static_cast<const uint8_t*>(a->input);
        const uint8_t* const image = input + px.n * a->H * W * ps;
        const long in_left = input + (a->N * a->H * W - 1) * ps + s.C - image;  // bytes readable from image
        const long iw0 = static_cast<long>(px.ow * s.stride_w) - static_cast<long>(s.pad_left);
        const long ih0 = static_cast<long>(px.oh * s.stride_h) - static_cast<long>(s.pad_top);
        const size_t lo = static_cast<size_t>(std::max(0L, -iw0));
        const size_t hi = static_cast<size_t>(std::max(0L, std::min(static_cast<long>(S), static_cast<long>(W) - iw0)));
        const bool full = lo == 0 && hi == S && span <= kIm2colCopy;
        for (size_t r = 0; r < R; ++r, dst += span) {
          const long ih = ih0 + static_cast<long>(r * dil_h);
          if (ih < 0 || ih >= H || hi <= lo) {
            std::memset(dst, zp, span);
            continue;
          }
          const size_t off = (static_cast<size_t>(ih) * W + static_cast<size_t>(iw0) + lo) * ps;
          const uint8_t* src = image + off;
          if (full && in_left - static_cast<long>(off) >= static_cast<long>(kIm2colCopy)) {
            // A short full span (the stem: 7 taps x 3 channels) as one fixed
            // move. The bytes it writes past the span are rewritten later:
            // rows and pixels are made in order, and the buffer has slack.
            std::memcpy(dst, src, kIm2colCopy);
            continue;
          }
          for (size_t i = 0; i < lo * Cg; ++i) dst[i] = zp;
          copy_small(dst + lo * Cg, src, (hi - lo) * Cg);
          for (size_t i = hi * Cg; i < span; ++i) dst[i] = zp;
        }
        return;
      }
      for (size_t r = 0; r < s.R; ++r) {
        for (size_t q = 0; q < s.S; ++q, dst += Cg) {
          const uint8_t* src = tap(px.n, px.oh, px.ow, r, q);
          if (src) {
            copy_small(dst, src + g * Cg, Cg);
          } else {
            std::memset(dst, zp, Cg);
          }
        }
      }
    }

    // The activation sums of rows [m0, m0 + mcount) of group g (when some
    // w_zp != 0): each task makes those of its own rows, so no pass over the
    // whole output precedes the GEMM and no thread waits for another.
    void row_sums(size_t g, size_t m0, size_t mcount, int32_t* sums) const {
      const ref::ConvShape& s = self->s_;
      const size_t Cg = self->Cg_;
      Pixel px = pixel(m0);
      for (size_t i = 0; i < mcount; ++i, px.next(a->OH, a->OW)) {
        int32_t sum = 0;
        for (size_t r = 0; r < s.R; ++r) {
          for (size_t q = 0; q < s.S; ++q) {
            const uint8_t* src = tap(px.n, px.oh, px.ow, r, q);
            if (!src) {
              sum += static_cast<int32_t>(Cg) * self->x_zp_;
            } else if (self->input_s8_) {
              for (size_t c = 0; c < Cg; ++c) sum += static_cast<int8_t>(src[g * Cg + c]);
            } else {
              for (size_t c = 0; c < Cg; ++c) sum += src[g * Cg + c];
            }
          }
        }
        sums[i] = sum;
      }
    }

    // Panels [p0, p0 + pcount) of group g for rows [m0, m0 + mcount).
    // Other than gemm_1x1, the tile's pointers or im2col rows are made here,
    // into a buffer on the stack, so they are in L1 when the kernel reads them.
    void gemm(size_t g, size_t m0, size_t mcount, size_t p0, size_t pcount) const {
      const GemmConvPath& P = *self;
      if (P.mode_ != GemmConvMode::kDirect1x1) {
        gemm_buffered(g, m0, mcount, p0, pcount);
        return;
      }
      // Row pointers of the tile: the input pixels themselves.
      const void* rows[kMaxTileM];
      const uint8_t* in = static_cast<const uint8_t*>(a->input) + g * P.Cg_;
      const size_t ps = a->input_pixel_stride;
      if (P.s_.stride_h == 1 && P.s_.stride_w == 1) {
        // Output pixel q reads input pixel q.
        for (size_t i = 0; i < mcount; ++i) rows[i] = in + (m0 + i) * ps;
      } else {
        Pixel px = pixel(m0);
        for (size_t i = 0; i < mcount; ++i, px.next(a->OH, a->OW)) {
          rows[i] = in + ((px.n * a->H + px.oh * P.s_.stride_h) * a->W + px.ow * P.s_.stride_w) * ps;
        }
      }
      panels(g, m0, mcount, p0, pcount, rows, 1);
    }

    // The other modes: the tile's pointers (and copies) in a buffer on the
    // stack, in a frame of its own so that gemm_1x1 tasks do not pay for it.
    __attribute__((noinline)) void gemm_buffered(size_t g, size_t m0, size_t mcount, size_t p0,
                                                 size_t pcount) const {
      const GemmConvPath& P = *self;
      const size_t MR = kernel->mr, ks = P.ks_;
      alignas(64) unsigned char local[kTileBufferBytes];
      const void** indirection = reinterpret_cast<const void**>(local);
      Pixel px = pixel(m0);
      if (P.mode_ == GemmConvMode::kIm2col) {
        const void* rows[kMaxTileM];
        for (size_t i = 0; i < mcount; ++i, px.next(a->OH, a->OW)) {
          uint8_t* row = local + i * P.kc_;
          im2col_row(px, g, row);
          rows[i] = row;
        }
        panels(g, m0, mcount, p0, pcount, rows, 1);
        return;
      }
      // [MR-row tile j][tap t][row i of the tile's mr_j rows], as the kernel
      // reads them; row_igemm's taps are kernel rows, its padded copies after
      // the pointers. Where the kernel takes a row tile's panels in one call
      // (or there is one panel), tile by tile: each tile's pointers are made
      // just before its call and stay in L1 (made for all the rows first, the
      // outputs written in between evicted them: the stem spent 22% of its
      // time here, 15% after the interior fast path).
      const bool kernel_rows = P.mode_ == GemmConvMode::kRowIndirect;
      const bool by_tile = kernel->fn_panels != nullptr || pcount == 1;
      // An interior tile of a kernel that steps its rows (strided_taps):
      // one pointer per tap instead of mr (the stem's 7 x 7 taps were 25% of
      // this function's time).
      const bool bases = by_tile && kernel->strided_taps;
      const size_t pixel_step = P.s_.stride_w * a->input_pixel_stride;
      uint8_t* const copies0 = local + round_up((by_tile ? MR : mcount) * ks * sizeof(void*), kAlign);
      uint8_t* copies = copies0;
      for (size_t j = 0; j < mcount; j += MR) {
        const size_t mr_j = std::min(MR, mcount - j);
        const void** dst = by_tile ? indirection : indirection + j * ks;
        if (by_tile) copies = copies0;
        // A stepping kernel also takes a border row_igemm tile through its
        // padded spans (padded_tile_rows).
        if (interior_tile_taps(px, mr_j, kernel_rows ? 0 : g * P.Cg_, kernel_rows, bases, dst) ||
            (bases && kernel_rows && padded_tile_rows(px, mr_j, dst, copies0))) {
          // The tile stays in px's row (both checked it).
          px.ow += mr_j - 1;
          px.next(a->OH, a->OW);
          if (bases) {
            panels(g, m0 + j, mr_j, p0, pcount, indirection, ks, pixel_step);
            continue;
          }
        } else {
          for (size_t i = 0; i < mr_j; ++i, px.next(a->OH, a->OW)) {
            if (kernel_rows) {
              row_taps(px, dst + i, mr_j, copies);
            } else {
              taps(px, g * P.Cg_, dst + i, mr_j);
            }
          }
        }
        if (by_tile) panels(g, m0 + j, mr_j, p0, pcount, indirection, ks);
      }
      if (!by_tile) panels(g, m0, mcount, p0, pcount, indirection, ks);
    }

    // The kernel calls of a tile: panels [p0, p0 + pcount) of group g for
    // rows [m0, m0 + mcount); ap: the tile's row pointers, ks per row.
    void panels(size_t g, size_t m0, size_t mcount, size_t p0, size_t pcount, const void* const* ap, size_t ks,
                size_t a_stride = 0) const {
      const GemmConvPath& P = *self;
      const GemmKernel& k = *kernel;
      const size_t MR = k.mr, esize = P.out_esize_;
      const size_t cm_stride = a->output_pixel_stride * esize;
      GemmParams params = P.params_;
      params.a_stride = a_stride;  // nonzero: ap holds ks tap bases per MR rows (a single tile)
      int32_t sums[kMaxTileM];
      if (P.need_sums_) row_sums(g, m0, mcount, sums);
      if (k.fn_panels != nullptr) {
        // The kernel takes all the panels of a row tile in one call (it
        // overlaps one panel's output stage with the next one's products).
        const char* panel = packed + (g * P.P_ + p0) * panel_bytes;
        const size_t n0 = p0 * k.nr, n = std::min(pcount * k.nr, P.Kg_ - n0);
        for (size_t m = m0; m < m0 + mcount; m += MR) {
          const size_t mr = std::min(MR, m0 + mcount - m);
          params.a_sums = P.need_sums_ ? sums + (m - m0) : nullptr;
          void* c = static_cast<char*>(a->output) + (m * a->output_pixel_stride + g * P.Kg_ + n0) * esize;
          k.fn_panels(mr, n, P.kc_, ks, ap + (m - m0) * ks, panel, panel_bytes, c, cm_stride, &params);
        }
        return;
      }
      for (size_t p = p0; p < p0 + pcount; ++p) {
        const char* panel = packed + (g * P.P_ + p) * panel_bytes;
        const size_t n0 = p * k.nr, nc = std::min(k.nr, P.Kg_ - n0);
        for (size_t m = m0; m < m0 + mcount; m += MR) {
          const size_t mr = std::min(MR, m0 + mcount - m);
          params.a_sums = P.need_sums_ ? sums + (m - m0) : nullptr;
          void* c = static_cast<char*>(a->output) + (m * a->output_pixel_stride + g * P.Kg_ + n0) * esize;
          k.fn(mr, nc, P.kc_, ks, ap + (m - m0) * ks, panel, c, cm_stride, &params);
        }
      }
    }
  };

 public:
  // GEMM tasks of mr-row kernel tiles (mr: plan_mr) over (group, M tile,
  // panel tile): src/core/gemm_tiles.h.
  using Tiles = GemmTiles;
  Tiles plan(size_t M, size_t threads, size_t mr) const {
    const size_t line_panels = kAlign / std::gcd(kernel_.nr * out_esize_, kAlign);
    return tiles_.get({M, P_, G_, mr, std::min(kMaxTileM, max_tile_rows()), line_panels}, threads);
  }

  // The run's state: the run's kernel (run_kernel: the same panels whichever
  // it is), which for_tile swaps for the range kernel task by task.
  Run start(const ConvRunArgs& a, size_t threads) const {
    return Run{this, &a, a.N * a.OH * a.OW, &run_kernel(a, threads), packed_.get(), panel_bytes_};
  }
  // The state of one task (group g, rows [m0, m0 + mcount)): the range kernel
  // when the input its rows read allows it. Both kernels are exact, so tasks
  // may choose differently without changing a byte.
  Run for_tile(const Run& r, size_t g, size_t m0, size_t mcount) const {
    if (!tile_in_range(*r.a, g, m0, mcount)) return r;
    Run t = r;
    t.kernel = &range_kernel_;
    t.packed = range_packed_.get();
    t.panel_bytes = range_panel_bytes_;
    return t;
  }

  void run(const ConvRunArgs& a) const override {
    const size_t threads = a.threadpool ? pthreadpool_get_threads_count(a.threadpool) : 1;
    if (const std::shared_ptr<const StridedRun> sr = strided_run(a, threads)) {
      const size_t chunks = strided_chunks(*sr, threads);
      parallelize_1d(a.threadpool, G_ * chunks, [&](size_t i) { strided_task(a, *sr, i, chunks); });
      return;
    }
    const Run r = start(a, threads);
    const Tiles t = plan(r.M, threads, plan_mr(*r.kernel));
    parallelize_3d_tile_2d(a.threadpool, G_, r.M, P_, t.m, t.p,
                           [&](size_t g, size_t m0, size_t p0, size_t mcount, size_t pcount) {
                             for_tile(r, g, m0, mcount).gemm(g, m0, mcount, p0, pcount);
                           });
  }

  // Share t: a contiguous run of the tasks run() would make for `threads`
  // pool threads, in the pool's (group, M tile, panel tile) order.
  void run_thread(const ConvRunArgs& a, size_t t, size_t threads) const override {
    if (const std::shared_ptr<const StridedRun> sr = strided_run(a, threads)) {
      const size_t chunks = strided_chunks(*sr, threads);
      const GemmShare share(G_ * chunks, t, threads);
      for (size_t i = share.begin; i < share.end; ++i) strided_task(a, *sr, i, chunks);
      return;
    }
    const Run r = start(a, threads);
    const Tiles tiles = plan(r.M, threads, plan_mr(*r.kernel));
    const GemmShare share(tiles.count(G_), t, threads);
    // Consecutive tasks on the same rows (panel tiles) check them once.
    Run tile = r;
    size_t checked = static_cast<size_t>(-1);
    for (size_t i = share.begin; i < share.end; ++i) {
      const size_t g = i / (tiles.m_tiles * tiles.p_tiles);
      const size_t m0 = i / tiles.p_tiles % tiles.m_tiles * tiles.m;
      const size_t p0 = i % tiles.p_tiles * tiles.p;
      const size_t mcount = std::min(tiles.m, r.M - m0);
      if (i / tiles.p_tiles != checked) {
        tile = for_tile(r, g, m0, mcount);
        checked = i / tiles.p_tiles;
      }
      tile.gemm(g, m0, mcount, p0, std::min(tiles.p, P_ - p0));
    }
  }

  // Whether runs of this geometry take strided tiles: a plan when they do.
  bool runs_strided(const ConvRunArgs& a, size_t threads) const { return strided_run(a, threads) != nullptr; }

 private:
  // A plan of strided tiles for one input size, with each rectangle class's
  // accumulator start: [class][group][P_ * NR] (x_zp_eff * the skipped taps'
  // weight sums; 0 past the group's channels).
  struct StridedRun {
    size_t N = 0, H = 0, W = 0;
    StridedPlan plan;
    std::unique_ptr<int32_t, AlignedFree> init;
  };

  std::shared_ptr<const StridedRun> strided_plan(const ConvRunArgs& a) const {
    {
      const std::lock_guard<std::mutex> lock(strided_mu_);
      for (const auto& e : strided_cache_) {
        if (e && e->N == a.N && e->H == a.H && e->W == a.W) return e;
      }
    }
    auto run = std::make_shared<StridedRun>();
    run->N = a.N;
    run->H = a.H;
    run->W = a.W;
    run->plan = plan_strided_tiles(s_, a.N, a.H, a.W, kernel_.mr, rows_kernel_.fn ? rows_kernel_.mr : 0, kernel_.mr);
    const size_t row = P_ * kernel_.nr, rects = run->plan.rects();
    run->init.reset(static_cast<int32_t*>(std::aligned_alloc(kAlign, round_up(std::max<size_t>(1, rects * G_ * row) * 4, kAlign))));
    if (!run->init) throw std::bad_alloc();
    for (size_t c = 0; c < rects; ++c) {
      std::vector<bool> runs(ks_, false);
      for (size_t j = run->plan.rect_begin[c]; j < run->plan.rect_begin[c + 1]; ++j) runs[run->plan.taps[j]] = true;
      for (size_t g = 0; g < G_; ++g) {
        int32_t* dst = run->init.get() + (c * G_ + g) * row;
        for (size_t n = 0; n < row; ++n) {
          uint32_t skipped = 0;
          for (size_t t = 0; n < Kg_ && t < ks_; ++t) {
            if (!runs[t]) skipped += tap_sums_[(g * Kg_ + n) * ks_ + t];
          }
          dst[n] = static_cast<int32_t>(static_cast<uint32_t>(strided_x_zp_eff_) * skipped);
        }
      }
    }
    const std::lock_guard<std::mutex> lock(strided_mu_);
    strided_cache_[strided_next_] = run;
    strided_next_ = (strided_next_ + 1) % std::size(strided_cache_);
    return run;
  }

  // The strided plan of this run, or nullptr when the classic tiling runs:
  // no strided kernels, or the plan does not compute at least 1% less (kernel
  // rows x taps) than the raster tiles the run would take (kAlways: whenever
  // allowed). The margin pays for its extra tiles: on AVX2's 3-row tiles a
  // 28x28 3x3 layer computes 0.85% less in 5% more tiles and ran 0.9% slower.
  std::shared_ptr<const StridedRun> strided_run(const ConvRunArgs& a, size_t threads) const {
    if (tap_sums_.empty()) return nullptr;
    std::shared_ptr<const StridedRun> sr = strided_plan(a);
    if (strided_mode_ == GemmStrided::kAlways) return sr;
    const size_t M = a.N * a.OH * a.OW;
    const size_t classic = computed_rows(M, threads, plan_mr(run_kernel(a, threads))) * ks_;
    return sr->plan.cost * 100 <= classic * 99 ? sr : nullptr;
  }

  // Strided tasks: per group, chunks of consecutive tiles of about equal
  // cost (StridedPlan::prefix), each over every panel; at most
  // kStridedTilesPerTask tiles each on average, and on several threads at
  // least 4 per thread, a multiple of the thread count, so that the pool's
  // contiguous shares (and run_thread's) get the same work. Tiles differ in
  // cost (border tiles run fewer taps): equal tile counts left 2 threads
  // 3% apart on a 28x28 layer.
  size_t strided_chunks(const StridedRun& sr, size_t threads) const {
    size_t chunks = std::max<size_t>(1, div_up(sr.plan.tiles.size(), kStridedTilesPerTask));
    if (threads > 1) chunks = round_up(std::max(chunks, 4 * threads), threads);
    return chunks;
  }
  // The first tile of chunk k of `chunks`.
  static size_t strided_chunk_begin(const StridedRun& sr, size_t k, size_t chunks) {
    const std::vector<size_t>& prefix = sr.plan.prefix;
    if (k >= chunks) return sr.plan.tiles.size();
    const size_t target = prefix.back() * k / chunks;
    return static_cast<size_t>(std::lower_bound(prefix.begin(), prefix.end(), target) - prefix.begin());
  }

  // True when tiles [i0, i0 + icount) of group g can run the range kernel:
  // the input rows of the output rows from their first pixel to their last
  // (tile_in_range) are in range.
  bool strided_in_range(const ConvRunArgs& a, const StridedRun& sr, size_t g, size_t i0, size_t icount) const {
    if (!range_packed_ || rows_kernel_.fn != nullptr || icount == 0) return false;
    size_t first = static_cast<size_t>(-1), last = 0;
    for (size_t i = i0; i < i0 + icount; ++i) {
      const StridedTile& t = sr.plan.tiles[i];
      first = std::min(first, t.out_px);
      last = std::max(last, t.out_px + (t.mr - 1) * t.out_step);
    }
    return tile_in_range(a, g, first, last - first + 1);
  }

  // Task i of G_ * chunks: chunk i % chunks of group i / chunks, every panel,
  // panel by panel (a panel's weights stay in cache over the chunk's tiles).
  void strided_task(const ConvRunArgs& a, const StridedRun& sr, size_t i, size_t chunks) const {
    const size_t g = i / chunks, i0 = strided_chunk_begin(sr, i % chunks, chunks);
    const size_t i1 = strided_chunk_begin(sr, i % chunks + 1, chunks);
    const StridedPlan& plan = sr.plan;
    // The range kernel (same tile height; no rows kernel beside it) when the tiles' input allows it.
    const bool range = strided_in_range(a, sr, g, i0, i1 - i0);
    const GemmKernel* kernels[2] = {range ? &range_kernel_ : &kernel_, &rows_kernel_};
    const char* const packed = range ? range_packed_.get() : packed_.get();
    const size_t panel_bytes = range ? range_panel_bytes_ : panel_bytes_;
    const size_t ps = a.input_pixel_stride, ops = a.output_pixel_stride, esize = out_esize_, NR = kernel_.nr;
    const uint8_t* const in = static_cast<const uint8_t*>(a.input) + g * Cg_;
    char* const out = static_cast<char*>(a.output) + g * Kg_ * esize;
    const void* bases[kStridedMaxTaps];
    GemmParams params = params_;
    for (size_t p = 0; p < P_; ++p) {
      const char* panel = packed + (g * P_ + p) * panel_bytes;
      const size_t nc = std::min(NR, Kg_ - p * NR);
      for (size_t j = i0; j < i1; ++j) {
        const StridedTile& t = plan.tiles[j];
        const uint32_t* taps = plan.taps.data() + plan.rect_begin[t.rect];
        const size_t ntaps = plan.rect_begin[t.rect + 1] - plan.rect_begin[t.rect];
        // Every tap the tile runs is inside the input for all its rows.
        for (size_t q = 0; q < ntaps; ++q) bases[q] = in + static_cast<size_t>(t.in_px + plan.tap_px[taps[q]]) * ps;
        params.a_stride = t.in_step * ps;
        params.w_taps = taps;
        params.acc_init = sr.init.get() + (t.rect * G_ + g) * P_ * NR + p * NR;
        kernels[t.kernel]->fn(t.mr, nc, kc_, ntaps, bases, panel, out + (t.out_px * ops + p * NR) * esize,
                              t.out_step * ops * esize, &params);
      }
    }
  }

  ref::ConvShape s_;
  GemmKernel kernel_;
  GemmConvMode mode_;
  GemmStrided strided_mode_;
  int32_t strided_x_zp_eff_ = 0;
  std::vector<uint32_t> tap_sums_;  // [K][ks]; empty: no strided tiles
  mutable std::mutex strided_mu_;
  mutable std::shared_ptr<const StridedRun> strided_cache_[4];
  mutable size_t strided_next_ = 0;
  size_t G_ = 1, Cg_ = 1, Kg_ = 1, ks_ = 1, kc_ = 1, P_ = 1, panel_bytes_ = 0, out_esize_ = 1;
  bool input_s8_ = false, need_sums_ = false;
  int32_t x_zp_ = 0;
  GemmParams params_{};
  std::unique_ptr<char, AlignedFree> packed_;
  GemmKernel range_kernel_{};
  size_t range_panel_bytes_ = 0;
  std::unique_ptr<char, AlignedFree> range_packed_;  // null: no range kernel
  GemmTilesCache tiles_;
  GemmKernel few_rows_kernel_{};                     // fn null: none
  GemmKernel rows_kernel_{};                         // fn null: none
  std::vector<uint8_t> zero_row_;
};

bool mode_applies(const ConvConfig& cfg, const GemmKernel& kernel, GemmConvMode mode) {
  const ref::ConvShape& s = cfg.shape;
  if (kernel.mr > kMaxMr) return false;
  const size_t mr = std::min(kernel.mr, kMinBufferedRows);
  switch (mode) {
    case GemmConvMode::kDirect1x1:
      return s.R == 1 && s.S == 1 && s.pad_top == 0 && s.pad_left == 0 && s.pad_bottom == 0 && s.pad_right == 0;
    // A task's tile buffer holds at least one kernel tile.
    case GemmConvMode::kIndirect: return mr * s.R * s.S * sizeof(void*) <= kTileBufferBytes;
    case GemmConvMode::kRowIndirect:
      // One group, kernel rows contiguous along W.
      return s.groups == 1 && s.dil_w == 1 &&
             mr * s.R * (sizeof(void*) + s.S * s.C) + kAlign <= kTileBufferBytes;
    case GemmConvMode::kIm2col:
      return mr * s.R * s.S * s.channels_per_group() + kIm2colCopy <= kTileBufferBytes;
  }
  return false;
}

}  // namespace

const char* gemm_path_kernel_name(const ConvPath& path) {
  const auto* g = dynamic_cast<const GemmConvPath*>(&path);
  return g ? g->kernel_name() : nullptr;
}

const char* gemm_path_kernel_name_for_run(const ConvPath& path, const ConvRunArgs& args) {
  const auto* g = dynamic_cast<const GemmConvPath*>(&path);
  return g ? g->kernel_name_for(args) : nullptr;
}

size_t gemm_path_range_tasks(const ConvPath& path, const ConvRunArgs& args, size_t threads, size_t* tasks) {
  *tasks = 0;
  const auto* g = dynamic_cast<const GemmConvPath*>(&path);
  return g ? g->range_tasks(args, threads, tasks) : 0;
}

void gemm_mode_reduction(const ConvConfig& cfg, GemmConvMode mode, size_t* ks, size_t* kc) {
  const ref::ConvShape& s = cfg.shape;
  const size_t cg = s.channels_per_group();
  switch (mode) {
    case GemmConvMode::kDirect1x1: *ks = 1; *kc = cg; break;
    case GemmConvMode::kIndirect: *ks = s.R * s.S; *kc = cg; break;
    case GemmConvMode::kRowIndirect: *ks = s.R; *kc = s.S * cg; break;
    case GemmConvMode::kIm2col: *ks = 1; *kc = s.R * s.S * cg; break;
  }
}

GemmConvMode choose_gemm_mode(const ConvConfig& cfg) {
  const ref::ConvShape& s = cfg.shape;
  const size_t cg = s.channels_per_group();
  if (s.R == 1 && s.S == 1 && s.pad_top == 0 && s.pad_left == 0 && s.pad_bottom == 0 && s.pad_right == 0) {
    return GemmConvMode::kDirect1x1;
  }
  // Short per-tap rows waste most of each group of 4 (and pay per-tap
  // overhead): whole kernel rows per pointer where they are contiguous,
  // otherwise copy the patches.
  if (cg < 8 || (cg % 4 != 0 && cg < 32)) {
    return s.groups == 1 && s.dil_w == 1 ? GemmConvMode::kRowIndirect : GemmConvMode::kIm2col;
  }
  return GemmConvMode::kIndirect;
}

std::unique_ptr<ConvPath> make_gemm_path_with(const ConvConfig& cfg, const GemmKernel& kernel, GemmConvMode mode,
                                              const GemmKernel* range_kernel, const GemmKernel* few_rows_kernel,
                                              const GemmKernel* rows_kernel, GemmStrided strided) {
  if (!mode_applies(cfg, kernel, mode)) return nullptr;
  return std::make_unique<GemmConvPath>(cfg, kernel, mode, range_kernel, few_rows_kernel, rows_kernel, strided);
}

bool gemm_path_runs_strided(const ConvPath& path, const ConvRunArgs& args) {
  const auto* p = dynamic_cast<const GemmConvPath*>(&path);
  return p != nullptr && p->runs_strided(args, args.threadpool ? pthreadpool_get_threads_count(args.threadpool) : 1);
}

GemmPlan plan_gemm(const ConvConfig& cfg, octet_isa cap, const KernelSelector& sel) {
  GemmPlan plan;
  const size_t kg = cfg.shape.outputs_per_group();
  const bool s8 = cfg.input_type == octet_datatype_s8;
  // The exact tile that wastes least on this channel count, of the best ISA
  // that pays on the mode's reduction (GemmKernel::min_kc); where the ISA has
  // one for each activation type, the one that takes the input as stored.
  // Very large kernels need another mode for the kernel's tile buffer, which
  // changes the reduction: choose again once for the new mode.
  GemmConvMode mode = choose_gemm_mode(cfg);
  const GemmKernel* kernel = nullptr;
  for (int round = 0; round < 2; ++round) {
    size_t ks = 0, kc = 0;
    gemm_mode_reduction(cfg, mode, &ks, &kc);
    kernel = sel.gemm(cap, kg, s8, kc);
    if (kernel == nullptr) return plan;
    const GemmConvMode chosen = mode;
    for (GemmConvMode m : {GemmConvMode::kIm2col, GemmConvMode::kIndirect}) {
      if (!mode_applies(cfg, *kernel, mode)) mode = m;
    }
    if (mode == chosen) break;
  }
  plan.kernel = kernel;
  plan.mode = mode;
  plan.few_rows_kernel = sel.gemm_few_rows(*kernel, cap);
  plan.rows_kernel = sel.gemm_other_rows(*kernel, cap);
  // A faster kernel that sums weight pairs in int16, when the pack-time check
  // proves that no pair of these weights can saturate (and its tile is not
  // mostly padding).
  const GemmKernel* fast = sel.gemm_pair_limited(kernel->isa);
  if (fast && (kg + fast->nr - 1) / fast->nr * fast->nr * 3 <= (kg + kernel->nr - 1) / kernel->nr * kernel->nr * 4) {
    size_t ks = 0, kc = 0;
    gemm_mode_reduction(cfg, mode, &ks, &kc);
    if (gemm_weights_fit_pair_limit(*fast, cfg, ks, kc)) {
      plan.kernel = fast;
      plan.few_rows_kernel = nullptr;
      plan.rows_kernel = nullptr;
      return plan;
    }
  }
  // Otherwise the same kernel still runs, per run, on u8 activations that turn
  // out to lie in 0..127 (PyTorch's reduce_range models): packed beside the
  // exact one when the tiles match.
  if (fast && fast->mr == kernel->mr && fast->nr == kernel->nr) plan.range_kernel = fast;
  return plan;
}

std::unique_ptr<ConvPath> make_gemm_path(const ConvConfig& cfg, octet_isa max_isa) {
  const GemmPlan plan = plan_gemm(cfg, max_isa, KernelSelector::this_cpu());
  if (plan.kernel == nullptr) return nullptr;
  return make_gemm_path_with(cfg, *plan.kernel, plan.mode, plan.range_kernel, plan.few_rows_kernel,
                             plan.rows_kernel);
}

}  // namespace octet
