"""PyTorch's losses, weights and optimizer state for the network tests (NetworksMatchPyTorchTest).

Run once with /usr/bin/python3 (Debian python3-torch 1.13) from this directory; reads the committed CSVs in
../datasets and writes torch_steps.json. Each scenario builds an nn.Sequential from a layer list that Brine reads
too, records its initial state_dict, takes three optimizer steps on one fixed batch (scheduler stepped after each),
and records every loss and learning rate, the final state_dict, the optimizer state of parameter 0 and the
evaluation-mode output. Floats are float32 values written as the shortest decimal that reads back to them.
"""
import csv
import json

import numpy as np
import torch
from torch import nn

torch.manual_seed(0)
BATCH = 16


def load(name, scale=False, rows=BATCH):
    with open("../datasets/%s.csv" % name) as f:
        data = list(csv.reader(f))[1:]
    x = np.array([[float(v) for v in row[:-1]] for row in data])
    if scale:
        x = (x - x.mean(axis=0)) / x.std(axis=0)
    target = [row[-1] for row in data]
    step = len(data) // rows
    pick = [i * step for i in range(rows)]
    return x[pick].astype(np.float32), [target[i] for i in pick]


def build(layers, inputs):
    modules = []
    for spec in layers:
        kind = spec["type"]
        if kind == "linear":
            modules.append(nn.Linear(spec["in_features"], spec["out_features"], bias=spec["bias"]))
        elif kind == "batch_norm1d":
            modules.append(nn.BatchNorm1d(spec["num_features"], eps=spec["eps"], momentum=spec["momentum"]))
        elif kind == "relu":
            modules.append(nn.ReLU())
        elif kind == "leaky_relu":
            modules.append(nn.LeakyReLU(spec["negative_slope"]))
        elif kind == "elu":
            modules.append(nn.ELU(spec["alpha"]))
        elif kind == "gelu":
            modules.append(nn.GELU())
        elif kind == "silu":
            modules.append(nn.SiLU())
        elif kind == "sigmoid":
            modules.append(nn.Sigmoid())
        elif kind == "tanh":
            modules.append(nn.Tanh())
        elif kind == "softmax":
            modules.append(nn.Softmax(dim=1))
        elif kind == "log_softmax":
            modules.append(nn.LogSoftmax(dim=1))
        elif kind == "dropout":
            modules.append(nn.Dropout(spec["p"]))
        elif kind == "flatten":
            modules.append(nn.Flatten())
        else:
            raise ValueError(kind)
    return nn.Sequential(*modules)


def floats(tensor):
    return [float(v) for v in tensor.detach().numpy().astype(np.float32).ravel()]


def state(model):
    return {k: {"shape": list(v.shape), "dtype": str(v.dtype).replace("torch.", ""), "values":
                [int(x) for x in v.numpy().ravel()] if v.dtype == torch.int64 else floats(v)}
            for k, v in model.state_dict().items()}


def optimizer_for(spec, params):
    kind = spec["type"]
    args = {k: v for k, v in spec.items() if k != "type"}
    if "betas" in args:
        args["betas"] = tuple(args["betas"])
    return {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
            "rmsprop": torch.optim.RMSprop, "adagrad": torch.optim.Adagrad}[kind](params, **args)


def scheduler_for(spec, optimizer):
    if spec is None:
        return None
    if spec["type"] == "step":
        return torch.optim.lr_scheduler.StepLR(optimizer, step_size=spec["step_size"], gamma=spec["gamma"])
    return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=spec["T_max"], eta_min=spec["eta_min"])


def loss_for(name):
    return {"mse": nn.MSELoss(), "l1": nn.L1Loss(), "bce": nn.BCELoss(), "bce_with_logits": nn.BCEWithLogitsLoss(),
            "cross_entropy": nn.CrossEntropyLoss()}[name]


def scenario(name, dataset, scale, layers, loss, optimizer, scheduler=None, target_kind="classes", steps=3):
    x, target = load(dataset, scale)
    if target_kind == "classes":
        names = sorted(set(target))
        y = torch.tensor([names.index(t) for t in target])
        y_json = y.tolist()
    elif target_kind == "binary":
        names = sorted(set(target))
        y = torch.tensor([[float(names.index(t))] for t in target])
        y_json = floats(y)
    elif target_kind == "one_hot":
        names = sorted(set(target))
        y = torch.tensor([[1.0 if names.index(t) == k else 0.0 for k in range(len(names))] for t in target])
        y_json = floats(y)
    else:
        y = torch.tensor([[float(t) / 100.0] for t in target])
        y_json = floats(y)
    model = build(layers, x.shape[1])
    initial = state(model)
    opt = optimizer_for(optimizer, model.parameters())
    sched = scheduler_for(scheduler, opt)
    xt = torch.tensor(x)
    losses, lrs = [], []
    model.train()
    for _ in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.zero_grad()
        value = loss_for(loss)(model(xt), y)
        value.backward()
        opt.step()
        if sched is not None:
            sched.step()
        losses.append(float(value))
    model.eval()
    first_state = opt.state_dict()["state"].get(0, {})
    return {"name": name, "input_features": int(x.shape[1]), "layers": layers, "loss": loss,
            "optimizer": optimizer, "scheduler": scheduler, "target_kind": target_kind,
            "x": floats(xt), "y": y_json, "initial_state": initial, "losses": losses, "lrs": lrs,
            "final_state": state(model),
            "optimizer_state_0": {k: (floats(v) if isinstance(v, torch.Tensor) and v.dim() > 0 else float(v))
                                  for k, v in first_state.items() if v is not None},
            "eval_output": floats(model(xt))}


def linear(i, o, bias=True):
    return {"type": "linear", "in_features": i, "out_features": o, "bias": bias}


def bn(n):
    return {"type": "batch_norm1d", "num_features": n, "eps": 1e-5, "momentum": 0.1}


def act(kind, **params):
    return dict({"type": kind}, **params)


# No bias before BatchNorm: its gradient is zero in exact arithmetic, so Adam would amplify rounding noise into
# full-size steps whose sign no other implementation can reproduce.
classifier = [linear(4, 16, bias=False), bn(16), act("relu"), linear(16, 3)]
cases = [
    scenario("sgd_nesterov_cross_entropy", "iris", False, classifier, "cross_entropy",
             {"type": "sgd", "lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-3}),
    scenario("adam_cosine_cross_entropy", "iris", False, classifier, "cross_entropy",
             {"type": "adam", "lr": 0.01}, {"type": "cosine", "T_max": 2, "eta_min": 0.001}),
    scenario("adamw_mse", "diabetes", True,
             [linear(10, 12), act("gelu"), linear(12, 8), act("silu"), linear(8, 1)], "mse",
             {"type": "adamw", "lr": 0.01, "weight_decay": 0.01, "amsgrad": True}, target_kind="values"),
    scenario("rmsprop_l1", "diabetes", True,
             [linear(10, 8), act("elu", alpha=1.0), linear(8, 8), act("leaky_relu", negative_slope=0.1),
              linear(8, 1)], "l1",
             {"type": "rmsprop", "lr": 0.01, "momentum": 0.5, "centered": True}, target_kind="values"),
    scenario("adagrad_bce_with_logits", "breast_cancer", True,
             [linear(30, 8), act("tanh"), linear(8, 1)], "bce_with_logits",
             {"type": "adagrad", "lr": 0.1, "lr_decay": 0.01, "weight_decay": 1e-4}, target_kind="binary"),
    scenario("sgd_step_bce", "breast_cancer", True,
             [act("flatten"), linear(30, 4), act("sigmoid"), act("dropout", p=0.0), linear(4, 1), act("sigmoid")],
             "bce", {"type": "sgd", "lr": 0.5, "momentum": 0.5, "dampening": 0.1},
             {"type": "step", "step_size": 1, "gamma": 0.5}, target_kind="binary"),
    scenario("adam_softmax_outputs", "iris", False, [linear(4, 3), act("softmax")], "mse",
             {"type": "adam", "lr": 0.05, "weight_decay": 0.1}, target_kind="one_hot"),
    scenario("sgd_log_softmax_outputs", "wine", True, [linear(13, 3, bias=False), act("log_softmax")], "mse",
             {"type": "sgd", "lr": 0.05}, target_kind="one_hot"),
]

with open("torch_steps.json", "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f)
    f.write("\n")
