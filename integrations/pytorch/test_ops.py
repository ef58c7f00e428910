"""torch.ops.octet.conv2d against torch.ops.quantized.conv2d(_relu), per
available engine, over what the models do not all reach: dilation, groups,
strides, asymmetric kernels, NCHW and channels-last inputs, per-tensor and
per-channel weights (qnnpack: nonzero weight zero points), no bias, batch > 1,
1-3 threads.
Exit 77 (ctest: skipped) only when torch cannot be imported."""
import os
import random
import sys

from test_setup import finish, setup

args = setup(__doc__, lambda p: p.add_argument("--cases", type=int, default=60))
import torch  # noqa: E402

import octet_torch  # noqa: E402
from quantized_models import engines  # noqa: E402


def random_case(rng, engine):
    groups = rng.choice([1, 1, 2, 3, "dw"])
    cpg = rng.randint(1, 9)
    c = cpg if groups == "dw" else cpg * groups
    groups = c if groups == "dw" else groups
    k = groups * (1 if groups == c and rng.random() < 0.7 else rng.randint(1, 5))
    r, s = rng.choice([1, 3, 5]), rng.choice([1, 2, 3])
    dilation = [rng.randint(1, 2), rng.randint(1, 2)]
    # The dilated kernel fits the unpadded input: torch's qnnpack crashes on empty outputs.
    h, w = dilation[0] * (r - 1) + rng.randint(1, 10), dilation[1] * (s - 1) + rng.randint(1, 10)
    return dict(n=rng.randint(1, 2), c=c, k=k, h=h, w=w, r=r, s=s,
                groups=groups, stride=[rng.randint(1, 2), rng.randint(1, 2)],
                padding=[rng.randint(0, 2), rng.randint(0, 2)], dilation=dilation,
                per_channel=rng.random() < 0.5, w_zp=engine == "qnnpack" and rng.random() < 0.5,
                bias=rng.random() < 0.8, relu=rng.random() < 0.5, channels_last=rng.random() < 0.5)


def run_case(rng, engine, cfg):
    torch.backends.quantized.engine = engine
    x_scale, x_zp = rng.uniform(0.005, 0.1), rng.randint(0, 255)
    y_scale, y_zp = rng.uniform(0.01, 0.5), rng.randint(0, 255)
    x = torch.quantize_per_tensor(torch.rand(cfg["n"], cfg["c"], cfg["h"], cfg["w"]) * 255 * x_scale
                                  - x_zp * x_scale, x_scale, x_zp, torch.quint8)
    if cfg["channels_last"]:
        x = x.contiguous(memory_format=torch.channels_last)
    wf = torch.randn(cfg["k"], cfg["c"] // cfg["groups"], cfg["r"], cfg["s"]) * 0.1
    if cfg["per_channel"]:
        scales = (torch.rand(cfg["k"]) * 0.01 + 0.001).float().double()
        zps = torch.randint(-20, 20, (cfg["k"],)) if cfg["w_zp"] else torch.zeros(cfg["k"], dtype=torch.long)
        w = torch.quantize_per_channel(wf, scales, zps, 0, torch.qint8)
    else:
        w = torch.quantize_per_tensor(wf, 0.002, rng.randint(-20, 20) if cfg["w_zp"] else 0, torch.qint8)
    b = torch.randn(cfg["k"]) if cfg["bias"] else None
    geometry = (cfg["stride"], cfg["padding"], cfg["dilation"], cfg["groups"])
    packed = torch.ops.quantized.conv2d_prepack(w, b, *geometry)
    torch_conv = torch.ops.quantized.conv2d_relu if cfg["relu"] else torch.ops.quantized.conv2d
    want = torch_conv(x, packed, y_scale, y_zp)
    op = torch.ops.octet.conv2d_prepack(w, b, *geometry, x_scale, x_zp, y_scale, y_zp, cfg["relu"],
                                        octet_torch.mode_for_engine(engine))
    ok = True
    # 1-3 threads: onednn-mode convs run in shares on torch's OpenMP threads,
    # qnnpack-mode ones on the calling thread.
    for threads in (1, 2, 3):
        torch.set_num_threads(threads)
        got = torch.ops.octet.conv2d(x, op)
        ok = ok and torch.equal(got.int_repr(), want.int_repr()) and got.q_scale() == want.q_scale() \
            and got.q_zero_point() == want.q_zero_point()
    return ok, op.path()


def main():
    rng = random.Random(7)
    torch.manual_seed(7)
    failures, paths = [], set()
    for engine in engines():
        for i in range(args.cases):
            cfg = random_case(rng, engine)
            if os.environ.get("OCTET_TORCH_VERBOSE"):
                print(engine, i, cfg, flush=True)
            ok, path = run_case(rng, engine, cfg)
            paths.add(path)
            if not ok:
                failures.append(f"{engine} case {i}: {cfg}")
    print(f"{len(engines()) * args.cases} cases on {engines()}, octet paths {sorted(paths)}")
    return finish(failures)


sys.exit(main())
