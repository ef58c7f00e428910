#include "src/core/gemm_conv_path.h"

#include <pthreadpool.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include "src/x86/gemm_kernels.h"
#elif defined(__aarch64__)
#include "src/arm/gemm_kernels.h"  // ARM hook: the AArch64 kernel table
#endif

namespace octet {

namespace {

constexpr size_t kAlign = 64;
// Grouped igemm copies a tile's pointers (plus the group offset) to the stack;
// above this many pointers per tile the path uses im2col instead.
constexpr size_t kMaxTilePointers = 2048;
constexpr size_t kMaxMr = 16;
// At most this many rows per GEMM task (the task precomputes their pointers).
constexpr size_t kMaxTileM = 256;

size_t round_up(size_t v, size_t to) { return (v + to - 1) / to * to; }
size_t div_up(size_t v, size_t by) { return (v + by - 1) / by; }

struct AlignedFree {
  void operator()(void* p) const { std::free(p); }
};

const GemmKernel* kernel_for_isa(octet_isa isa) {
#if defined(__x86_64__) || defined(__i386__)
  return x86::gemm_kernel_for_isa(isa);
#elif defined(__aarch64__)
  return arm::gemm_kernel_for_isa(isa);
#else
  (void)isa;
  return nullptr;
#endif
}

class GemmConvPath final : public ConvPath {
 public:
  // range_kernel (optional): a pair-limited kernel of the same tile, packed
  // too, and run instead of `kernel` whenever a run's u8 activations (and the
  // padding value) all lie in 0..127: then |x_a*w_a + x_b*w_b| <= 2*127*128 <
  // 2^15 for any weights, so its int16 pair sums cannot saturate.
  GemmConvPath(const ConvConfig& cfg, const GemmKernel& kernel, GemmConvMode mode,
               const GemmKernel* range_kernel = nullptr)
      : s_(cfg.shape), kernel_(kernel), mode_(mode) {
    G_ = s_.groups;
    Cg_ = s_.channels_per_group();
    Kg_ = s_.outputs_per_group();
    input_s8_ = cfg.input_type == octet_datatype_s8;
    x_zp_ = cfg.x_zero_point;
    out_esize_ = cfg.output_type == octet_datatype_s32 ? 4 : 1;
    need_sums_ = !cfg.w_zero_points_all_zero;
    switch (mode_) {
      case GemmConvMode::kDirect1x1: ks_ = 1; kc_ = Cg_; break;
      case GemmConvMode::kIndirect: ks_ = s_.R * s_.S; kc_ = Cg_; break;
      case GemmConvMode::kIm2col: ks_ = 1; kc_ = s_.R * s_.S * Cg_; break;
    }
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
    // The padding row: C bytes of x_zero_point (as stored), so that a group
    // offset g*C/groups stays inside it.
    zero_row_.assign(s_.C, static_cast<uint8_t>(x_zp_));
  }

  const char* name() const override {
    switch (mode_) {
      case GemmConvMode::kDirect1x1: return "gemm_1x1";
      case GemmConvMode::kIndirect: return "igemm";
      case GemmConvMode::kIm2col: return "im2col_gemm";
    }
    return "gemm";
  }
  octet_isa isa() const override { return kernel_.isa; }
  const char* kernel_name() const { return kernel_.name; }

  // True when this run can use the range kernel: every activation byte it reads
  // (all C channels of every input pixel) is at most 127. Stops at the first
  // byte above.
  bool input_in_range(const ConvRunArgs& a) const {
    if (!range_packed_) return false;
    const uint8_t* in = static_cast<const uint8_t*>(a.input);
    const size_t pixels = a.N * a.H * a.W, C = s_.C, ps = a.input_pixel_stride;
    constexpr size_t kChunk = 64;
    for (size_t px = 0; px < pixels; ++px) {
      const uint8_t* row = in + px * ps;
      for (size_t c0 = 0; c0 < C; c0 += kChunk) {
        const size_t n = std::min(kChunk, C - c0);
        uint8_t any_high = 0;
        for (size_t c = 0; c < n; ++c) any_high |= row[c0 + c];
        if (any_high & 0x80) return false;
      }
    }
    return true;
  }
  const char* kernel_name_for(const ConvRunArgs& a) const {
    return input_in_range(a) ? range_kernel_.name : kernel_.name;
  }

  // Workspace: [indirection pointers | im2col rows][a_sums], 64-byte aligned
  // pieces, plus slack to align the caller's pointer.
  size_t workspace_size(size_t N, size_t H, size_t W, size_t) const override {
    const size_t M = N * s_.output_height(H) * s_.output_width(W);
    size_t bytes = buffer_bytes(M);
    if (need_sums_) bytes += round_up(G_ * M * sizeof(int32_t), kAlign);
    return bytes == 0 ? 0 : bytes + kAlign;
  }

  void run(const ConvRunArgs& a) const override {
    const size_t M = a.N * a.OH * a.OW;
    char* ws = nullptr;
    if (a.workspace) {
      ws = reinterpret_cast<char*>(round_up(reinterpret_cast<uintptr_t>(a.workspace), kAlign));
    }
    Run r{this, &a, M, ws, nullptr, nullptr, nullptr, &kernel_, packed_.get(), panel_bytes_};
    if (input_in_range(a)) {
      r.kernel = &range_kernel_;
      r.packed = range_packed_.get();
      r.panel_bytes = range_panel_bytes_;
    }
    if (mode_ == GemmConvMode::kIndirect) r.indirection = reinterpret_cast<const void**>(ws);
    if (mode_ == GemmConvMode::kIm2col) r.im2col = reinterpret_cast<uint8_t*>(ws);
    if (need_sums_) r.a_sums = reinterpret_cast<int32_t*>(ws + buffer_bytes(M));

    if (mode_ != GemmConvMode::kDirect1x1 || need_sums_) {
      const pthreadpool_task_1d_t task = [](void* ctx, size_t row) { static_cast<Run*>(ctx)->build_row(row); };
      pthreadpool_parallelize_1d(a.threadpool, task, &r, a.N * a.OH, 0);
    }

    // GEMM tasks over (group, M tile, panel tile): big enough to amortise,
    // enough of them to keep every thread busy.
    const size_t threads = a.threadpool ? pthreadpool_get_threads_count(a.threadpool) : 1;
    const size_t mr = kernel_.mr;
    size_t tile_m = std::min(round_up(M, mr), std::max(mr, 64 / mr * mr));
    size_t tile_p = P_;
    auto tasks = [&] { return G_ * div_up(M, tile_m) * div_up(P_, tile_p); };
    while (threads > 1 && tasks() < 4 * threads) {
      if (tile_p > 1) {
        tile_p = div_up(tile_p, 2);
      } else if (tile_m > mr) {
        tile_m = round_up(tile_m / 2, mr);
      } else {
        break;
      }
    }
    const pthreadpool_task_3d_tile_2d_t task = [](void* ctx, size_t g, size_t m0, size_t p0, size_t mcount,
                                                  size_t pcount) {
      static_cast<const Run*>(ctx)->gemm(g, m0, mcount, p0, pcount);
    };
    pthreadpool_parallelize_3d_tile_2d(a.threadpool, task, &r, G_, M, P_, tile_m, tile_p, 0);
  }

 private:
  size_t buffer_bytes(size_t M) const {
    switch (mode_) {
      case GemmConvMode::kIndirect: return round_up(M * ks_ * sizeof(void*), kAlign);
      case GemmConvMode::kIm2col: return round_up(M * s_.R * s_.S * s_.C, kAlign);
      default: return 0;
    }
  }

  // One run's state, shared by its tasks.
  struct Run {
    const GemmConvPath* self;
    const ConvRunArgs* a;
    size_t M;
    char* ws;
    const void** indirection;
    uint8_t* im2col;
    int32_t* a_sums;
    const GemmKernel* kernel;  // kernel_, or range_kernel_ for in-range input
    const char* packed;
    size_t panel_bytes;

    // The input pixel row of output pixel (n, oh, ow) tap (r, q), or nullptr for padding.
    const uint8_t* tap(size_t n, size_t oh, size_t ow, size_t r, size_t q) const {
      const ref::ConvShape& s = self->s_;
      const long ih = static_cast<long>(oh * s.stride_h + r * s.dil_h) - static_cast<long>(s.pad_top);
      const long iw = static_cast<long>(ow * s.stride_w + q * s.dil_w) - static_cast<long>(s.pad_left);
      if (ih < 0 || iw < 0 || ih >= static_cast<long>(a->H) || iw >= static_cast<long>(a->W)) return nullptr;
      return static_cast<const uint8_t*>(a->input) +
             ((n * a->H + static_cast<size_t>(ih)) * a->W + static_cast<size_t>(iw)) * a->input_pixel_stride;
    }

    // Pass 1, one output row: indirection pointers / im2col rows / a_sums.
    void build_row(size_t row) {
      const ref::ConvShape& s = self->s_;
      const size_t n = row / a->OH, oh = row % a->OH;
      const size_t MR = self->kernel_.mr, ks = self->ks_, Cg = self->Cg_, C = s.C;
      const size_t RS = s.R * s.S;
      for (size_t ow = 0; ow < a->OW; ++ow) {
        const size_t p = row * a->OW + ow;
        if (indirection) {
          const size_t j = p / MR, i = p % MR, mr_j = std::min(MR, M - j * MR);
          const void** dst = indirection + j * MR * ks;
          for (size_t t = 0; t < RS; ++t) {
            const uint8_t* src = tap(n, oh, ow, t / s.S, t % s.S);
            dst[t * mr_j + i] = src ? src : self->zero_row_.data();
          }
        }
        if (im2col) {
          uint8_t* dst = im2col + p * RS * C;
          if (self->G_ == 1 && s.dil_w == 1 && a->input_pixel_stride == C) {
            // One kernel row at a time: its in-bounds taps are one contiguous span.
            const long iw0 = static_cast<long>(ow * s.stride_w) - static_cast<long>(s.pad_left);
            const long s_lo = std::max(0L, -iw0);
            const long s_hi = std::min(static_cast<long>(s.S), static_cast<long>(a->W) - iw0);
            for (size_t r = 0; r < s.R; ++r) {
              uint8_t* d = dst + r * s.S * C;
              const long ih = static_cast<long>(oh * s.stride_h + r * s.dil_h) - static_cast<long>(s.pad_top);
              if (ih < 0 || ih >= static_cast<long>(a->H) || s_hi <= s_lo) {
                std::memset(d, static_cast<uint8_t>(self->x_zp_), s.S * C);
                continue;
              }
              const uint8_t* src = static_cast<const uint8_t*>(a->input) +
                                   ((n * a->H + static_cast<size_t>(ih)) * a->W + static_cast<size_t>(iw0 + s_lo)) * C;
              const size_t lo = static_cast<size_t>(s_lo), hi = static_cast<size_t>(s_hi);
              if (lo > 0) std::memset(d, static_cast<uint8_t>(self->x_zp_), lo * C);
              std::memcpy(d + lo * C, src, (hi - lo) * C);
              if (hi < s.S) std::memset(d + hi * C, static_cast<uint8_t>(self->x_zp_), (s.S - hi) * C);
            }
          } else {
            for (size_t t = 0; t < RS; ++t) {
              const uint8_t* src = tap(n, oh, ow, t / s.S, t % s.S);
              for (size_t g = 0; g < self->G_; ++g) {
                uint8_t* d = dst + g * RS * Cg + t * Cg;
                if (src) {
                  std::memcpy(d, src + g * Cg, Cg);
                } else {
                  std::memset(d, static_cast<uint8_t>(self->x_zp_), Cg);
                }
              }
            }
          }
        }
        if (a_sums) {
          for (size_t g = 0; g < self->G_; ++g) {
            int32_t sum = 0;
            for (size_t t = 0; t < RS; ++t) {
              const uint8_t* src = tap(n, oh, ow, t / s.S, t % s.S);
              if (!src) {
                sum += static_cast<int32_t>(Cg) * self->x_zp_;
              } else if (self->input_s8_) {
                for (size_t c = 0; c < Cg; ++c) sum += static_cast<int8_t>(src[g * Cg + c]);
              } else {
                for (size_t c = 0; c < Cg; ++c) sum += src[g * Cg + c];
              }
            }
            a_sums[g * M + p] = sum;
          }
        }
      }
    }

    // Pass 2: panels [p0, p0 + pcount) of group g for rows [m0, m0 + mcount).
    void gemm(size_t g, size_t m0, size_t mcount, size_t p0, size_t pcount) const {
      const GemmConvPath& P = *self;
      const GemmKernel& k = *kernel;
      const size_t MR = k.mr, ks = P.ks_;
      const size_t esize = P.out_esize_;
      const size_t cm_stride = a->output_pixel_stride * esize;
      // Row pointers of the tile (direct and im2col: ks == 1).
      const void* rows[kMaxTileM];
      if (P.mode_ == GemmConvMode::kDirect1x1) {
        const uint8_t* in = static_cast<const uint8_t*>(a->input) + g * P.Cg_;
        const size_t ps = a->input_pixel_stride;
        if (P.s_.stride_h == 1 && P.s_.stride_w == 1) {
          // Output pixel q reads input pixel q.
          for (size_t i = 0; i < mcount; ++i) rows[i] = in + (m0 + i) * ps;
        } else {
          // Walk (n, oh, ow) from m0 without a division per row.
          const size_t ohw = a->OH * a->OW;
          size_t n = m0 / ohw, oh = (m0 % ohw) / a->OW, ow = m0 % a->OW;
          for (size_t i = 0; i < mcount; ++i) {
            rows[i] = in + ((n * a->H + oh * P.s_.stride_h) * a->W + ow * P.s_.stride_w) * ps;
            if (++ow == a->OW) {
              ow = 0;
              if (++oh == a->OH) {
                oh = 0;
                ++n;
              }
            }
          }
        }
      } else if (P.mode_ == GemmConvMode::kIm2col) {
        const size_t stride = P.s_.R * P.s_.S * P.s_.C;
        for (size_t i = 0; i < mcount; ++i) rows[i] = im2col + (m0 + i) * stride + g * P.kc_;
      }
      const void* shifted[kMaxTilePointers];
      GemmParams params = P.params_;
      for (size_t p = p0; p < p0 + pcount; ++p) {
        const char* panel = packed + (g * P.P_ + p) * panel_bytes;
        const size_t n0 = p * k.nr, nc = std::min(k.nr, P.Kg_ - n0);
        for (size_t m = m0; m < m0 + mcount; m += MR) {
          const size_t mr = std::min(MR, m0 + mcount - m);
          const void* const* ap;
          if (P.mode_ == GemmConvMode::kIndirect) {
            const void** base = indirection + (m / MR) * MR * ks;
            if (g == 0) {
              ap = base;
            } else {
              const size_t off = g * P.Cg_;
              for (size_t i = 0; i < mr * ks; ++i) shifted[i] = static_cast<const uint8_t*>(base[i]) + off;
              ap = shifted;
            }
          } else {
            ap = rows + (m - m0);
          }
          params.a_sums = a_sums ? a_sums + g * M + m : nullptr;
          void* c = static_cast<char*>(a->output) + (m * a->output_pixel_stride + g * P.Kg_ + n0) * esize;
          k.fn(mr, nc, P.kc_, ks, ap, panel, c, cm_stride, &params);
        }
      }
    }
  };

  ref::ConvShape s_;
  GemmKernel kernel_;
  GemmConvMode mode_;
  size_t G_ = 1, Cg_ = 1, Kg_ = 1, ks_ = 1, kc_ = 1, P_ = 1, panel_bytes_ = 0, out_esize_ = 1;
  bool input_s8_ = false, need_sums_ = false;
  int32_t x_zp_ = 0;
  GemmParams params_{};
  std::unique_ptr<char, AlignedFree> packed_;
  GemmKernel range_kernel_{};
  size_t range_panel_bytes_ = 0;
  std::unique_ptr<char, AlignedFree> range_packed_;  // null: no range kernel
  std::vector<uint8_t> zero_row_;
};

bool mode_applies(const ConvConfig& cfg, const GemmKernel& kernel, GemmConvMode mode) {
  const ref::ConvShape& s = cfg.shape;
  if (kernel.mr > kMaxMr) return false;
  switch (mode) {
    case GemmConvMode::kDirect1x1:
      return s.R == 1 && s.S == 1 && s.pad_top == 0 && s.pad_left == 0 && s.pad_bottom == 0 && s.pad_right == 0;
    case GemmConvMode::kIndirect:
      // Grouped igemm shifts a tile's pointers on the stack.
      return s.groups == 1 || kernel.mr * s.R * s.S <= kMaxTilePointers;
    case GemmConvMode::kIm2col: return true;
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

GemmConvMode choose_gemm_mode(const ConvConfig& cfg) {
  const ref::ConvShape& s = cfg.shape;
  const size_t cg = s.channels_per_group();
  if (s.R == 1 && s.S == 1 && s.pad_top == 0 && s.pad_left == 0 && s.pad_bottom == 0 && s.pad_right == 0) {
    return GemmConvMode::kDirect1x1;
  }
  // Short per-tap rows waste most of each group of 4 (and pay per-tap
  // overhead): copy the patches instead.
  if (cg < 8 || (cg % 4 != 0 && cg < 32)) return GemmConvMode::kIm2col;
  if (s.groups > 1 && kMaxMr * s.R * s.S > kMaxTilePointers) return GemmConvMode::kIm2col;
  return GemmConvMode::kIndirect;
}

std::unique_ptr<ConvPath> make_gemm_path_with(const ConvConfig& cfg, const GemmKernel& kernel, GemmConvMode mode,
                                              const GemmKernel* range_kernel) {
  if (!mode_applies(cfg, kernel, mode)) return nullptr;
  return std::make_unique<GemmConvPath>(cfg, kernel, mode, range_kernel);
}

std::unique_ptr<ConvPath> make_gemm_path(const ConvConfig& cfg, octet_isa max_isa) {
  const GemmKernel* kernel = kernel_for_isa(max_isa);
  if (kernel == nullptr) return nullptr;
  const GemmConvMode mode = choose_gemm_mode(cfg);
#if defined(__x86_64__) || defined(__i386__)
  // The exact tile that wastes least on this channel count.
  kernel = x86::gemm_kernel_for_isa(max_isa, cfg.shape.outputs_per_group());
  // A faster kernel that sums weight pairs in int16, when the pack-time check
  // proves that no pair of these weights can saturate (and its tile is not
  // mostly padding).
  const GemmKernel* fast = x86::gemm_pair_limited_kernel_for_isa(max_isa);
  const size_t kg = cfg.shape.outputs_per_group();
  if (fast && (kg + fast->nr - 1) / fast->nr * fast->nr * 3 <= (kg + kernel->nr - 1) / kernel->nr * kernel->nr * 4) {
    const ref::ConvShape& s = cfg.shape;
    const size_t cg = s.channels_per_group();
    const size_t ks = mode == GemmConvMode::kIndirect ? s.R * s.S : 1;
    const size_t kc = mode == GemmConvMode::kIm2col ? s.R * s.S * cg : cg;
    if (gemm_weights_fit_pair_limit(*fast, cfg, ks, kc)) return make_gemm_path_with(cfg, *fast, mode);
  }
  // Otherwise the same kernel still runs, per run, on u8 activations that turn
  // out to lie in 0..127 (PyTorch's reduce_range models): packed beside the
  // exact one when the tiles match.
  if (fast && fast->mr == kernel->mr && fast->nr == kernel->nr) return make_gemm_path_with(cfg, *kernel, mode, fast);
#elif defined(__aarch64__)
  // ARM hook: where the ISA has a kernel for each activation type (neoni8mm:
  // usmmla for u8, smmla for s8), the one that takes the input as stored, so
  // its main loop needs no sign flip (x_zp_eff == x_zp in the constructor).
  kernel = arm::gemm_kernel_for_isa(max_isa, cfg.input_type == octet_datatype_s8);
#endif
  return make_gemm_path_with(cfg, *kernel, mode);
}

}  // namespace octet
