// Selection from the kernel table (src/core/kernel_table.h): the best row of a
// family at or below a cap, among the ISAs that may run.
#include <limits>

#include "src/core/dwconv.h"
#include "src/core/dwconv_dot.h"
#include "src/core/gemm_ukernel.h"
#include "src/core/isa.h"
#include "src/core/kernel_table.h"
#include "src/core/smallgroup.h"

namespace octet {

namespace {

// The highest-ranked row of rows[0..count) whose ISA the selector may use.
template <class Row, class Usable>
const Row* best_row(const Row* const* rows, size_t count, Usable usable, const KernelSelector& sel) {
  const Row* best = nullptr;
  for (size_t i = 0; i < count; ++i) {
    if (!usable(rows[i]->isa)) continue;
    if (best == nullptr || sel.rank(rows[i]->isa) > sel.rank(best->isa)) best = rows[i];
  }
  return best;
}

// The lowest-ranked ISA among the rows that share k's prep kernel (k's own
// ISA when none below does).
template <class Row>
octet_isa lowest_sharing(const Row* const* rows, size_t count, const Row& k, const KernelSelector& sel) {
  octet_isa isa = k.isa;
  for (size_t i = 0; i < count; ++i) {
    if (rows[i]->prep == k.prep && sel.rank(rows[i]->isa) < sel.rank(isa)) isa = rows[i]->isa;
  }
  return isa;
}

}  // namespace

KernelSelector KernelSelector::this_cpu() { return KernelSelector(arch_kernel_table(), isa_supported); }

int KernelSelector::rank(octet_isa isa) const {
  if (isa == octet_isa_scalar) return 0;
  if (isa == octet_isa_best) return std::numeric_limits<int>::max();
  for (size_t i = 0; i < t_.isa_count; ++i) {
    if (t_.isas[i] == isa) return static_cast<int>(t_.isa_count - i);
  }
  return -1;
}

bool KernelSelector::usable(octet_isa isa, octet_isa cap) const {
  const int r = rank(isa);
  return r > 0 && r <= rank(cap) && supported_(isa);
}

octet_isa KernelSelector::best_isa_under(octet_isa cap) const {
  for (size_t i = 0; i < t_.isa_count; ++i) {
    if (usable(t_.isas[i], cap)) return t_.isas[i];
  }
  return octet_isa_scalar;
}

const GemmKernel* KernelSelector::gemm(octet_isa cap, size_t n, bool input_s8, size_t kc) const {
  // An exact row that pays on this reduction (GemmKernel::min_kc).
  auto fits = [kc](const GemmKernel& k) { return k.pair_abs_limit == 0 && kc >= k.min_kc; };
  // The best ISA with such a GEMM kernel.
  octet_isa isa = octet_isa_scalar;
  for (size_t i = 0; i < t_.gemm_count; ++i) {
    const GemmKernel& k = t_.gemm[i];
    if (fits(k) && usable(k.isa, cap) && rank(k.isa) > rank(isa)) isa = k.isa;
  }
  if (isa == octet_isa_scalar) return nullptr;
  // Kernels that take the input as stored, when the ISA has one for this type
  // (neoni8mm: usmmla for u8, smmla for s8): their loop has no sign flip.
  bool any_as_stored = false;
  for (size_t i = 0; i < t_.gemm_count; ++i) {
    const GemmKernel& k = t_.gemm[i];
    if (k.isa == isa && fits(k) && k.u8_activations != input_s8) any_as_stored = true;
  }
  // Among those, the tile that computes n columns fastest, counting the
  // padding of the last panel. The ISA's first row is its fastest per computed
  // column; the others run at about 0.93 of it (measured on Zen 3 and Zen 5).
  // Computed columns are the cost because a multiply-accumulate's cycles
  // per row group (one row, one group of KR reduction elements) grow with its
  // width: vpdpbusd on Zen 4 (and in llvm-mca's Sapphire Rapids model) takes
  // 1 cycle per zmm (16 columns) and 0.5 per ymm (8), so a mixed 24-column
  // tile (zmm + ymm) costs 1.5 cycles per row group against 2 for a 32-column
  // tile and 4 for a 64-column one: 24 columns pay where they pad less, as
  // n = 17..24 or 33..48, and tie 32-column tiles on multiples of 96 (the
  // earlier row then wins). On a core whose zmm issues as often as its ymm,
  // a 24-column panel costs as much as a 32-column one: there it ties for
  // n <= 24 and loses where it needs more panels.
  const GemmKernel* best = nullptr;
  double best_cost = 0;
  for (size_t i = 0; i < t_.gemm_count; ++i) {
    const GemmKernel& k = t_.gemm[i];
    if (k.isa != isa || !fits(k)) continue;
    if (any_as_stored && k.u8_activations == input_s8) continue;
    const double speed = best == nullptr ? 1.0 : 0.93;
    const double cost = static_cast<double>((n + k.nr - 1) / k.nr * k.nr) / speed;
    if (best == nullptr || cost < best_cost) {
      best = &k;
      best_cost = cost;
    }
  }
  return best;
}

const GemmKernel* KernelSelector::gemm_few_rows(const GemmKernel& k, octet_isa cap) const {
  if (k.min_m == 0) return nullptr;
  const GemmKernel* best = nullptr;
  for (size_t i = 0; i < t_.gemm_count; ++i) {
    const GemmKernel& r = t_.gemm[i];
    if (r.pair_abs_limit != 0 || r.min_m != 0 || !gemm_same_panels(r, k) || rank(r.isa) >= rank(k.isa) ||
        !usable(r.isa, cap)) {
      continue;
    }
    if (best == nullptr || rank(r.isa) > rank(best->isa)) best = &r;
  }
  return best;
}

const GemmKernel* KernelSelector::gemm_other_rows(const GemmKernel& k, octet_isa cap) const {
  for (size_t i = 0; i < t_.gemm_count; ++i) {
    const GemmKernel& r = t_.gemm[i];
    if (r.isa == k.isa && r.mr != k.mr && r.pair_abs_limit == 0 && r.min_kc == k.min_kc && r.min_m == k.min_m &&
        gemm_same_panels(r, k) && usable(r.isa, cap)) {
      return &r;
    }
  }
  return nullptr;
}

const GemmKernel* KernelSelector::gemm_pair_limited(octet_isa isa) const {
  for (size_t i = 0; i < t_.gemm_count; ++i) {
    if (t_.gemm[i].isa == isa && t_.gemm[i].pair_abs_limit != 0) return &t_.gemm[i];
  }
  return nullptr;
}

const dw::Kernels* KernelSelector::dwconv(octet_isa cap) const {
  return best_row(t_.dwconv, t_.dwconv_count, [&](octet_isa i) { return usable(i, cap); }, *this);
}

const dwdot::Kernels* KernelSelector::dwconv_dot(octet_isa cap) const {
  return best_row(t_.dwconv_dot, t_.dwconv_dot_count, [&](octet_isa i) { return usable(i, cap); }, *this);
}

const gconv::Kernels* KernelSelector::gconv(octet_isa cap) const {
  return best_row(t_.gconv, t_.gconv_count, [&](octet_isa i) { return usable(i, cap); }, *this);
}

octet_isa KernelSelector::dwconv_row_isa(const dw::Kernels& k) const {
  return lowest_sharing(t_.dwconv, t_.dwconv_count, k, *this);
}

octet_isa KernelSelector::gconv_row_isa(const gconv::Kernels& k) const {
  return lowest_sharing(t_.gconv, t_.gconv_count, k, *this);
}

}  // namespace octet
