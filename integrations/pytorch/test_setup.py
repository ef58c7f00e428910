"""How both tests start: exit 77 (ctest: skipped) with a message when torch
cannot be imported, then the command line, whose --lib names the
octet_torch_ops library octet_torch loads."""
import argparse
import os
import sys


def setup(doc, add_arguments=None):
    try:
        import torch  # noqa: F401
        import torchvision  # noqa: F401
    except ImportError as e:
        print(f"SKIP: torch / torchvision cannot be imported ({e}); "
              "apt-get install python3-torch python3-torchvision")
        sys.exit(77)
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--lib", help="the octet_torch_ops shared library")
    if add_arguments:
        add_arguments(parser)
    args = parser.parse_args()
    if args.lib:
        os.environ["OCTET_TORCH_LIB"] = args.lib
    return args


def finish(failures):
    """Prints the verdict; the exit status for sys.exit."""
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("all byte-equal")
    return 0
