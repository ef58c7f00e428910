// The depthwise convolution path: packing at create, the per-thread ring of
// prepped pair rows, and the row loop over the pthreadpool. The kernels
// themselves are src/core/dwconv_impl.h, instantiated per ISA.
#include "src/core/dwconv_path.h"

#include <pthreadpool.h>

#include <algorithm>
#include <cstring>
#include <limits>

#include "src/core/dwconv.h"
#include "src/core/kernel_table.h"
#include "src/core/per_thread.h"

namespace octet {

namespace {

using dw::Kernels;

class DwPath final : public ConvPath {
 public:
  DwPath(const ConvConfig& cfg, const Kernels& k) : cfg_(cfg), k_(k) {
    const ref::ConvShape& s = cfg.shape;
    const size_t L = k.lanes;
    mult_ = s.K / s.C;
    np_ = (s.R + 1) / 2;
    Cp_ = round_up(s.K, 2 * L);
    blocks_ = Cp_ / (2 * L);
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
    // Packed: weights (int16), then bias (int32), then words a and b.
    const size_t w_elems = blocks_ * np_ * s.S * 4 * L;
    w_bytes_ = round_up(w_elems * sizeof(int16_t), kAlign);
    const size_t words_bytes = round_up(Cp_ * sizeof(int32_t), kAlign);
    storage_.assign(w_bytes_ + 3 * words_bytes + kAlign, 0);
    char* base = align_ptr(storage_.data());
    weights_ = reinterpret_cast<int16_t*>(base);
    bias_ = reinterpret_cast<int32_t*>(base + w_bytes_);
    wa_ = reinterpret_cast<simd::ChannelWord*>(base + w_bytes_ + words_bytes);
    wb_ = reinterpret_cast<simd::ChannelWord*>(base + w_bytes_ + 2 * words_bytes);
    for (size_t b = 0; b < blocks_; ++b) {
      for (size_t h = 0; h < 2; ++h) {
        for (size_t q = 0; q < L; ++q) {
          const size_t k_out = b * 2 * L + dw::lane_channel(q, h);
          if (k_out >= s.K) continue;
          const int32_t wzp = cfg.w_zero_points[k_out];
          for (size_t i = 0; i < np_; ++i) {
            for (size_t c = 0; c < s.S; ++c) {
              const size_t r0 = 2 * i, r1 = 2 * i + 1;
              const int32_t w0 = cfg.weights[(k_out * s.R + r0) * s.S + c] - wzp;
              const int32_t w1 = r1 < s.R ? cfg.weights[(k_out * s.R + r1) * s.S + c] - wzp : 0;
              int16_t* d = weights_ + ((b * np_ + i) * s.S + c) * 4 * L + h * 2 * L + 2 * q;
              d[0] = static_cast<int16_t>(w0);
              d[1] = static_cast<int16_t>(w1);
            }
          }
          const size_t lane = b * 2 * L + h * L + q;
          bias_[lane] = cfg.requant[k_out].bias_int;
          simd::channel_words(cfg.mode, cfg.requant[k_out], &wa_[lane], &wb_[lane]);
        }
      }
    }
    zp_row_.assign(s.C, static_cast<uint8_t>(cfg.x_zero_point));
    out_params_ = simd::OutputParams::from(cfg.output);
    pack_direct();
  }

  const char* name() const override { return name_; }
  // Without its direct kernels a set runs the prep/row kernels it may share
  // with a lower ISA: report that one.
  octet_isa isa() const override {
    return direct_ != nullptr ? k_.isa : KernelSelector::this_cpu().dwconv_row_isa(k_);
  }

  size_t workspace_size(size_t, size_t, size_t W, size_t max_threads) const override {
    if (direct_ != nullptr) return s2b_ ? max_threads * hbuf_bytes(W) + kAlign : 0;
    return max_threads * per_thread_bytes(W) + kAlign;
  }

  void run(const ConvRunArgs& a) const override { run_one_task_per_thread(this, a); }

 private:
  template <class Path>
  friend void octet::run_one_task_per_thread(const Path* self, const ConvRunArgs& a);

  // The direct 3x3 kernels (dw::DirectArgs): dilation 1, equal strides 1 or
  // 2, whole 16-channel output blocks (multiplier 1), or multiplier 2 and C a
  // multiple of 8.
  void pack_direct() {
    const ref::ConvShape& s = cfg_.shape;
    const dw::DirectFn fn = s.stride_h == 1 ? k_.direct_3x3_s1 : (s.stride_h == 2 ? k_.direct_3x3_s2 : nullptr);
    const bool channels_ok = (mult_ == 1 && s.C % 16 == 0) || (mult_ == 2 && s.C % 8 == 0);
    if (fn == nullptr || !channels_ok || s.R != 3 || s.S != 3 || s.dil_h != 1 || s.dil_w != 1 ||
        s.stride_w != s.stride_h) {
      return;
    }
    direct_ = fn;
    name_ = "dwconv_3x3_direct";
    const int32_t perm[8] = {0, 4, 1, 5, 2, 6, 3, 7};
    for (size_t i = 0; i < 8; ++i) {
      dconsts_.perm[i] = perm[i];
      dconsts_.zpf[i] = static_cast<float>(out_params_.zero_point);
      dconsts_.minf[i] = static_cast<float>(out_params_.min);
      dconsts_.maxf[i] = static_cast<float>(out_params_.max);
    }
    for (size_t i = 0; i < 16; ++i) dconsts_.zp16[i] = static_cast<int16_t>(out_params_.zero_point);
    for (size_t i = 0; i < 32; ++i) {
      dconsts_.min8[i] = static_cast<int8_t>(out_params_.min);
      dconsts_.max8[i] = static_cast<int8_t>(out_params_.max);
    }
    const size_t blocks = s.K / 16;
    const bool s2 = s.stride_h == 2;
    s2b_ = s2 ? k_.direct_3x3_s2b : nullptr;
    wblock_ = s2 ? 320 : 160;
    const size_t w_bytes = round_up(blocks * wblock_ * sizeof(int16_t), kAlign);
    const size_t c_bytes = round_up(s.K * sizeof(int32_t), kAlign);
    direct_storage_.assign(w_bytes + 3 * c_bytes + kAlign, 0);
    char* base = align_ptr(direct_storage_.data());
    dweights_ = reinterpret_cast<int16_t*>(base);
    dinit_ = reinterpret_cast<int32_t*>(base + w_bytes);
    dwa_ = reinterpret_cast<simd::ChannelWord*>(base + w_bytes + c_bytes);
    dwb_ = reinterpret_cast<simd::ChannelWord*>(base + w_bytes + 2 * c_bytes);
    for (size_t k = 0; k < s.K; ++k) {
      const int32_t wzp = cfg_.w_zero_points[k];
      auto w = [&](size_t r, size_t c) -> int32_t { return cfg_.weights[(k * 3 + r) * 3 + c] - wzp; };
      // Kinds: v0, v1, v2 (rows 0 and 1 of column 0, 1, 2), h (row 2, columns 0
      // and 1), l (the single tap w22: second of the pair at stride 1, first at
      // 2); stride 2 adds the second row of a pair (dw::DirectFn): h0 (row 0,
      // columns 0 and 1), l0 (w02, 0), u0, u1, u2 (rows 1 and 2 of column 0, 1, 2).
      const int32_t pairs[10][2] = {{w(0, 0), w(1, 0)},
                                    {w(0, 1), w(1, 1)},
                                    {w(0, 2), w(1, 2)},
                                    {w(2, 0), w(2, 1)},
                                    {s2 ? w(2, 2) : 0, s2 ? 0 : w(2, 2)},
                                    {w(0, 0), w(0, 1)},
                                    {w(0, 2), 0},
                                    {w(1, 0), w(2, 0)},
                                    {w(1, 1), w(2, 1)},
                                    {w(1, 2), w(2, 2)}};
      const size_t b = k / 16, half = (k % 16) / 8, q = k % 8;
      int64_t sum = 0;
      for (size_t kind = 0; kind < (s2 ? 10u : 5u); ++kind) {
        int16_t* d = dweights_ + b * wblock_ + (kind * 2 + half) * 16 + 2 * q;
        d[0] = static_cast<int16_t>(pairs[kind][0]);
        d[1] = static_cast<int16_t>(pairs[kind][1]);
        if (kind < 5) sum += pairs[kind][0] + pairs[kind][1];  // the nine taps once
      }
      // bias_int - x_zp * sum(w'), wrapped to int32 as the reference's int32 add wraps.
      // The kernels read s8 input as x + 128 (dw::DirectArgs), padding included.
      const int64_t x_zp = int64_t{cfg_.x_zero_point} + (cfg_.input_type == octet_datatype_s8 ? 128 : 0);
      const int64_t init = int64_t{cfg_.requant[k].bias_int} - x_zp * sum;
      dinit_[k] = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(init)));
      simd::channel_words(cfg_.mode, cfg_.requant[k], &dwa_[k], &dwb_[k]);
    }
  }

  void run_direct(const ConvRunArgs& a, size_t t, size_t tasks) const {
    const ref::ConvShape& s = cfg_.shape;
    const size_t total = a.N * a.OH;
    const size_t begin = total * t / tasks, end = total * (t + 1) / tasks;
    const size_t out_es = cfg_.output_type == octet_datatype_s32 ? 4 : 1;
    dw::DirectArgs d{};
    d.zp_row = zp_row_.data();
    d.W = a.W;
    d.pad_left = s.pad_left;
    d.OW = a.OW;
    d.blocks = s.K / 16;
    d.mult = mult_;
    d.s8 = cfg_.input_type == octet_datatype_s8;
    d.weights = dweights_;
    d.wblock = wblock_;
    d.init = dinit_;
    d.wa = dwa_;
    d.wb = dwb_;
    d.consts = &dconsts_;
    d.out = out_params_;
    d.out_type = cfg_.output_type;
    d.out_pixel_bytes = a.output_pixel_stride * out_es;
    int16_t* hbuf = s2b_ ? reinterpret_cast<int16_t*>(align_ptr(a.workspace) + t * hbuf_bytes(a.W)) : nullptr;
    for (size_t idx = begin; idx < end;) {
      const size_t n = idx / a.OH, oh = idx % a.OH;
      // Stride 2: rows oh and oh + 1 of the same image, when both are ours.
      const bool pair = s2b_ != nullptr && idx + 1 < end && oh + 1 < a.OH;
      set_rows(a, n, oh * s.stride_h, &d);
      d.output = static_cast<char*>(a.output) + (n * a.OH + oh) * a.OW * d.out_pixel_bytes;
      d.hbuf = pair ? hbuf : nullptr;
      direct_(d);
      if (pair) {
        set_rows(a, n, (oh + 1) * s.stride_h, &d);
        d.output = static_cast<char*>(d.output) + a.OW * d.out_pixel_bytes;
        s2b_(d);
      }
      idx += pair ? 2 : 1;
    }
  }

  // Row pointers of the output row whose window starts at padded row j0.
  void set_rows(const ConvRunArgs& a, size_t n, size_t j0, dw::DirectArgs* d) const {
    const ref::ConvShape& s = cfg_.shape;
    const uint8_t* in = static_cast<const uint8_t*>(a.input);
    const size_t in_row = a.W * a.input_pixel_stride;
    for (size_t r = 0; r < 3; ++r) {
      const size_t j = j0 + r;  // padded input row
      if (j < s.pad_top || j - s.pad_top >= a.H) {
        d->rows[r] = zp_row_.data();
        d->row_stride[r] = 0;
      } else {
        d->rows[r] = in + (n * a.H + (j - s.pad_top)) * in_row;
        d->row_stride[r] = a.input_pixel_stride;
      }
    }
  }

  // Stride 2: the per-thread H buffer of the direct kernels.
  size_t hbuf_bytes(size_t W) const {
    return s2b_ ? round_up(cfg_.shape.K / 16 * (cfg_.shape.output_width(W) + 1) * 64, kAlign) : 0;
  }

  size_t cols(size_t W) const {
    const ref::ConvShape& s = cfg_.shape;
    const size_t OW = s.output_width(W);
    return (OW - 1) * s.stride_w + (s.S - 1) * s.dil_w + 1;
  }
  size_t ring_slots() const { return 2 * (np_ - 1) * cfg_.shape.dil_h + 1; }
  size_t row_bytes(size_t W) const { return round_up(cols(W) * Cp_ * 2 * sizeof(int16_t), kAlign); }
  size_t header_bytes() const {
    return round_up(ring_slots() * 2 * sizeof(size_t) + np_ * sizeof(const int16_t*), kAlign) +
           round_up(2 * Cp_, kAlign);  // expansion scratch (mult > 1)
  }
  size_t per_thread_bytes(size_t W) const { return header_bytes() + ring_slots() * row_bytes(W); }

  void run_task(const ConvRunArgs& a, size_t t, size_t tasks) const {
    if (direct_ != nullptr) return run_direct(a, t, tasks);
    const ref::ConvShape& s = cfg_.shape;
    const size_t total = a.N * a.OH;
    const size_t begin = total * t / tasks, end = total * (t + 1) / tasks;
    if (begin >= end) return;
    char* ws = align_ptr(a.workspace) + t * per_thread_bytes(a.W);
    const size_t slots = ring_slots();
    size_t* tags = reinterpret_cast<size_t*>(ws);  // (image, pair row) per slot
    const int16_t** prow = reinterpret_cast<const int16_t**>(ws + slots * 2 * sizeof(size_t));
    uint8_t* expand = reinterpret_cast<uint8_t*>(
        ws + round_up(slots * 2 * sizeof(size_t) + np_ * sizeof(const int16_t*), kAlign));
    char* rows = ws + header_bytes();
    const size_t rb = row_bytes(a.W);
    for (size_t i = 0; i < 2 * slots; ++i) tags[i] = std::numeric_limits<size_t>::max();

    const size_t in_es = 1;
    const size_t out_es = cfg_.output_type == octet_datatype_s32 ? 4 : 1;
    dw::PrepArgs pa{};
    pa.zp_row = zp_row_.data();
    pa.in_pixel_stride = a.input_pixel_stride;
    pa.W = a.W;
    pa.pad_left = s.pad_left;
    pa.cols = cols(a.W);
    pa.C = s.C;
    pa.K = s.K;
    pa.mult = mult_;
    pa.Cp = Cp_;
    pa.x_zp = cfg_.x_zero_point;
    pa.s8 = cfg_.input_type == octet_datatype_s8;
    pa.expand = expand;

    dw::RowArgs ra{};
    ra.prow = prow;
    ra.np = np_;
    ra.S = s.S;
    ra.OW = a.OW;
    ra.col_step = s.stride_w * Cp_ * 2;
    ra.dil_step = s.dil_w * Cp_ * 2;
    ra.blocks = blocks_;
    ra.K = s.K;
    ra.weights = weights_;
    ra.bias = bias_;
    ra.wa = wa_;
    ra.wb = wb_;
    ra.out = out_params_;
    ra.out_type = cfg_.output_type;
    ra.out_pixel_bytes = a.output_pixel_stride * out_es;

    const char* in = static_cast<const char*>(a.input);
    const size_t in_row = a.W * a.input_pixel_stride * in_es;
    // Input row of padded row j, or nullptr for padding.
    auto input_row = [&](size_t n, size_t j) -> const void* {
      if (j < s.pad_top || j - s.pad_top >= a.H) return nullptr;
      return in + (n * a.H + (j - s.pad_top)) * in_row;
    };
    for (size_t idx = begin; idx < end; ++idx) {
      const size_t n = idx / a.OH, oh = idx % a.OH;
      for (size_t i = 0; i < np_; ++i) {
        const size_t j = oh * s.stride_h + 2 * i * s.dil_h;
        const size_t slot = j % slots;
        int16_t* dst = reinterpret_cast<int16_t*>(rows + slot * rb);
        if (tags[2 * slot] != n || tags[2 * slot + 1] != j) {
          pa.row_a = input_row(n, j);
          pa.row_b = input_row(n, j + s.dil_h);
          pa.dst = dst;
          k_.prep(pa);
          tags[2 * slot] = n;
          tags[2 * slot + 1] = j;
        }
        prow[i] = dst;
      }
      ra.output = static_cast<char*>(a.output) + (n * a.OH + oh) * a.OW * ra.out_pixel_bytes;
      row_(ra);
    }
  }

  const ConvConfig& cfg_;  // the operator's, which outlives the path
  const Kernels& k_;
  dw::RowFn row_ = nullptr;
  const char* name_ = "";
  size_t mult_ = 1, np_ = 1, Cp_ = 0, blocks_ = 0, w_bytes_ = 0;
  std::vector<char> storage_;
  int16_t* weights_ = nullptr;
  int32_t* bias_ = nullptr;
  simd::ChannelWord* wa_ = nullptr;
  simd::ChannelWord* wb_ = nullptr;
  std::vector<uint8_t> zp_row_;
  simd::OutputParams out_params_;
  dw::DirectFn direct_ = nullptr;
  dw::DirectFn s2b_ = nullptr;  // stride 2: the second row of a pair (dw::DirectArgs::hbuf)
  size_t wblock_ = 160;
  dw::DirectConsts dconsts_{};
  std::vector<char> direct_storage_;
  int16_t* dweights_ = nullptr;
  int32_t* dinit_ = nullptr;
  simd::ChannelWord* dwa_ = nullptr;
  simd::ChannelWord* dwb_ = nullptr;
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
