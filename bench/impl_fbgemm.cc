// FBGEMM as PyTorch's fbgemm engine calls it (qconv.cpp): fbgemmConv with
// PackWeightsForConv and ReQuantizeOutput<relu, OUT_CHANNEL, float>, float bias
// and act_times_w_scale, column offsets = per-channel weight sums.
// Compiled only when CMake finds an installed FBGEMM (see bench/CMakeLists.txt).
//
// The multipliers are SEMANTICS.md section 3, so the output equals octet's
// pytorch_fbgemm mode bit for bit wherever FBGEMM's accumulation is exact:
// always for activations <= 127, and for full-range activations only on
// AVX-512 VNNI (without VNNI FBGEMM sums u8*s8 pairs in saturating int16).
#include <fbgemm/Fbgemm.h>
#include <omp.h>

#include <cstdlib>
#include <memory>

#include "bench/in_place_input.h"
#include "bench/layer.h"

namespace octet_bench {
namespace {

const char* isa_name(fbgemm::inst_set_t isa) {
  switch (isa) {
    case fbgemm::inst_set_t::anyarch: return "anyarch";
    case fbgemm::inst_set_t::avx2: return "avx2";
    case fbgemm::inst_set_t::avx512: return "avx512";
    case fbgemm::inst_set_t::avx512_ymm: return "avx512_ymm";
    case fbgemm::inst_set_t::avx512_vnni: return "avx512_vnni";
    case fbgemm::inst_set_t::avx512_vnni_ymm: return "avx512_vnni_ymm";
    default: return "other";
  }
}

const char* path_name(fbgemm::optimized_conv_t p) {
  switch (p) {
    case fbgemm::optimized_conv_t::depthwise: return "depthwise";
    case fbgemm::optimized_conv_t::groupwise: return "groupwise";
    case fbgemm::optimized_conv_t::pointwise: return "pointwise";
    case fbgemm::optimized_conv_t::fastpath1d: return "fastpath1d";
    case fbgemm::optimized_conv_t::im2col: return "im2col";
    case fbgemm::optimized_conv_t::directconv: return "directconv";
  }
  return "?";
}

using Requant = fbgemm::ReQuantizeOutput<true, fbgemm::QuantizationGranularity::OUT_CHANNEL, float>;

class FbgemmImpl : public InPlaceInputImpl {
 public:
  ~FbgemmImpl() override { destroy(); }

  bool create(Layer& L, int threads, std::string* error) override {
    destroy();
    L_ = &L;
    threads_ = threads;
    const Shape& s = L.shape;
    conv_ = std::make_unique<fbgemm::conv_param_t<2>>(
        s.N, s.C, s.K, std::array<int, 2>{s.H, s.W}, s.groups, std::array<int, 2>{s.R, s.S},
        std::array<int, 2>{s.stride, s.stride}, std::array<int, 4>{s.pad, s.pad, s.pad, s.pad},
        std::array<int, 2>{s.dil, s.dil});
    if (conv_->OUT_DIM[0] != s.OH() || conv_->OUT_DIM[1] != s.OW()) {
      *error = "FBGEMM computed another output size";
      return false;
    }
    packed_ = std::make_unique<fbgemm::PackWeightsForConv<2>>(*conv_, L.w.data());

    // SEMANTICS.md section 3.
    const float xs = static_cast<float>(L.x_scale);
    const float ys = static_cast<float>(L.y_scale);
    const size_t taps = static_cast<size_t>(s.R) * s.S * (s.C / s.groups);
    act_times_w_.resize(s.K);
    multiplier_.resize(s.K);
    col_offsets_.assign(s.K, 0);
    w_zp_.assign(s.K, 0);
    for (int k = 0; k < s.K; ++k) {
      act_times_w_[k] = xs * static_cast<float>(L.w_scale[k]);
      multiplier_[k] = act_times_w_[k] / ys;
      int32_t sum = 0;
      for (size_t t = 0; t < taps; ++t) sum += L.w[static_cast<size_t>(k) * taps + t];
      col_offsets_[k] = sum;
    }
    acc_.assign(L.output_size(), 0);
    out_.assign(L.output_size(), 0);
    info_ = std::string(path_name(fbgemm::ConvFastPath<2, int32_t>(*conv_))) + "/" +
            isa_name(fbgemm::fbgemmInstructionSet());
    return true;
  }

  void destroy() override {
    packed_.reset();
    conv_.reset();
  }

  void run() override {
    if (threads_ <= 1) {
      run_thread(0, 1);
    } else {
#pragma omp parallel num_threads(threads_)
      run_thread(omp_get_thread_num(), omp_get_num_threads());
    }
  }

  const uint8_t* output() override { return out_.data(); }
  std::string info() override { return info_; }

 private:
  void run_thread(int tid, int nthreads) {
    fbgemm::DoNothing<> nothing;
    Requant rq(nothing, multiplier_.data(), L_->y_zp, L_->x_zp, w_zp_.data(), nullptr,
               col_offsets_.data(), L_->bias.data(), static_cast<uint32_t>(L_->shape.K),
               L_->shape.groups, act_times_w_.data());
    fbgemm::fbgemmConv(*conv_, x_, *packed_, out_.data(), acc_.data(), rq, tid, nthreads);
  }

  int threads_ = 1;
  std::unique_ptr<fbgemm::conv_param_t<2>> conv_;
  std::unique_ptr<fbgemm::PackWeightsForConv<2>> packed_;
  std::vector<float> act_times_w_, multiplier_;
  std::vector<int32_t> col_offsets_, w_zp_, acc_;
  std::vector<uint8_t> out_;
  std::string info_;
};

}  // namespace

std::unique_ptr<Impl> make_fbgemm_impl() { return std::make_unique<FbgemmImpl>(); }

std::string fbgemm_status() { return std::string("found (") + OCTET_BENCH_FBGEMM_PREFIX + ")"; }

}  // namespace octet_bench
