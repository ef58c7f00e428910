// Replays fuzz inputs through the fuzz target in any build (no clang needed):
// every file of the given directories (the checked-in corpus and the inputs
// that once found a bug), then --random N inputs from a fixed seed.
//   octet-fuzz-replay [--random N] DIR...
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "fuzz/conv2d_fuzz_target.h"

int main(int argc, char** argv) {
  size_t random_inputs = 0, files = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--random") == 0 && i + 1 < argc) {
      random_inputs = std::strtoul(argv[++i], nullptr, 10);
      continue;
    }
    std::error_code ec;
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::directory_iterator(argv[i], ec)) paths.push_back(e.path());
    if (ec) {
      std::fprintf(stderr, "octet-fuzz-replay: cannot read %s: %s\n", argv[i], ec.message().c_str());
      return 1;
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& path : paths) {
      std::ifstream f(path, std::ios::binary);
      const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
      octet::fuzz::run_conv2d_input(bytes.data(), bytes.size());
      ++files;
    }
  }
  std::mt19937 rng(20261206);
  std::vector<uint8_t> bytes(64);
  for (size_t n = 0; n < random_inputs; ++n) {
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(rng());
    octet::fuzz::run_conv2d_input(bytes.data(), bytes.size());
  }
  std::printf("octet-fuzz-replay: %zu corpus inputs and %zu random inputs behaved as documented\n", files,
              random_inputs);
  return 0;
}
