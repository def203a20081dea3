"""PyTorch's forward and backward passes for the convolution-era layers (NetworkLayersMatchPyTorchTest).

Run once with /usr/bin/python3 (Debian python3-torch 1.13) from this directory; writes torch_layers.json. Each case
is a network in Brine's architecture JSON (the format `Sequential.architecture()` writes), built here as torch
modules with the same names, so its state_dict keys are Brine's. For each case: the initial state_dict (norm layers'
weights and running statistics randomised), one input batch, the training-mode output, every parameter's gradient
of MSELoss(output, target), the buffers after that pass, and the evaluation-mode output after it. The activations
are also recorded one by one on a grid (value and derivative). Floats are float32 values.
"""
import json

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

torch.manual_seed(0)


def floats(tensor):
    return [float(repr(v)) for v in tensor.detach().numpy().astype(np.float32).ravel()]


class Chain(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.order = []
        for spec in layers:
            self.add_module(spec["name"], build(spec))
            self.order.append(spec["name"])

    def forward(self, x):
        for name in self.order:
            x = getattr(self, name)(x)
        return x


class Residual(nn.Module):
    """after(body(x) + shortcut(x)); the children share one namespace, as in torchvision's BasicBlock."""

    def __init__(self, body, shortcut, after):
        super().__init__()
        self.body = [spec["name"] for spec in body]
        self.shortcut = [spec["name"] for spec in shortcut]
        for spec in body + shortcut:
            self.add_module(spec["name"], build(spec))
        self.after = build(after) if after else None

    def forward(self, x):
        y = x
        for name in self.body:
            y = getattr(self, name)(y)
        s = x
        for name in self.shortcut:
            s = getattr(self, name)(s)
        y = y + s
        return self.after(y) if self.after is not None else y


class Concat(nn.Module):
    """cat([branch(stem(x)) ...], 1), the children in one namespace, as torchvision's SqueezeNet Fire."""

    def __init__(self, stem, branches):
        super().__init__()
        self.stem = [spec["name"] for spec in stem]
        self.branches = [[spec["name"] for spec in branch] for branch in branches]
        for spec in stem + [spec for branch in branches for spec in branch]:
            self.add_module(spec["name"], build(spec))

    def forward(self, x):
        for name in self.stem:
            x = getattr(self, name)(x)
        outs = []
        for branch in self.branches:
            y = x
            for name in branch:
                y = getattr(self, name)(y)
            outs.append(y)
        return torch.cat(outs, 1)


ACTIVATIONS = {
    "relu": lambda s: nn.ReLU(), "relu6": lambda s: nn.ReLU6(),
    "leaky_relu": lambda s: nn.LeakyReLU(s["negative_slope"]), "elu": lambda s: nn.ELU(s["alpha"]),
    "celu": lambda s: nn.CELU(s["alpha"]), "selu": lambda s: nn.SELU(), "gelu": lambda s: nn.GELU(),
    "gelu_tanh": lambda s: nn.GELU(approximate="tanh"), "silu": lambda s: nn.SiLU(), "mish": lambda s: nn.Mish(),
    "hardswish": lambda s: nn.Hardswish(), "hardsigmoid": lambda s: nn.Hardsigmoid(),
    "hardtanh": lambda s: nn.Hardtanh(), "sigmoid": lambda s: nn.Sigmoid(), "tanh": lambda s: nn.Tanh(),
    "softplus": lambda s: nn.Softplus(beta=s["beta"]), "softsign": lambda s: nn.Softsign(),
    "tanhshrink": lambda s: nn.Tanhshrink(), "log_sigmoid": lambda s: nn.LogSigmoid(),
    "hardshrink": lambda s: nn.Hardshrink(s["lambd"]), "softshrink": lambda s: nn.Softshrink(s["lambd"]),
    "identity": lambda s: nn.Identity(),
}


def build(spec):
    kind = spec["type"]
    if kind in ACTIVATIONS:
        return ACTIVATIONS[kind](spec)
    if kind == "linear":
        return nn.Linear(spec["in_features"], spec["out_features"], bias=spec["bias"])
    if kind in ("conv1d", "conv2d"):
        cls = nn.Conv1d if kind == "conv1d" else nn.Conv2d
        padding = spec["padding"] if spec["padding"] == "same" else tuple(spec["padding"])
        return cls(spec["in_channels"], spec["out_channels"], tuple(spec["kernel_size"]), tuple(spec["stride"]),
                   padding, tuple(spec["dilation"]), spec["groups"], spec["bias"])
    if kind == "conv_transpose2d":
        return nn.ConvTranspose2d(spec["in_channels"], spec["out_channels"], tuple(spec["kernel_size"]),
                                  tuple(spec["stride"]), tuple(spec["padding"]), tuple(spec["output_padding"]),
                                  spec["groups"], spec["bias"], tuple(spec["dilation"]))
    if kind in ("batch_norm1d", "batch_norm2d"):
        cls = nn.BatchNorm1d if kind == "batch_norm1d" else nn.BatchNorm2d
        return cls(spec["num_features"], eps=spec["eps"], momentum=spec["momentum"])
    if kind == "layer_norm":
        return nn.LayerNorm(spec["normalized_shape"], eps=spec["eps"],
                            elementwise_affine=spec["elementwise_affine"])
    if kind == "group_norm":
        return nn.GroupNorm(spec["num_groups"], spec["num_channels"], eps=spec["eps"], affine=spec["affine"])
    if kind in ("max_pool1d", "max_pool2d"):
        cls = nn.MaxPool1d if kind == "max_pool1d" else nn.MaxPool2d
        return cls(tuple(spec["kernel_size"]), tuple(spec["stride"]), tuple(spec["padding"]),
                   tuple(spec["dilation"]), ceil_mode=spec["ceil_mode"])
    if kind in ("avg_pool1d", "avg_pool2d"):
        cls = nn.AvgPool1d if kind == "avg_pool1d" else nn.AvgPool2d
        return cls(tuple(spec["kernel_size"]), tuple(spec["stride"]), tuple(spec["padding"]),
                   ceil_mode=spec["ceil_mode"], count_include_pad=spec["count_include_pad"])
    if kind == "adaptive_avg_pool1d":
        return nn.AdaptiveAvgPool1d(tuple(spec["output_size"]))
    if kind == "adaptive_avg_pool2d":
        return nn.AdaptiveAvgPool2d(tuple(spec["output_size"]))
    if kind == "embedding":
        return nn.Embedding(spec["num_embeddings"], spec["embedding_dim"], padding_idx=spec.get("padding_idx"))
    if kind == "flatten":
        return nn.Flatten()
    if kind == "sequential":
        return Chain(spec["layers"])
    if kind == "residual":
        return Residual(spec["body"], spec["shortcut"], spec.get("after"))
    if kind == "concat":
        return Concat(spec["stem"], spec["branches"])
    raise ValueError(kind)


# Brine's JSON for each layer, with Brine's defaults written out.
def L(name, kind, **config):
    return dict(name=name, type=kind, **config)


def conv(name, dims, i, o, k, s=1, p=0, d=1, g=1, bias=True):
    pad = p if p == "same" else [p] * dims
    return L(name, "conv%dd" % dims, in_channels=i, out_channels=o, kernel_size=[k] * dims, stride=[s] * dims,
             padding=pad, dilation=[d] * dims, groups=g, bias=bias)


def bn(name, dims, n):
    return L(name, "batch_norm%dd" % dims, num_features=n, eps=1e-5, momentum=0.1)


def maxpool(name, dims, k, s, p=0, ceil=False):
    return L(name, "max_pool%dd" % dims, kernel_size=[k] * dims, stride=[s] * dims, padding=[p] * dims,
             dilation=[1] * dims, ceil_mode=ceil)


def avgpool(name, dims, k, s, p=0, ceil=False, include=True):
    return L(name, "avg_pool%dd" % dims, kernel_size=[k] * dims, stride=[s] * dims, padding=[p] * dims,
             count_include_pad=include, ceil_mode=ceil)


CASES = [
    ("conv2d_stack", [3, 9, 11], [
        conv("0", 2, 3, 8, 3, s=2, p=1),
        bn("1", 2, 8),
        L("2", "relu"),
        conv("3", 2, 8, 8, 3, p="same", d=2, g=2),
        L("4", "group_norm", num_groups=2, num_channels=8, eps=1e-5, affine=True),
        L("5", "hardswish"),
        maxpool("6", 2, 3, 2, 1, ceil=True),
        avgpool("7", 2, 2, 1, 1, include=False),
        L("8", "adaptive_avg_pool2d", output_size=[2, 3]),
        L("9", "flatten"),
        L("10", "linear", in_features=48, out_features=5, bias=True),
        L("11", "layer_norm", normalized_shape=[5], eps=1e-5, elementwise_affine=True),
    ]),
    ("conv1d_stack", [4, 20], [
        conv("0", 1, 4, 6, 5, s=2, p=2),
        bn("1", 1, 6),
        L("2", "gelu_tanh"),
        maxpool("3", 1, 2, 2),
        conv("4", 1, 6, 6, 4, p="same", g=3, bias=False),
        avgpool("5", 1, 3, 2, 1, ceil=True),
        L("6", "adaptive_avg_pool1d", output_size=[2]),
        L("7", "flatten"),
        L("8", "layer_norm", normalized_shape=[12], eps=1e-5, elementwise_affine=True),
        L("9", "mish"),
        L("10", "linear", in_features=12, out_features=3, bias=True),
    ]),
    ("residual_and_concat", [3, 12, 12], [
        conv("conv1", 2, 3, 8, 3, p=1, bias=False),
        bn("bn1", 2, 8),
        L("relu", "relu"),
        maxpool("maxpool", 2, 3, 2, 1),
        L("layer1", "sequential", layers=[
            L("0", "residual", body=[conv("conv1", 2, 8, 8, 3, p=1, bias=False), bn("bn1", 2, 8), L("relu", "relu"),
                                     conv("conv2", 2, 8, 8, 3, p=1, bias=False), bn("bn2", 2, 8)],
              shortcut=[], after=L("after", "relu")),
            L("1", "residual", body=[conv("conv1", 2, 8, 12, 3, s=2, p=1, bias=False), bn("bn1", 2, 12),
                                     L("relu", "relu"), conv("conv2", 2, 12, 12, 3, p=1, bias=False),
                                     bn("bn2", 2, 12)],
              shortcut=[L("downsample", "sequential", layers=[conv("0", 2, 8, 12, 1, s=2, bias=False),
                                                               bn("1", 2, 12)])],
              after=L("after", "relu")),
        ]),
        L("fire", "concat", stem=[conv("squeeze", 2, 12, 4, 1), L("squeeze_activation", "relu")], branches=[
            [conv("expand1x1", 2, 4, 6, 1), L("expand1x1_activation", "relu")],
            [conv("expand3x3", 2, 4, 6, 3, p=1), L("expand3x3_activation", "silu")]]),
        L("avgpool", "adaptive_avg_pool2d", output_size=[1, 1]),
        L("flatten", "flatten"),
        L("fc", "linear", in_features=12, out_features=4, bias=True),
    ]),
    ("conv_transpose2d", [4, 5, 6], [
        L("0", "conv_transpose2d", in_channels=4, out_channels=6, kernel_size=[3, 2], stride=[2, 3], padding=[1, 0],
          output_padding=[1, 2], dilation=[1, 1], groups=2, bias=True),
        L("1", "elu", alpha=0.5),
        L("2", "conv_transpose2d", in_channels=6, out_channels=3, kernel_size=[3, 3], stride=[1, 1], padding=[2, 1],
          output_padding=[0, 0], dilation=[2, 1], groups=1, bias=False),
        L("3", "adaptive_avg_pool2d", output_size=[2, 2]),
        L("4", "flatten"),
        L("5", "linear", in_features=12, out_features=3, bias=True),
    ]),
    ("embedding", [6], [
        L("0", "embedding", num_embeddings=10, embedding_dim=4, padding_idx=0),
        L("1", "layer_norm", normalized_shape=[6, 4], eps=1e-5, elementwise_affine=True),
        L("2", "flatten"),
        L("3", "linear", in_features=24, out_features=2, bias=True),
    ]),
]


def case(name, shape, layers, rows=4):
    model = Chain(layers)
    with torch.no_grad():
        for key, value in model.state_dict().items():
            if key.endswith("running_mean") or (key.endswith(".bias") and value.dim() == 1):
                value.copy_(torch.randn_like(value) * 0.2)
            elif key.endswith("running_var") or (key.endswith(".weight") and value.dim() == 1):
                value.copy_(0.5 + torch.rand_like(value))
    initial = {k: {"shape": list(v.shape), "dtype": str(v.dtype).replace("torch.", ""),
                   "values": [int(v)] if v.dtype == torch.int64 else floats(v)}
               for k, v in model.state_dict().items()}
    if name == "embedding":
        x = torch.randint(0, 10, (rows, *shape)).float()
        x[0, 0] = 0
    else:
        x = torch.randn(rows, *shape)
    model.train()
    out = model(x.long() if name == "embedding" else x)
    target = torch.randn_like(out)
    loss = F.mse_loss(out, target)
    loss.backward()
    grads = {k: floats(p.grad) for k, p in model.named_parameters()}
    buffers = {k: floats(v) for k, v in model.state_dict().items() if "running" in k}
    model.eval()
    with torch.no_grad():
        evaluated = model(x.long() if name == "embedding" else x)
    return {"name": name, "architecture": {"input_features": int(np.prod(shape)), "input_shape": shape,
                                           "layers": layers},
            "initial_state": initial, "x": floats(x), "rows": rows, "train_output": floats(out),
            "target": floats(target), "loss": float(loss), "grads": grads, "buffers_after": buffers,
            "eval_output": floats(evaluated)}


def activations():
    # Off the kinks (±3, ±0.5, 0…), where PyTorch's scalar and vectorised kernels take different one-sided
    # derivatives; 0 itself, where ReLU-like functions agree, and ±25 for the saturating branches.
    grid = torch.linspace(-7.03, 6.97, 113, dtype=torch.float64).float()
    grid = torch.cat([grid, torch.tensor([0.0, 25.0, -25.0])])
    out = {}
    params = {"leaky_relu": {"negative_slope": 0.2}, "elu": {"alpha": 0.7}, "celu": {"alpha": 1.5},
              "softplus": {"beta": 2.0}, "hardshrink": {"lambd": 0.5}, "softshrink": {"lambd": 0.4}}
    for name, make in ACTIVATIONS.items():
        spec = params.get(name, {})
        x = grid.clone().requires_grad_(True)
        y = make(spec)(x)
        y.sum().backward()
        out[name] = {"config": spec, "y": floats(y), "dy": floats(x.grad)}
    return {"x": floats(grid), "functions": out}


with open("torch_layers.json", "w") as f:
    json.dump({"torch": torch.__version__, "cases": [case(*c) for c in CASES], "activations": activations()}, f)
