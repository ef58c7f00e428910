// The scalar path: the reference itself, split over output rows. This is what
// run() executes under the `scalar` ISA cap, and the fallback everywhere.
#include "src/core/conv_paths.h"
#include "src/core/per_thread.h"

namespace octet {

namespace {

class RefPath final : public ConvPath {
 public:
  explicit RefPath(const ConvConfig& cfg) : params_(cfg.ref_params()) {}
  const char* name() const override { return "ref"; }
  octet_isa isa() const override { return octet_isa_scalar; }
  size_t workspace_size(size_t, size_t, size_t, size_t) const override { return 0; }

  // One task per (image, output row): results do not depend on the split.
  void run(const ConvRunArgs& a) const override {
    parallelize_1d(a.threadpool, a.N * a.OH, [&](size_t i) { rows(a, i, i + 1); });
  }

  void run_thread(const ConvRunArgs& a, size_t t, size_t threads) const override {
    const TaskRows share(a.N * a.OH, t, threads);
    rows(a, share.begin, share.end);
  }

 private:
  // Output rows [begin, end) of the batch.
  void rows(const ConvRunArgs& a, size_t begin, size_t end) const {
    for (size_t i = begin; i < end; ++i) {
      const size_t n = i / a.OH, oh = i % a.OH;
      ref::conv2d_rows(params_, a.input, a.H, a.W, a.input_pixel_stride, a.output, a.output_pixel_stride, n, oh,
                       oh + 1);
    }
  }

  ref::ConvRefParams params_;  // points into the operator's ConvConfig, which outlives us
};

}  // namespace

std::unique_ptr<ConvPath> make_ref_path(const ConvConfig& cfg, octet_isa) {
  return std::make_unique<RefPath>(cfg);
}

}  // namespace octet
