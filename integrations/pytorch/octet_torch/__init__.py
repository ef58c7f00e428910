"""octet's int8 convolutions inside PyTorch quantized models, byte-equal with torch's engines.

    import octet_torch
    octet_torch.swap(qmodel, example_input)   # qmodel: converted by torch.ao.quantization
    y = qmodel(x)                             # its Conv2d / ConvReLU2d now run on octet

The ops live in a shared library (built by CMake as octet_torch_ops) that this
package loads with torch.ops.load_library: OCTET_TORCH_LIB names it, otherwise
it is looked for next to this package.
"""
import os

import torch

from octet_torch.conv import Conv2d, mode_for_engine, packed_engine
from octet_torch.swap import swap

__all__ = ["Conv2d", "swap", "mode_for_engine", "packed_engine", "load_library"]

_loaded = False


def load_library(path=None):
    """Loads the octet ops once (torch.ops.octet.*)."""
    global _loaded
    if _loaded:
        return
    path = path or os.environ.get("OCTET_TORCH_LIB")
    if not path:
        here = os.path.dirname(os.path.abspath(__file__))
        path = os.path.join(here, "liboctet_torch_ops.so")
    torch.ops.load_library(path)
    _loaded = True


load_library()
