// The AVX-512BW primitives of the depthwise kernels (madd, prep_block, store,
// FloatEpilogue in src/x86/avx512bw/dwconv_avx512bw_prims.h), compiled here
// against SIMDe's AVX-512 emulation so that they run on machines without
// AVX-512. The rest of the AVX-512 instantiation is the shared xsimd template
// (src/core/dwconv_impl.h), which the AVX2 instantiation runs through the same
// tests in dwconv_test.cc; together every line of AVX-512 kernel logic is
// exercised.
// SIMDe with the fixes and 512-bit conversions the emulated kernel builds use
// (vpmovzxbw zmm among them).
#define OCTET_GEMM_EMULATE 1
#include "src/x86/emulation.h"

#include <cstdint>

#define OCTET_DW_SIMDE 1
#include "src/x86/avx512bw/dwconv_avx512bw_prims.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "src/ref/requantize.h"

namespace octet::test {
namespace {

constexpr size_t L = 16;  // int32 lanes of a zmm
size_t lane_channel(size_t q, size_t h) { return 8 * (q / 4) + q % 4 + 4 * h; }  // as src/core/dwconv.h

TEST(DwconvAvx512Emulated, Madd) {
  std::mt19937 rng(1);
  for (int it = 0; it < 200; ++it) {
    alignas(64) int16_t x[32], w[32];
    alignas(64) int32_t r[16];
    for (int i = 0; i < 32; ++i) {
      x[i] = static_cast<int16_t>(static_cast<int>(rng() % 511) - 255);
      w[i] = static_cast<int16_t>(static_cast<int>(rng() % 511) - 255);
    }
    _mm512_store_si512(r, dw::avx512::madd(_mm512_load_si512(x), _mm512_load_si512(w)));
    for (int q = 0; q < 16; ++q) EXPECT_EQ(r[q], x[2 * q] * w[2 * q] + x[2 * q + 1] * w[2 * q + 1]);
  }
}

template <bool S8>
void check_prep(int32_t zp) {
  std::mt19937 rng(2 + zp);
  uint8_t a[32], b[32];
  for (int i = 0; i < 32; ++i) {
    a[i] = static_cast<uint8_t>(rng());
    b[i] = static_cast<uint8_t>(rng());
  }
  alignas(64) int16_t d[64];
  dw::avx512::prep_block<S8>(a, b, _mm512_set1_epi16(static_cast<int16_t>(zp)), d);
  auto val = [&](const uint8_t* v, size_t c) { return (S8 ? int32_t{static_cast<int8_t>(v[c])} : int32_t{v[c]}) - zp; };
  for (size_t h = 0; h < 2; ++h) {
    for (size_t q = 0; q < L; ++q) {
      const size_t c = lane_channel(q, h);
      EXPECT_EQ(d[h * 32 + 2 * q], val(a, c)) << "lane " << q << " half " << h;
      EXPECT_EQ(d[h * 32 + 2 * q + 1], val(b, c)) << "lane " << q << " half " << h;
    }
  }
}

TEST(DwconvAvx512Emulated, Prep) {
  for (int32_t zp : {0, 128, 255}) check_prep<false>(zp);
  for (int32_t zp : {-128, 0, 127}) check_prep<true>(zp);
}

TEST(DwconvAvx512Emulated, Store) {
  std::mt19937 rng(3);
  for (octet_datatype t : {octet_datatype_u8, octet_datatype_s8, octet_datatype_s32}) {
    for (size_t n : {32, 31, 17, 16, 5, 1}) {
      alignas(64) int32_t lo[16], hi[16];
      for (size_t q = 0; q < 16; ++q) {
        lo[q] = t == octet_datatype_u8 ? static_cast<int32_t>(rng() % 256)
                : t == octet_datatype_s8 ? static_cast<int32_t>(rng() % 256) - 128
                                         : static_cast<int32_t>(rng());
        hi[q] = t == octet_datatype_s32 ? static_cast<int32_t>(rng()) : lo[q] ^ 0x5;
        if (t == octet_datatype_s8) hi[q] = static_cast<int8_t>(hi[q]);
      }
      std::vector<uint8_t> out(32 * 4 + 8, 0xEE);
      dw::avx512::store(_mm512_load_si512(lo), _mm512_load_si512(hi), t, out.data(), n);
      const size_t es = t == octet_datatype_s32 ? 4 : 1;
      for (size_t h = 0; h < 2; ++h) {
        for (size_t q = 0; q < L; ++q) {
          const size_t c = lane_channel(q, h);
          if (c >= n) continue;
          const int32_t want = h ? hi[q] : lo[q];
          int32_t got = 0;
          if (t == octet_datatype_s32) std::memcpy(&got, &out[c * 4], 4);
          else got = t == octet_datatype_u8 ? int32_t{out[c]} : int32_t{static_cast<int8_t>(out[c])};
          EXPECT_EQ(got, want) << "type " << t << " n " << n << " channel " << c;
        }
      }
      for (size_t i = n * es; i < out.size(); ++i) EXPECT_EQ(out[i], 0xEE) << "wrote past n at byte " << i;
    }
  }
}

// The fast float-mode epilogue against the reference requantization, including
// accumulators far outside the output range.
template <bool OneDnn, bool U8>
void check_epilogue(octet_requant_mode mode) {
  std::mt19937 rng(4);
  for (int it = 0; it < 300; ++it) {
    alignas(64) float bias[32], scale[32];
    ref::ChannelRequant cr[32];
    for (size_t i = 0; i < 32; ++i) {
      bias[i] = mode == octet_requant_pytorch_qnnpack ? 0.0f : static_cast<float>(static_cast<int>(rng() % 20001) - 10000) * 0.37f;
      scale[i] = std::ldexp(static_cast<float>(rng() % 1000 + 1) / 1000.0f, -static_cast<int>(rng() % 16));
      cr[i].bias_float = bias[i];
      cr[i].scale = scale[i];
    }
    ref::OutputQuant oq;
    oq.mode = mode;
    oq.zero_point = U8 ? static_cast<int32_t>(rng() % 256) : static_cast<int32_t>(rng() % 256) - 128;
    const int32_t tlo = U8 ? 0 : -128, thi = U8 ? 255 : 127;
    oq.min = it % 3 == 0 ? oq.zero_point : tlo;
    oq.max = it % 5 == 0 ? std::min(thi, oq.zero_point + 50) : thi;
    if (oq.min > oq.max) oq.min = oq.max;
    alignas(64) int32_t v[32];
    for (size_t i = 0; i < 32; ++i) {
      const int kind = static_cast<int>(rng() % 4);
      v[i] = kind == 0 ? static_cast<int32_t>(rng()) : static_cast<int32_t>(rng() % 200001) - 100000;
      if (kind == 3) v[i] = static_cast<int32_t>(rng() % 2001) - 1000;
    }
    // lane order: v[0..15] are the lo lanes, v[16..31] the hi lanes; words alike.
    const dw::avx512::FloatEpilogue<OneDnn, U8> epi(bias, scale, oq.zero_point, oq.min, oq.max);
    uint8_t out[32];
    epi(_mm512_load_si512(v), _mm512_load_si512(v + 16), out, 32);
    for (size_t h = 0; h < 2; ++h) {
      for (size_t q = 0; q < L; ++q) {
        const size_t lane = h * 16 + q, c = lane_channel(q, h);
        const int32_t want = ref::requantize(cr[lane], oq, v[lane]);
        const int32_t got = U8 ? int32_t{out[c]} : int32_t{static_cast<int8_t>(out[c])};
        ASSERT_EQ(got, want) << "mode " << mode << " acc " << v[lane] << " zp " << oq.zero_point;
      }
    }
  }
}

TEST(DwconvAvx512Emulated, FloatEpilogue) {
  check_epilogue<false, true>(octet_requant_pytorch_fbgemm);
  check_epilogue<false, false>(octet_requant_pytorch_fbgemm);
  check_epilogue<false, true>(octet_requant_pytorch_qnnpack);
  check_epilogue<false, false>(octet_requant_pytorch_qnnpack);
  check_epilogue<true, true>(octet_requant_pytorch_onednn);
  check_epilogue<true, false>(octet_requant_pytorch_onednn);
}

}  // namespace
}  // namespace octet::test
