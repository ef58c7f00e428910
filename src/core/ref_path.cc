// The scalar path: the reference itself, split over output rows. This is what
// run() executes under the `scalar` ISA cap, and the fallback everywhere.
#include <pthreadpool.h>

#include "src/core/conv_paths.h"

namespace octet {

namespace {

class RefPath final : public ConvPath {
 public:
  explicit RefPath(const ConvConfig& cfg) : params_(cfg.ref_params()) {}
  const char* name() const override { return "ref"; }
  octet_isa isa() const override { return octet_isa_scalar; }
  size_t workspace_size(size_t, size_t, size_t, size_t) const override { return 0; }

  void run(const ConvRunArgs& a) const override {
    struct Ctx {
      const ref::ConvRefParams* p;
      const ConvRunArgs* a;
    } ctx{&params_, &a};
    // One task per (image, output row): results do not depend on the split.
    pthreadpool_parallelize_1d(
        a.threadpool,
        [](void* raw, size_t i) {
          const Ctx* c = static_cast<const Ctx*>(raw);
          const size_t n = i / c->a->OH, oh = i % c->a->OH;
          ref::conv2d_rows(*c->p, c->a->input, c->a->H, c->a->W, c->a->input_pixel_stride,
                           c->a->output, c->a->output_pixel_stride, n, oh, oh + 1);
        },
        &ctx, a.N * a.OH, 0);
  }

 private:
  ref::ConvRefParams params_;  // points into the operator's ConvConfig, which outlives us
};

}  // namespace

std::unique_ptr<ConvPath> make_ref_path(const ConvConfig& cfg, octet_isa) {
  return std::make_unique<RefPath>(cfg);
}

}  // namespace octet
