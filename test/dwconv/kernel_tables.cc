#include "test/dwconv/kernel_tables.h"

#include <algorithm>
#include <cstdint>

#include "src/core/conv_paths.h"
#include "src/core/dwconv.h"
#include "src/core/dwconv_dot.h"
#include "src/core/kernel_table.h"
#include "src/core/smallgroup.h"
#if !defined(__aarch64__)
#include "src/x86/conv_kernels.h"
#endif

#if defined(OCTET_TEST_EMULATED_KERNELS)
#include "src/x86/conv_kernels.h"
// The emulated copies (test/x86/CMakeLists.txt: octet_x86_emulated_kernels), per ISA.
namespace octet::dw {
extern const Kernels kKernelsAvxvnni_emu, kKernelsAvx512vnni_emu;  // beside the AVX2 prep-pass kernels
}  // namespace octet::dw
namespace octet::dwdot {
extern const Kernels kKernelsAvxvnni_emu, kKernelsAvx512vnni_emu;
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

// The prep and row kernels of either depthwise family.
template <class K>
std::vector<uintptr_t> row_kernels(const K& k) {
  return {fn(k.prep), fn(k.row_3x3), fn(k.row_5x5), fn(k.row_rxs)};
}

// k must outlive the table (the table's sets and the emulated ones are static).
template <class K, class Make>
KernelTable table(const std::string& label, octet_isa needs, const K& k, Make make) {
  KernelTable t;
  t.label = label;
  t.needs = needs;
  t.reports = k.isa;
  const K* kp = &k;
  t.make = [kp, make](const ConvConfig& cfg) { return make(cfg, *kp); };
  return t;
}

KernelTable dw_table(const std::string& label, octet_isa needs, const dw::Kernels& k) {
  KernelTable t = table(label, needs, k, make_dwconv_path_with);
  t.kernels = [k](const std::string& name) {
    if (name != "dwconv_3x3_direct") return row_kernels(k);
    return std::vector<uintptr_t>{fn(k.direct_3x3_s1), fn(k.direct_3x3_s2), fn(k.direct_3x3_s2b)};
  };
  t.has_direct = k.direct_3x3_s1 != nullptr;
  return t;
}

KernelTable dot_table(const std::string& label, octet_isa needs, const dwdot::Kernels& k) {
  KernelTable t = table(label, needs, k, make_dwconv_dot_path_with);
  t.kernels = [k](const std::string&) { return row_kernels(k); };
  return t;
}

KernelTable gconv_table(const std::string& label, octet_isa needs, const gconv::Kernels& k) {
  KernelTable t = table(label, needs, k, make_smallgroup_path_with);
  t.kernels = [k](const std::string&) {
    return std::vector<uintptr_t>{fn(k.prep),       fn(k.row[0]),   fn(k.row[1]),      fn(k.row[2]),
                                  fn(k.prep_lanes), fn(k.row_lanes), fn(k.row_wino), fn(k.prep_lanes8),
                                  fn(k.row_lanes8)};
  };
  return t;
}

// Every set of one family of the architecture's kernel table, each needing
// its own ISA, lowest ISA first: a set that reuses a lower one's kernels (the
// VNNI int16 sets) is then the one TableTester skips for them.
template <class K, class Make>
std::vector<KernelTable> arch_tables(const K* const* sets, size_t count, Make make_table) {
  std::vector<const K*> v(sets, sets + count);
  const octet::KernelTable& arch = arch_kernel_table();
  auto rank = [&arch](octet_isa isa) {  // position in the table's ISA order, best first
    return std::find(arch.isas, arch.isas + arch.isa_count, isa) - arch.isas;
  };
  std::stable_sort(v.begin(), v.end(), [&rank](const K* a, const K* b) { return rank(a->isa) > rank(b->isa); });
  std::vector<KernelTable> out;
  for (const K* k : v) out.push_back(make_table(octet_isa_name(k->isa), k->isa, *k));
  return out;
}

#if defined(OCTET_TEST_EMULATED_KERNELS)
// The emulated sets, run wherever AVX2 is.
template <class K, size_t N, class Make>
void add_emulated(std::vector<KernelTable>* v, const K (&sets)[N], Make make_table) {
  for (const K& k : sets) v->push_back(make_table(std::string(octet_isa_name(k.isa)) + "_emu", octet_isa_avx2, k));
}
#endif

}  // namespace

std::vector<KernelTable> dw_tables() {
  const octet::KernelTable& arch = arch_kernel_table();
  std::vector<KernelTable> v = arch_tables(arch.dwconv, arch.dwconv_count, dw_table);
#if defined(OCTET_TEST_EMULATED_KERNELS)
  static const dw::Kernels emu[] = {dw::kKernelsAvxvnni_emu, dw::kKernelsAvx512vnni_emu};
  add_emulated(&v, emu, dw_table);
#endif
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
  const octet::KernelTable& arch = arch_kernel_table();
  std::vector<KernelTable> v = arch_tables(arch.dwconv_dot, arch.dwconv_dot_count, dot_table);
#if defined(OCTET_TEST_EMULATED_KERNELS)
  static const dwdot::Kernels emu[] = {dwdot::kKernelsAvxvnni_emu, dwdot::kKernelsAvx512vnni_emu};
  add_emulated(&v, emu, dot_table);
#endif
  return v;
}

std::vector<KernelTable> gconv_tables() {
  // The sets with byte-quad kernels are gconv_dot_tables()' (they take the
  // layers the int16 tests name another path for); their int16 kernels are
  // the AVX2 set's, tested here.
  const octet::KernelTable& arch = arch_kernel_table();
  std::vector<const gconv::Kernels*> int16_sets;
  for (size_t i = 0; i < arch.gconv_count; ++i) {
    if (arch.gconv[i]->row_dot == nullptr) int16_sets.push_back(arch.gconv[i]);
  }
  return arch_tables(int16_sets.data(), int16_sets.size(), gconv_table);
}

}  // namespace octet::test
