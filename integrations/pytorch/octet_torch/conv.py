"""octet_torch.Conv2d: a quantized conv module that runs on octet."""
import torch

try:  # torch >= 2.0
    from torch.ao.nn.intrinsic.quantized import ConvReLU2d as TorchConvReLU2d
except ImportError:  # torch 1.13 (Debian 12)
    from torch.nn.intrinsic.quantized import ConvReLU2d as TorchConvReLU2d

# The compat mode that reproduces each engine's bytes (see include/octet/octet.h).
_MODES = {
    "qnnpack": "pytorch_qnnpack",
    "onednn": "pytorch_onednn",
    "x86": "pytorch_onednn",
    "fbgemm": "pytorch_fbgemm",
}


def mode_for_engine(engine):
    """The octet requant mode for a torch quantized engine name."""
    try:
        return _MODES[engine]
    except KeyError:
        raise ValueError(f"octet_torch: no compat mode for the quantized engine {engine!r}") from None


def packed_engine(packed_params):
    """The engine that packed these torch conv params ('qnnpack', 'onednn',
    'fbgemm'), read from the packed object itself; None if unknown."""
    name = torch.ops.octet.packed_engine(packed_params)
    return name or None


class Conv2d(torch.nn.Module):
    """A quantized 2-D convolution (optionally with fused ReLU) on octet.

    Holds torch's qint8 weight and float bias; the octet operator is packed for
    one input scale / zero point (the one a converted model feeds it) and
    repacked only if the input's quantization ever changes.
    """

    def __init__(self, weight, bias, stride, padding, dilation, groups, scale, zero_point,
                 relu, mode, input_qparams=None):
        super().__init__()
        self.weight = weight
        self.bias = bias
        self.stride = list(stride)
        self.padding = list(padding)
        self.dilation = list(dilation)
        self.groups = int(groups)
        self.scale = float(scale)
        self.zero_point = int(zero_point)
        self.relu = bool(relu)
        self.mode = mode
        self._op = None
        self._key = None
        if input_qparams is not None:
            self.prepack(*input_qparams)

    @classmethod
    def from_torch(cls, mod, engine=None, input_qparams=None):
        """From a torch.ao.nn.quantized Conv2d or intrinsic ConvReLU2d. The mode
        follows the engine that packed its params; `engine` is the fallback."""
        packed = mod._packed_params
        found = packed_engine(packed) or engine or torch.backends.quantized.engine
        weight, bias = packed.unpack()
        return cls(weight, bias, packed.stride(), packed.padding(), packed.dilation(),
                   packed.groups(), mod.scale, mod.zero_point, isinstance(mod, TorchConvReLU2d),
                   mode_for_engine(found), input_qparams)

    def prepack(self, input_scale, input_zero_point):
        """Packs octet's operator for inputs of this scale / zero point."""
        self._op = torch.ops.octet.conv2d_prepack(
            self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups,
            float(input_scale), int(input_zero_point), self.scale, self.zero_point, self.relu,
            self.mode)
        self._key = (float(input_scale), int(input_zero_point))

    def path(self):
        """octet's kernel path and ISA for this layer, e.g. 'igemm/avx512vnni'."""
        return self._op.path() if self._op is not None else "(not packed)"

    def forward(self, x):
        key = (x.q_scale(), x.q_zero_point())
        if key != self._key:
            self.prepack(*key)
        return torch.ops.octet.conv2d(x, self._op)

    def extra_repr(self):
        k = tuple(self.weight.shape)
        return (f"{k[1] * self.groups}, {k[0]}, kernel_size={tuple(k[2:])}, stride={tuple(self.stride)}, "
                f"padding={tuple(self.padding)}, dilation={tuple(self.dilation)}, groups={self.groups}, "
                f"relu={self.relu}, scale={self.scale}, zero_point={self.zero_point}, mode={self.mode}")
