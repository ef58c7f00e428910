// The small-group convolution path: packing (weights, per-lane fetch tables),
// the per-thread ring of prepped rows, and the row loop over the pthreadpool.
#include "src/core/smallgroup.h"

#include <pthreadpool.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

#include "src/core/conv_paths.h"
#include "src/core/kernel_table.h"
#include "src/core/packed_buffer.h"
#include "src/core/per_thread.h"
#include "src/core/row_ring.h"

namespace octet {

namespace {

using gconv::Kernels;

constexpr size_t kBlock = 16;  // output channels per block (two vectors of 8)

class SmallGroupPath final : public RowRingPath<SmallGroupPath> {
 public:
  SmallGroupPath(const ConvConfig& cfg, const Kernels& kernels) : cfg_(cfg), k_(kernels) {
    const ref::ConvShape& s = cfg.shape;
    cg_ = s.channels_per_group();
    kg_ = s.outputs_per_group();
    cgp_ = round_up(cg_, 2);
    P_ = cgp_ / 2;
    words_ = s.groups * P_;
    blocks_ = (s.K + kBlock - 1) / kBlock;
    const size_t Kp = blocks_ * kBlock;
    out_params_ = simd::OutputParams::from(cfg.output);
    if (k_.row_dot != nullptr && cg_ % 4 == 0 && (kg_ == 4 || kg_ == 8 || kg_ == 16) && weights_fit_int8()) {
      // The direct mode (smallgroup.h) where it pays: the prep pass writes
      // and reads stride_h * stride_w input pixels per output pixel (Zen 4,
      // 56x56 C256 g32 stride 2: direct 9-15% faster; 28x28 stride 1: 5-7%
      // slower, its input then coming from L3 and one vpshufd per load).
      direct_ = cfg.input_type == octet_datatype_u8 && cg_ == 8 && kg_ == 8 && s.groups % 16 == 0 &&
                s.R <= kDirectRows && s.stride_h >= 2 && s.stride_w >= 2;
      pack_dot();
      return;
    }
    if (k_.row_lanes != nullptr && cg_ == 4 && kg_ == 4 && s.groups % 8 == 0) {
      const bool wino = k_.row_wino != nullptr && s.R == 3 && s.S == 3 && s.stride_h == 1 && s.stride_w == 1 &&
                        s.dil_h == 1 && s.dil_w == 1;
      pack_lanes(wino ? gconv::kGroupLanesWino : gconv::kGroupLanes);
      return;
    }
    if (k_.row_lanes8 != nullptr && cg_ == 8 && kg_ == 8 && s.groups % 8 == 0) {
      pack_lanes(gconv::kGroupLanes8);
      return;
    }

    // Word each lane needs for pair p: (group of its channel) * P + p.
    auto channel = [&](size_t b, size_t h, size_t q) { return b * kBlock + dw::lane_channel(q, h); };
    auto word = [&](size_t k, size_t p) -> size_t { return k < s.K ? (k / kg_) * P_ + p : 0; };

    // Pick the fetch method: a shared 32-byte window when every pair of every
    // block half fits it (lanes 0-3 in its first 4 words, 4-7 in its last 4),
    // else per-pair 16-byte windows when each 4-lane quarter spans <= 4 words,
    // else a gather.
    bool win32 = true, win2x16 = true;
    for (size_t b = 0; b < blocks_; ++b) {
      for (size_t h = 0; h < 2; ++h) {
        const size_t base = word(channel(b, h, 0), 0);
        for (size_t p = 0; p < P_; ++p) {
          for (size_t half = 0; half < 2; ++half) {
            size_t lo = std::numeric_limits<size_t>::max(), hi = 0;
            for (size_t q = 4 * half; q < 4 * half + 4; ++q) {
              if (channel(b, h, q) >= s.K) continue;  // padding lane: any word will do
              const size_t wd = word(channel(b, h, q), p);
              lo = std::min(lo, wd);
              hi = std::max(hi, wd);
              if (wd < base + 4 * half || wd >= base + 4 * half + 4) win32 = false;
            }
            if (hi > lo && hi - lo >= 4) win2x16 = false;
          }
        }
      }
    }
    method_ = win32 ? gconv::kWindow32 : (win2x16 ? gconv::kWindow2x16 : gconv::kGather);

    // Tables.
    if (method_ == gconv::kWindow32) {
      offsets_.resize(blocks_ * 2);
    } else if (method_ == gconv::kWindow2x16) {
      offsets_.resize(blocks_ * P_ * 2 * 2);
    } else {
      offsets_.resize(blocks_ * P_ * 2 * 8);
    }
    controls_.assign(blocks_ * P_ * 2 * 32 + kAlign, 0);
    uint8_t* ctl = reinterpret_cast<uint8_t*>(align_ptr(controls_.data()));
    controls_ptr_ = ctl;
    for (size_t b = 0; b < blocks_; ++b) {
      for (size_t h = 0; h < 2; ++h) {
        const size_t base = word(channel(b, h, 0), 0);
        if (method_ == gconv::kWindow32) offsets_[b * 2 + h] = static_cast<int32_t>(base);
        for (size_t p = 0; p < P_; ++p) {
          size_t start[2] = {0, 0};
          for (size_t half = 0; half < 2; ++half) {
            size_t lo = std::numeric_limits<size_t>::max();
            for (size_t q = 4 * half; q < 4 * half + 4; ++q) {
              if (channel(b, h, q) < s.K) lo = std::min(lo, word(channel(b, h, q), p));
            }
            if (lo == std::numeric_limits<size_t>::max()) lo = 0;
            start[half] = method_ == gconv::kWindow32 ? base + 4 * half : lo;
          }
          if (method_ == gconv::kWindow2x16) {
            offsets_[((b * P_ + p) * 2 + h) * 2 + 0] = static_cast<int32_t>(start[0]);
            offsets_[((b * P_ + p) * 2 + h) * 2 + 1] = static_cast<int32_t>(start[1]);
          }
          for (size_t q = 0; q < 8; ++q) {
            const size_t wd = word(channel(b, h, q), p);
            if (method_ == gconv::kGather) {
              offsets_[((b * P_ + p) * 2 + h) * 8 + q] = static_cast<int32_t>(wd);
              continue;
            }
            // Word index inside this 128-bit lane (padding lanes take word 0).
            const size_t rel = channel(b, h, q) < s.K ? wd - start[q / 4] : 0;
            uint8_t* c = ctl + ((b * P_ + p) * 2 + h) * 32 + (q / 4) * 16 + (q % 4) * 4;
            for (size_t e = 0; e < 4; ++e) c[e] = static_cast<uint8_t>(rel * 4 + e);
          }
        }
      }
    }

    // Weights: per block [R][S][P][2 halves][8 lanes][pair], int16 w - w_zp.
    const size_t w_elems = blocks_ * s.R * s.S * P_ * 2 * 16;
    carve(w_elems, Kp);
    for (size_t b = 0; b < blocks_; ++b) {
      for (size_t h = 0; h < 2; ++h) {
        for (size_t q = 0; q < 8; ++q) {
          const size_t k = channel(b, h, q);
          if (k >= s.K) continue;
          const int32_t wzp = cfg.w_zero_points[k];
          for (size_t r = 0; r < s.R; ++r) {
            for (size_t c = 0; c < s.S; ++c) {
              for (size_t p = 0; p < P_; ++p) {
                int16_t* d = weights_ptr_ + ((((b * s.R + r) * s.S + c) * P_ + p) * 2 + h) * 16 + 2 * q;
                for (size_t e = 0; e < 2; ++e) {
                  const size_t ci = 2 * p + e;
                  d[e] = ci < cg_ ? static_cast<int16_t>(cfg.weights[((k * s.R + r) * s.S + c) * cg_ + ci] - wzp)
                                  : int16_t{0};
                }
              }
            }
          }
          const size_t lane = b * kBlock + h * 8 + q;
          bias_[lane] = cfg.requant[k].bias_int;
          simd::channel_words(cfg.mode, cfg.requant[k], &wa_[lane], &wb_[lane]);
        }
      }
    }
    out_params_ = simd::OutputParams::from(cfg.output);
  }

  const char* name() const override {
    static const char* const kNames[] = {"gconv_w32", "gconv_w16", "gconv_gather", "gconv_lanes",
                                         "gconv_lanes_wino", "gconv_lanes8", "gconv_dot"};
    return kNames[method_];
  }
  // The int16 kernels of a set that adds its own (kGroupDot) to a lower
  // ISA's are that ISA's: the lowest ISA whose table row shares them.
  octet_isa isa() const override {
    return method_ == gconv::kGroupDot ? k_.isa : KernelSelector::this_cpu().gconv_row_isa(k_);
  }


 private:

  // gconv::kGroupLanes(Wino, 8): see src/core/smallgroup.h for the layouts.
  void pack_lanes(gconv::Method method) {
    const ref::ConvShape& s = cfg_.shape;
    method_ = method;
    const bool wino = method == gconv::kGroupLanesWino;
    const size_t O = cg_, P = cg_ / 2;  // outputs and channel pairs per group
    const size_t* lane_group = O == 8 ? gconv::kLaneGroup8 : gconv::kLaneGroup;
    blocks_ = s.groups / 8;
    const size_t taps = wino ? 16 : s.R * s.S;
    carve(blocks_ * taps * P * O * 16, s.K);
    for (size_t b = 0; b < blocks_; ++b) {
      for (size_t l = 0; l < 8; ++l) {
        const size_t g = b * 8 + lane_group[l];
        for (size_t o = 0; o < O; ++o) {
          const size_t k = g * O + o;
          for (size_t t = 0; t < taps; ++t) {
            for (size_t c = 0; c < cg_; ++c) {
              int16_t* d = weights_ptr_ + (((b * taps + t) * P + c / 2) * O + o) * 16 + 2 * l + c % 2;
              *d = static_cast<int16_t>(wino ? wino_weight(k, c, t) : lanes_weight(k, c, t));
            }
          }
          const size_t lane = (b * O + o) * 8 + l;
          bias_[lane] = cfg_.requant[k].bias_int;
          simd::channel_words(cfg_.mode, cfg_.requant[k], &wa_[lane], &wb_[lane]);
        }
      }
    }
  }

  // Every w - w_zp[k] in int8 (always so for symmetric weights).
  bool weights_fit_int8() const {
    const size_t n = cfg_.shape.R * cfg_.shape.S * cg_;
    for (size_t i = 0; i < cfg_.weights.size(); ++i) {
      const int32_t w = cfg_.weights[i] - cfg_.w_zero_points[i / n];
      if (w < -128 || w > 127) return false;
    }
    return true;
  }

  // gconv::kGroupDot: see src/core/smallgroup.h for the layout.
  void pack_dot() {
    const ref::ConvShape& s = cfg_.shape;
    method_ = gconv::kGroupDot;
    const size_t Q = cg_ / 4, taps = s.R * s.S;
    P_ = Q;
    blocks_ = (s.groups + 15) / 16;
    words_ = blocks_ * Q * 16;
    const size_t w_bytes = blocks_ * taps * Q * kg_ * 64;
    carve(w_bytes / 2, blocks_ * kg_ * 16);
    int8_t* wp = reinterpret_cast<int8_t*>(weights_ptr_);
    std::memset(wp, 0, w_bytes);
    std::memset(bias_, 0, blocks_ * kg_ * 16 * sizeof(int32_t));
    // The kernels read x - off (src/core/dwconv_dot.h): u8 as is, s8 flipped.
    const int64_t off = cfg_.input_type == octet_datatype_s8 ? -128 : 0;
    for (size_t g = 0; g < s.groups; ++g) {
      const size_t b = g / 16, l = g % 16;
      for (size_t o = 0; o < kg_; ++o) {
        const size_t k = g * kg_ + o;
        // Direct mode: vector h = l / 8, lane 2 (l % 8) + o % 2 of output pair o / 2.
        const size_t dlane = (l % 8) * 2 + o % 2, dvec = (b * 2 + l / 8) * 4 + o / 2;
        int64_t sum = 0;
        for (size_t t = 0; t < taps; ++t) {
          for (size_t c = 0; c < cg_; ++c) {
            const int32_t w = lanes_weight(k, c, t);
            const size_t q = c / 4, swapped = q == o % 2 ? 0 : 1;
            const size_t at = direct_ ? ((((b * taps + t) * 2 + l / 8) * 4 + o / 2) * 2 + swapped) * 64 + dlane * 4
                                      : (((b * taps + t) * Q + q) * kg_ + o) * 64 + l * 4;
            wp[at + c % 4] = static_cast<int8_t>(w);
            sum += w;
          }
        }
        // bias_int + (off - x_zp) * sum(w'), wrapped to int32 as the reference's sums wrap.
        const size_t lane = direct_ ? dvec * 16 + dlane : (b * kg_ + o) * 16 + l;
        const int64_t init = int64_t{cfg_.requant[k].bias_int} + (off - cfg_.x_zero_point) * sum;
        bias_[lane] = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(init)));
        simd::channel_words(cfg_.mode, cfg_.requant[k], &wa_[lane], &wb_[lane]);
      }
    }
  }

  // The packed storage: w_elems int16 weights, then bias and the words of
  // `lanes` channel lanes.
  void carve(size_t w_elems, size_t lanes) {
    storage_ = PackedBuffer({w_elems * sizeof(int16_t), lanes * 4, lanes * 4, lanes * 4});
    weights_ptr_ = storage_.at<int16_t>(0);
    bias_ = storage_.at<int32_t>(1);
    wa_ = storage_.at<simd::ChannelWord>(2);
    wb_ = storage_.at<simd::ChannelWord>(3);
  }

  // w - w_zp of output k, input channel c (of its group), tap t.
  int32_t lanes_weight(size_t k, size_t c, size_t t) const {
    const size_t taps = cfg_.shape.R * cfg_.shape.S;
    return int32_t{cfg_.weights[(k * taps + t) * cg_ + c]} - cfg_.w_zero_points[k];
  }
  // Position t (4x4) of U = G g Gt, g the 3x3 kernel of (k, c); G in smallgroup.h.
  int32_t wino_weight(size_t k, size_t c, size_t t) const {
    static const int32_t G[4][3] = {{2, 0, 0}, {1, 1, 1}, {1, -1, 1}, {0, 0, 2}};
    int32_t u = 0;
    for (size_t r = 0; r < 3; ++r) {
      for (size_t q = 0; q < 3; ++q) u += G[t / 4][r] * lanes_weight(k, c, r * 3 + q) * G[t % 4][q];
    }
    return u;
  }

  bool wino() const { return method_ == gconv::kGroupLanesWino; }
  // Output rows per row call, input rows it reads.
  size_t out_step() const { return wino() ? 2 : 1; }
  size_t in_rows() const { return wino() ? gconv::kWinoInRows : cfg_.shape.R; }
  size_t cols(size_t W) const {
    const ref::ConvShape& s = cfg_.shape;
    const size_t OW = s.output_width(W);
    // Winograd: whole 2-column tiles (the last may be half outside the output).
    if (wino()) return (OW + 1) / 2 * 2 + 2;
    return window_cols(s, W);
  }
 public:  // for RowRingPath
  // Rows end with 64 spare bytes: the windows of the last pixel may read past it.
  RowRing::Layout ring(size_t W) const {
    const ref::ConvShape& s = cfg_.shape;
    if (direct_) return {1, s.R, kEdgeChunk * s.R * s.S * s.C, 0};  // padding windows (run_direct)
    const size_t slots = wino() ? gconv::kWinoInRows : (cfg_.shape.R - 1) * cfg_.shape.dil_h + 1;
    return {slots, in_rows(), 0, cols(W) * words_ * 4 + 64};
  }

  // The RowArgs fields every row of a run shares.
  gconv::RowArgs row_args(const ConvRunArgs& a, const int16_t** prow) const {
    const ref::ConvShape& s = cfg_.shape;
    const size_t out_es = cfg_.output_type == octet_datatype_s32 ? 4 : 1;
    gconv::RowArgs ra{};
    ra.prow = prow;
    ra.R = s.R;
    ra.S = s.S;
    ra.OW = a.OW;
    ra.col_step = s.stride_w * words_;
    ra.dil_step = s.dil_w * words_;
    ra.P = P_;
    ra.blocks = blocks_;
    ra.K = s.K;
    ra.weights = weights_ptr_;
    ra.offsets = offsets_.data();
    ra.controls = controls_ptr_;
    ra.epi.K = s.K;
    ra.epi.bias = bias_;
    ra.epi.wa = wa_;
    ra.epi.wb = wb_;
    ra.epi.out = out_params_;
    ra.epi.out_type = cfg_.output_type;
    ra.epi.out_pixel_bytes = a.output_pixel_stride * out_es;
    ra.out_row_bytes = a.OW * ra.epi.out_pixel_bytes;
    ra.kg = kg_;
    return ra;
  }

  void run_task(const ConvRunArgs& a, size_t t, size_t tasks) const {
    if (direct_) return run_direct(a, t, tasks);
    const ref::ConvShape& s = cfg_.shape;
    // Split by pixels (TaskPixels), a share starting or ending inside a row
    // running that row's columns [c0, c1). Winograd splits 2x2 tiles instead
    // (units of step rows x 2 columns): its boundaries cannot keep both rows
    // of a tile off a shared line, so its grain is one tile (unit_bytes = a line).
    const size_t step = out_step(), steps = (a.OH + step - 1) / step;
    const size_t out_es = cfg_.output_type == octet_datatype_s32 ? 4 : 1;
    const size_t unit_cols = wino() ? (a.OW + 1) / 2 : a.OW;
    const size_t unit_bytes = wino() ? kAlign : a.output_pixel_stride * out_es;
    const TaskPixels task(a.N * steps * unit_cols, t, tasks, unit_bytes);
    if (task.begin >= task.end) return;
    RowRing ring_rows(ring(a.W), a.workspace, t);
    const int16_t** prow = ring_rows.ptrs<int16_t>();

    gconv::PrepArgs pa{};
    pa.in_pixel_stride = a.input_pixel_stride;
    pa.W = a.W;
    pa.pad_left = s.pad_left;
    pa.cols = cols(a.W);
    pa.C = s.C;
    pa.groups = s.groups;
    pa.cg = cg_;
    pa.cgp = cgp_;
    pa.x_zp = cfg_.x_zero_point;
    pa.s8 = cfg_.input_type == octet_datatype_s8;

    gconv::RowArgs ra = row_args(a, prow);

    const gconv::PrepFn prep = method_ == gconv::kGroupDot      ? k_.prep_dot
                               : method_ == gconv::kGroupLanes8 ? k_.prep_lanes8
                               : method_ >= gconv::kGroupLanes  ? k_.prep_lanes
                                                                : k_.prep;
    task.for_each_row(unit_cols, [&](size_t idx, size_t u0, size_t u1) {
      const size_t n = idx / steps, oh = idx % steps * step;
      const size_t c0 = wino() ? 2 * u0 : u0, c1 = wino() ? std::min(a.OW, 2 * u1) : u1;
      for (size_t r = 0; r < in_rows(); ++r) {
        const size_t j = oh * s.stride_h + r * s.dil_h;  // padded input row
        prow[r] = ring_rows.row<int16_t>(n, j, [&](int16_t* dst) {
          pa.row = padded_input_row(a, s.pad_top, n, j);
          pa.dst = dst;
          prep(pa);
        }) + 2 * c0 * ra.col_step;  // the share's first column (int32 words: the kernels read prow[r] + ow * col_step)
      }
      ra.OW = c1 - c0;
      ra.epi.output = static_cast<char*>(a.output) + ((n * a.OH + oh) * a.OW + c0) * ra.epi.out_pixel_bytes;
      ra.out_rows = std::min(step, a.OH - oh);
      switch (method_) {
        case gconv::kGroupLanes: k_.row_lanes(ra); break;
        case gconv::kGroupLanesWino: k_.row_wino(ra); break;
        case gconv::kGroupLanes8: k_.row_lanes8(ra); break;
        case gconv::kGroupDot: k_.row_dot(ra); break;
        default: k_.row[method_](ra); break;
      }
    });
  }

 private:
  // Output pixels whose windows run_direct copies per call.
  static constexpr size_t kEdgeChunk = 8;
  static constexpr size_t kDirectRows = 8;  // kernel rows the direct mode takes

  // kGroupDot's direct mode: the kernel reads the input rows; output pixels
  // whose window meets the padding (rows or columns) read their windows'
  // copies from the scratch, kEdgeChunk pixels per call, each window as R x S
  // pixels of C bytes with x_zp in the padding.
  void run_direct(const ConvRunArgs& a, size_t t, size_t tasks) const {
    const ref::ConvShape& s = cfg_.shape;
    const size_t out_es = cfg_.output_type == octet_datatype_s32 ? 4 : 1, ps = a.input_pixel_stride;
    const TaskPixels task(a.N * a.OH * a.OW, t, tasks, a.output_pixel_stride * out_es);
    if (task.begin >= task.end) return;
    RowRing ring_rows(ring(a.W), a.workspace, t);
    const uint8_t** prow = ring_rows.ptrs<uint8_t>();
    uint8_t* scratch = ring_rows.scratch();
    gconv::RowArgs ra = row_args(a, reinterpret_cast<const int16_t**>(prow));
    ra.direct = true;
    // Columns [lo, hi) read no padding column.
    const size_t span = (s.S - 1) * s.dil_w;
    const size_t lo = std::min(a.OW, div_up(s.pad_left, s.stride_w));
    const size_t hi =
        s.pad_left + a.W > span ? std::min(a.OW, (s.pad_left + a.W - 1 - span) / s.stride_w + 1) : size_t{0};
    task.for_each_row(a.OW, [&](size_t idx, size_t c0, size_t c1) {
      const size_t n = idx / a.OH, oh = idx % a.OH;
      const uint8_t* rows[kDirectRows];
      bool inside = true;
      for (size_t r = 0; r < s.R; ++r) {
        rows[r] = padded_input_row(a, s.pad_top, n, oh * s.stride_h + r * s.dil_h);
        inside = inside && rows[r] != nullptr;
      }
      char* out = static_cast<char*>(a.output) + (n * a.OH + oh) * a.OW * ra.epi.out_pixel_bytes;
      auto run = [&](size_t i0, size_t i1) {
        ra.OW = i1 - i0;
        ra.epi.output = out + i0 * ra.epi.out_pixel_bytes;
        k_.row_dot(ra);
      };
      auto interior = [&](size_t i0, size_t i1) {
        if (i0 >= i1) return;
        for (size_t r = 0; r < s.R; ++r) prow[r] = rows[r] + (i0 * s.stride_w - s.pad_left) * ps;
        ra.col_step = s.stride_w * ps;
        ra.dil_step = s.dil_w * ps;
        run(i0, i1);
      };
      auto edges = [&](size_t i0, size_t i1) {
        for (size_t ow = i0; ow < i1; ow += kEdgeChunk) {
          const size_t m = std::min(kEdgeChunk, i1 - ow);
          for (size_t p = 0; p < m; ++p) {
            for (size_t r = 0; r < s.R; ++r) {
              for (size_t q = 0; q < s.S; ++q) {
                uint8_t* d = scratch + ((p * s.R + r) * s.S + q) * s.C;
                const size_t col = (ow + p) * s.stride_w + q * s.dil_w;  // padded column
                if (rows[r] != nullptr && col >= s.pad_left && col - s.pad_left < a.W) {
                  std::memcpy(d, rows[r] + (col - s.pad_left) * ps, s.C);
                } else {
                  std::memset(d, cfg_.x_zero_point, s.C);
                }
              }
            }
          }
          for (size_t r = 0; r < s.R; ++r) prow[r] = scratch + r * s.S * s.C;
          ra.col_step = s.R * s.S * s.C;
          ra.dil_step = s.C;
          run(ow, ow + m);
        }
      };
      if (!inside || lo >= hi) return edges(c0, c1);
      const size_t i0 = std::clamp(lo, c0, c1), i1 = std::clamp(hi, c0, c1);
      edges(c0, i0);
      interior(i0, i1);
      edges(i1, c1);
    });
  }

  const ConvConfig& cfg_;
  const Kernels& k_;
  size_t cg_ = 1, kg_ = 1, cgp_ = 2, P_ = 1, words_ = 0, blocks_ = 0;
  gconv::Method method_ = gconv::kGather;
  bool direct_ = false;  // kGroupDot's direct mode
  std::vector<int32_t> offsets_;
  std::vector<uint8_t> controls_;
  const uint8_t* controls_ptr_ = nullptr;
  PackedBuffer storage_;
  int16_t* weights_ptr_ = nullptr;
  int32_t* bias_ = nullptr;
  simd::ChannelWord* wa_ = nullptr;
  simd::ChannelWord* wb_ = nullptr;
  simd::OutputParams out_params_;
};

}  // namespace

std::unique_ptr<ConvPath> make_smallgroup_path_with(const ConvConfig& cfg, const Kernels& kernels) {
  const ref::ConvShape& s = cfg.shape;
  const size_t cg = s.channels_per_group();
  if (s.groups < 2 || cg < 2 || cg > 16) return nullptr;
  return std::make_unique<SmallGroupPath>(cfg, kernels);
}

std::unique_ptr<ConvPath> make_smallgroup_path(const ConvConfig& cfg, octet_isa isa) {
  const Kernels* k = KernelSelector::this_cpu().gconv(isa);
  if (k == nullptr) return nullptr;
  return make_smallgroup_path_with(cfg, *k);
}

}  // namespace octet
