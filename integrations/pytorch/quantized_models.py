"""torchvision's quantizable models, quantized by PyTorch's eager flow with
random weights (nothing is downloaded): shared by test_models.py and
bench_models.py."""
import torch
import torchvision.models.quantization as tvq

MODELS = {
    "resnet18": tvq.resnet18,
    "resnet50": tvq.resnet50,
    "mobilenet_v2": tvq.mobilenet_v2,
    "mobilenet_v3_large": tvq.mobilenet_v3_large,
}


def engines():
    """The quantized engines this torch build has."""
    return [e for e in torch.backends.quantized.supported_engines if e != "none"]


def _randomize_batchnorm(model, gen):
    # torchvision's init leaves BN at identity (bias 0); random statistics give
    # the fused convs real float biases, so the bias arithmetic is exercised.
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            c = m.num_features
            m.weight.data = torch.rand(c, generator=gen) + 0.5
            m.bias.data = torch.randn(c, generator=gen) * 0.2
            m.running_mean = torch.randn(c, generator=gen) * 0.2
            m.running_var = torch.rand(c, generator=gen) + 0.5


def quantize(name, engine, size=224, calibration=1, seed=0):
    """torchvision model `name`, fused, prepared with the engine's default
    qconfig, calibrated on `calibration` random images and converted."""
    torch.backends.quantized.engine = engine
    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    model = MODELS[name](weights=None, quantize=False).eval()
    _randomize_batchnorm(model, gen)
    model.fuse_model()
    model.qconfig = torch.ao.quantization.get_default_qconfig(engine)
    torch.ao.quantization.prepare(model, inplace=True)
    with torch.no_grad():
        for _ in range(calibration):
            model(torch.randn(1, 3, size, size, generator=gen))
    torch.ao.quantization.convert(model, inplace=True)
    return model
