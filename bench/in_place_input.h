// The base of the implementations that read the layer's u8 NHWC input where
// it is (octet, FBGEMM): binding an input only keeps its pointer for run().
#pragma once

#include <cstdint>
#include <string>

#include "bench/layer.h"

namespace octet_bench {

class InPlaceInputImpl : public Impl {
 public:
  bool set_input(Dataset d, std::string*) override {
    x_ = L_->x[d].data();
    return true;
  }

 protected:
  Layer* L_ = nullptr;          // set by the derived create()
  const uint8_t* x_ = nullptr;  // the bound input
};

}  // namespace octet_bench
