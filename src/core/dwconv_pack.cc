#include "src/core/dwconv_pack.h"

namespace octet::dw {

namespace {

// The int32 start of an accumulator, wrapped as the reference's int32 sums wrap.
int32_t wrap32(int64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(v))); }

ChannelConsts carve_consts(PackedBuffer& b, size_t first) {
  return {b.at<int32_t>(first), b.at<simd::ChannelWord>(first + 1), b.at<simd::ChannelWord>(first + 2)};
}

}  // namespace

void pack_row_weights(const ConvConfig& cfg, size_t L, size_t np, size_t Cp, RowPack* out) {
  const ref::ConvShape& s = cfg.shape;
  const size_t blocks = Cp / (2 * L);
  const size_t words = Cp * sizeof(int32_t);
  out->buffer = PackedBuffer({blocks * np * s.S * 4 * L * sizeof(int16_t), words, words, words});
  int16_t* weights = out->buffer.at<int16_t>(0);
  out->weights = weights;
  out->consts = carve_consts(out->buffer, 1);
  for (size_t b = 0; b < blocks; ++b) {
    for (size_t h = 0; h < 2; ++h) {
      for (size_t q = 0; q < L; ++q) {
        const size_t k_out = b * 2 * L + lane_channel(q, h);
        if (k_out >= s.K) continue;
        const int32_t wzp = cfg.w_zero_points[k_out];
        for (size_t i = 0; i < np; ++i) {
          for (size_t c = 0; c < s.S; ++c) {
            const size_t r0 = 2 * i, r1 = 2 * i + 1;
            const int32_t w0 = cfg.weights[(k_out * s.R + r0) * s.S + c] - wzp;
            const int32_t w1 = r1 < s.R ? cfg.weights[(k_out * s.R + r1) * s.S + c] - wzp : 0;
            int16_t* d = weights + ((b * np + i) * s.S + c) * 4 * L + h * 2 * L + 2 * q;
            d[0] = static_cast<int16_t>(w0);
            d[1] = static_cast<int16_t>(w1);
          }
        }
        const size_t lane = b * 2 * L + h * L + q;
        out->consts.init[lane] = cfg.requant[k_out].bias_int;
        simd::channel_words(cfg.mode, cfg.requant[k_out], &out->consts.wa[lane], &out->consts.wb[lane]);
      }
    }
  }
}

bool direct_applies(const ConvConfig& cfg, const Kernels& k) {
  const ref::ConvShape& s = cfg.shape;
  const size_t mult = s.K / s.C;
  const DirectFn fn = s.stride_h == 1 ? k.direct_3x3_s1 : (s.stride_h == 2 ? k.direct_3x3_s2 : nullptr);
  const bool channels_ok = (mult == 1 && s.C % 16 == 0) || (mult == 2 && s.C % 8 == 0);
  return fn != nullptr && channels_ok && s.R == 3 && s.S == 3 && s.dil_h == 1 && s.dil_w == 1 &&
         s.stride_w == s.stride_h;
}

void pack_direct_weights(const ConvConfig& cfg, const simd::OutputParams& out, DirectPack* p) {
  const ref::ConvShape& s = cfg.shape;
  DirectConsts& dc = p->out_consts;
  const int32_t perm[8] = {0, 4, 1, 5, 2, 6, 3, 7};
  for (size_t i = 0; i < 8; ++i) {
    dc.perm[i] = perm[i];
    dc.zpf[i] = static_cast<float>(out.zero_point);
    dc.minf[i] = static_cast<float>(out.min);
    dc.maxf[i] = static_cast<float>(out.max);
  }
  for (size_t i = 0; i < 16; ++i) dc.zp16[i] = static_cast<int16_t>(out.zero_point);
  for (size_t i = 0; i < 32; ++i) {
    dc.min8[i] = static_cast<int8_t>(out.min);
    dc.max8[i] = static_cast<int8_t>(out.max);
  }
  const size_t blocks = s.K / 16;
  const bool s2 = s.stride_h == 2;
  p->wblock = s2 ? 320 : 160;
  const size_t words = s.K * sizeof(int32_t);
  p->buffer = PackedBuffer({blocks * p->wblock * sizeof(int16_t), words, words, words});
  int16_t* weights = p->buffer.at<int16_t>(0);
  p->weights = weights;
  p->consts = carve_consts(p->buffer, 1);
  // The kernels read s8 input as x + 128 (dw::DirectArgs), padding included.
  const int64_t x_zp = int64_t{cfg.x_zero_point} + (cfg.input_type == octet_datatype_s8 ? 128 : 0);
  for (size_t k = 0; k < s.K; ++k) {
    const int32_t wzp = cfg.w_zero_points[k];
    auto w = [&](size_t r, size_t c) -> int32_t { return cfg.weights[(k * 3 + r) * 3 + c] - wzp; };
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
      int16_t* d = weights + b * p->wblock + (kind * 2 + half) * 16 + 2 * q;
      d[0] = static_cast<int16_t>(pairs[kind][0]);
      d[1] = static_cast<int16_t>(pairs[kind][1]);
      if (kind < 5) sum += pairs[kind][0] + pairs[kind][1];  // the nine taps once
    }
    p->consts.init[k] = wrap32(int64_t{cfg.requant[k].bias_int} - x_zp * sum);
    simd::channel_words(cfg.mode, cfg.requant[k], &p->consts.wa[k], &p->consts.wb[k]);
  }
}

}  // namespace octet::dw
