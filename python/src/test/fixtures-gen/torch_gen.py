#!/usr/bin/python3
"""Writes the PyTorch model fixtures of brine-python's tests (state dicts, whole modules, checkpoints with optimizer
state) and what torch computes with them. Run once with Debian's interpreter, from this folder:

    /usr/bin/python3 torch_gen.py

Output in ../resources/fixtures/torch_models/: ``<case>.pt`` (and variants) with ``<case>.json`` holding the
architecture in --arch notation (``arch``), inputs ``x`` (rows), eval-mode outputs ``output`` and, for checkpoints,
the training data, the loss, the number of further steps and the weights torch reached after them (``resumed``),
the optimizer's class (``optimizer``) and whether its state dict alone leaves the class open (``ambiguous``).
CI never runs this script; library versions are in README.md.
"""
import collections
import json
import os
import struct

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'resources', 'fixtures', 'torch_models')
os.makedirs(OUT, exist_ok=True)


def floats(tensor):
    return [float(v) for v in tensor.detach().double().reshape(-1)]


def write_json(case, value):
    with open(os.path.join(OUT, case + '.json'), 'w') as f:
        json.dump(value, f, separators=(',', ':'))


def outputs(model, x):
    model.eval()
    with torch.no_grad():
        return floats(model(x))


def safetensors(state, target):
    """A plain safetensors file (no library needed: 8-byte header length, JSON header, raw little-endian data)."""
    header = collections.OrderedDict()
    data = b''
    for name, tensor in state.items():
        raw = tensor.detach().contiguous().numpy().astype(tensor.numpy().dtype.newbyteorder('<')).tobytes()
        dtype = {torch.float32: 'F32', torch.float64: 'F64', torch.int64: 'I64'}[tensor.dtype]
        header[name] = {'dtype': dtype, 'shape': list(tensor.shape), 'data_offsets': [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    with open(target, 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text + data)


def state_dicts(x):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Dropout(0.1), nn.Linear(8, 3))
    arch = 'Linear(5,8),ReLU,Dropout(0.1),Linear(8,3)'
    torch.save(model.state_dict(), os.path.join(OUT, 'mlp_state.pt'))
    torch.save(model.state_dict(), os.path.join(OUT, 'mlp_state_legacy.pt'), _use_new_zipfile_serialization=False)
    torch.save(model.double().state_dict(), os.path.join(OUT, 'mlp_state_float64.pt'))
    model.float()
    safetensors(model.state_dict(), os.path.join(OUT, 'mlp_state.safetensors'))
    write_json('mlp_state', {'arch': arch, 'x': x.tolist(), 'output': outputs(model, x)})

    torch.manual_seed(1)
    named = nn.Sequential(collections.OrderedDict([('fc', nn.Linear(5, 1)), ('act', nn.Sigmoid())]))
    torch.save(named.state_dict(), os.path.join(OUT, 'named_state.pt'))
    write_json('named_state', {'arch': 'fc=Linear(5,1),act=Sigmoid', 'x': x.tolist(), 'output': outputs(named, x)})


def whole_module(x):
    torch.manual_seed(2)
    model = nn.Sequential(nn.BatchNorm1d(5), nn.Linear(5, 8), nn.Tanh(), nn.Linear(8, 6), nn.LeakyReLU(0.2),
                          nn.Linear(6, 4), nn.GELU(), nn.Linear(4, 2), nn.LogSoftmax(dim=1))
    model.train()
    with torch.no_grad():
        for _ in range(3):
            model(torch.randn(16, 5) * 2 + 1)          # running statistics away from their initial values
    torch.save(model, os.path.join(OUT, 'whole_module.pt'))
    write_json('whole_module', {'x': x.tolist(), 'output': outputs(model, x)})


OPTIMIZERS = {
    'sgd': lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01),
    'adam': lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.8, 0.99), amsgrad=True),
    'adamw': lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.05),
    'rmsprop': lambda p: torch.optim.RMSprop(p, lr=0.01, momentum=0.5, centered=True),
    'adagrad': lambda p: torch.optim.Adagrad(p, lr=0.05, lr_decay=0.01, initial_accumulator_value=0.1),
    # Adam and AdamW with the same weight decay: before torch 2.6 their state dicts are identical in form
    'adam_decay': lambda p: torch.optim.Adam(p, lr=0.01, weight_decay=1e-2),
    'adamw_decay': lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=1e-2),
}


def checkpoints():
    """torch trains k steps and saves a checkpoint, then m more steps; Java resumes from the checkpoint."""
    generator = torch.Generator().manual_seed(3)
    x = torch.randn(12, 4, generator=generator)
    y = torch.randn(12, 2, generator=generator)
    for name, make in OPTIMIZERS.items():
        torch.manual_seed(4)
        model = nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 2))
        optimizer = make(model.parameters())
        loss_fn = nn.MSELoss()

        def step():
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            return float(loss)

        losses = [step() for _ in range(3)]
        key_model, key_optimizer = ('model_state_dict', 'optimizer_state_dict') if name != 'adagrad' else ('net', 'opt')
        torch.save({'epoch': 3, key_model: model.state_dict(), key_optimizer: optimizer.state_dict(),
                    'loss': losses[-1]}, os.path.join(OUT, 'checkpoint_%s.pt' % name))
        more = [step() for _ in range(3)]
        group = optimizer.state_dict()['param_groups'][0]
        write_json('checkpoint_' + name, {
            'optimizer': type(optimizer).__name__.lower(),
            # the state dict alone cannot tell Adam from AdamW (no decoupled_weight_decay key before torch 2.6)
            'ambiguous': 'betas' in group and group['weight_decay'] != 0 and 'decoupled_weight_decay' not in group,
            'arch': 'Linear(4,6),Tanh,Linear(6,2)', 'loss': 'mse', 'x': x.tolist(), 'y': y.tolist(),
            'state_key': key_model if name == 'adagrad' else None, 'steps': len(more), 'losses': more,
            'resumed': {k: floats(v) for k, v in model.state_dict().items()}})


def main():
    x = torch.from_numpy(np.random.RandomState(5).normal(size=(6, 5)).astype(np.float32))
    state_dicts(x)
    whole_module(x)
    checkpoints()


if __name__ == '__main__':
    main()
