// The depthwise convolution path: the plan (which kernels, which layout),
// and the row loop over the pthreadpool through the per-thread ring of prepped
// pair rows (src/core/row_ring.h) or the direct 3x3 kernels. Packing is
// src/core/dwconv_pack.cc; the kernels are rows of the kernel table.
#include "src/core/conv_paths.h"

#include "src/core/dwconv.h"
#include "src/core/dwconv_pack.h"
#include "src/core/kernel_table.h"
#include "src/core/per_thread.h"
#include "src/core/row_ring.h"

namespace octet {

namespace {

using dw::Kernels;

class DwPath final : public RowRingPath<DwPath> {
 public:
  DwPath(const ConvConfig& cfg, const Kernels& k) : cfg_(cfg), k_(k) {
    const ref::ConvShape& s = cfg.shape;
    mult_ = s.K / s.C;
    np_ = (s.R + 1) / 2;
    Cp_ = round_up(s.K, 2 * k.lanes);
    zp_row_.assign(s.C, static_cast<uint8_t>(cfg.x_zero_point));
    out_params_ = simd::OutputParams::from(cfg.output);
    if (dw::direct_applies(cfg, k)) {
      direct_ = s.stride_h == 1 ? k.direct_3x3_s1 : k.direct_3x3_s2;
      s2b_ = s.stride_h == 2 ? k.direct_3x3_s2b : nullptr;
      name_ = "dwconv_3x3_direct";
      dw::pack_direct_weights(cfg, out_params_, &direct_pack_);
      return;
    }
    if (s.R == 3 && s.S == 3) {
      row_ = k.row_3x3;
      name_ = "dwconv_3x3";
    } else if (s.R == 5 && s.S == 5) {
      row_ = k.row_5x5;
      name_ = "dwconv_5x5";
    } else {
      row_ = k.row_rxs;
      name_ = "dwconv_rxs";
    }
    dw::pack_row_weights(cfg, k.lanes, np_, Cp_, &row_pack_);
  }

  const char* name() const override { return name_; }
  // Without its direct kernels a set runs the prep/row kernels it may share
  // with a lower ISA: report that one.
  octet_isa isa() const override {
    return direct_ != nullptr ? k_.isa : KernelSelector::this_cpu().dwconv_row_isa(k_);
  }

  size_t workspace_size(size_t, size_t, size_t W, size_t max_threads) const override {
    if (direct_ != nullptr) return slices_workspace_bytes(hbuf_bytes(W), max_threads);
    return RowRingPath::workspace_size(0, 0, W, max_threads);
  }


  // Pair rows j of one output row span 2 * (np - 1) * dil_h + 1 padded rows.
  RowRing::Layout ring(size_t W) const {
    return {2 * (np_ - 1) * cfg_.shape.dil_h + 1, np_, 2 * Cp_,
            window_cols(cfg_.shape, W) * dw::column_elems(Cp_) * sizeof(int16_t)};
  }
  // Stride 2: the per-thread H buffer of the direct kernels.
  size_t hbuf_bytes(size_t W) const {
    return s2b_ ? round_up(cfg_.shape.K / 16 * (cfg_.shape.output_width(W) + 1) * 64, kAlign) : 0;
  }

  void run_task(const ConvRunArgs& a, size_t t, size_t tasks) const {
    if (direct_ != nullptr) return run_direct(a, t, tasks);
    const ref::ConvShape& s = cfg_.shape;
    const TaskPixels task(a.N * a.OH * a.OW, t, tasks, a.output_pixel_stride * out_bytes());
    if (task.begin >= task.end) return;
    RowRing ring_rows(ring(a.W), a.workspace, t);
    const int16_t** prow = ring_rows.ptrs<int16_t>();

    dw::PrepArgs pa{};
    fill_prep_geometry(cfg_, a, Cp_, ring_rows.scratch(), &pa);
    pa.zp_row = zp_row_.data();
    pa.x_zp = cfg_.x_zero_point;

    dw::RowArgs ra{};
    fill_row_output(cfg_, a, dw::column_elems(Cp_), Cp_ / (2 * k_.lanes), row_pack_.consts.wa, row_pack_.consts.wb,
                    &ra);
    ra.prow = prow;
    ra.np = np_;
    ra.weights = row_pack_.weights;
    ra.bias = row_pack_.consts.init;

    task.for_each_row(a.OW, [&](size_t idx, size_t c0, size_t c1) {
      const size_t n = idx / a.OH, oh = idx % a.OH;
      for (size_t i = 0; i < np_; ++i) {
        const size_t j = oh * s.stride_h + 2 * i * s.dil_h;
        prow[i] = ring_rows.row<int16_t>(n, j, [&](int16_t* dst) {
          pa.row_a = padded_input_row(a, s.pad_top, n, j);
          pa.row_b = padded_input_row(a, s.pad_top, n, j + s.dil_h);
          pa.dst = dst;
          k_.prep(pa);
        }) + c0 * ra.col_step;  // the share's first column (the kernel reads prow[i] + ow * col_step)
      }
      ra.OW = c1 - c0;
      ra.output = static_cast<char*>(a.output) + ((n * a.OH + oh) * a.OW + c0) * ra.out_pixel_bytes;
      row_(ra);
    });
  }

  // The pixel split of the ring path (TaskPixels): a share starting or ending
  // inside an output row runs that row's columns [c0, c1) (set_cols).
  void run_direct(const ConvRunArgs& a, size_t t, size_t tasks) const {
    const ref::ConvShape& s = cfg_.shape;
    dw::DirectArgs d{};
    d.zp_row = zp_row_.data();
    d.blocks = s.K / 16;
    d.mult = mult_;
    d.s8 = cfg_.input_type == octet_datatype_s8;
    d.weights = direct_pack_.weights;
    d.wblock = direct_pack_.wblock;
    d.init = direct_pack_.consts.init;
    d.wa = direct_pack_.consts.wa;
    d.wb = direct_pack_.consts.wb;
    d.consts = &direct_pack_.out_consts;
    d.out = out_params_;
    d.out_type = cfg_.output_type;
    d.out_pixel_bytes = a.output_pixel_stride * out_bytes();
    const TaskPixels task(a.N * a.OH * a.OW, t, tasks, d.out_pixel_bytes);
    int16_t* hbuf = s2b_ ? reinterpret_cast<int16_t*>(align_ptr(a.workspace) + slice_offset(hbuf_bytes(a.W), t)) : nullptr;
    for (size_t p = task.begin; p < task.end;) {
      const size_t idx = p / a.OW, n = idx / a.OH, oh = idx % a.OH;
      const size_t c0 = p % a.OW, c1 = std::min(a.OW, c0 + (task.end - p));
      // Stride 2: rows oh and oh + 1 of the same image, when both are ours
      // whole (the pair shares its columns).
      const bool pair = s2b_ != nullptr && c0 == 0 && c1 == a.OW && p + 2 * a.OW <= task.end && oh + 1 < a.OH;
      set_rows(a, n, oh * s.stride_h, &d);
      set_cols(a, c0, c1, &d);
      d.output = static_cast<char*>(a.output) + (idx * a.OW + c0) * d.out_pixel_bytes;
      d.hbuf = pair ? hbuf : nullptr;
      direct_(d);
      if (pair) {
        set_rows(a, n, (oh + 1) * s.stride_h, &d);
        set_cols(a, c0, c1, &d);
        d.output = static_cast<char*>(d.output) + a.OW * d.out_pixel_bytes;
        s2b_(d);
      }
      p += (c1 - c0) * (pair ? 2 : 1);
    }
  }

  // Row pointers of the output row whose window starts at padded row j0.
  void set_rows(const ConvRunArgs& a, size_t n, size_t j0, dw::DirectArgs* d) const {
    for (size_t r = 0; r < 3; ++r) {
      const uint8_t* row = padded_input_row(a, cfg_.shape.pad_top, n, j0 + r);
      d->rows[r] = row != nullptr ? row : zp_row_.data();
      d->row_stride[r] = row != nullptr ? a.input_pixel_stride : 0;
    }
  }

  // Columns [c0, c1) of the row set_rows set: the kernels see a row of c1 - c0
  // pixels whose padded column 0 is the row's padded column c0 * stride, so
  // the left padding shrinks or the rows start further in.
  void set_cols(const ConvRunArgs& a, size_t c0, size_t c1, dw::DirectArgs* d) const {
    const size_t first = c0 * cfg_.shape.stride_w, pl = cfg_.shape.pad_left;
    d->OW = c1 - c0;
    d->W = a.W;
    d->pad_left = pl - std::min(first, pl);
    if (first <= pl) return;
    const size_t skip = first - pl;
    if (skip >= a.W) {
      // Windows wholly in the right padding: every column reads the zero-point row.
      for (size_t r = 0; r < 3; ++r) {
        d->rows[r] = zp_row_.data();
        d->row_stride[r] = 0;
      }
      return;
    }
    d->W = a.W - skip;
    for (size_t r = 0; r < 3; ++r) d->rows[r] += skip * d->row_stride[r];
  }

  size_t out_bytes() const { return cfg_.output_type == octet_datatype_s32 ? 4 : 1; }

 private:
  const ConvConfig& cfg_;  // the operator's, which outlives the path
  const Kernels& k_;
  dw::RowFn row_ = nullptr;
  const char* name_ = "";
  size_t mult_ = 1, np_ = 1, Cp_ = 0;
  dw::RowPack row_pack_;
  std::vector<uint8_t> zp_row_;
  simd::OutputParams out_params_;
  dw::DirectFn direct_ = nullptr;
  dw::DirectFn s2b_ = nullptr;  // stride 2: the second row of a pair (dw::DirectArgs::hbuf)
  dw::DirectPack direct_pack_;
};

}  // namespace

std::unique_ptr<ConvPath> make_dwconv_path(const ConvConfig& cfg, octet_isa isa) {
  const Kernels* k = KernelSelector::this_cpu().dwconv(isa);
  return k ? make_dwconv_path_with(cfg, *k) : nullptr;
}

std::unique_ptr<ConvPath> make_dwconv_path_with(const ConvConfig& cfg, const dw::Kernels& kernels) {
  const ref::ConvShape& s = cfg.shape;
  if (s.groups != s.C || s.K % s.C != 0) return nullptr;  // depthwise: one input channel per group
  return std::make_unique<DwPath>(cfg, kernels);
}

}  // namespace octet
