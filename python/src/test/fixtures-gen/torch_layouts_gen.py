#!/usr/bin/python3
"""Writes the PyTorch state dicts of every common layout for brine-python's tests, with what torch computes with them.
Run once with Debian's interpreter (python3-torch), from this folder:

    /usr/bin/python3 torch_layouts_gen.py

Output in ../resources/fixtures/torch_layouts/: ``<case>.pt`` and ``<case>.json`` holding the architecture in --arch
notation (``arch``), the flags the case needs (``flags``), inputs ``x`` (rows, flattened) and eval-mode outputs
``output``. The cases: the PyTorch quickstart's NeuralNetwork (``flatten`` + ``linear_relu_stack``), a user class
wrapping nn.Sequential (``network.0.weight``), a ModuleList applied in a loop, a DataParallel state dict
(``module.`` prefix), a checkpoint whose state dict carries a ``model.`` prefix, a teacher/student pair whose two
prefixes both fit the student's architecture (ambiguous), a whole pickled nn.Sequential of conv, norm and pooling
layers (``torch.save(model)``) and a whole pickled module of a user class (to be refused). CI never runs this
script; library versions are in README.md.
"""
import json
import os

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'resources', 'fixtures', 'torch_layouts')
os.makedirs(OUT, exist_ok=True)


def floats(tensor):
    return [float(v) for v in tensor.detach().double().reshape(-1)]


def record(case, model, obj, arch, x, flags=()):
    torch.save(obj, os.path.join(OUT, case + '.pt'))
    model.eval()
    with torch.no_grad():
        y = model(x)
    with open(os.path.join(OUT, case + '.json'), 'w') as f:
        json.dump({'arch': arch, 'flags': list(flags), 'x': x.reshape(x.shape[0], -1).tolist(), 'shape': list(x.shape),
                   'output': floats(y)}, f, separators=(',', ':'))


class NeuralNetwork(nn.Module):
    """The PyTorch quickstart's model (Build the Neural Network tutorial)."""

    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(nn.Linear(28 * 28, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(),
                                               nn.Linear(512, 10))

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))


class Wrapped(nn.Module):
    def __init__(self):
        super().__init__()
        self.network = nn.Sequential(nn.Linear(12, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 3))

    def forward(self, x):
        return self.network(x)


class Looped(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(6, 16), nn.Linear(16, 16), nn.Linear(16, 2)])

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = torch.relu(x)
        return x


def main():
    rng = np.random.RandomState(14)

    torch.manual_seed(0)
    quick = NeuralNetwork()
    x = torch.from_numpy(rng.uniform(size=(3, 1, 28, 28)).astype(np.float32))
    record('quickstart', quick, quick.state_dict(), 'flatten=Flatten,linear_relu_stack=Sequential(Linear(784,512),'
           'ReLU,Linear(512,512),ReLU,Linear(512,10))', x)

    torch.manual_seed(1)
    wrapped = Wrapped()
    x = torch.from_numpy(rng.normal(size=(5, 12)).astype(np.float32))
    record('wrapped_sequential', wrapped, wrapped.state_dict(),
           'network=Sequential(Linear(12,64),ReLU,Linear(64,32),ReLU,Linear(32,3))', x)

    torch.manual_seed(2)
    looped = Looped()
    x = torch.from_numpy(rng.normal(size=(5, 6)).astype(np.float32))
    record('module_list', looped, looped.state_dict(),
           'layers=ModuleList(0=Linear(6,16),relu0=ReLU,1=Linear(16,16),relu1=ReLU,2=Linear(16,2))', x)

    torch.manual_seed(3)
    plain = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 2))
    parallel = nn.DataParallel(plain)  # on a machine without GPUs it only wraps: keys gain 'module.'
    x = torch.from_numpy(rng.normal(size=(5, 4)).astype(np.float32))
    record('data_parallel', plain, parallel.state_dict(), 'Linear(4,8),Tanh,Linear(8,2)', x)

    lightning = {'epoch': 3, 'state_dict': {'model.' + k: v for k, v in plain.state_dict().items()}}
    record('model_prefix', plain, lightning, 'Linear(4,8),Tanh,Linear(8,2)', x)

    torch.manual_seed(4)
    teacher = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 2))
    pair = {**{'student.' + k: v for k, v in plain.state_dict().items()},
            **{'teacher.' + k: v for k, v in teacher.state_dict().items()}}
    torch.manual_seed(5)
    cnn = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Conv2d(4, 8, (3, 3), padding='same', bias=False), nn.Hardswish(), nn.AvgPool2d(2),
                        nn.Sequential(nn.Conv2d(8, 8, 1, groups=2), nn.ReLU6()), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                        nn.Dropout(0.2), nn.Linear(8, 3))
    cnn.train()
    for _ in range(3):  # running statistics that are not the initial ones
        cnn(torch.randn(4, 1, 8, 8) * 2 + 1)
    images = torch.from_numpy(rng.normal(size=(2, 1, 8, 8)).astype(np.float32))
    record('whole_cnn', cnn, cnn, None, images)

    wrapped_whole = Wrapped()
    record('whole_user_class', wrapped_whole, wrapped_whole, None,
           torch.from_numpy(rng.normal(size=(2, 12)).astype(np.float32)))

    record('two_prefixes', plain, pair, 'Linear(4,8),Tanh,Linear(8,2)', x,
           ['--strip-prefix', 'student.', '--non-strict'])


if __name__ == '__main__':
    main()
