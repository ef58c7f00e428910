// The kernel table and its selector (src/core/kernel_table.h).
//
// For this architecture's real table, every cap (each ISA, one above all of
// them, and no cap) and every pretend CPU (each subset of the ISAs), each
// family's choice must be the best row at or below the cap that the CPU can
// run: no usable row of a higher ISA exists, and nothing above the cap or
// unsupported is ever chosen. A synthetic table then checks the fallback for
// an ISA above every existing one (as AMX will be): families without a row for
// it keep the best one below it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "src/core/dwconv.h"
#include "src/core/dwconv_dot.h"
#include "src/core/gemm_ukernel.h"
#include "src/core/isa.h"
#include "src/core/kernel_table.h"
#include "src/core/smallgroup.h"

namespace octet {
namespace {

// The pretend CPU: bit i set when the table's ISA i is supported.
unsigned g_mask = 0;
const KernelTable* g_table = nullptr;

bool pretend_supported(octet_isa isa) {
  if (isa == octet_isa_scalar) return true;
  for (size_t i = 0; i < g_table->isa_count; ++i) {
    if (g_table->isas[i] == isa) return ((g_mask >> i) & 1) != 0;
  }
  return false;
}

// The caps to try: scalar, each ISA of the table, and no cap.
std::vector<octet_isa> caps_of(const KernelTable& t) {
  std::vector<octet_isa> caps = {octet_isa_scalar};
  for (size_t i = 0; i < t.isa_count; ++i) caps.push_back(t.isas[i]);
  caps.push_back(octet_isa_best);
  return caps;
}

// Checks one family: `chosen` (its ISA, or scalar for none) against the ISAs
// of the family's rows.
void expect_best(const KernelSelector& sel, octet_isa cap, octet_isa chosen, const std::vector<octet_isa>& rows,
                 const std::string& what) {
  int best = 0;  // 0: no row usable
  for (octet_isa r : rows) {
    const int rank = sel.rank(r);
    if (rank > 0 && rank <= sel.rank(cap) && pretend_supported(r) && rank > best) best = rank;
  }
  EXPECT_EQ(sel.rank(chosen), best) << what << " cap " << octet_isa_name(cap) << " cpu mask " << g_mask;
  if (chosen != octet_isa_scalar) {
    EXPECT_TRUE(pretend_supported(chosen)) << what;
    EXPECT_LE(sel.rank(chosen), sel.rank(cap)) << what;
  }
}

template <class K>
std::vector<octet_isa> isas_of(const K* const* rows, size_t n) {
  std::vector<octet_isa> v;
  for (size_t i = 0; i < n; ++i) v.push_back(rows[i]->isa);
  return v;
}

template <class K>
octet_isa isa_or_scalar(const K* k) {
  return k ? k->isa : octet_isa_scalar;
}

void check_every_cap_and_cpu(const KernelTable& t) {
  g_table = &t;
  const KernelSelector sel(t, pretend_supported);
  // The ISAs of the exact rows that pay on a per-tap reduction of kc bytes.
  auto gemm_isas = [&t](size_t kc) {
    std::vector<octet_isa> v;
    for (size_t i = 0; i < t.gemm_count; ++i) {
      if (t.gemm[i].pair_abs_limit == 0 && kc >= t.gemm[i].min_kc) v.push_back(t.gemm[i].isa);
    }
    return v;
  };
  for (g_mask = 0; g_mask < (1u << t.isa_count); ++g_mask) {
    for (octet_isa cap : caps_of(t)) {
      for (bool s8 : {false, true}) {
        for (size_t n : {1, 8, 16, 24, 32, 64, 100}) {
          for (size_t kc : {1, 21, 47, 48, 64, 1000}) {
            const GemmKernel* k = sel.gemm(cap, n, s8, kc);
            expect_best(sel, cap, isa_or_scalar(k), gemm_isas(kc), "gemm kc " + std::to_string(kc));
            if (k != nullptr) {
              EXPECT_EQ(k->pair_abs_limit, 0) << k->name << ": selected as exact";
              EXPECT_GE(kc, k->min_kc) << k->name << ": selected below its min_kc";
            }
          }
        }
      }
      expect_best(sel, cap, isa_or_scalar(sel.dwconv(cap)), isas_of(t.dwconv, t.dwconv_count), "dwconv");
      expect_best(sel, cap, isa_or_scalar(sel.dwconv_dot(cap)), isas_of(t.dwconv_dot, t.dwconv_dot_count),
                  "dwconv_dot");
      expect_best(sel, cap, isa_or_scalar(sel.gconv(cap)), isas_of(t.gconv, t.gconv_count), "gconv");
      // best_isa_under: the highest supported ISA at or below the cap.
      std::vector<octet_isa> all(t.isas, t.isas + t.isa_count);
      expect_best(sel, cap, sel.best_isa_under(cap), all, "best_isa_under");
    }
  }
}

TEST(KernelTable, EveryCapEveryCpuChoosesTheBestRowAtOrBelowTheCap) {
  check_every_cap_and_cpu(arch_kernel_table());
}

TEST(KernelTable, RowsAreWellFormed) {
  const KernelTable& t = arch_kernel_table();
  const KernelSelector sel = KernelSelector::this_cpu();
  for (size_t i = 0; i < t.gemm_count; ++i) {
    const GemmKernel& k = t.gemm[i];
    EXPECT_GT(sel.rank(k.isa), 0) << k.name << ": ISA not in the table's order";
    EXPECT_NE(k.fn, nullptr) << k.name;
    EXPECT_GT(k.mr, 0u);
    EXPECT_GT(k.nr, 0u);
    EXPECT_TRUE(k.kr == 1 || k.kr == 4 || k.kr == 8) << k.name;
    EXPECT_NE(std::string(k.name).find(octet_isa_name(k.isa)), std::string::npos)
        << k.name << ": a kernel's name says its ISA";
    // A pair-limited kernel is a variant of an exact tile of its own ISA.
    if (k.pair_abs_limit != 0) {
      bool has_exact = false;
      for (size_t j = 0; j < t.gemm_count; ++j) {
        has_exact |= t.gemm[j].isa == k.isa && t.gemm[j].pair_abs_limit == 0;
      }
      EXPECT_TRUE(has_exact) << k.name;
    }
  }
  for (size_t i = 0; i < t.dwconv_count; ++i) EXPECT_GT(sel.rank(t.dwconv[i]->isa), 0);
  for (size_t i = 0; i < t.dwconv_dot_count; ++i) EXPECT_GT(sel.rank(t.dwconv_dot[i]->isa), 0);
  for (size_t i = 0; i < t.gconv_count; ++i) EXPECT_GT(sel.rank(t.gconv[i]->isa), 0);
}

TEST(KernelTable, ThisCpuAgreesWithTheApi) {
  const KernelSelector sel = KernelSelector::this_cpu();
  EXPECT_EQ(sel.best_isa_under(octet_isa_best), octet_detected_isa());
  const KernelTable& t = arch_kernel_table();
  for (size_t i = 0; i < t.isa_count; ++i) {
    EXPECT_EQ(isa_supported(t.isas[i]), octet_isa_supported(t.isas[i]) == 1);
  }
  EXPECT_TRUE(isa_supported(octet_isa_scalar));
}

// A synthetic architecture with an ISA above every existing one ("top", here
// octet_isa_amx): only GEMM has a row for it. dwconv, dwconv_dot and gconv
// must fall back to their best rows below it, per pretend CPU.
void fake_gemm(size_t, size_t, size_t, size_t, const void* const*, const void*, void*, size_t, const GemmParams*) {}
void fake_dw_prep(const dw::PrepArgs&) {}
void fake_dw_row(const dw::RowArgs&) {}
void fake_dot_prep(const dwdot::PrepArgs&) {}
void fake_dot_row(const dwdot::RowArgs&) {}

TEST(KernelTable, AnIsaAboveAllFallsBackPerFamily) {
  static const octet_isa isas[] = {octet_isa_amx, octet_isa_avx512vnni, octet_isa_avx512bw, octet_isa_avx2};
  static const GemmKernel gemm[] = {
      {fake_gemm, 16, 16, 64, false, true, octet_isa_amx, "gemm_u8s8_16x16c64_amx"},
      {fake_gemm, 6, 64, 4, false, true, octet_isa_avx512vnni, "gemm_u8s8_6x64c4_avx512vnni"},
      {fake_gemm, 3, 32, 4, true, true, octet_isa_avx2, "gemm_u8s8_3x32c4_avx2"},
  };
  static const dw::Kernels dw_bw = {octet_isa_avx512bw, 16,      fake_dw_prep, fake_dw_row, fake_dw_row,
                                    fake_dw_row,        nullptr, nullptr,      nullptr};
  static const dw::Kernels dw_vnni = {octet_isa_avx512vnni, 16,      fake_dw_prep, fake_dw_row, fake_dw_row,
                                      fake_dw_row,          nullptr, nullptr,      nullptr};
  static const dw::Kernels dw_avx2 = {octet_isa_avx2, 8,       nullptr, fake_dw_row, fake_dw_row,
                                      fake_dw_row,    nullptr, nullptr, nullptr};
  static const dw::Kernels* const dws[] = {&dw_vnni, &dw_bw, &dw_avx2};
  static dwdot::Kernels dot_vnni = {fake_dot_prep, fake_dot_row, fake_dot_row, fake_dot_row};
  dot_vnni.isa = octet_isa_avx512vnni;
  static const dwdot::Kernels* const dots[] = {&dot_vnni};
  static const KernelTable t = {"synthetic", isas, 4, pretend_supported, gemm, 3, dws, 3, dots, 1, nullptr, 0};
  check_every_cap_and_cpu(t);

  g_table = &t;
  g_mask = 0xF;  // a CPU with every ISA
  const KernelSelector sel(t, pretend_supported);
  EXPECT_EQ(sel.gemm(octet_isa_best, 64, false, 64)->isa, octet_isa_amx);
  EXPECT_EQ(sel.gemm(octet_isa_avx512vnni, 64, false, 64)->isa, octet_isa_avx512vnni);
  EXPECT_EQ(sel.dwconv(octet_isa_amx)->isa, octet_isa_avx512vnni);
  EXPECT_EQ(sel.dwconv_dot(octet_isa_amx)->isa, octet_isa_avx512vnni);
  EXPECT_EQ(sel.gconv(octet_isa_amx), nullptr);
  // The VNNI depthwise set shares its prep kernel with the avx512bw one: its
  // row kernels are reported as avx512bw's.
  EXPECT_EQ(sel.dwconv_row_isa(dw_vnni), octet_isa_avx512bw);
  EXPECT_EQ(sel.dwconv_row_isa(dw_avx2), octet_isa_avx2);
  g_mask = 0xE;  // no AMX: GEMM falls back too
  EXPECT_EQ(sel.gemm(octet_isa_best, 64, false, 64)->isa, octet_isa_avx512vnni);
  g_mask = 0x9;  // AMX and AVX2 only: depthwise drops to AVX2, dot depthwise to none
  EXPECT_EQ(sel.dwconv(octet_isa_best)->isa, octet_isa_avx2);
  EXPECT_EQ(sel.dwconv_dot(octet_isa_best), nullptr);
  EXPECT_EQ(sel.best_isa_under(octet_isa_avx512vnni), octet_isa_avx2);
  EXPECT_EQ(sel.rank(octet_isa_neon), -1);
}

// Within an ISA, the tile that computes n columns in the fewest cycles
// (KernelSelector::gemm): the 24-column (zmm + ymm) tile where it pads less
// than the 32- and 64-column ones, never on multiples of 32.
TEST(KernelTable, GemmTileThatPadsLeast) {
  static const octet_isa isas[] = {octet_isa_avx512vnni};
  static const GemmKernel gemm[] = {
      {fake_gemm, 6, 64, 4, false, true, octet_isa_avx512vnni, "gemm_u8s8_6x64c4_avx512vnni"},
      {fake_gemm, 8, 32, 4, false, true, octet_isa_avx512vnni, "gemm_u8s8_8x32c4_avx512vnni"},
      {fake_gemm, 12, 24, 4, false, true, octet_isa_avx512vnni, "gemm_u8s8_12x24c4_avx512vnni"},
  };
  static const KernelTable t = {"synthetic", isas, 1, pretend_supported, gemm, 3, nullptr, 0, nullptr, 0, nullptr, 0};
  g_table = &t;
  g_mask = 0x1;
  const KernelSelector sel(t, pretend_supported);
  auto nr_for = [&sel](size_t n) { return sel.gemm(octet_isa_best, n, false, 144)->nr; };
  for (size_t n : {1, 17, 24, 33, 40, 48, 65, 72}) EXPECT_EQ(nr_for(n), 24u) << "n " << n;
  // 25..32: one 32-column panel; 56: one 64-column panel (4 cycles a row
  // group) beats three 24-column ones (4.5).
  for (size_t n : {25, 32, 56, 96, 288}) EXPECT_EQ(nr_for(n), n == 56 ? 64u : 32u) << "n " << n;
  for (size_t n : {64, 128, 192, 256, 512}) EXPECT_EQ(nr_for(n), 64u) << "n " << n;
}

}  // namespace
}  // namespace octet
