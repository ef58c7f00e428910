// The per-thread ring of prepped input rows of the depthwise, dot-product
// depthwise and small-group paths.
//
// These paths convert each padded input row once (a prep kernel: widen,
// subtract the zero point, interleave rows into pairs or quads) and let every
// output row whose window covers it read the converted row. Slot j % slots
// holds padded row j of image n, tagged (n, j); `slots` is at least the span of
// padded rows one output row reads, so the rows of one output row never share
// a slot, and consecutive output rows of a task find their shared rows ready.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>

#include "src/core/conv_config.h"
#include "src/core/per_thread.h"
#include "src/core/row_args.h"

namespace octet {

// Input columns an output row reads: its windows from the first to the last.
inline size_t window_cols(const ref::ConvShape& s, size_t W) {
  return (s.output_width(W) - 1) * s.stride_w + (s.S - 1) * s.dil_w + 1;
}

// Input row of padded row j of image n, or nullptr in the padding.
inline const uint8_t* padded_input_row(const ConvRunArgs& a, size_t pad_top, size_t n, size_t j) {
  if (j < pad_top || j - pad_top >= a.H) return nullptr;
  return static_cast<const uint8_t*>(a.input) + (n * a.H + (j - pad_top)) * a.W * a.input_pixel_stride;
}

// The shared argument fields (src/core/row_args.h) of a run. column: the
// elements of one prepped column (Cp * 2 int16 pairs, Cp * 4 byte quads).
inline void fill_prep_geometry(const ConvConfig& cfg, const ConvRunArgs& a, size_t Cp, uint8_t* scratch,
                               RowPrepGeometry* p) {
  const ref::ConvShape& s = cfg.shape;
  p->in_pixel_stride = a.input_pixel_stride;
  p->W = a.W;
  p->pad_left = s.pad_left;
  p->cols = window_cols(s, a.W);
  p->C = s.C;
  p->K = s.K;
  p->mult = s.K / s.C;
  p->Cp = Cp;
  p->s8 = cfg.input_type == octet_datatype_s8;
  p->expand = scratch;
}
inline void fill_row_output(const ConvConfig& cfg, const ConvRunArgs& a, size_t column, size_t blocks,
                            const simd::ChannelWord* wa, const simd::ChannelWord* wb, RowOutput* r) {
  const ref::ConvShape& s = cfg.shape;
  r->S = s.S;
  r->OW = a.OW;
  r->col_step = s.stride_w * column;
  r->dil_step = s.dil_w * column;
  r->blocks = blocks;
  r->K = s.K;
  r->wa = wa;
  r->wb = wb;
  r->out = simd::OutputParams::from(cfg.output);
  r->out_type = cfg.output_type;
  r->out_pixel_bytes = a.output_pixel_stride * (cfg.output_type == octet_datatype_s32 ? 4 : 1);
}

// One thread's slice of the workspace: slot tags, `ptrs` row pointers for the
// row kernel, `scratch` bytes for the prep kernel, then the slots.
class RowRing {
 public:
  struct Layout {
    size_t slots, ptrs, scratch, row_bytes;
    size_t header_bytes() const {
      return round_up(slots * 2 * sizeof(size_t) + ptrs * sizeof(const void*), kAlign) + round_up(scratch, kAlign);
    }
    size_t bytes() const { return header_bytes() + slots * round_up(row_bytes, kAlign); }
  };

  RowRing(const Layout& l, void* workspace, size_t t) : l_(l) {
    ws_ = align_ptr(workspace) + slice_offset(l.bytes(), t);
    tags_ = reinterpret_cast<size_t*>(ws_);
    for (size_t i = 0; i < 2 * l.slots; ++i) tags_[i] = std::numeric_limits<size_t>::max();
  }

  template <class T>
  const T** ptrs() const {
    return reinterpret_cast<const T**>(ws_ + l_.slots * 2 * sizeof(size_t));
  }
  uint8_t* scratch() const {
    return reinterpret_cast<uint8_t*>(ws_ + round_up(l_.slots * 2 * sizeof(size_t) + l_.ptrs * sizeof(const void*), kAlign));
  }

  // The slot of padded row j of image n; prep(dst) fills it unless it holds
  // that row already.
  template <class T, class Prep>
  T* row(size_t n, size_t j, Prep&& prep) {
    const size_t slot = j % l_.slots;
    T* dst = reinterpret_cast<T*>(ws_ + l_.header_bytes() + slot * round_up(l_.row_bytes, kAlign));
    if (tags_[2 * slot] != n || tags_[2 * slot + 1] != j) {
      prep(dst);
      tags_[2 * slot] = n;
      tags_[2 * slot + 1] = j;
    }
    return dst;
  }

 private:
  Layout l_;
  char* ws_;
  size_t* tags_;
};

}  // namespace octet

namespace octet {

// A path whose tasks each prep rows into one RowRing: one task per pool
// thread, each on its slice of the workspace. Derived has
//   RowRing::Layout ring(size_t W) const;
//   void run_task(const ConvRunArgs&, size_t t, size_t tasks) const;
template <class Derived>
class RowRingPath : public ConvPath {
 public:
  size_t workspace_size(size_t, size_t, size_t W, size_t max_threads) const override {
    return slices_workspace_bytes(self().ring(W).bytes(), max_threads);
  }
  void run(const ConvRunArgs& a) const override { run_one_task_per_thread(&self(), a); }
  void run_thread(const ConvRunArgs& a, size_t t, size_t threads) const override { self().run_task(a, t, threads); }

 private:
  const Derived& self() const { return static_cast<const Derived&>(*this); }
};

}  // namespace octet
