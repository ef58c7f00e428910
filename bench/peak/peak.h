// The core's int8 multiply-accumulate peak, per instruction sequence.
//
// Each kernel runs `iters` iterations of an unrolled loop of independent
// accumulator chains (more chains than latency x throughput, so the loop is
// throughput bound) and returns the number of int8 multiply-accumulates it
// performed. GOPS = 2 * MACs / seconds / 1e9. Each file is compiled with its
// ISA's flags (cmake/OctetIsa.cmake) and only called when the CPU has it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "octet/octet.h"

namespace octet_bench {

using PeakKernel = uint64_t (*)(uint64_t iters);

#if defined(__x86_64__) || defined(_M_X64)
uint64_t peak_avx2_exact(uint64_t iters);       // vpmaddwd ymm + vpaddd (int16 x int16, exact)
uint64_t peak_avx2_saturating(uint64_t iters);  // vpmaddubsw + vpmaddwd(1) + vpaddd (int16 pair sums saturate)
uint64_t peak_avx512bw_exact(uint64_t iters);   // vpmaddwd zmm + vpaddd
// vpmaddubsw zmm + vpmaddwd(1) + vpaddd: for bench/micro only, so that the layer
// table's avx512bw peak stays the exact one octet is judged against.
uint64_t peak_avx512bw_saturating(uint64_t iters);
uint64_t peak_avxvnni_ymm(uint64_t iters);      // {vex} vpdpbusd ymm
uint64_t peak_avx512vnni_ymm(uint64_t iters);   // EVEX vpdpbusd ymm
uint64_t peak_avx512vnni_zmm(uint64_t iters);   // vpdpbusd zmm
#endif
#if defined(__aarch64__)
uint64_t peak_neondot_sdot(uint64_t iters);     // sdot v.4s, v.16b, v.16b
uint64_t peak_neoni8mm_smmla(uint64_t iters);  // smmla v.4s, v.16b, v.16b (needs i8mm)
uint64_t peak_neon_smlal(uint64_t iters);      // smlal/smlal2 v.4s by element (ARMv8.0, exact)
#endif

struct PeakResult {
  std::string name;  // e.g. "avx512vnni_zmm"
  octet_isa isa;     // the ISA it needs
  PeakKernel kernel;
  double gops = 0;   // measured
};

// The sequences this CPU can run (octet_isa_supported), not yet measured.
std::vector<PeakResult> available_peaks();
// The iteration count of about `seconds` of kernel on this thread.
uint64_t peak_iterations(PeakKernel kernel, double seconds);
// Best of `repeats` timed runs of about `seconds` each.
double measure_peak_gops(PeakKernel kernel, double seconds, int repeats);
// The peak that layers on `isa` are reported against: the best sequence of
// that ISA (for avx2, the faster of the exact and saturating forms; for
// scalar, the machine's best). 0 when none was measured.
// *candidates lists every sequence that counts for that ISA (comma separated).
double peak_for_isa(const std::vector<PeakResult>& peaks, octet_isa isa, std::string* which,
                    std::string* candidates);

}  // namespace octet_bench
