#!/usr/bin/python3
"""Turns octet-bench's JSON (Google Benchmark format) into the comparison table
and a bar chart.

    /usr/bin/python3 tools/bench_report.py RESULTS.json [MORE.json...] [--txt OUT.txt] [--png OUT.png]

Several files (e.g. the layer run and the packing run) are merged; the context
(peaks, ISA, versions) comes from the first.

Uses only the standard library and (for --png) matplotlib from Debian's
python3-matplotlib. Per benchmark it takes the median over repetitions (the
"median" aggregate when Google Benchmark wrote one, otherwise the median of
the runs it finds).
"""

import argparse
import json
import math
import statistics
import sys

IMPLS = ["octet", "onednn", "xnnpack", "fbgemm"]
PEERS = IMPLS[1:]
LABELS = {"octet": "octet", "onednn": "oneDNN", "xnnpack": "XNNPACK", "fbgemm": "FBGEMM"}


# The context key that describes each peer; a value starting with "absent"
# (or "not found", older runs) means the peer was not built in.
STATUS_KEYS = {"onednn": "onednn_version", "xnnpack": "xnnpack", "fbgemm": "fbgemm"}


def absent_peers(ctx):
    """{impl: reason} for the peers octet-bench was built without."""
    out = {}
    for impl, key in STATUS_KEYS.items():
        v = ctx.get(key)
        if v is None and impl == "fbgemm":
            v = "not found"
        if v is not None and (v.startswith("absent") or v.startswith("not found")):
            out[impl] = v.split(":", 1)[1].strip() if ":" in v else v
    return out


def geomean(values):
    values = [v for v in values if v is not None and v > 0]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def load(path):
    with open(path) as f:
        text = f.read()
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        # octet-bench died mid-run: keep the benchmarks written so far (each
        # entry of the list closes with a line "    }").
        cut = text.rfind("\n    }")
        if cut < 0:
            raise
        data = json.loads(text[:cut + 6] + "\n  ]\n}\n")
        print(f"bench_report: {path} is truncated (octet-bench stopped early); partial results",
              file=sys.stderr)
    ctx = data.get("context", {})
    runs = {}       # run_name -> list of counter dicts (iterations)
    medians = {}    # run_name -> counter dict of the median aggregate
    errors = {}     # run_name -> message
    for b in data.get("benchmarks", []):
        name = b.get("run_name", b["name"])
        if b.get("error_occurred"):
            errors[name] = b.get("error_message", "error")
            continue
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[name] = b
        else:
            runs.setdefault(name, []).append(b)
    results = {}
    for name, lst in runs.items():
        if name in medians:
            m = dict(medians[name])
            m["label"] = lst[0].get("label", "")
            for key in ("mismatch", "mismatch_r127", "max_diff", "outputs"):
                if key in lst[0]:
                    m[key] = lst[0][key]
            results[name] = m
        else:
            m = dict(lst[0])
            for key in ("GOPS", "peak_pct", "real_time", "cpu_time"):
                vals = [r[key] for r in lst if key in r]
                if vals:
                    m[key] = statistics.median(vals)
            results[name] = m
    return ctx, results, errors


def parse_name(name):
    """layer/<shape>/<impl>[/tN] -> (shape, impl, threads)."""
    # Google Benchmark appends settings such as "/iterations:1" or "/real_time".
    parts = [p for p in name.split("/") if ":" not in p and p != "real_time"]
    if len(parts) < 3 or parts[0] != "layer":
        return None
    threads = 1
    if len(parts) == 4 and parts[3].startswith("t") and parts[3][1:].isdigit():
        threads = int(parts[3][1:])
    elif len(parts) != 3:
        return None
    return parts[1], parts[2], threads


def fmt(v, digits=1):
    return "-" if v is None else f"{v:.{digits}f}"


def refine_peak(ctx, results):
    """The peak is a maximum: a busy neighbour can only lower a measurement. Take
    the best of octet-bench's start-up measurement and the peak/<sequence>
    benchmarks of the active ISA, and rescale % of peak to it."""
    for key in list(ctx):
        if key.startswith("peak_gops/"):
            r = results.get("peak/" + key.split("/", 1)[1])
            if r and r.get("GOPS", 0) > float(ctx[key]):
                ctx[key] = str(r["GOPS"])
    peak = float(ctx.get("peak_gops", "0") or 0)
    which = ctx.get("peak_sequence", "?")
    for seq in [c for c in ctx.get("peak_candidates", "").split(",") if c]:
        r = results.get("peak/" + seq)
        if r and r.get("GOPS", 0) > peak:
            peak, which = r["GOPS"], seq
    old = float(ctx.get("peak_gops", "0") or 0)
    if old > 0 and peak > old:
        for name, r in results.items():
            if name.startswith("layer/") and "peak_pct" in r:
                r["peak_pct"] *= old / peak
    ctx["peak_gops"] = str(peak)
    ctx["peak_sequence"] = which


def build_tables(ctx, results, errors):
    shapes = [s for s in ctx.get("shapes", "").split(",") if s]
    seen_threads = set()
    cells = {}  # (threads, shape, impl) -> result dict or error string
    # A cell is a result dict, or the error message of a failed benchmark
    # (errors last, so an error wins over a result of the same name).
    for name, cell in list(results.items()) + list(errors.items()):
        p = parse_name(name)
        if p:
            cells[(p[2], p[0], p[1])] = cell
            seen_threads.add(p[2])
            if p[0] not in shapes:
                shapes.append(p[0])
    absent = absent_peers(ctx)
    tables = []
    for t in sorted(seen_threads):
        rows = []
        for s in shapes:
            row = {"layer": s}
            present = False
            for impl in IMPLS:
                c = cells.get((t, s, impl))
                if isinstance(c, dict):
                    row[impl] = c.get("GOPS")
                    row[impl + "_pct"] = c.get("peak_pct")
                    row[impl + "_label"] = c.get("label", "")
                    row[impl + "_mismatch"] = c.get("mismatch")
                    row[impl + "_mismatch_r127"] = c.get("mismatch_r127")
                    row[impl + "_outputs"] = c.get("outputs")
                    present = True
                elif isinstance(c, str):
                    row[impl] = None
                    row[impl + "_error"] = c
                    present = True
                elif impl in absent:
                    row[impl + "_error"] = "absent"
            if present:
                rows.append(row)
        tables.append((t, rows))
    return tables, absent


def ratio(a, b):
    if a is None or b is None or b <= 0:
        return None
    return a / b


def peer_cell(row, impl):
    if row.get(impl) is not None:
        return fmt(row[impl])
    err = row.get(impl + "_error")
    if err is None:
        return "-"
    if err == "absent":
        return "absent"
    return "FAIL" if "verification failed" in err else "error"


def mismatch_cell(row):
    parts = []
    for impl, short in (("octet", "oc"), ("onednn", "dnn"), ("xnnpack", "xnn"), ("fbgemm", "fb")):
        m = row.get(impl + "_mismatch")
        if m is None:
            continue
        r = row.get(impl + "_mismatch_r127")
        parts.append(f"{short} {int(m)}" + (f"/{int(r)}" if r is not None else ""))
    return " ".join(parts) if parts else "-"


def picks(tables, impl):
    """What an implementation chose over the layers (its label), most used first."""
    counts = {}
    for _, rows in tables:
        for r in rows:
            label = r.get(impl + "_label")
            if label:
                counts[label] = counts.get(label, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{k} x{n}" for k, n in ranked)


def render_alternating(results):
    """scaling/<shape>/<impl>/tN and versus/<shape>/<peer>/tK: ratios timed in
    alternating bursts (octet-bench's bm_alternate), one row per layer."""
    cells, shapes, columns = {}, [], []
    for name, r in results.items():
        parts = [q for q in name.split("/") if ":" not in q]
        if len(parts) != 4 or parts[0] not in ("scaling", "versus") or "ratio" not in r:
            continue
        t = parts[3][1:]
        if parts[0] == "scaling":
            col = (0, IMPLS.index(parts[2]), int(t), f"{LABELS[parts[2]]} {t}t/1t")
        else:
            short = {"onednn": "dnn", "xnnpack": "xnn", "fbgemm": "fb"}[parts[2]]
            col = (1, IMPLS.index(parts[2]), int(t), f"oc/{short} {t}t")
        cells[(parts[1], col)] = r["ratio"]
        if col not in columns:
            columns.append(col)
        if parts[1] not in shapes:
            shapes.append(parts[1])
    if not cells:
        return []
    columns.sort()
    header = ["layer"] + [c[3] for c in columns]
    lines = [[s] + [fmt(cells.get((s, c)), 2) for c in columns] for s in shapes]
    gm = ["geomean"] + [fmt(geomean([cells.get((s, c)) for s in shapes]), 2) for c in columns]
    widths = [max(len(str(x[i])) for x in [header] + lines + [gm]) for i in range(len(header))]

    def line(cols):
        return "  ".join(str(c).ljust(widths[i]) if i == 0 else str(c).rjust(widths[i]) for i, c in enumerate(cols))
    out = ["", "== timed in alternating bursts (median of rounds): speedups over 1 thread, octet over its peers =="]
    out.append(line(header))
    out.append("  ".join("-" * w for w in widths))
    out += [line(r) for r in lines]
    out.append("  ".join("-" * w for w in widths))
    out.append(line(gm))
    return out


def render(ctx, tables, absent, results):
    out = []
    peak = float(ctx.get("peak_gops", "0") or 0)
    out.append(f"octet-bench on {ctx.get('host_name', '?')}: {ctx.get('cpu_model', 'CPU model unknown')}, "
               f"{ctx.get('num_cpus', '?')} CPUs at {ctx.get('mhz_per_cpu', '?')} MHz")
    out.append(f"octet: dispatched to {ctx.get('octet_active_isa', '?')} (detected "
               f"{ctx.get('octet_detected_isa', '?')}, cap OCTET_ISA={ctx.get('OCTET_ISA') or 'none'}); "
               f"picked " + (picks(tables, "octet") or "nothing")
               + "; per layer: column 'octet path' (path/ISA, and a GEMM path's microkernel)")
    if "onednn" in absent:
        out.append(f"oneDNN: absent: {absent['onednn']}")
    else:
        isa = ctx.get("onednn_isa")
        out.append(f"oneDNN {ctx.get('onednn_version', '?')}: "
                   + (f"max ISA {isa} " if isa else "")
                   + f"(cap ONEDNN_MAX_CPU_ISA={ctx.get('ONEDNN_MAX_CPU_ISA') or 'none'}); picked "
                   + (picks(tables, "onednn") or "nothing") + "; per layer: column 'oneDNN impl'")
    if "xnnpack" in absent:
        out.append(f"XNNPACK: absent: {absent['xnnpack']}")
    else:
        out.append(f"XNNPACK: {ctx.get('xnnpack', ctx.get('xnnpack_operator', '?'))}; no ISA cap")
    if "fbgemm" in absent:
        out.append(f"FBGEMM: absent: {absent['fbgemm']}")
    else:
        out.append(f"FBGEMM {ctx.get('fbgemm', '?')} (cap FBGEMM_ENABLE_INSTRUCTIONS="
                   f"{ctx.get('FBGEMM_ENABLE_INSTRUCTIONS') or 'none'}); picked "
                   + (picks(tables, "fbgemm") or "nothing"))
    peaks = ", ".join(f"{k.split('/', 1)[1]} {float(v):.0f}" for k, v in sorted(ctx.items())
                      if k.startswith("peak_gops/"))
    out.append(f"int8 peak GOPS per sequence: {peaks or 'none measured'}; "
               f"% of peak is against {ctx.get('peak_sequence', '?')} = {peak:.0f} GOPS")
    if ctx.get("core_speeds"):
        out.append(f"that peak per CPU at the start, one CPU at a time: {ctx['core_speeds']} "
                   f"(slowest / fastest {float(ctx.get('core_balance', 0)):.2f}; well below 1, two-thread "
                   f"speedups are bounded by the host)")
    for t, rows in tables:
        out.append("")
        out.append(f"== {t} thread{'s' if t > 1 else ''} (GOPS, median of repetitions) ==")
        header = ["layer", "octet", "%peak", "oneDNN", "XNNPACK", "FBGEMM",
                  "oc/dnn", "oc/xnn", "oc/fb", "mismatches 0..255/0..127", "octet path", "oneDNN impl"]
        lines = []
        for row in rows:
            lines.append([
                row["layer"], peer_cell(row, "octet"), fmt(row.get("octet_pct")),
                peer_cell(row, "onednn"), peer_cell(row, "xnnpack"), peer_cell(row, "fbgemm"),
                fmt(ratio(row.get("octet"), row.get("onednn")), 2),
                fmt(ratio(row.get("octet"), row.get("xnnpack")), 2),
                fmt(ratio(row.get("octet"), row.get("fbgemm")), 2),
                mismatch_cell(row), row.get("octet_label", ""), row.get("onednn_label", ""),
            ])
        gm = ["geomean"]
        gm.append(fmt(geomean([r.get("octet") for r in rows])))
        gm.append(fmt(geomean([r.get("octet_pct") for r in rows])))
        for impl in PEERS:
            g = geomean([r.get(impl) for r in rows])
            gm.append("absent" if impl in absent else fmt(g))
        for impl in PEERS:
            gm.append(fmt(geomean([ratio(r.get("octet"), r.get(impl)) for r in rows]), 2))
        gm += ["", "", ""]
        lines.append(gm)
        widths = [max(len(str(x[i])) for x in [header] + lines) for i in range(len(header))]
        left = {0, 9, 10, 11}

        def line(cols):
            return "  ".join((str(c).ljust(widths[i]) if i in left else str(c).rjust(widths[i]))
                             for i, c in enumerate(cols)).rstrip()
        out.append(line(header))
        out.append("  ".join("-" * w for w in widths))
        for cols in lines[:-1]:
            out.append(line(cols))
        out.append("  ".join("-" * w for w in widths))
        out.append(line(lines[-1]))
    out += render_alternating(results)
    packs = []
    for impl in IMPLS:
        times = []
        for name, r in results.items():
            parts = [q for q in name.split("/") if ":" not in q]
            if len(parts) == 3 and parts[0] == "pack" and parts[2] == impl and "real_time" in r:
                scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}.get(r.get("time_unit", "us"), 1.0)
                times.append(r["real_time"] * scale)
        if times:
            packs.append(f"{LABELS[impl]} {geomean(times):.0f}")
    if packs:
        out.append("")
        out.append("weight packing (create + pack, geomean over layers, us): " + ", ".join(packs))
    out.append("")
    out.append("mismatches: outputs differing from octet in the peer's matching mode (oc: octet vs its scalar "
               "reference; dnn: pytorch_onednn; xnn: pytorch_qnnpack, tolerance 1; fb: pytorch_fbgemm), on "
               "full-range activations / on activations <= 127. FAIL = a strict check failed (not timed); "
               "absent = the peer is not built in (why: the header above).")
    return "\n".join(out)


def plot(ctx, tables, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    peak = float(ctx.get("peak_gops", "0") or 0)
    n = len(tables)
    fig, axes = plt.subplots(n, 1, figsize=(14, 5.5 * n), squeeze=False)
    colors = {"octet": "#d62728", "onednn": "#1f77b4", "xnnpack": "#2ca02c", "fbgemm": "#ff7f0e"}
    for ax, (t, rows) in zip(axes[:, 0], tables):
        impls = [i for i in IMPLS if any(r.get(i) is not None for r in rows)]
        width = 0.8 / max(1, len(impls))
        xs = list(range(len(rows)))
        for j, impl in enumerate(impls):
            vals = [r.get(impl) or 0 for r in rows]
            ax.bar([x + (j - (len(impls) - 1) / 2) * width for x in xs], vals, width,
                   label=LABELS[impl], color=colors[impl])
        if peak > 0:
            ax.axhline(peak * t, color="gray", linestyle="--", linewidth=1)
            ax.text(len(rows) - 0.5, peak * t, f" peak {ctx.get('peak_sequence', '')} x{t}",
                    va="bottom", ha="right", fontsize=8, color="gray")
        ax.set_xticks(xs)
        ax.set_xticklabels([r["layer"] for r in rows], rotation=40, ha="right", fontsize=8)
        ax.set_ylabel("GOPS")
        ax.set_title(f"int8 conv, {t} thread{'s' if t > 1 else ''}, octet ISA "
                     f"{ctx.get('octet_active_isa', '?')} ({ctx.get('host_name', '')})")
        ax.legend()
        ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("json", nargs="+")
    ap.add_argument("--txt", help="also write the table to this file")
    ap.add_argument("--png", help="write the bar chart to this file")
    args = ap.parse_args()
    ctx, results, errors = load(args.json[0])
    for extra in args.json[1:]:
        _, more, more_errors = load(extra)
        results.update(more)
        errors.update(more_errors)
    refine_peak(ctx, results)
    tables, absent = build_tables(ctx, results, errors)
    if not tables and not any(n.startswith(("scaling/", "versus/")) for n in results):
        print("bench_report: no layer/, scaling/ or versus/ results in " + " ".join(args.json), file=sys.stderr)
        return 1
    text = render(ctx, tables, absent, results)
    print(text)
    if args.txt:
        with open(args.txt, "w") as f:
            f.write(text + "\n")
    if args.png:
        plot(ctx, tables, args.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
