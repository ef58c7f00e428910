"""End-to-end: torchvision's quantizable ResNet-18/50, MobileNetV2 and
MobileNetV3-Large, quantized by torch for each available engine, give the
same bytes with their convs swapped for octet's - every conv layer and the
logits. Exit 77 (ctest: skipped) only when torch cannot be imported."""
import copy
import os
import sys
import time

from test_setup import finish, setup


def _arguments(parser):
    parser.add_argument("--size", type=int, default=int(os.environ.get("OCTET_TORCH_TEST_SIZE", 128)))
    parser.add_argument("--models", default=None, help="comma-separated subset")


args = setup(__doc__, _arguments)
import torch  # noqa: E402

import octet_torch  # noqa: E402
from quantized_models import MODELS, engines, quantize  # noqa: E402


def record(model, types):
    """Registers hooks keeping each matching module's (input, output)."""
    seen, hooks = {}, []
    for name, m in model.named_modules():
        if isinstance(m, types):
            def hook(_m, inp, out, name=name):
                seen[name] = (inp[0], out)
            hooks.append(m.register_forward_hook(hook))
    return seen, hooks


def same(a, b):
    return a.shape == b.shape and torch.equal(a.int_repr(), b.int_repr()) and \
        a.q_scale() == b.q_scale() and a.q_zero_point() == b.q_zero_point()


def check(name, engine, size):
    """Returns the list of mismatch descriptions (empty when byte-equal)."""
    torch.set_num_threads(2)
    original = quantize(name, engine, size)
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(2, 3, size, size, generator=gen)
    torch_convs = (torch.ao.nn.quantized.Conv2d,)
    ref, hooks = record(original, torch_convs + (torch.ao.nn.quantized.Linear,))
    with torch.no_grad():
        want = original(x)
    for h in hooks:
        h.remove()

    swapped = octet_torch.swap(copy.deepcopy(original), x)
    got, _ = record(swapped, (octet_torch.Conv2d, torch.ao.nn.quantized.Linear))
    with torch.no_grad():
        logits = swapped(x)

    bad, lines = [], []
    modules = dict(swapped.named_modules())
    conv_names = [n for n, m in modules.items() if isinstance(m, octet_torch.Conv2d)]
    if len(conv_names) != sum(isinstance(m, torch_convs) for m in original.modules()):
        bad.append("not every conv was swapped")
    for n in conv_names:
        mod = modules[n]
        x_in, y_ref = ref[n]
        # Alone, on torch's own input: the layer's bytes whatever happened upstream.
        with torch.no_grad():
            alone = mod(x_in)
        ok_alone, ok_chain = same(alone, y_ref), same(got[n][1], y_ref)
        w = mod.weight
        kind = "per-channel" if w.qscheme() in (torch.per_channel_affine, torch.per_channel_symmetric) else "per-tensor"
        lines.append(f"  {n:<36} {tuple(w.shape)!s:<20} s{mod.stride[0]} p{mod.padding[0]} d{mod.dilation[0]} "
                     f"g{mod.groups:<4} {'relu' if mod.relu else '    '} {kind:<11} {mod.mode:<15} {mod.path():<28} "
                     f"{'ok' if ok_alone and ok_chain else 'MISMATCH'}")
        if not ok_alone:
            diff = (alone.int_repr().int() - y_ref.int_repr().int()).abs()
            bad.append(f"{n}: alone differs at {int((diff > 0).sum())} of {diff.numel()} outputs (max |d| {int(diff.max())})")
        elif not ok_chain:
            bad.append(f"{n}: differs in the chain only")
    fc = [n for n, m in modules.items() if isinstance(m, torch.ao.nn.quantized.Linear)][-1]
    if not same(got[fc][1], ref[fc][1]) or not torch.equal(logits, want):
        bad.append(f"logits ({fc}) differ")
    lines.append(f"  logits ({fc}, quantized, and the dequantized output): "
                 f"{'ok' if not any('logits' in b for b in bad) else 'MISMATCH'}")
    print("\n".join(lines))
    return bad


def main():
    names = args.models.split(",") if args.models else list(MODELS)
    failures = []
    print(f"torch {torch.__version__}, engines {engines()}, input 2x3x{args.size}x{args.size}")
    for engine in engines():
        for name in names:
            t = time.time()
            print(f"== {name} / {engine}")
            bad = check(name, engine, args.size)
            print(f"   {'byte-equal' if not bad else 'DIFFERS'} ({time.time() - t:.1f} s)")
            failures += [f"{name}/{engine}: {b}" for b in bad]
    return finish(failures)


sys.exit(main())
