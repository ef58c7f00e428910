// octet-golden: runs golden conv2d vectors through octet's public API.
//
//   octet-golden [--isa NAME] [--explain] PATH...
//
// Each case runs in the mode of its `source`; every mismatch is printed (case,
// first mismatching index, expected, got) and the last line is
// "N passed, M failed". --explain walks through the whole arithmetic of the
// first mismatching output element (or of element 0 when all match).
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "octet/octet.h"
#include "tools/golden/explain.h"
#include "tools/golden/golden_case.h"

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: octet-golden [--isa NAME] [--explain] PATH...\n"
               "  PATH     golden JSON files or directories of them\n"
               "  --isa    cap dispatch: scalar, avx2, avx512bw, avxvnni, avx512vnni, neon, neondot, neoni8mm\n"
               "  --explain  print the arithmetic of the first mismatching element (or element 0)\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  bool explain = false;
  std::vector<std::string> paths;
  const char* isa_name = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--explain") == 0) {
      explain = true;
    } else if (std::strcmp(argv[i], "--isa") == 0 && i + 1 < argc) {
      isa_name = argv[++i];
    } else if (std::strncmp(argv[i], "--isa=", 6) == 0) {
      isa_name = argv[i] + 6;
    } else if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      return usage();
    } else if (argv[i][0] == '-') {
      std::fprintf(stderr, "octet-golden: unknown option %s\n", argv[i]);
      return usage();
    } else {
      paths.emplace_back(argv[i]);
    }
  }
  if (paths.empty()) return usage();
  octet_initialize();
  if (isa_name) {
    octet_isa isa;
    if (octet_isa_from_name(isa_name, &isa) != octet_status_success || octet_set_isa_cap(isa) != octet_status_success) {
      std::fprintf(stderr, "octet-golden: --isa %s: %s\n", isa_name, octet_last_error());
      return 2;
    }
  }
  std::printf("octet-golden: ISA cap %s, active %s\n", octet_isa_name(octet_isa_cap()),
              octet_isa_name(octet_active_isa()));

  size_t passed = 0, failed = 0;
  bool explained = false;
  for (const std::string& file : octet::golden::list_case_files(paths)) {
    octet::golden::Case c;
    std::string error;
    octet_requant_mode mode;
    if (!octet::golden::load_case(file, &c, &error)) {
      std::printf("FAIL %s: %s\n", file.c_str(), error.c_str());
      ++failed;
      continue;
    }
    if (!octet::golden::mode_for_source(c.source, &mode)) {
      std::printf("FAIL %s: unknown source '%s'\n", file.c_str(), c.source.c_str());
      ++failed;
      continue;
    }
    std::vector<uint8_t> y;
    std::string path_used;
    if (!octet::golden::run_case(c, mode, &y, &error, &path_used)) {
      std::printf("FAIL %s [%s]: %s\n", c.name.c_str(), c.source.c_str(), error.c_str());
      ++failed;
      continue;
    }
    size_t first = y.size(), mismatches = 0;
    for (size_t i = 0; i < y.size(); ++i) {
      if (y[i] != c.y[i]) {
        if (first == y.size()) first = i;
        ++mismatches;
      }
    }
    if (mismatches == 0) {
      ++passed;
    } else {
      ++failed;
      std::printf("FAIL %s [%s, %s]: %zu of %zu outputs differ; first at index %zu: expected %u, got %u\n",
                  c.name.c_str(), c.source.c_str(), path_used.c_str(), mismatches, y.size(), first, c.y[first],
                  y[first]);
    }
    if (explain && !explained && (mismatches > 0)) {
      std::fputs(octet::golden::explain_element(c, mode, first, y[first]).c_str(), stdout);
      explained = true;
    }
  }
  if (explain && !explained) {
    // Everything matched: explain element 0 of the first case, as a walk-through.
    const auto files = octet::golden::list_case_files(paths);
    octet::golden::Case c;
    std::string error;
    octet_requant_mode mode;
    if (!files.empty() && octet::golden::load_case(files[0], &c, &error) &&
        octet::golden::mode_for_source(c.source, &mode)) {
      std::fputs(octet::golden::explain_element(c, mode, 0, c.y[0]).c_str(), stdout);
    }
  }
  std::printf("%zu passed, %zu failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
