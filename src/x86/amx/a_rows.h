// The A rows of one call of the AMX GEMM kernel (gemm_u8s8_32x32c4_amx.cc):
// where each 16-row A tile (rows 0-15: tmm4, rows 16-31: tmm5) of each tap
// reads its 64-byte K steps.
//
// A half (the rows of one A tile in one tap) whose rows are at one stride (a
// 1x1 convolution's pixels, a run of an indirection row, a run of padding
// rows all at the zero row: stride 0) is loaded straight from its rows.
// Otherwise (a padding row amid image rows, a run broken at an output row
// end, s8 input to flip to u8) it goes through 64-byte buffer rows, and the
// K tail (kc % 64) of every half always does, zero-padded. The two halves
// are checked apart: a break in one leaves the other direct.
//
// Every panel of a multi-panel call reads the same rows, so a call of more
// than one panel checks each tap's halves once, on its first panel, and
// copies what needs copying into an arena on the stack that the later
// panels read (the first panel's tile steps run beside the copies). What no
// longer fits the arena (or a tap past kPlanTaps) is copied step by step on
// every panel into a scratch tile, as a one-panel call does all of it (it
// has no later panel to reuse a copy: its footprint stays one tile).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "src/x86/emulation.h"

namespace octet::x86::amx {

constexpr size_t kStepBytes = 64;  // K bytes per tile step: 16 k-groups of 4
constexpr size_t kTileRows = 16;
// Copies kept for the whole call: 32 rows x 1024 K bytes (a 3x3 on 64
// channels with every half copied takes 18 KB, s8 1x1 on 256 channels 8 KB).
constexpr size_t kArenaBytes = 32768;
constexpr size_t kPlanTaps = 64;

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

// An A tile operand: its first row and the distance between rows.
struct TileSrc {
  const uint8_t* p;
  ptrdiff_t stride;
};

// Where one half of one tap reads: full step j at base + 64 j, rows stride
// apart; the tail step at tail, rows tail_stride apart. Null: copied at the
// step. (No member initializers: a call's plan array is not zeroed.)
struct HalfRows {
  const uint8_t* base;
  ptrdiff_t stride;
  const uint8_t* tail;
  ptrdiff_t tail_stride;
};

template <bool S8>
class ARows {
 public:
  // mr rows per tap (a[t * mr + m]); keep: copies are reused by later panels.
  ARows(size_t mr, size_t kc, size_t ks, const void* const* a, bool keep)
      : a_(reinterpret_cast<const uint8_t* const*>(a)),
        mr_(mr),
        kfull_(kc / kStepBytes),
        ktail_(kc % kStepBytes),
        kpad_((kfull_ + (ktail_ != 0)) * kStepBytes),
        planned_(keep ? (ks < kPlanTaps ? ks : kPlanTaps) : 0) {}

  // Steps per tap: the full ones, then the tail if any.
  size_t steps() const { return kfull_ + (ktail_ != 0); }

  // Tap t's two halves (the second only when mr > 16). first: the call's
  // first panel, which plans (and copies) them; the later ones read the plan.
  __attribute__((always_inline)) inline const HalfRows* tap(size_t t, bool first) {
    if (t < planned_) {
      if (first) plan_tap(t, plan_[t], true);
      return plan_[t];
    }
    plan_tap(t, extra_, false);
    return extra_;
  }

  // The operand of step j (j == kfull: the tail) of half h of tap t.
  __attribute__((always_inline)) inline TileSrc step(const HalfRows& hr, size_t t, size_t h, size_t j) {
    const bool tail = j == kfull_;
    if (!tail && hr.base != nullptr) return {hr.base + j * kStepBytes, hr.stride};
    if (tail && hr.tail != nullptr) return {hr.tail, hr.tail_stride};
    const uint8_t* const* rows = a_ + t * mr_ + h * kTileRows;
    const size_t count = half_rows(h), k0 = j * kStepBytes, n = tail ? ktail_ : kStepBytes;
    for (size_t m = 0; m < count; ++m) copy_row<S8>(scratch_[h][m], rows[m] + k0, n);
    return {scratch_[h][0], static_cast<ptrdiff_t>(kStepBytes)};
  }

 private:
  size_t half_rows(size_t h) const {
    if (mr_ <= kTileRows) return mr_;
    return h == 0 ? kTileRows : mr_ - kTileRows;
  }

  void plan_tap(size_t t, HalfRows* out, bool copy) {
    for (size_t h = 0; h * kTileRows < mr_; ++h) {
      out[h] = plan_half(a_ + t * mr_ + h * kTileRows, half_rows(h), copy);
    }
  }

  // Arena room for n bytes, or null.
  uint8_t* take(size_t n) {
    if (used_ + n > kArenaBytes) return nullptr;
    uint8_t* p = arena_ + used_;
    used_ += n;
    return p;
  }

  HalfRows plan_half(const uint8_t* const* rows, size_t count, bool copy) {
    HalfRows r{nullptr, 0, nullptr, 0};
    // One stride? (Compared as integers: the rows may be separate objects.)
    const uintptr_t r0 = reinterpret_cast<uintptr_t>(rows[0]);
    const uintptr_t stride = count > 1 ? reinterpret_cast<uintptr_t>(rows[1]) - r0 : 0;
    bool direct = !S8;
    for (size_t m = 2; direct && m < count; ++m) direct = reinterpret_cast<uintptr_t>(rows[m]) == r0 + m * stride;
    const size_t kt = kfull_ * kStepBytes;
    if (direct) {
      r.base = rows[0];
      r.stride = static_cast<ptrdiff_t>(stride);
      uint8_t* dst = ktail_ != 0 && copy ? take(count * kStepBytes) : nullptr;
      if (dst != nullptr) {
        for (size_t m = 0; m < count; ++m) copy_row<S8>(dst + m * kStepBytes, rows[m] + kt, ktail_);
        r.tail = dst;
        r.tail_stride = static_cast<ptrdiff_t>(kStepBytes);
      }
      return r;
    }
    uint8_t* dst = copy ? take(count * kpad_) : nullptr;
    if (dst == nullptr) return r;
    for (size_t m = 0; m < count; ++m) {
      uint8_t* d = dst + m * kpad_;
      const uint8_t* src = rows[m];  // (not reloaded after each store)
      for (size_t k0 = 0; k0 < kt; k0 += kStepBytes) copy_row<S8>(d + k0, src + k0, kStepBytes);
      if (ktail_ != 0) copy_row<S8>(d + kt, src + kt, ktail_);
    }
    r.base = dst;
    r.stride = static_cast<ptrdiff_t>(kpad_);
    r.tail = dst + kt;
    r.tail_stride = static_cast<ptrdiff_t>(kpad_);
    return r;
  }

  const uint8_t* const* a_;
  size_t mr_, kfull_, ktail_, kpad_, planned_;
  size_t used_ = 0;
  HalfRows plan_[kPlanTaps][2];
  HalfRows extra_[2];
  alignas(64) uint8_t scratch_[2][kTileRows][kStepBytes];
  alignas(64) uint8_t arena_[kArenaBytes];
};

}  // namespace octet::x86::amx
