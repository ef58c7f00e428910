// Strided tiles for an igemm convolution (GemmKernel::strided_taps): the
// output pixels cut into tiles whose pixels are equally spaced in the input
// and the output and whose windows have the same taps inside the image, so a
// kernel call takes one pointer per tap (GemmParams::a_stride) and skips the
// taps that fall in the padding (GemmParams::w_taps, acc_init) instead of
// multiplying rows of x_zero_point.
//
// The output rows (and columns) fall into classes: runs of rows whose windows
// keep the same kernel rows [r0, r1) inside the image (for a 3x3 pad 1 layer:
// the first row, the interior, the last row). A class of rows crossed with a
// class of columns is a rectangle of pixels sharing the taps [r0, r1) x
// [s0, s1). Each rectangle is tiled along its rows (pixels stride_w apart) or
// its columns (stride_h * W apart), whichever computes fewer kernel rows; a
// run of L pixels is cut into kernel tiles of the primary and the optional
// second tile height (same panels) computing the fewest rows (a short tile
// computes gemm_tile_rows: a corner of one or two pixels, two rows).
//
// The plan also costs the classic indirection tiling (tiles of mr pixels in
// raster order, every tap) so that the path runs the cheaper: on a 7x7 layer
// the border tiles of a few pixels would cost more than the padded taps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "src/ref/conv.h"

namespace octet {

struct StridedTile {
  long in_px;          // input pixel (n*H + ih)*W + iw of row 0's window corner (r, s = 0), may be outside
  size_t in_step;      // input pixels between the tile's rows: stride_w, or stride_h * W
  size_t out_px;       // output pixel (n*OH + oh)*OW + ow of row 0
  size_t out_step;     // output pixels between the tile's rows: 1 or OW
  uint32_t mr;         // rows (pixels) of the tile
  uint32_t kernel;     // 0: the primary tile height, 1: the second
  uint32_t rect;       // its taps: StridedPlan::rect_taps
};

struct StridedPlan {
  std::vector<StridedTile> tiles;     // by first pixel, raster order
  std::vector<uint32_t> taps;         // the taps (t = r*S + s) of every rectangle class, back to back
  std::vector<uint32_t> rect_begin;   // class c: taps[rect_begin[c], rect_begin[c + 1])
  std::vector<long> tap_px;           // per tap t: input pixels from the window corner
  std::vector<size_t> prefix;         // prefix[j]: cost of tiles [0, j) (tiles + 1 entries)
  size_t cost = 0;                    // kernel rows computed x taps run, over all tiles
  size_t classic_cost = 0;            // the same for the raster tiling of every tap
  size_t rects() const { return rect_begin.empty() ? 0 : rect_begin.size() - 1; }
};

// The plan for N images of H x W (output OH x OW) on tile heights mr0 and
// mr1 (0: none) with the classic tiling costed on classic_mr rows per tile.
StridedPlan plan_strided_tiles(const ref::ConvShape& s, size_t N, size_t H, size_t W, size_t mr0, size_t mr1,
                               size_t classic_mr);

// A run of L pixels cut into tiles of heights mr0 and mr1 (0: none) computing
// the fewest rows (gemm_tile_rows), ties to fewer tiles: the heights chosen (kernel 0 or 1 and
// the tile's rows), in order.
struct StridedCut {
  uint32_t rows, kernel;
};
std::vector<StridedCut> cut_strided_run(size_t L, size_t mr0, size_t mr1);

}  // namespace octet
