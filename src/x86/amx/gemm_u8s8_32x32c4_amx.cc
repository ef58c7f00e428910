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
// A rows (a_rows.h) come straight from the row pointers where each 16-row
// half of a tap is at one stride (a 1x1 convolution's NHWC pixels, a run of
// an indirection row, padding rows all at the zero row), otherwise, and for
// s8 input (flipped to u8 as the VNNI kernels do), through 64-byte buffer
// rows: checked and copied once per call, on its first panel, for all its
// panels. The K tail (kc % 64) is always copied, zero-padded: tile
// shapes stay those of a full step, so one configuration serves the whole
// call (ldtilecfg would clear the accumulators). Zero A bytes make the B rows
// past the tail's k-groups irrelevant: they are read from the panel (the next
// tap's weights) or, where the panel ends sooner, from a zeroed copy, so
// nothing outside the caller's rows and panel is ever read.
//
// The configuration is loaded per call, on the calling thread, and released
// before the last output stage: the contract has no per-run hook, and a call
// that owns its tile state from ldtilecfg to tilerelease shares nothing
// between threads and leaves none behind when the run returns (issue 16).
// Rows past mr and columns past nc are not configured or not multiplied at
// all.
//
// A call takes its rows across one panel (GemmUkernelFn) or several
// (GemmPanelsFn, the driver's multi-panel entry). Each panel's accumulators
// are stored to a 32 x 32 int32 buffer and finished row by row in the
// AVX-512 output stage (output_avx512.h) while the next panel multiplies:
// after each tile step of panel q come ceil(mr / steps) rows of panel q - 1's
// output stage, so the out-of-order core runs them beside the tile unit.
// They are all done by panel q's last step, so panel q's tiles are stored
// over them: no second buffer. Only the last panel's output stage runs
// after the products.
//
// Estimate (Sapphire Rapids; no AMX machine measured it). llvm-mca-19 does
// not model AMX (tdpbusd comes out as 100 cycles of latency on no port), so
// the core's code is modelled by llvm-mca (-mcpu=sapphirerapids; znver4
// alike) and the tiles by hand. Per 16x16x64 step of a 32 x 32 panel
// (S = ks * ceil(kc / 64) steps):
//   - tdpbusd: 4 at 16 cycles of throughput on the tile unit = 64 cycles;
//   - tile loads: 2 A + 2 B of 16 lines, ~8 cycles each on the load ports
//     (2 lines a cycle), beside the tile unit;
//   - the step's scalar bookkeeping (row sources, branches): ~9 cycles;
//   - A copies: ~1 cycle per 64-byte row (store-bound, u8 and s8 alike),
//     now made once per call of P panels, not once per panel;
//   - output stage, one row of 32 channels, u8 output, no a_sums, as GCC 12
//     compiles it (runtime mode branches included): fbgemm / qnnpack float
//     ~12.6 cycles (56 uops, ports 0 and 5), fixedpoint ~36 (105 uops);
//     ~400 / ~1150 per panel, all but the last panel's run between the
//     next panel's steps.
// Per panel:
//   1x1, K = 256 (S = 4): tiles 256 cycles against ~400 / ~1150 of output
//     stage: output-bound, ~400 / ~1150. u8 pixels load straight (no
//     copy). s8: every row is flipped, 128 row copies, which were made per
//     panel (~128 store cycles and tile loads waiting on them: ~530 /
//     ~1280 if they serialize with the output stage) and are now 128 per
//     call, beside the first panel's steps: 16 a panel at P = 8 (256
//     output channels), ~415 / ~1165.
//   3x3, K = 576 (64 channels, ks = 9 taps of 64, S = 9), pad 1, 56x56:
//     tiles 576 cycles. A "same" 3x3's rows keep one stride across output
//     row ends; halves with a padding pixel (ow = 0 for the s = 0 taps,
//     OW - 1 for s = 2, mixed image and padding rows) are copied. Counted
//     over the layer's 98 calls: 110 rows a panel before (one break copied
//     all 32 rows of the tap), 55 a call now (by halves): 27 a panel at P =
//     2 (64 output channels), 7 at P = 8 (28x28: 188 -> 108 a call). Float:
//     the output stage (~50 a step) and copies fit under the tiles: ~580
//     either way. Fixedpoint (~144 a step) does not: ~1150 + copies, ~1260
//     -> ~1180 at P = 2 (an upper bound: copies use the load and store
//     ports, the output stage mostly ports 0 and 5).
// Per call only P - 1 output stages hide; the last one stays after the
// products, and each panel's tilestored comes on top.
#include <cstring>
#include <optional>

#include "src/core/gemm_ukernel.h"
#include "src/x86/amx/a_rows.h"
#include "src/x86/amx/amx_tiles.h"
#include "src/x86/avx512bw/output_avx512.h"
#include "src/x86/emulation.h"

namespace octet::x86 {
namespace {

constexpr size_t kMR = 32, kNR = 32;
constexpr size_t kGroupBytes = kNR * 4;  // one k-group of the panel
constexpr size_t kStepPanelBytes = 16 * kGroupBytes;

// The output stage of one stored 32 x 32 accumulator block, run a few rows
// at a time (rows(count)) between the next panel's tile steps. The stage is
// built once per panel (start), not per slice, so its constants are made once.
struct Epilogue {
  const int32_t (*acc)[kNR] = nullptr;
  void* c = nullptr;
  size_t nc = 0, mr = 0, done = 0;
  std::optional<OutputStageZmm> out;

  void start(const int32_t (*block)[kNR], const void* panel, void* dst, size_t cols, size_t row_count,
             const GemmParams& params) {
    acc = block;
    c = dst;
    nc = cols;
    mr = row_count;
    done = 0;
    out.emplace(params, panel, kNR);
  }

  // The next `count` rows (at most the rest).
  __attribute__((always_inline)) inline void rows(size_t count, size_t cm_stride, const GemmParams& params) {
    const size_t end = mr - done < count ? mr : done + count;
    if (done >= end) return;
    for (; done < end; ++done) {
      const size_t m = done;
      const int32_t* a_sum = params.a_sums ? params.a_sums + m : nullptr;
      void* crow = static_cast<char*>(c) + m * cm_stride;
      if (nc > 16) {
        const __m512i v[2] = {_mm512_load_si512(acc[m]), _mm512_load_si512(acc[m] + 16)};
        out->row<2>(v, nc, a_sum, crow);
      } else {
        const __m512i v[1] = {_mm512_load_si512(acc[m])};
        out->row<1>(v, nc, a_sum, crow);
      }
    }
  }
};

// Rows [0, mr) across the panels holding n columns (GemmPanelsFn); one
// panel is the GemmUkernelFn call.
template <bool S8>
void amx_panels(size_t mr, size_t n, size_t kc, size_t ks, const void* const* a, const void* w,
                size_t panel_stride, void* c, size_t cm_stride, const GemmParams* params) {
  // two_n: some panel has more than 16 columns (all but the last, or the
  // last); a panel of at most 16 leaves tiles 1, 3 and 7 unused.
  const bool two_m = mr > 16, two_n = n > 16;
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

  const size_t panels = (n + kNR - 1) / kNR;
  const size_t esize = params->out_type == octet_datatype_s32 ? 4 : 1;
  const size_t tap_bytes = (kc + 3) / 4 * kGroupBytes;
  // The A rows, checked (and copied where they must be) once per call when
  // several panels read them (a_rows.h).
  amx::ARows<S8> arows(mr, kc, ks, a, panels > 1);
  const size_t tap_steps = arows.steps(), steps = ks * tap_steps;
  // Rows of the previous panel's output stage after each tile step: all of
  // them by this panel's last step.
  const size_t slice = (mr + steps - 1) / steps;
  // One buffer serves: panel q - 1's rows are all finished by panel q's last
  // step, before panel q's tiles are stored over them.
  alignas(64) int32_t acc[kMR][kNR];
  Epilogue prev;

  for (size_t q = 0; q < panels; ++q) {
    const void* panel = static_cast<const char*>(w) + q * panel_stride;
    const size_t nc = n - q * kNR < kNR ? n - q * kNR : kNR;
    const bool wide = nc > 16;
    OCTET_TILE_ZERO(0);
    if (wide) OCTET_TILE_ZERO(1);
    if (two_m) OCTET_TILE_ZERO(2);
    if (two_m && wide) OCTET_TILE_ZERO(3);

    // B tiles at b (16 k-groups), the products of the tiles in use, then a
    // slice of the previous panel's output stage, which the core runs
    // beside the tile unit's tdpbusd (nothing here waits for them).
    auto step = [&](const int8_t* b) __attribute__((always_inline)) {
      OCTET_TILE_LOADD(6, b, kGroupBytes);
      if (wide) OCTET_TILE_LOADD(7, b + 64, kGroupBytes);
      OCTET_TILE_DPBUSD(0, 4, 6);
      if (wide) OCTET_TILE_DPBUSD(1, 4, 7);
      if (two_m) {
        OCTET_TILE_DPBUSD(2, 5, 6);
        if (wide) OCTET_TILE_DPBUSD(3, 5, 7);
      }
      prev.rows(slice, cm_stride, *params);
    };

    const int8_t* wp = PanelHeader(panel, kNR).template weights_as<int8_t>();
    const int8_t* panel_end = wp + ks * tap_bytes;
    for (size_t t = 0; t < ks; ++t) {
      const amx::HalfRows* half = arows.tap(t, q == 0);
      const int8_t* wt = wp + t * tap_bytes;
      for (size_t j = 0; j < tap_steps; ++j) {
        const amx::TileSrc lo = arows.step(half[0], t, 0, j);
        OCTET_TILE_LOADD(4, lo.p, lo.stride);
        if (two_m) {
          const amx::TileSrc hi = arows.step(half[1], t, 1, j);
          OCTET_TILE_LOADD(5, hi.p, hi.stride);
        }
        const int8_t* b = wt + j * kStepPanelBytes;
        alignas(64) int8_t bbuf[16][kGroupBytes];
        if (static_cast<size_t>(panel_end - b) < kStepPanelBytes) {
          // A K tail near the panel's end (the last tap's, or one of the
          // last taps' when kc is short): only the k-groups left exist.
          std::memset(bbuf, 0, sizeof(bbuf));
          std::memcpy(bbuf, b, static_cast<size_t>(panel_end - b));
          b = bbuf[0];
        }
        step(b);
      }
    }
    prev.rows(mr, cm_stride, *params);  // none left (slice * steps >= mr): acc is free

    OCTET_TILE_STORED(0, acc[0], kNR * 4);
    if (wide) OCTET_TILE_STORED(1, acc[0] + 16, kNR * 4);
    if (two_m) OCTET_TILE_STORED(2, acc[16], kNR * 4);
    if (two_m && wide) OCTET_TILE_STORED(3, acc[16] + 16, kNR * 4);
    prev.start(acc, panel, static_cast<char*>(c) + q * kNR * esize, nc, mr, *params);
  }
  OCTET_TILE_RELEASE();
  // The last panel has no tile steps after it to hide behind.
  prev.rows(mr, cm_stride, *params);
}

}  // namespace

void OCTET_UKERNEL_NAME(gemm_u8s8_32x32c4_amx_panels)(size_t mr, size_t n, size_t kc, size_t ks,
                                                       const void* const* a, const void* w, size_t panel_stride,
                                                       void* c, size_t cm_stride, const GemmParams* params) {
  if (params->input_s8) {
    amx_panels<true>(mr, n, kc, ks, a, w, panel_stride, c, cm_stride, params);
  } else {
    amx_panels<false>(mr, n, kc, ks, a, w, panel_stride, c, cm_stride, params);
  }
}

void OCTET_UKERNEL_NAME(gemm_u8s8_32x32c4_amx)(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a,
                                                const void* w, void* c, size_t cm_stride,
                                                const GemmParams* params) {
  OCTET_UKERNEL_NAME(gemm_u8s8_32x32c4_amx_panels)(mr, nc, kc, ks, a, w, 0, c, cm_stride, params);
}

}  // namespace octet::x86
