"""Per-model latency: torch's quantized engine vs the same model with its
convs on octet (octet_torch.swap), one thread and all cores.

    PYTHONPATH=integrations/pytorch OCTET_TORCH_LIB=<build>/integrations/pytorch/liboctet_torch_ops.so \\
        /usr/bin/python3 integrations/pytorch/bench_models.py [--size 224] [--runs 10]
"""
import argparse
import copy
import os
import statistics
import time

import torch

import octet_torch
from quantized_models import MODELS, engines, quantize


def latency_ms(model, x, runs):
    with torch.no_grad():
        for _ in range(2):
            model(x)
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            model(x)
            times.append(time.perf_counter() - t)
    return 1e3 * statistics.median(times)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--models", default=",".join(MODELS))
    p.add_argument("--engines", default=",".join(engines()))
    args = p.parse_args()
    all_cores = os.cpu_count() or 1
    x = torch.randn(args.batch, 3, args.size, args.size, generator=torch.Generator().manual_seed(0))
    print(f"torch {torch.__version__}, input {args.batch}x3x{args.size}x{args.size}, median of {args.runs} runs, ms")
    print(f"| model | engine | threads | torch | octet-swapped | speedup |")
    print(f"|---|---|--:|--:|--:|--:|")
    for name in args.models.split(","):
        for engine in args.engines.split(","):
            original = quantize(name, engine, args.size)
            swapped = octet_torch.swap(copy.deepcopy(original), x)
            for threads in sorted({1, all_cores}):
                torch.set_num_threads(threads)
                # Alternate the two so that load from elsewhere hits both alike.
                t_torch, t_octet, failed = [], [], None
                for _ in range(3):
                    if failed is None:
                        try:
                            t_torch.append(latency_ms(original, x, args.runs))
                        except RuntimeError as e:  # torch 1.13's onednn engine refuses some layers on 2+ threads
                            failed = str(e).splitlines()[0]
                    t_octet.append(latency_ms(swapped, x, args.runs))
                b = statistics.median(t_octet)
                if failed is not None:
                    print(f"| {name} | {engine} | {threads} | failed: {failed} | {b:.1f} | |", flush=True)
                    continue
                a = statistics.median(t_torch)
                print(f"| {name} | {engine} | {threads} | {a:.1f} | {b:.1f} | {a / b:.2f}x |", flush=True)


if __name__ == "__main__":
    main()
