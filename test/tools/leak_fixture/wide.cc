#include "shared.h"
void wide_user(float* a, const float* b) { add_arrays(a, b); }
