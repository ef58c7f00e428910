// An inline function both fixture objects instantiate: compiled with -mavx2 in
// one of them, it uses ymm registers, which is exactly the hazard the check finds.
#pragma once
inline void add_arrays(float* __restrict a, const float* __restrict b) {
  for (int i = 0; i < 64; ++i) a[i] += b[i];
}
