#include "test/dwconv/kernel_tables.h"

#include <cstdint>

#include "src/core/conv_paths.h"
#include "src/core/dwconv.h"
#include "src/core/dwconv_dot.h"
#include "src/core/smallgroup.h"
#if defined(__aarch64__)
#include "src/arm/conv_kernels.h"
#else
#include "src/x86/conv_kernels.h"
#endif

#if defined(OCTET_TEST_EMULATED_KERNELS)
// The emulated copies (test/x86/CMakeLists.txt: octet_x86_emulated_kernels), per ISA.
#define OCTET_DW_DIRECT_EMU(isa)                                     \
  void dwconv_3x3s1_direct_##isa##_emu(const octet::dw::DirectArgs&); \
  void dwconv_3x3s2_direct_##isa##_emu(const octet::dw::DirectArgs&); \
  void dwconv_3x3s2b_direct_##isa##_emu(const octet::dw::DirectArgs&)
#define OCTET_DOT_EMU(isa)                                          \
  void dwconv_x8s8_prep4_##isa##_emu(const octet::dwdot::PrepArgs&); \
  void dwconv_x8s8_3x3_##isa##_emu(const octet::dwdot::RowArgs&);    \
  void dwconv_x8s8_5x5_##isa##_emu(const octet::dwdot::RowArgs&);    \
  void dwconv_x8s8_rxs_##isa##_emu(const octet::dwdot::RowArgs&)
namespace octet::dw {
OCTET_DW_DIRECT_EMU(avxvnni);
OCTET_DW_DIRECT_EMU(avx512vnni);
}  // namespace octet::dw
namespace octet::dwdot {
OCTET_DOT_EMU(avxvnni);
OCTET_DOT_EMU(avx512vnni);
}  // namespace octet::dwdot
namespace octet::gconv {
void gconv_x8s8_prep_16g4_avx512vnni_emu(const PrepArgs&);
void gconv_x8s8_16g4_avx512vnni_emu(const RowArgs&);
}  // namespace octet::gconv
#endif

namespace octet::test {

namespace {

template <class F>
uintptr_t fn(F* f) {
  return reinterpret_cast<uintptr_t>(f);
}

// The prep and row kernels of either family.
template <class K>
std::vector<uintptr_t> row_kernels(const K& k) {
  return {fn(k.prep), fn(k.row_3x3), fn(k.row_5x5), fn(k.row_rxs)};
}

template <class K, class Make>
KernelTable table(const char* label, octet_isa needs, const K& k, Make make) {
  KernelTable t;
  t.label = label;
  t.needs = needs;
  t.reports = k.isa;
  t.make = [k, make](const ConvConfig& cfg) { return make(cfg, k); };
  t.kernels = [k](const std::string&) { return row_kernels(k); };
  return t;
}

KernelTable dw_table(const char* label, octet_isa needs, const dw::Kernels& k) {
  KernelTable t = table(label, needs, k, make_dwconv_path_with);
  t.kernels = [k](const std::string& name) {
    if (name != "dwconv_3x3_direct") return row_kernels(k);
    return std::vector<uintptr_t>{fn(k.direct_3x3_s1), fn(k.direct_3x3_s2), fn(k.direct_3x3_s2b)};
  };
  t.has_direct = k.direct_3x3_s1 != nullptr;
  return t;
}

KernelTable dot_table(const char* label, octet_isa needs, const dwdot::Kernels& k) {
  return table(label, needs, k, make_dwconv_dot_path_with);
}

#if defined(OCTET_TEST_EMULATED_KERNELS)
// A table of emulated direct kernels; its prep/row entries (never taken by the
// direct layers) are the AVX2 ones.
dw::Kernels emu_direct(octet_isa isa, dw::DirectFn s1, dw::DirectFn s2, dw::DirectFn s2b) {
  dw::Kernels k = dw::kKernelsAvx2;
  k.isa = isa;
  k.direct_3x3_s1 = s1;
  k.direct_3x3_s2 = s2;
  k.direct_3x3_s2b = s2b;
  return k;
}
#define OCTET_DW_EMU_TABLE(isa)                                                                        \
  emu_direct(octet_isa_##isa, dw::dwconv_3x3s1_direct_##isa##_emu, dw::dwconv_3x3s2_direct_##isa##_emu, \
             dw::dwconv_3x3s2b_direct_##isa##_emu)
#define OCTET_DOT_EMU_TABLE(isa)                                                                           \
  dwdot::Kernels {                                                                                         \
    dwdot::dwconv_x8s8_prep4_##isa##_emu, dwdot::dwconv_x8s8_3x3_##isa##_emu, dwdot::dwconv_x8s8_5x5_##isa##_emu, \
        dwdot::dwconv_x8s8_rxs_##isa##_emu, octet_isa_##isa, true                                          \
  }
#endif

// The tables by ISA: each needs its own ISA, the emulated ones AVX2.
struct Row {
  const char* label;
  octet_isa needs;
  const dw::Kernels* dw;      // or nullptr
  const dwdot::Kernels* dot;  // or nullptr
};

std::vector<Row> rows() {
#if defined(__aarch64__)
  return {{"neon", octet_isa_neon, &dw::kKernelsNeon, nullptr},
          {"neondot", octet_isa_neondot, nullptr, &dwdot::kKernelsNeondot}};
#else
  std::vector<Row> v = {{"avx2", octet_isa_avx2, &dw::kKernelsAvx2, nullptr},
                        {"avx512bw", octet_isa_avx512bw, &dw::kKernelsAvx512bw, nullptr},
                        {"avxvnni", octet_isa_avxvnni, &dw::kKernelsAvxvnni, &dwdot::kKernelsAvxvnni},
                        {"avx512vnni", octet_isa_avx512vnni, &dw::kKernelsAvx512vnni, &dwdot::kKernelsAvx512vnni}};
#if defined(OCTET_TEST_EMULATED_KERNELS)
  static const dw::Kernels dw_emu[] = {OCTET_DW_EMU_TABLE(avxvnni), OCTET_DW_EMU_TABLE(avx512vnni)};
  static const dwdot::Kernels dot_emu[] = {OCTET_DOT_EMU_TABLE(avxvnni), OCTET_DOT_EMU_TABLE(avx512vnni)};
  v.push_back({"avxvnni_emu", octet_isa_avx2, &dw_emu[0], &dot_emu[0]});
  v.push_back({"avx512vnni_emu", octet_isa_avx2, &dw_emu[1], &dot_emu[1]});
#endif
  return v;
#endif
}

}  // namespace

std::vector<KernelTable> dw_tables() {
  std::vector<KernelTable> v;
  for (const Row& r : rows()) {
    if (r.dw != nullptr) v.push_back(dw_table(r.label, r.needs, *r.dw));
  }
  return v;
}

std::vector<KernelTable> gconv_dot_tables() {
#if defined(__aarch64__)
  return {};
#else
  std::vector<std::pair<KernelTable, gconv::Kernels>> sets = {
      {KernelTable{"avx512vnni", octet_isa_avx512vnni}, gconv::kKernelsAvx512vnni}};
#if defined(OCTET_TEST_EMULATED_KERNELS)
  gconv::Kernels emu = gconv::kKernelsAvx512vnni;
  emu.prep_dot = gconv::gconv_x8s8_prep_16g4_avx512vnni_emu;
  emu.row_dot = gconv::gconv_x8s8_16g4_avx512vnni_emu;
  sets.push_back({KernelTable{"avx512vnni_emu", octet_isa_avx2}, emu});
#endif
  std::vector<KernelTable> v;
  for (auto& [t, k] : sets) {
    t.reports = k.isa;
    t.make = [k = k](const ConvConfig& cfg) { return make_smallgroup_path_with(cfg, k); };
    t.kernels = [k = k](const std::string&) { return std::vector<uintptr_t>{fn(k.prep_dot), fn(k.row_dot)}; };
    v.push_back(t);
  }
  return v;
#endif
}

std::vector<KernelTable> dot_tables() {
  std::vector<KernelTable> v;
  for (const Row& r : rows()) {
    if (r.dot != nullptr) v.push_back(dot_table(r.label, r.needs, *r.dot));
  }
  return v;
}

}  // namespace octet::test
