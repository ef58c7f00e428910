#include "test/dwconv/kernel_tables.h"

#include <cstdint>

#include "src/core/conv_paths.h"
#include "src/core/dwconv.h"
#include "src/core/dwconv_dot.h"
#if defined(__aarch64__)
#include "src/arm/conv_kernels.h"
#else
#include "src/x86/conv_kernels.h"
#endif

#if defined(OCTET_TEST_EMULATED_KERNELS)
// The emulated copies (test/x86/CMakeLists.txt: octet_x86_emulated_kernels), per ISA.
namespace octet::dw {
extern const Kernels kKernelsAvxvnni_emu, kKernelsAvx512vnni_emu;  // beside the AVX2 prep-pass kernels
}  // namespace octet::dw
namespace octet::dwdot {
extern const Kernels kKernelsAvxvnni_emu, kKernelsAvx512vnni_emu;
}  // namespace octet::dwdot
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
  v.push_back({"avxvnni_emu", octet_isa_avx2, &dw::kKernelsAvxvnni_emu, &dwdot::kKernelsAvxvnni_emu});
  v.push_back({"avx512vnni_emu", octet_isa_avx2, &dw::kKernelsAvx512vnni_emu, &dwdot::kKernelsAvx512vnni_emu});
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

std::vector<KernelTable> dot_tables() {
  std::vector<KernelTable> v;
  for (const Row& r : rows()) {
    if (r.dot != nullptr) v.push_back(dot_table(r.label, r.needs, *r.dot));
  }
  return v;
}

}  // namespace octet::test
