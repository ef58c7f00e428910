// AMX-INT8 GEMM microkernel: 32 rows x 32 columns as 2 x 2 accumulator tiles
// of 16 x 16 int32, tdpbusd u8 x s8 -> s32, the GemmKernel contract of
// src/core/gemm_ukernel.h on the c4 panels of the VNNI kernels.
//
// Tiles (palette 1): tmm0..3 accumulators C[i][j] (rows 16i.., columns 16j..),
// tmm4/5 the A rows 0-15 / 16-31, tmm6/7 the weights of columns 0-15 / 16-31.
// One step takes 64 bytes of K: an A tile is 16 rows x 64 bytes of
// activations, a B tile 16 k-groups x (16 channels x 4 bytes), read straight
// from the panel, whose k-group rows are 32 channels x 4 = 128 bytes apart.
//
// A rows come straight from the row pointers when they are at one stride (a
// 1x1 convolution's NHWC pixels, a run of an indirection row), otherwise, and
// for s8 input (flipped to u8 as the VNNI kernels do), through a buffer of
// 64-byte rows. The K tail (kc % 64) is always copied, zero-padded: tile
// shapes stay those of a full step, so one configuration serves the whole
// call (ldtilecfg would clear the accumulators). Zero A bytes make the B rows
// past the tail's k-groups irrelevant: they are read from the panel (the next
// tap's weights) or, where the panel ends sooner, from a zeroed copy, so
// nothing outside the caller's rows and panel is ever read.
//
// The configuration is loaded per call, on the calling thread, and released
// before the output stage: the contract has no per-run hook, and a call that
// owns its tile state from ldtilecfg to tilerelease shares nothing between
// threads and leaves none behind when the run returns (issue 16). Rows past
// mr and columns past nc are not configured or not multiplied at all.
//
// The accumulators are stored to a 32 x 32 int32 buffer and finished row by
// row in the AVX-512 output stage (output_avx512.h).
#include <cstring>

#include "src/core/gemm_ukernel.h"
#include "src/x86/amx/amx_tiles.h"
#include "src/x86/avx512bw/output_avx512.h"
#include "src/x86/emulation.h"

namespace octet::x86 {
namespace {

constexpr size_t kMR = 32, kNR = 32;
constexpr size_t kStepBytes = 64;          // K bytes per tile step: 16 k-groups of 4
constexpr size_t kGroupBytes = kNR * 4;    // one k-group of the panel
constexpr size_t kStepPanelBytes = 16 * kGroupBytes;

// n (1..64) bytes of a row into a 64-byte buffer row, zeros after; s8 input
// flipped to u8 (x + 128), the zeros left as zeros (they must multiply to 0).
template <bool S8>
__attribute__((always_inline)) inline void copy_row(uint8_t* dst, const uint8_t* src, size_t n) {
  if (n == kStepBytes) {
    __m512i v = _mm512_loadu_si512(src);
    if (S8) v = _mm512_xor_si512(v, _mm512_set1_epi8(static_cast<char>(0x80)));
    _mm512_store_si512(dst, v);
    return;
  }
  std::memset(dst, 0, kStepBytes);
  std::memcpy(dst, src, n);
  if (S8) {
    for (size_t i = 0; i < n; ++i) dst[i] ^= 0x80;
  }
}

template <bool S8>
void amx_kernel(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c,
                size_t cm_stride, const GemmParams* params) {
  const bool two_m = mr > 16, two_n = nc > 16;
  const uint8_t m_lo = static_cast<uint8_t>(two_m ? 16 : mr), m_hi = static_cast<uint8_t>(two_m ? mr - 16 : 0);

  TileConfig cfg{};
  cfg.palette_id = 1;
  auto set = [&cfg](int t, uint8_t rows) {
    cfg.rows[t] = rows;
    cfg.colsb[t] = 64;
  };
  set(0, m_lo);
  set(4, m_lo);
  set(6, 16);
  if (two_n) {
    set(1, m_lo);
    set(7, 16);
  }
  if (two_m) {
    set(2, m_hi);
    set(5, m_hi);
    if (two_n) set(3, m_hi);
  }
  OCTET_TILE_LOADCONFIG(&cfg);
  OCTET_TILE_ZERO(0);
  if (two_n) OCTET_TILE_ZERO(1);
  if (two_m) OCTET_TILE_ZERO(2);
  if (two_m && two_n) OCTET_TILE_ZERO(3);

  // B tiles at b (16 k-groups), then the products of the configured tiles.
  auto step = [two_m, two_n](const int8_t* b) {
    OCTET_TILE_LOADD(6, b, kGroupBytes);
    if (two_n) OCTET_TILE_LOADD(7, b + 64, kGroupBytes);
    OCTET_TILE_DPBUSD(0, 4, 6);
    if (two_n) OCTET_TILE_DPBUSD(1, 4, 7);
    if (two_m) {
      OCTET_TILE_DPBUSD(2, 5, 6);
      if (two_n) OCTET_TILE_DPBUSD(3, 5, 7);
    }
  };

  const int8_t* wp = PanelHeader(w, kNR).template weights_as<int8_t>();
  const size_t tap_bytes = (kc + 3) / 4 * kGroupBytes;
  const int8_t* panel_end = wp + ks * tap_bytes;
  const size_t kfull = kc / kStepBytes, ktail = kc % kStepBytes;
  alignas(64) uint8_t abuf[kMR][kStepBytes];

  for (size_t t = 0; t < ks; ++t) {
    const uint8_t* const* rows = reinterpret_cast<const uint8_t* const*>(a + t * mr);
    const int8_t* wt = wp + t * tap_bytes;
    // One stride for all mr rows? (Compared as integers: the rows may be
    // separate objects.)
    bool direct = !S8;
    const uintptr_t r0 = reinterpret_cast<uintptr_t>(rows[0]);
    const uintptr_t stride = mr > 1 ? reinterpret_cast<uintptr_t>(rows[1]) - r0 : 0;
    for (size_t m = 2; direct && m < mr; ++m) direct = reinterpret_cast<uintptr_t>(rows[m]) == r0 + m * stride;

    for (size_t j = 0; j < kfull; ++j) {
      const size_t k0 = j * kStepBytes;
      if (direct) {
        OCTET_TILE_LOADD(4, rows[0] + k0, static_cast<ptrdiff_t>(stride));
        if (two_m) OCTET_TILE_LOADD(5, rows[16] + k0, static_cast<ptrdiff_t>(stride));
      } else {
        for (size_t m = 0; m < mr; ++m) copy_row<S8>(abuf[m], rows[m] + k0, kStepBytes);
        OCTET_TILE_LOADD(4, abuf[0], kStepBytes);
        if (two_m) OCTET_TILE_LOADD(5, abuf[16], kStepBytes);
      }
      step(wt + j * kStepPanelBytes);
    }
    if (ktail != 0) {
      for (size_t m = 0; m < mr; ++m) copy_row<S8>(abuf[m], rows[m] + kfull * kStepBytes, ktail);
      OCTET_TILE_LOADD(4, abuf[0], kStepBytes);
      if (two_m) OCTET_TILE_LOADD(5, abuf[16], kStepBytes);
      const int8_t* b = wt + kfull * kStepPanelBytes;
      alignas(64) int8_t bbuf[16][kGroupBytes];
      if (b + kStepPanelBytes > panel_end) {
        // The last tap's tail: only its own k-groups exist.
        std::memset(bbuf, 0, sizeof(bbuf));
        std::memcpy(bbuf, b, static_cast<size_t>(panel_end - b));
        b = bbuf[0];
      }
      step(b);
    }
  }

  alignas(64) int32_t acc[kMR][kNR];
  OCTET_TILE_STORED(0, acc[0], kNR * 4);
  if (two_n) OCTET_TILE_STORED(1, acc[0] + 16, kNR * 4);
  if (two_m) OCTET_TILE_STORED(2, acc[16], kNR * 4);
  if (two_m && two_n) OCTET_TILE_STORED(3, acc[16] + 16, kNR * 4);
  OCTET_TILE_RELEASE();

  const OutputStageZmm out(*params, w, kNR);
  for (size_t m = 0; m < mr; ++m) {
    const int32_t* a_sum = params->a_sums ? params->a_sums + m : nullptr;
    void* crow = static_cast<char*>(c) + m * cm_stride;
    if (two_n) {
      const __m512i v[2] = {_mm512_load_si512(acc[m]), _mm512_load_si512(acc[m] + 16)};
      out.row<2>(v, nc, a_sum, crow);
    } else {
      const __m512i v[1] = {_mm512_load_si512(acc[m])};
      out.row<1>(v, nc, a_sum, crow);
    }
  }
}

}  // namespace

void OCTET_UKERNEL_NAME(gemm_u8s8_32x32c4_amx)(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a,
                                                const void* w, void* c, size_t cm_stride,
                                                const GemmParams* params) {
  if (params->input_s8) {
    amx_kernel<true>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  } else {
    amx_kernel<false>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  }
}

}  // namespace octet::x86
