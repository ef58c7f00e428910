// octet through its public C API, exactly as an inference engine calls it.
#include <cstdlib>
#include <memory>
#include <vector>

#include "bench/handle.h"
#include "bench/in_place_input.h"
#include "bench/layer.h"
#include "src/api/conv2d_validate.h"
#include "src/core/conv_paths.h"
#include "src/core/gemm_conv_path.h"
#include "src/core/isa.h"

namespace octet_bench {
namespace {

class OctetImpl : public InPlaceInputImpl {
 public:
  explicit OctetImpl(octet_requant_mode mode) : mode_(mode) {}

  bool create(Layer& layer, int threads, std::string* error) override {
    destroy();
    L_ = &layer;
    const octet_conv2d_params p = octet_params(layer, mode_);
    octet_conv2d_t op = nullptr;
    octet_status st = octet_conv2d_create(&p, &op);
    op_.reset(op);
    if (st != octet_status_success) {
      *error = std::string("octet_conv2d_create: ") + octet_last_error();
      return false;
    }
    pool_ = make_thread_pool(threads);
    const Shape& s = layer.shape;
    size_t ws = 0;
    st = octet_conv2d_workspace_size(op_.get(), s.N, s.H, s.W, threads > 1 ? threads : 1, &ws);
    if (st != octet_status_success) {
      *error = std::string("octet_conv2d_workspace_size: ") + octet_last_error();
      return false;
    }
    // 64-byte aligned, as an engine's arena would give it.
    workspace_size_ = ws;
    workspace_.reset(ws ? static_cast<uint8_t*>(std::aligned_alloc(64, (ws + 63) / 64 * 64)) : nullptr);
    out_.assign(layer.output_size(), 0);
    return true;
  }

  void destroy() override {
    op_.reset();
    pool_.reset();
  }

  void run() override {
    const Shape& s = L_->shape;
    const octet_status st = octet_conv2d_run(op_.get(), s.N, s.H, s.W, x_, 0, out_.data(), 0,
                                             workspace_.get(), workspace_size_, pool_.get());
    if (st != octet_status_success) std::abort();  // create() validated everything
  }

  const uint8_t* output() override { return out_.data(); }

  // The plan: path/ISA, and for a GEMM path the microkernel this layer's runs
  // take (it names the tile, and a run may take another kernel than the
  // path's ISA: GemmKernel::min_m).
  std::string info() override {
    if (op_ == nullptr) return std::string();
    std::string s = std::string(octet_conv2d_path(op_.get())) + "/" + octet_isa_name(octet_conv2d_isa(op_.get()));
    const std::string kernel = gemm_kernel();
    return kernel.empty() ? s : s + " " + kernel;
  }

 private:
  // The GEMM kernel of a run on the bound input, or "" for other paths: the
  // operator's plan remade through the library's internal calls, under the
  // same cap (the C API does not expose the kernel).
  std::string gemm_kernel() const {
    const octet_conv2d_params p = octet_params(*L_, mode_);
    octet::ConvConfig cfg;
    if (octet::validate_conv2d(&p, &cfg) != octet_status_success) return std::string();
    const std::unique_ptr<octet::ConvPath> path = octet::select_conv_path(cfg, octet::current_cap());
    const Shape& s = L_->shape;
    const size_t N = static_cast<size_t>(s.N), H = static_cast<size_t>(s.H), W = static_cast<size_t>(s.W);
    const octet::ConvRunArgs args{N,  H,       W,       cfg.shape.output_height(H), cfg.shape.output_width(W),
                                  x_, cfg.shape.C, nullptr, cfg.shape.K, nullptr, 0, nullptr};
    // Before an input is bound (the label is asked for first), the plan's
    // kernel: the per-run choice reads the input (its 0..127 range check).
    const char* name = !path          ? nullptr
                       : x_ == nullptr ? octet::gemm_path_kernel_name(*path)
                                       : octet::gemm_path_kernel_name_for_run(*path, args);
    return name ? name : std::string();
  }

  octet_requant_mode mode_;
  ThreadPool pool_;
  Handle<octet_conv2d, octet_conv2d_destroy> op_;  // after pool_: released first
  struct Free {
    void operator()(uint8_t* p) const { std::free(p); }
  };
  std::unique_ptr<uint8_t, Free> workspace_;
  size_t workspace_size_ = 0;
  std::vector<uint8_t> out_;
};

}  // namespace

std::unique_ptr<Impl> make_octet_impl(octet_requant_mode mode) {
  return std::make_unique<OctetImpl>(mode);
}

}  // namespace octet_bench
