"""octet_torch.swap: put octet under a converted quantized model's convs."""
import torch
from torch.ao.nn.quantized import Conv2d as TorchConv2d

from octet_torch.conv import Conv2d, TorchConvReLU2d

_SWAPPED_TYPES = (TorchConv2d, TorchConvReLU2d)


def _swappable(mod):
    # Exact types: a subclass may change forward(). Non-zero padding modes pad
    # in Python before the packed conv, which octet's module does not do.
    return type(mod) in _SWAPPED_TYPES and mod.padding_mode == "zeros"


def _input_qparams(model, names, example_input):
    """Each conv's input (scale, zero point), from one run on example_input."""
    found, hooks = {}, []
    modules = dict(model.named_modules())
    for name in names:
        def hook(_mod, args, name=name):
            found[name] = (args[0].q_scale(), args[0].q_zero_point())
        hooks.append(modules[name].register_forward_pre_hook(hook))
    try:
        with torch.no_grad():
            model(example_input)
    finally:
        for h in hooks:
            h.remove()
    return found


def swap(model, example_input=None, engine=None):
    """Replaces, in place, every torch.ao.nn.quantized.Conv2d and
    torch.ao.nn.intrinsic.quantized.ConvReLU2d of a converted model by
    octet_torch.Conv2d and returns the model.

    The requant mode of each layer follows the engine that packed it (qnnpack ->
    pytorch_qnnpack, onednn / x86 -> pytorch_onednn, fbgemm -> pytorch_fbgemm);
    `engine` is the fallback when that cannot be read. With example_input, one
    run records every conv's input quantization and all layers are packed here,
    once; without it each layer packs on its first call.
    """
    names = [n for n, m in model.named_modules() if n and _swappable(m)]
    qparams = _input_qparams(model, names, example_input) if example_input is not None else {}
    for name in names:
        parent_name, _, child = name.rpartition(".")
        parent = model.get_submodule(parent_name) if parent_name else model
        old = getattr(parent, child)
        setattr(parent, child, Conv2d.from_torch(old, engine, qparams.get(name)))
    return model
