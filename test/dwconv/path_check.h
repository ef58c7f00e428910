// A layer run through ConvPath objects directly, for kernel tables the public
// API never dispatches to on this CPU (the SIMDe-emulated VNNI kernels),
// against the reference, byte for byte. Every buffer sits against a guard
// page (both placements), and the output starts as a pattern, so the bytes
// between output pixels must stay untouched.
#pragma once

#include <gtest/gtest.h>
#include <pthreadpool.h>

#include <cstdint>
#include <vector>

#include "octet/octet.h"
#include "src/api/conv2d_validate.h"
#include "src/ref/conv.h"
#include "test/common/guarded_buffer.h"

namespace octet::test {

class PathCheck {
 public:
  // The operator p on N x H x W pixels x (pixel strides ips in, ops out, es
  // bytes per output element), threads wide. Check ok() before run().
  PathCheck(const octet_conv2d_params& p, const std::vector<uint8_t>& x, size_t N, size_t H, size_t W, size_t ips,
            size_t ops, size_t es, size_t threads)
      : x_(x), N_(N), H_(H), W_(W), ips_(ips), ops_(ops), es_(es), threads_(threads) {
    prepare(p);
    if (threads > 1) pool_ = pthreadpool_create(threads);
  }
  ~PathCheck() {
    if (pool_) pthreadpool_destroy(pool_);
  }
  PathCheck(const PathCheck&) = delete;
  PathCheck& operator=(const PathCheck&) = delete;

  bool ok() const { return ok_; }
  const ConvConfig& cfg() const { return cfg_; }

  // Runs path in both guard placements; false after the first placement
  // with a mismatch (its first bytes reported).
  bool run(const ConvPath& path) const {
    for (Guard g : {Guard::kBefore, Guard::kAfter}) {
      GuardedBuffer<uint8_t> in(x_, g);
      GuardedBuffer<uint8_t> out(init_, g);
      const size_t wsz = path.workspace_size(N_, H_, W_, threads_);
      GuardedBuffer<uint8_t> wsb(wsz, g);
      ConvRunArgs a{};
      a.N = N_;
      a.H = H_;
      a.W = W_;
      a.OH = OH_;
      a.OW = OW_;
      a.input = in.data();
      a.input_pixel_stride = ips_;
      a.output = out.data();
      a.output_pixel_stride = ops_;
      a.workspace = wsz ? wsb.data() : nullptr;
      a.workspace_size = wsz;
      a.threadpool = pool_;
      path.run(a);
      size_t bad = 0;
      for (size_t i = 0; i < want_.size(); ++i) {
        if (out[i] != want_[i] && bad++ < 5) {
          const size_t e = i / es_;
          ADD_FAILURE() << "byte " << i << " (pixel " << e / ops_ << ", channel " << e % ops_ << "): got "
                        << int(out[i]) << ", want " << int(want_[i]);
        }
      }
      EXPECT_EQ(bad, 0u);
      if (bad) return false;
    }
    return true;
  }

 private:
  void prepare(const octet_conv2d_params& p) {
    ASSERT_EQ(validate_conv2d(&p, &cfg_), octet_status_success) << octet_last_error();
    OH_ = cfg_.shape.output_height(H_);
    OW_ = cfg_.shape.output_width(W_);
    ASSERT_GT(OH_ * OW_, 0u);
    init_.resize(N_ * OH_ * OW_ * ops_ * es_);
    for (size_t i = 0; i < init_.size(); ++i) init_[i] = static_cast<uint8_t>(i * 31 + 7);
    want_ = init_;
    ref::conv2d(cfg_.ref_params(), N_, H_, W_, x_.data(), ips_, want_.data(), ops_);
    ok_ = true;
  }

  ConvConfig cfg_;
  const std::vector<uint8_t>& x_;
  size_t N_, H_, W_, OH_ = 0, OW_ = 0, ips_, ops_, es_, threads_;
  std::vector<uint8_t> init_, want_;
  pthreadpool_t pool_ = nullptr;
  bool ok_ = false;
};

}  // namespace octet::test
