// octet-bench: octet and its peers (oneDNN, XNNPACK, FBGEMM) on the layer
// suite, in one process, against the core's measured int8 peak.
//
//   octet-bench [--threads=N] [--shapes=FILE]... [--suite=builtin|none]
//               [--impls=octet,onednn,xnnpack,fbgemm] [--verify=1|0]
//               [Google Benchmark flags: --benchmark_filter, --benchmark_min_time, ...]
//
// Benchmarks:
//   peak/<sequence>           the int8 multiply-add peak of one instruction sequence
//   layer/<shape>/<impl>      one layer, one thread (the default)
//   layer/<shape>/<impl>/tN   the same with N threads (--threads=N, N > 1)
//   scaling/<shape>/<impl>/tN the N-thread speedup over one thread, and
//   versus/<shape>/<peer>/tN  octet's speed over a peer's on N threads (t1 too),
//                             both timed in alternating bursts (counter ratio; see bm_alternate)
//   pack/<shape>/<impl>       create the operator and pack its weights (never in layer time)
//   gemm/..., dwconv/...      kernel micro benchmarks from bench/micro/*.cc
// Counters: GOPS (2*N*OH*OW*K*R*S*C/groups per second / 1e9) and peak_pct
// (percent of the peak of octet's active ISA), plus the verification counts.
//
// Before a layer is timed, each implementation's output is compared with
// octet's output in the matching requantization mode (see verify() below);
// a failed strict check skips the benchmark with an error and makes the exit
// status 1.
#include <benchmark/benchmark.h>
#include <cpuinfo.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "bench/layer.h"
#include "bench/peak/core_speeds.h"
#include "bench/peak/peak.h"

namespace octet_bench {
namespace {

struct Options {
  int threads = 1;
  std::vector<std::string> shape_files;
  bool builtin = true;
  bool verify = true;
  std::vector<ImplKind> impls{ImplKind::octet, ImplKind::onednn, ImplKind::xnnpack, ImplKind::fbgemm};
};

// Verification of one (layer, implementation, threads).
struct Check {
  bool done = false;
  size_t outputs = 0;
  long long mismatch_full = -1;  // vs the matching octet mode, activations 0..255
  long long mismatch_half = -1;  // activations 0..127 (no int16 pair can saturate)
  int max_diff_full = 0;
  std::string note;
};

struct Prepared {
  std::unique_ptr<Impl> impl;
  bool ok = false;
  std::string error;
  Check check;
};

std::vector<std::unique_ptr<Layer>> g_layers;
std::map<std::tuple<size_t, int, int>, Prepared> g_prepared;
double g_peak_gops = 0;
bool g_failed = false;
bool g_verify = true;

struct Diff {
  long long mismatches = 0;
  int max_diff = 0;
};

Diff compare(const uint8_t* a, const std::vector<uint8_t>& b) {
  Diff d;
  for (size_t i = 0; i < b.size(); ++i) {
    const int e = std::abs(static_cast<int>(a[i]) - static_cast<int>(b[i]));
    if (e != 0) {
      ++d.mismatches;
      d.max_diff = std::max(d.max_diff, e);
    }
  }
  return d;
}

// octet's own output at the scalar reference (the specification), computed
// once per layer, mode and dataset.
const std::vector<uint8_t>& scalar_reference(Layer& L, octet_requant_mode mode, Dataset d) {
  static std::map<std::tuple<const Layer*, int, int>, std::vector<uint8_t>> cache;
  std::vector<uint8_t>& out = cache[std::make_tuple(&L, static_cast<int>(mode), static_cast<int>(d))];
  if (!out.empty()) return out;
  const octet_isa cap = octet_isa_cap();
  octet_set_isa_cap(octet_isa_scalar);
  std::unique_ptr<Impl> impl = make_octet_impl(mode);
  std::string err;
  const bool ok = impl->create(L, 1, &err);
  octet_set_isa_cap(cap);
  if (!ok || !impl->set_input(d, &err)) {
    std::fprintf(stderr, "octet-bench: scalar reference for %s: %s\n", L.shape.name.c_str(), err.c_str());
    std::exit(2);
  }
  impl->run();
  out.assign(impl->output(), impl->output() + L.output_size());
  return out;
}

// What each implementation is compared with, and how strictly:
//  octet   : its active-ISA path vs its scalar reference, pytorch_fbgemm mode,
//            full-range data: bit-exact.
//  fbgemm  : octet pytorch_fbgemm. Bit-exact on 0..127 data; on full-range
//            data bit-exact only with VNNI (otherwise int16 pair sums saturate
//            and the count is reported, not failed).
//  onednn  : octet pytorch_onednn, same rule (VNNI or AMX in oneDNN's
//            implementation name makes the full-range check strict).
//  xnnpack : octet pytorch_qnnpack on both data sets, |diff| <= 1 (see
//            impl_xnnpack.cc for why 1).
bool verify(Layer& L, ImplKind kind, Impl& impl, Check* c, std::string* error) {
  c->done = true;
  c->outputs = L.output_size();
  octet_requant_mode mode = octet_requant_pytorch_fbgemm;
  int tol = 0;
  bool full_strict = true;
  const std::string info = impl.info();
  switch (kind) {
    case ImplKind::octet:
      break;
    case ImplKind::fbgemm:
      full_strict = info.find("vnni") != std::string::npos;
      break;
    case ImplKind::onednn:
      mode = octet_requant_pytorch_onednn;
      full_strict = info.find("vnni") != std::string::npos || info.find("amx") != std::string::npos;
      break;
    case ImplKind::xnnpack:
      mode = octet_requant_pytorch_qnnpack;
      tol = 1;
      break;
  }
  const std::string where = "layer/" + L.shape.name + "/" + impl_name(kind);
  std::ostringstream msg;
  bool ok = true;
  if (kind == ImplKind::octet) {
    if (!impl.set_input(kFull, error)) return false;
    impl.run();
    if (info.find("/scalar") != std::string::npos) {
      c->note = "scalar path is the reference";
      c->mismatch_full = 0;
    } else {
      const Diff d = compare(impl.output(), scalar_reference(L, mode, kFull));
      c->mismatch_full = d.mismatches;
      c->max_diff_full = d.max_diff;
      ok = d.max_diff == 0;
      c->note = "vs octet scalar reference";
    }
    msg << where << " [" << info << "]: " << c->mismatch_full << "/" << c->outputs
        << " outputs differ from octet's scalar reference";
  } else {
    if (!impl.set_input(kHalf, error)) return false;
    impl.run();
    const Diff h = compare(impl.output(), L.reference(mode, kHalf));
    if (!impl.set_input(kFull, error)) return false;
    impl.run();
    const Diff f = compare(impl.output(), L.reference(mode, kFull));
    c->mismatch_half = h.mismatches;
    c->mismatch_full = f.mismatches;
    c->max_diff_full = f.max_diff;
    const bool half_ok = h.max_diff <= tol;
    const bool full_ok = f.max_diff <= tol;
    ok = half_ok && (full_ok || !full_strict);
    c->note = std::string("vs octet ") +
              (mode == octet_requant_pytorch_fbgemm   ? "pytorch_fbgemm"
               : mode == octet_requant_pytorch_onednn ? "pytorch_onednn"
                                                      : "pytorch_qnnpack") +
              ", tolerance " + std::to_string(tol) +
              (full_strict ? "" : "; full-range count informative (no VNNI: int16 pair saturation)");
    msg << where << " [" << info << "]: " << c->outputs << " outputs; differ on 0..127 data: "
        << h.mismatches << " (max " << h.max_diff << "), on 0..255 data: " << f.mismatches
        << " (max " << f.max_diff << "); " << c->note;
  }
  msg << (ok ? "  OK" : "  FAILED");
  std::fprintf(stderr, "verify %s\n", msg.str().c_str());
  if (!ok) {
    *error = "verification failed: " + msg.str();
    g_failed = true;
  }
  return ok;
}

Prepared& prepare(size_t li, ImplKind kind, int threads) {
  Prepared& p = g_prepared[std::make_tuple(li, static_cast<int>(kind), threads)];
  if (p.impl || !p.error.empty()) return p;
  Layer& L = *g_layers[li];
  p.impl = make_impl(kind);
  if (!p.impl) {
    p.error = std::string(impl_name(kind)) + " absent";
    return p;
  }
  std::string err;
  if (!p.impl->create(L, threads, &err)) {
    p.error = err;
    return p;
  }
  if (g_verify && !verify(L, kind, *p.impl, &p.check, &err)) {
    p.error = err;
    return p;
  }
  if (!p.impl->set_input(kFull, &err)) {
    p.error = err;
    return p;
  }
  p.ok = true;
  return p;
}

// Thread pools spin after a call before they sleep (measured on a Zen 4 KVM
// guest: pthreadpool's workers about 25 ms, libgomp's 4-8 ms). A pool that
// ran just before would take a core from another one being timed, so a
// multi-threaded run of one implementation first waits until the last other
// pool has been idle for kPoolQuiet. One-thread runs need no wait.
constexpr std::chrono::milliseconds kPoolQuiet{60};
const Impl* g_last_pool = nullptr;  // the last implementation run on more than one thread
std::chrono::steady_clock::time_point g_last_pool_end;

void before_run(const Impl* impl, int threads) {
  if (threads <= 1 || !g_last_pool || g_last_pool == impl) return;
  const auto quiet = g_last_pool_end + kPoolQuiet;
  while (std::chrono::steady_clock::now() < quiet) std::this_thread::sleep_until(quiet);
}

void after_run(const Impl* impl, int threads) {
  if (threads <= 1) return;
  g_last_pool = impl;
  g_last_pool_end = std::chrono::steady_clock::now();
}

// Rates use wall-clock time (taken around the timing loop), so that runs on
// a thread pool count the time the caller waits, not its CPU time; this keeps
// the names free of Google Benchmark's "/real_time" suffix.
using Clock = std::chrono::steady_clock;

// peak_pct is against the peak of all the cores used (threads x one core).
void set_rate_counters(benchmark::State& st, double ops_per_iter, int threads, Clock::time_point t0,
                       Clock::time_point t1) {
  const double seconds = std::chrono::duration<double>(t1 - t0).count();
  if (seconds <= 0 || st.iterations() == 0) return;
  const double gops = ops_per_iter * static_cast<double>(st.iterations()) / seconds / 1e9;
  st.counters["GOPS"] = gops;
  if (g_peak_gops > 0) st.counters["peak_pct"] = gops * 100.0 / (g_peak_gops * threads);
}

void bm_layer(benchmark::State& st, size_t li, ImplKind kind, int threads) {
  Prepared& p = prepare(li, kind, threads);
  if (!p.ok) {
    st.SkipWithError(p.error.c_str());
    return;
  }
  Impl& impl = *p.impl;
  before_run(&impl, threads);
  const Clock::time_point t0 = Clock::now();
  for (auto _ : st) {
    impl.run();
  }
  const Clock::time_point t1 = Clock::now();
  after_run(&impl, threads);
  set_rate_counters(st, g_layers[li]->shape.ops(), threads, t0, t1);
  const Check& c = p.check;
  if (c.done) {
    st.counters["outputs"] = static_cast<double>(c.outputs);
    if (c.mismatch_full >= 0) st.counters["mismatch"] = static_cast<double>(c.mismatch_full);
    if (c.mismatch_half >= 0) st.counters["mismatch_r127"] = static_cast<double>(c.mismatch_half);
    st.counters["max_diff"] = c.max_diff_full;
  }
  st.SetLabel(impl.info());
}

// Two configurations of one layer timed in alternation: each iteration is a
// round of a burst of A's calls then a burst of B's (about a millisecond of
// A's time each, after one untimed call that wakes a pool's workers; see
// before_run for the wait between two pools).
// Counter `ratio` = median over rounds of B's time over A's, that is A's
// speed over B's. On a shared host the speed drifts by tens of percent over
// seconds; bursts a millisecond apart drift alike, so these ratios are the
// ones to quote, where layer/... timings (seconds apart) only approximate them.
//   scaling/<shape>/<impl>/tN   A = impl on N threads, B = impl on 1 (the speedup)
//   versus/<shape>/<peer>/tN    A = octet, B = peer, both on N threads (t1 included)
struct Side {
  ImplKind kind;
  int threads;
};

void bm_alternate(benchmark::State& st, size_t li, Side sa, Side sb) {
  Prepared& pa = prepare(li, sa.kind, sa.threads);
  Prepared& pb = prepare(li, sb.kind, sb.threads);
  if (!pa.ok || !pb.ok) {
    st.SkipWithError((pa.ok ? pb.error : pa.error).c_str());
    return;
  }
  auto burst = [](Impl& impl, int threads, size_t runs) {
    before_run(&impl, threads);
    impl.run();
    const Clock::time_point t0 = Clock::now();
    for (size_t i = 0; i < runs; ++i) impl.run();
    const Clock::time_point t1 = Clock::now();
    after_run(&impl, threads);
    return std::chrono::duration<double, std::micro>(t1 - t0).count() / static_cast<double>(runs);
  };
  // Bursts of about a millisecond of A's time; 20 ms where a burst must wait
  // for the other side's pool to go quiet (two pools on more than one thread).
  const bool waits = sa.kind != sb.kind && std::max(sa.threads, sb.threads) > 1;
  const double us = burst(*pa.impl, sa.threads, 3);
  const size_t runs = std::max<size_t>(1, static_cast<size_t>((waits ? 20000.0 : 1000.0) / std::max(us, 1.0)));
  std::vector<double> ratios, ta, tb;
  for (auto _ : st) {
    const double a = burst(*pa.impl, sa.threads, runs), b = burst(*pb.impl, sb.threads, runs);
    ta.push_back(a);
    tb.push_back(b);
    ratios.push_back(b / a);
  }
  auto sorted = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  if (ratios.empty()) return;
  const std::vector<double> r = sorted(ratios);
  const double a = sorted(ta)[ta.size() / 2], b = sorted(tb)[tb.size() / 2];
  st.counters["ratio"] = r[r.size() / 2];
  // The spread: a host that co-schedules the two vCPUs badly for a while shows
  // as a low p10 (the rounds of that state) rather than as a lower median.
  st.counters["ratio_p10"] = r[r.size() / 10];
  st.counters["ratio_p90"] = r[r.size() * 9 / 10];
  st.counters["us_a"] = a;
  st.counters["us_b"] = b;
  const double ops = g_layers[li]->shape.ops();
  st.counters["GOPS_a"] = ops / a / 1e3;
  st.counters["GOPS_b"] = ops / b / 1e3;
  st.SetLabel(pa.impl->info() + " | " + pb.impl->info());
}

void bm_pack(benchmark::State& st, size_t li, ImplKind kind) {
  Layer& L = *g_layers[li];
  std::string err;
  for (auto _ : st) {
    std::unique_ptr<Impl> impl = make_impl(kind);
    if (!impl->create(L, 1, &err)) {
      st.SkipWithError(err.c_str());
      break;
    }
    impl->destroy();
  }
}

void bm_peak(benchmark::State& st, PeakKernel kernel) {
  uint64_t macs = 0;
  const Clock::time_point t0 = Clock::now();
  for (auto _ : st) {
    macs += kernel(100000);
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  if (seconds > 0) st.counters["GOPS"] = 2.0 * static_cast<double>(macs) / seconds / 1e9;
}

bool parse_impls(const std::string& list, std::vector<ImplKind>* out) {
  out->clear();
  std::stringstream ss(list);
  std::string item;
  while (std::getline(ss, item, ',')) {
    bool found = false;
    for (ImplKind k : {ImplKind::octet, ImplKind::onednn, ImplKind::xnnpack, ImplKind::fbgemm}) {
      if (item == impl_name(k)) {
        out->push_back(k);
        found = true;
      }
    }
    if (!found) return false;
  }
  return !out->empty();
}

void usage() {
  std::fprintf(stderr,
               "usage: octet-bench [--threads=N] [--shapes=FILE]... [--suite=builtin|none]\n"
               "                   [--impls=octet,onednn,xnnpack,fbgemm] [--verify=1|0]\n"
               "                   [--benchmark_* flags of Google Benchmark]\n"
               "--shapes FILE: TSV with columns name N H W C K R S stride pad dil groups\n");
}

// Takes octet-bench's own flags out of argv (both --flag=value and --flag value).
bool parse_options(int* argc, char** argv, Options* o) {
  int out = 1;
  for (int i = 1; i < *argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](const char* flag, std::string* v) {
      const std::string f = flag;
      if (a == f && i + 1 < *argc) {
        *v = argv[++i];
        return true;
      }
      if (a.rfind(f + "=", 0) == 0) {
        *v = a.substr(f.size() + 1);
        return true;
      }
      return false;
    };
    std::string v;
    if (a == "--help" || a == "-h") {
      usage();
      return false;
    } else if (value("--threads", &v)) {
      o->threads = std::atoi(v.c_str());
      if (o->threads < 1) {
        std::fprintf(stderr, "octet-bench: --threads must be >= 1\n");
        return false;
      }
    } else if (value("--shapes", &v)) {
      o->shape_files.push_back(v);
    } else if (value("--suite", &v)) {
      if (v != "builtin" && v != "none") {
        std::fprintf(stderr, "octet-bench: --suite is builtin or none\n");
        return false;
      }
      o->builtin = v == "builtin";
    } else if (value("--impls", &v)) {
      if (!parse_impls(v, &o->impls)) {
        std::fprintf(stderr, "octet-bench: --impls takes a comma list of octet,onednn,xnnpack,fbgemm\n");
        return false;
      }
    } else if (value("--verify", &v)) {
      o->verify = v != "0";
    } else {
      argv[out++] = argv[i];
    }
  }
  *argc = out;
  argv[out] = nullptr;
  return true;
}

// The CPU's marketing name: /proc/cpuinfo's "model name" (x86), else cpuinfo's
// package name, else its first core's microarchitecture number.
std::string cpu_model() {
  if (std::FILE* f = std::fopen("/proc/cpuinfo", "r")) {
    char line[512];
    std::string name;
    while (name.empty() && std::fgets(line, sizeof line, f) != nullptr) {
      if (std::strncmp(line, "model name", 10) == 0) {
        if (const char* colon = std::strchr(line, ':')) {
          name = colon + 1;
          name.erase(0, name.find_first_not_of(" \t"));
          name.erase(name.find_last_not_of(" \t\r\n") + 1);
        }
      }
    }
    std::fclose(f);
    if (!name.empty()) return name;
  }
  if (cpuinfo_initialize() && cpuinfo_get_packages_count() > 0) {
    const char* name = cpuinfo_get_package(0)->name;
    if (name[0] != '\0') return name;
    char buf[64];
    std::snprintf(buf, sizeof buf, "uarch 0x%x", static_cast<unsigned>(cpuinfo_get_core(0)->uarch));
    return buf;
  }
  return "unknown";
}

const char* env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : fallback;
}

}  // namespace
}  // namespace octet_bench

int main(int argc, char** argv) {
  using namespace octet_bench;
  Options opt;
  if (!parse_options(&argc, argv, &opt)) return 1;

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  if (octet_initialize() != octet_status_success) {
    std::fprintf(stderr, "octet-bench: octet_initialize failed: %s\n", octet_last_error());
    return 1;
  }
  g_verify = opt.verify;
  // OCTET_ISA is the cap for the whole run (tools/bench.sh --isa). Apply it
  // again here: a micro benchmark's registration may have changed the cap at
  // static-initialisation time.
  if (const char* env = std::getenv("OCTET_ISA")) {
    octet_isa cap = octet_isa_best;
    if (octet_isa_from_name(env, &cap) != octet_status_success) {
      std::fprintf(stderr, "octet-bench: OCTET_ISA=%s is not an ISA name\n", env);
      return 1;
    }
    if (octet_set_isa_cap(cap) != octet_status_success) {
      std::fprintf(stderr, "octet-bench: OCTET_ISA=%s: %s\n", env, octet_last_error());
      return 1;
    }
  }

  std::vector<Shape> shapes;
  if (opt.builtin) shapes = builtin_shapes();
  for (const std::string& f : opt.shape_files) {
    std::string err;
    if (!read_shapes_tsv(f, &shapes, &err)) {
      std::fprintf(stderr, "octet-bench: %s\n", err.c_str());
      return 1;
    }
  }
  for (size_t i = 0; i < shapes.size(); ++i) {
    g_layers.push_back(make_layer(shapes[i], i + 1));
  }

  // The peaks, measured now so every layer can be reported against them.
  std::vector<PeakResult> peaks = available_peaks();
  for (PeakResult& p : peaks) {
    p.gops = measure_peak_gops(p.kernel, 0.02, 10);  // best of 10: robust to a busy neighbour
    benchmark::AddCustomContext("peak_gops/" + p.name, std::to_string(p.gops));
  }
  const octet_isa active = octet_active_isa();
  std::string peak_which = "none";
  std::string peak_candidates;
  g_peak_gops = peak_for_isa(peaks, active, &peak_which, &peak_candidates);
  for (const PeakResult& p : peaks) {
    if (p.name != peak_which) continue;
    // Each CPU's speed now, before any library's pool exists (core_speeds.h).
    const CoreSpeeds cores = measure_core_speeds(p.kernel, 0.002, 5);
    std::string text;
    for (size_t i = 0; i < cores.gops.size(); ++i) {
      text += (i ? ", cpu" : "cpu") + std::to_string(cores.cpus[i]) + " " + std::to_string(static_cast<int>(cores.gops[i]));
    }
    if (cores.balance > 0) {
      benchmark::AddCustomContext("core_speeds", text);
      benchmark::AddCustomContext("core_balance", std::to_string(cores.balance));
    }
  }
  benchmark::AddCustomContext("peak_candidates", peak_candidates);
  benchmark::AddCustomContext("octet_active_isa", octet_isa_name(active));
  benchmark::AddCustomContext("octet_detected_isa", octet_isa_name(octet_detected_isa()));
  benchmark::AddCustomContext("peak_sequence", peak_which);
  benchmark::AddCustomContext("peak_gops", std::to_string(g_peak_gops));
  benchmark::AddCustomContext("threads", std::to_string(opt.threads));
  benchmark::AddCustomContext("cpu_model", cpu_model());
  benchmark::AddCustomContext("onednn_version", onednn_version());
  benchmark::AddCustomContext("onednn_isa", onednn_isa());
  benchmark::AddCustomContext("fbgemm", fbgemm_status());
  benchmark::AddCustomContext("xnnpack", xnnpack_status());
  benchmark::AddCustomContext("OCTET_ISA", env_or("OCTET_ISA", ""));
  benchmark::AddCustomContext("ONEDNN_MAX_CPU_ISA", env_or("ONEDNN_MAX_CPU_ISA", ""));
  benchmark::AddCustomContext("FBGEMM_ENABLE_INSTRUCTIONS", env_or("FBGEMM_ENABLE_INSTRUCTIONS", ""));
  {
    std::string names;
    for (const auto& L : g_layers) names += (names.empty() ? "" : ",") + L->shape.name;
    benchmark::AddCustomContext("shapes", names);
  }

  for (const PeakResult& p : peaks) {
    benchmark::RegisterBenchmark(("peak/" + p.name).c_str(), bm_peak, p.kernel);
  }
  std::vector<ImplKind> impls;
  for (ImplKind k : opt.impls) {
    if (make_impl(k)) impls.push_back(k);
  }
  std::vector<bool> octet_slow(g_layers.size(), false);
  std::vector<int> thread_counts{1};
  if (opt.threads > 1) thread_counts.push_back(opt.threads);
  for (size_t li = 0; li < g_layers.size(); ++li) {
    const std::string& name = g_layers[li]->shape.name;
    // octet's scalar reference takes a second or more on the large layers:
    // one iteration per repetition is plenty for it (the name then gets
    // Google Benchmark's "/iterations:1" suffix).
    {
      const octet_conv2d_params p = octet_params(*g_layers[li], octet_requant_pytorch_fbgemm);
      octet_conv2d_t op = nullptr;
      if (octet_conv2d_create(&p, &op) == octet_status_success) {
        octet_slow[li] = octet_conv2d_isa(op) == octet_isa_scalar;
        octet_conv2d_destroy(op);
      }
    }
    for (int t : thread_counts) {
      for (ImplKind k : impls) {
        std::string bname = "layer/" + name + "/" + impl_name(k);
        if (t > 1) bname += "/t" + std::to_string(t);
        auto* b = benchmark::RegisterBenchmark(bname.c_str(), bm_layer, li, k, t);
        b->Unit(benchmark::kMicrosecond);
        if (k == ImplKind::octet && octet_slow[li]) b->Iterations(1);
      }
    }
  }
  for (size_t li = 0; li < g_layers.size(); ++li) {
    const std::string& name = g_layers[li]->shape.name;
    for (ImplKind k : impls) {
      if (opt.threads > 1) {
        const std::string bname = "scaling/" + name + "/" + impl_name(k) + "/t" + std::to_string(opt.threads);
        auto* b = benchmark::RegisterBenchmark(bname.c_str(), bm_alternate, li, Side{k, opt.threads}, Side{k, 1});
        if (k == ImplKind::octet && octet_slow[li]) b->Iterations(2);
      }
      for (int t : thread_counts) {
        if (k == ImplKind::octet) continue;
        const std::string bname = "versus/" + name + "/" + impl_name(k) + "/t" + std::to_string(t);
        auto* b = benchmark::RegisterBenchmark(bname.c_str(), bm_alternate, li, Side{ImplKind::octet, t}, Side{k, t});
        if (octet_slow[li]) b->Iterations(2);
      }
    }
  }
  for (size_t li = 0; li < g_layers.size(); ++li) {
    for (ImplKind k : impls) {
      const std::string bname = "pack/" + g_layers[li]->shape.name + "/" + impl_name(k);
      benchmark::RegisterBenchmark(bname.c_str(), bm_pack, li, k)->Unit(benchmark::kMicrosecond);
    }
  }

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (g_failed) {
    std::fprintf(stderr, "octet-bench: some implementation failed verification (see 'verify' lines)\n");
    return 1;
  }
  return 0;
}
