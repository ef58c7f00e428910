// The dot-product depthwise path (AArch64 neondot / neoni8mm caps, x86
// avxvnni / avx512vnni caps): eligibility (every w - w_zp fits int8), weight
// packing at create, the per-thread ring of prepped quad rows, and the row loop
// over the pthreadpool. The kernels are named by dwdot::Kernels; the layout and
// arithmetic are described in src/core/dwconv_dot.h. Layers this path declines
// go on to the int16 depthwise path (src/core/dwconv.cc).
#include "src/core/dwconv_dot.h"

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

class DwDotPath final : public RowRingPath<DwDotPath> {
 public:
  DwDotPath(const ConvConfig& cfg, const dwdot::Kernels& k) : cfg_(cfg), k_(k) {
    const ref::ConvShape& s = cfg.shape;
    nq_ = (s.R + 3) / 4;
    Cp_ = round_up(s.K, 16);
    blocks_ = Cp_ / 16;
    // 3x3 and 5x5 stride 2 over 2x2 blocks (dwconv_dot.h): a B x B kernel
    // over blocks, B = (R + 1) / 2, with less prep and fewer products than
    // vertical quads.
    const dwdot::RowFn over_blocks = s.R == 3 && s.S == 3 ? k.row_2x2 : s.R == 5 && s.S == 5 ? k.row_3x3_blocks : nullptr;
    blocks2x2_ = over_blocks != nullptr && s.stride_h == 2 && s.stride_w == 2 && s.dil_h == 1 && s.dil_w == 1;
    if (blocks2x2_) {
      nq_ = (s.R + 1) / 2;
      row_ = over_blocks;
      name_ = s.R == 3 ? "dwconv_dot_3x3" : "dwconv_dot_5x5";
    } else if (s.R == 3 && s.S == 3) {
      row_ = k.row_3x3;
      name_ = "dwconv_dot_3x3";
    } else if (s.R == 5 && s.S == 5) {
      row_ = k.row_5x5;
      name_ = "dwconv_dot_5x5";
    } else {
      row_ = k.row_rxs;
      name_ = "dwconv_dot_rxs";
    }
    // Row shifts (dwdot::RowArgs::weights): 0..4 nq - R, one packed copy each.
    // 2x2 blocks: one, of nq block columns.
    shifts_ = blocks2x2_ ? 1 : 4 * nq_ - s.R + 1;
    S_ = blocks2x2_ ? nq_ : s.S;
    shift_bytes_ = blocks_ * nq_ * S_ * 64;
    // Packed: weights (int8, zero for channels >= K and for the quad bytes
    // outside the shifted kernel rows), then the int32 init, then the
    // requantization words a and b (channel order).
    const size_t words = Cp_ * sizeof(int32_t);
    storage_ = PackedBuffer({shifts_ * shift_bytes_, words, words, words});
    weights_ = storage_.at<int8_t>(0);
    init_ = storage_.at<int32_t>(1);
    wa_ = storage_.at<simd::ChannelWord>(2);
    wb_ = storage_.at<simd::ChannelWord>(3);
    // The kernels read x - off (dwconv_dot.h).
    const int64_t off = dwdot::input_offset(k, cfg.input_type == octet_datatype_s8);
    for (size_t k_out = 0; k_out < s.K; ++k_out) {
      const int32_t wzp = cfg.w_zero_points[k_out];
      const size_t b = k_out / 16, lane = k_out % 16;
      int64_t sum = 0;
      for (size_t r = 0; r < s.R; ++r) {
        for (size_t c = 0; c < s.S; ++c) {
          const int32_t w = cfg.weights[(k_out * s.R + r) * s.S + c] - wzp;  // fits int8: checked by eligible()
          if (blocks2x2_) {  // tap (r, c): block (r / 2, c / 2), byte 2 (r % 2) + c % 2
            weights_[((b * nq_ + r / 2) * S_ + c / 2) * 64 + lane * 4 + 2 * (r % 2) + c % 2] = static_cast<int8_t>(w);
          }
          for (size_t sh = 0; !blocks2x2_ && sh < shifts_; ++sh) {
            const size_t q = r + sh;  // byte of kernel row r in the quads of shift sh
            weights_[sh * shift_bytes_ + ((b * nq_ + q / 4) * s.S + c) * 64 + lane * 4 + q % 4] =
                static_cast<int8_t>(w);
          }
          sum += w;
        }
      }
      // bias_int + (off - x_zp) * sum(w'), wrapped to int32 as the reference's int32 sums wrap.
      const int64_t init = int64_t{cfg.requant[k_out].bias_int} + (off - cfg.x_zero_point) * sum;
      init_[k_out] = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(init)));
      simd::channel_words(cfg.mode, cfg.requant[k_out], &wa_[k_out], &wb_[k_out]);
    }
    zp_row_.assign(s.C, static_cast<uint8_t>(cfg.x_zero_point));
  }

  // Every w - w_zp[k] in int8 (always so for symmetric weights).
  static bool eligible(const ConvConfig& cfg) {
    const ref::ConvShape& s = cfg.shape;
    const size_t taps = s.R * s.S;
    for (size_t k = 0; k < s.K; ++k) {
      const int32_t wzp = cfg.w_zero_points[k];
      for (size_t t = 0; t < taps; ++t) {
        const int32_t w = cfg.weights[k * taps + t] - wzp;
        if (w < -128 || w > 127) return false;
      }
    }
    return true;
  }

  const char* name() const override { return name_; }
  octet_isa isa() const override { return k_.isa; }


  // Quad rows j of one output row span 4 * (nq - 1) * dil_h + 1 padded rows.
  RowRing::Layout ring(size_t W) const {
    return {4 * (nq_ - 1) * cfg_.shape.dil_h + 1, nq_, 4 * Cp_, window_cols(cfg_.shape, W) * Cp_ * 4};
  }

  void run_task(const ConvRunArgs& a, size_t t, size_t tasks) const {
    const ref::ConvShape& s = cfg_.shape;
    const size_t out_pixel_bytes = a.output_pixel_stride * (cfg_.output_type == octet_datatype_s32 ? 4 : 1);
    const TaskPixels task(a.N * a.OH * a.OW, t, tasks, out_pixel_bytes);
    if (task.begin >= task.end) return;
    RowRing ring_rows(ring(a.W), a.workspace, t);
    const int8_t** qrow = ring_rows.ptrs<int8_t>();

    dwdot::PrepArgs pa{};
    fill_prep_geometry(cfg_, a, Cp_, ring_rows.scratch(), &pa);
    pa.zp_row = zp_row_.data();
    // Sources: vertical quads, rows j + r * dil_h; 2x2 blocks, rows j, j, j + 1, j + 1.
    const size_t src_row[2][4] = {{0, s.dil_h, 2 * s.dil_h, 3 * s.dil_h}, {0, 0, 1, 1}};
    pa.col_mul = blocks2x2_ ? 2 : 1;
    for (size_t r = 0; r < 4; ++r) pa.col_add[r] = blocks2x2_ ? r % 2 : 0;
    if (blocks2x2_) pa.cols = a.OW + S_ - 1;

    dwdot::RowArgs ra{};
    fill_row_output(cfg_, a, Cp_ * 4, blocks_, wa_, wb_, &ra);
    ra.qrow = qrow;
    ra.nq = nq_;
    ra.init = init_;
    if (blocks2x2_) {  // a B x B stride 1 kernel over block columns
      ra.S = S_;
      ra.col_step = ra.dil_step = Cp_ * 4;
    }

    task.for_each_row(a.OW, [&](size_t idx, size_t c0, size_t c1) {
      const size_t n = idx / a.OH, oh = idx % a.OH;
      // Window start y = j0 + shift * dil_h: quad rows j0 on a lattice of
      // period shifts_ * dil_h, so consecutive output rows share them.
      // 2x2 blocks: pair rows 2 oh, 2 oh + 2, ... (shifts_ 1, step 2 rows).
      const size_t y = oh * s.stride_h;
      const size_t shift = (y / s.dil_h) % shifts_;
      const size_t j0 = y - shift * s.dil_h;
      const size_t quad_step = blocks2x2_ ? 2 : 4 * s.dil_h;
      const size_t* rows = src_row[blocks2x2_ ? 1 : 0];
      ra.weights = weights_ + shift * shift_bytes_;
      for (size_t i = 0; i < nq_; ++i) {
        const size_t j = j0 + i * quad_step;
        // Rows past the input (and past the kernel, filling a quad: their
        // weights are zero) are padding.
        qrow[i] = ring_rows.row<int8_t>(n, j, [&](int8_t* dst) {
          for (size_t r = 0; r < 4; ++r) pa.rows[r] = padded_input_row(a, s.pad_top, n, j + rows[r]);
          pa.dst = dst;
          k_.prep(pa);
        }) + c0 * ra.col_step;  // the share's first column (the kernel reads qrow[i] + ow * col_step)
      }
      ra.OW = c1 - c0;
      ra.output = static_cast<char*>(a.output) + ((n * a.OH + oh) * a.OW + c0) * ra.out_pixel_bytes;
      row_(ra);
    });
  }

 private:
  const ConvConfig& cfg_;  // the operator's, which outlives the path
  const dwdot::Kernels& k_;
  dwdot::RowFn row_ = nullptr;
  const char* name_ = "";
  bool blocks2x2_ = false;
  size_t nq_ = 1, Cp_ = 0, blocks_ = 0, shifts_ = 1, S_ = 0, shift_bytes_ = 0;
  PackedBuffer storage_;
  int8_t* weights_ = nullptr;
  int32_t* init_ = nullptr;
  simd::ChannelWord* wa_ = nullptr;
  simd::ChannelWord* wb_ = nullptr;
  std::vector<uint8_t> zp_row_;
};

}  // namespace

std::unique_ptr<ConvPath> make_dwconv_dot_path_with(const ConvConfig& cfg, const dwdot::Kernels& kernels) {
  const ref::ConvShape& s = cfg.shape;
  if (s.groups != s.C || s.K % s.C != 0) return nullptr;  // depthwise: one input channel per group
  if (!DwDotPath::eligible(cfg)) return nullptr;
  return std::make_unique<DwDotPath>(cfg, kernels);
}

std::unique_ptr<ConvPath> make_dwconv_dot_path(const ConvConfig& cfg, octet_isa isa) {
  const dwdot::Kernels* k = KernelSelector::this_cpu().dwconv_dot(isa);
  return k ? make_dwconv_dot_path_with(cfg, *k) : nullptr;
}

}  // namespace octet
