#!/usr/bin/python3
"""Writes octet-golden-v1 cases produced by PyTorch's own quantized conv2d.

    /usr/bin/python3 tools/gen_golden_torch.py --engine qnnpack --seed 5 --count 60 --out DIR

Needs Debian's python3-torch (1.13.1), hence /usr/bin/python3. The cases are
random, with wider ranges than the public golden set (larger images and
channels, strides and pads up to 4, dilation up to 3, double scales, large
biases, heavy saturation), so octet is checked on shapes nobody tuned for.
Every output comes from torch.ops.quantized.conv2d{,_relu} with the chosen
engine; nothing here computes an expected value itself.
"""
import argparse
import json
import os
import random

import torch

X7BIT = False


def rand_scale(rng, lo, hi, as_float):
    s = rng.uniform(lo, hi)
    if as_float:
        s = float(torch.tensor(s, dtype=torch.float32).item())  # float32-representable
    return s


def make_case(rng, engine, index):
    while True:
        groups_kind = rng.choice(["g1", "g2", "g4", "dw"])
        N = rng.randint(1, 2)
        H, W = rng.randint(1, 23), rng.randint(1, 23)
        R, S = rng.randint(1, 7), rng.randint(1, 7)
        sh, sw = rng.randint(1, 4), rng.randint(1, 4)
        ph, pw = rng.randint(0, 4), rng.randint(0, 4)
        dh, dw = rng.randint(1, 3), rng.randint(1, 3)
        if groups_kind == "dw":
            C = rng.randint(1, 64)
            groups = C
            K = C * rng.choice([1, 1, 2])
        else:
            groups = {"g1": 1, "g2": 2, "g4": 4}[groups_kind]
            C = groups * rng.randint(1, 64 // groups)
            K = groups * rng.randint(1, 64 // groups)
        OH = (H + 2 * ph - dh * (R - 1) - 1) // sh + 1
        OW = (W + 2 * pw - dw * (S - 1) - 1) // sw + 1
        if OH >= 1 and OW >= 1 and N * OH * OW * K <= 40000:
            break
    per_channel = rng.random() < 0.6
    asym_w = engine == "qnnpack" and rng.random() < 0.15
    x_scale = rand_scale(rng, 0.002, 0.06, rng.random() < 0.5)
    y_scale = rand_scale(rng, 0.005, 0.4, rng.random() < 0.5)
    x_hi = 127 if X7BIT else 255
    x_zp = rng.randint(0, x_hi)
    y_zp = rng.randint(0, 255)
    if per_channel:
        w_scale = [rand_scale(rng, 0.0005, 0.02, True) for _ in range(K)]
        w_zp = [rng.randint(-20, 20) if asym_w else 0 for _ in range(K)]
    else:
        ws = rand_scale(rng, 0.0005, 0.02, rng.random() < 0.5)
        wz = rng.randint(-20, 20) if asym_w else 0
        w_scale, w_zp = [ws] * K, [wz] * K
    bias = None
    if rng.random() < 0.8:
        big = rng.random() < 0.25
        bias = [float(torch.tensor(rng.uniform(-1, 1) * (200.0 if big else 3.0), dtype=torch.float32).item())
                for _ in range(K)]
    relu = rng.random() < 0.5
    cg = C // groups
    x = [rng.randint(0, x_hi) for _ in range(N * H * W * C)]
    w = [rng.randint(-128, 127) for _ in range(K * R * S * cg)]

    # torch wants NCHW input and [K][C/g][R][S] weights.
    x_nhwc = torch.tensor(x, dtype=torch.uint8).reshape(N, H, W, C)
    xq = torch._make_per_tensor_quantized_tensor(x_nhwc.permute(0, 3, 1, 2).contiguous(), x_scale, x_zp)
    w_ohwi = torch.tensor(w, dtype=torch.int8).reshape(K, R, S, cg)
    w_oihw = w_ohwi.permute(0, 3, 1, 2).contiguous()
    if per_channel:
        wq = torch._make_per_channel_quantized_tensor(
            w_oihw, torch.tensor(w_scale, dtype=torch.float64), torch.tensor(w_zp, dtype=torch.int64), 0)
    else:
        wq = torch._make_per_tensor_quantized_tensor(w_oihw, w_scale[0], w_zp[0])
    b = None if bias is None else torch.tensor(bias, dtype=torch.float32)
    packed = torch.ops.quantized.conv2d_prepack(wq, b, [sh, sw], [ph, pw], [dh, dw], groups)
    op = torch.ops.quantized.conv2d_relu if relu else torch.ops.quantized.conv2d
    yq = op(xq, packed, y_scale, y_zp)
    y = yq.int_repr().permute(0, 2, 3, 1).contiguous().reshape(-1).tolist()
    assert len(y) == N * OH * OW * K

    name = ("x7_%03d_" if X7BIT else "x_%03d_") % index + "%s_%dx%d_s%d%d_p%d%d_d%d%d_%s%s%s%s" % (
        groups_kind, R, S, sh, sw, ph, pw, dh, dw, "pc" if per_channel else "pt",
        "_asymw" if asym_w else "", "_relu" if relu else "", "" if bias is not None else "_nobias")
    return {
        "format": "octet-golden-v1", "source": "pytorch-1.13.1/%s" % engine,  # Debian python3-torch 1.13.1+dfsg
        "name": name, "N": N, "H": H, "W": W, "C": C, "K": K, "R": R, "S": S,
        "stride": [sh, sw], "pad": [ph, pw, ph, pw], "dilation": [dh, dw], "groups": groups,
        "OH": OH, "OW": OW, "x_scale": x_scale, "x_zero_point": x_zp,
        "w_scale": w_scale, "w_zero_point": w_zp, "bias": bias,
        "y_scale": y_scale, "y_zero_point": y_zp, "relu": relu, "x": x, "w": w, "y": y,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", choices=["qnnpack", "onednn"], required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, default=50)
    ap.add_argument("--out", required=True)
    ap.add_argument("--x7bit", action="store_true",
                    help="activations and x_zero_point in 0..127: oneDNN without VNNI sums u8*s8 pairs in "
                         "saturating int16 (vpmaddubsw), which 7-bit activations cannot saturate")
    a = ap.parse_args()
    global X7BIT
    X7BIT = a.x7bit
    if a.engine not in torch.backends.quantized.supported_engines:
        raise SystemExit("this torch has no %s engine" % a.engine)
    torch.backends.quantized.engine = a.engine
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    for i in range(a.count):
        case = make_case(rng, a.engine, i)
        with open(os.path.join(a.out, case["name"] + ".json"), "w") as f:
            json.dump(case, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
