#!/usr/bin/python3
"""Writes the pre-0.4 tar-format torch.save fixtures of brine-python's tests, and proves each good one faithful by
loading it with torch 1.13's own torch.load. Run once with Debian's interpreter, from this folder:

    /usr/bin/python3 torch_tar_gen.py

torch 1.13 cannot write this format any more, but torch/serialization.py (_legacy_load -> legacy_load) still reads
it, so this script writes what torch 0.1.x's serialization._save wrote: a PAX-format tar of four members, each
written by pickle protocol 2 (old torch's DEFAULT_PROTOCOL), in this order:

* ``sys_info``: ``{'protocol_version': 1000, 'little_endian': True, 'type_sizes': {short, int, long}}``;
* ``pickle``: the object; every tensor is a persistent id ``str(key)`` (old torch used the tensor's C pointer,
  ``_cdata``, as key), an ``nn.Module`` class the first time it appears a persistent id ``(class, source_file,
  source)`` (None, None here: old torch wrote that when the source was unavailable);
* ``tensors``: the pickled count, then per tensor the pickled ``(key, storage_key, torch.FloatTensor…)`` followed by
  its metadata: ndim as 8 bytes (torch 1.13 reads an int32 and skips 4), sizes and strides as int64 each, storage
  offset as int64, all little-endian;
* ``storages``: the pickled count of root storages, then per storage the pickled ``(key, 'cpu', torch.FloatStorage…)``
  followed by its element count (int64) and its elements, little-endian; last the pickled list of storage views
  ``(view_key, root_key, offset, numel)``.

Output in ../resources/fixtures/torch_tar/: ``<case>.pt`` with ``<case>.expected`` (tensors as torch.load returned
them, in generate.py's "describe" text, one ``name description`` line each), the tar forms of torch_gen.py's state
dict and whole module in ../resources/fixtures/torch_models/, and ``tar_*.pt`` in ../resources/fixtures/malicious/
and malformed/. Payloads try
to create generate.MARKER; the malicious files are never loaded here.
"""
import collections
import io
import os
import pickle
import struct
import tarfile

import torch
from torch import nn

from generate import MARKER, SystemPayload, describe

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'resources', 'fixtures', 'torch_tar')
MODELS = os.path.join(HERE, '..', 'resources', 'fixtures', 'torch_models')
PROTOCOL = 2
TYPE_NAMES = {torch.float64: 'Double', torch.float32: 'Float', torch.float16: 'Half', torch.int64: 'Long',
              torch.int32: 'Int', torch.int16: 'Short', torch.int8: 'Char', torch.uint8: 'Byte'}


class Members:
    """The four members old torch.save wrote for ``obj``, plus where each raw record starts (for the malformed
    corpus). ``views`` maps id(tensor) to (offset, numel): that tensor's storage is written as a view of its root
    storage, as torch 0.1 did for tensors made on a storage slice."""

    def __init__(self, obj, views=None):
        self.views = views or {}
        self.next_key = 0x55D0A0000000        # stand-ins for the C pointers old torch used as keys
        self.tensor_keys = {}                  # id(tensor) -> key
        self.tensors = collections.OrderedDict()  # key -> (tensor, storage key, storage offset)
        self.root_keys = {}                    # storage data pointer -> key
        self.roots = collections.OrderedDict()  # key -> tensor over the whole root storage
        self.storage_views = []
        self.classes = set()
        self.raw_offsets = {'tensors': [], 'storages': []}
        self.pickle = self._pickle(obj)
        self.sys_info = pickle.dumps({'protocol_version': 1000, 'little_endian': True,
                                      'type_sizes': {'short': 2, 'int': 4, 'long': 8}}, protocol=PROTOCOL)
        self.tensors_member = self._tensors()
        self.storages = self._storages()

    def key(self):
        self.next_key += 0x40
        return self.next_key

    def _root_key(self, tensor):
        pointer = tensor.storage().data_ptr()
        if pointer not in self.root_keys:
            self.root_keys[pointer] = self.key()
            self.roots[self.root_keys[pointer]] = torch.empty(0, dtype=tensor.dtype).set_(tensor.storage())
        return self.root_keys[pointer]

    def _persistent_id(self, obj):
        if isinstance(obj, type) and issubclass(obj, nn.Module):
            if obj in self.classes:
                return None
            self.classes.add(obj)
            return obj, None, None
        if torch.is_tensor(obj):
            if id(obj) not in self.tensor_keys:
                key = self.key()
                self.tensor_keys[id(obj)] = key
                storage, offset = self._root_key(obj), obj.storage_offset()
                if id(obj) in self.views:
                    view_offset, numel = self.views[id(obj)]
                    view = self.key()
                    self.storage_views.append((view, storage, view_offset, numel))
                    storage, offset = view, offset - view_offset
                self.tensors[key] = (obj, storage, offset)
            return str(self.tensor_keys[id(obj)])
        return None

    def _pickle(self, obj):
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=PROTOCOL)
        pickler.persistent_id = self._persistent_id
        pickler.dump(obj)
        return buffer.getvalue()

    def _tensors(self):
        out = pickle.dumps(len(self.tensors), protocol=PROTOCOL)
        for key, (tensor, storage, offset) in self.tensors.items():
            tensor_type = getattr(torch, TYPE_NAMES[tensor.dtype] + 'Tensor')
            out += pickle.dumps((key, storage, tensor_type), protocol=PROTOCOL)
            self.raw_offsets['tensors'].append(len(out))
            out += struct.pack('<q', tensor.dim())
            out += struct.pack('<%dq' % tensor.dim(), *tensor.size())
            out += struct.pack('<%dq' % tensor.dim(), *tensor.stride())
            out += struct.pack('<q', offset)
        return out

    def _storages(self):
        out = pickle.dumps(len(self.roots), protocol=PROTOCOL)
        for key, whole in self.roots.items():
            storage_type = getattr(torch, TYPE_NAMES[whole.dtype] + 'Storage')
            out += pickle.dumps((key, 'cpu', storage_type), protocol=PROTOCOL)
            self.raw_offsets['storages'].append(len(out))
            out += struct.pack('<q', whole.numel()) + whole.detach().numpy().tobytes()
        out += pickle.dumps(self.storage_views, protocol=PROTOCOL)
        return out

    def items(self):
        return [('sys_info', self.sys_info), ('pickle', self.pickle), ('tensors', self.tensors_member),
                ('storages', self.storages)]


def tar(items):
    """A PAX tar as tarfile wrote it for old torch (mode 0600 temp files), with a fixed mtime."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode='w', format=tarfile.PAX_FORMAT) as archive:
        for item in items:
            name, data = item[0], item[1]
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o600, 1500000000
            if len(item) > 2:
                info.type, info.linkname, info.size = tarfile.SYMTYPE, item[2], 0
                archive.addfile(info)
            else:
                archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def write(data, folder, name):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), 'wb') as f:
        f.write(data)


def tensors_by_path(value, path=''):
    """Tensors by dotted path, as Brine names them (dict keys, list indexes, module state_dict names)."""
    if torch.is_tensor(value):
        yield path, value
    elif isinstance(value, nn.Module):
        yield from ((path + ('.' if path else '') + k, v) for k, v in value.state_dict().items())
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from tensors_by_path(v, path + ('.' if path else '') + str(k))
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from tensors_by_path(v, path + ('.' if path else '') + str(i))


def save_checked(obj, folder, name, views=None, expected=True):
    """Writes the tar, loads it with torch 1.13's torch.load, checks torch got back what was saved (values,
    strides, shared storages) and records what torch loaded."""
    members = Members(obj, views)
    target = os.path.join(folder, name + '.pt')
    write(tar(members.items()), folder, name + '.pt')
    loaded = torch.load(target)
    saved, back = dict(tensors_by_path(obj)), dict(tensors_by_path(loaded))
    assert list(saved) == list(back), (list(saved), list(back))
    for path, tensor in saved.items():
        assert torch.equal(tensor, back[path]) and tensor.stride() == back[path].stride(), path
    if expected:
        lines = ['%s %s' % (path, describe(t.detach().contiguous().numpy())) for path, t in back.items()]
        write(('\n'.join(lines) + '\n').encode(), folder, name + '.expected')
    return members, loaded


def good():
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    dtypes = collections.OrderedDict()
    for dtype in TYPE_NAMES:
        dtypes[str(dtype).replace('torch.', '')] = (base % 5 - (1 if dtype != torch.uint8 else 0)).to(dtype)
    save_checked(dtypes, OUT, 'dtypes')

    tail = base.view(-1)[6:18].view(2, 6)
    views = collections.OrderedDict([
        ('same storage', base),
        ('row slice', base[1:3]),          # storage offset 6
        ('column', base[:, 2]),            # storage offset 2, stride 6
        ('transposed', base.t()),          # strides (1, 6)
        ('storage view', tail),            # written on a storage view: root offset 6, 12 elements
    ])
    members, loaded = save_checked(views, OUT, 'views', views={id(tail): (6, 12)})
    assert loaded['row slice'].storage().data_ptr() == loaded['same storage'].storage().data_ptr()
    assert loaded['transposed'].stride() == (1, 6)
    assert members.storage_views, 'the storage view record is written'

    torch.manual_seed(0)
    linear = nn.Linear(3, 2)
    save_checked(linear.state_dict(), OUT, 'linear_state')
    save_checked({'scalar': torch.tensor(2.5), 'empty': torch.zeros(0, 3), 'nested': [torch.ones(2, dtype=torch.int64)]},
                 OUT, 'shapes')

    # torch_gen.py's state dict and whole module, in the tar format, for the model tests
    state = torch.load(os.path.join(MODELS, 'mlp_state.pt'))
    save_checked(state, MODELS, 'mlp_state_tar', expected=False)
    module = torch.load(os.path.join(MODELS, 'whole_module.pt'))
    save_checked(module, MODELS, 'whole_module_tar', expected=False)
    return members


def malicious_and_malformed(views):
    unsafe = os.path.join(OUT, '..', 'malicious')
    corrupt = os.path.join(OUT, '..', 'malformed')
    good_items = views.items()
    # the object pickle names os.system
    payload = Members({'w': torch.ones(2), 'x': SystemPayload()})
    write(tar(payload.items()), unsafe, 'tar_payload_pickle.pt')
    # a storage record names os.system instead of a storage class
    poisoned = bytearray(views.storages)
    record = pickle.dumps(len(views.roots), protocol=PROTOCOL)
    key = next(iter(views.roots))
    honest = pickle.dumps((key, 'cpu', torch.FloatStorage), protocol=PROTOCOL)
    hostile = pickle.dumps((key, 'cpu', SystemPayload()), protocol=PROTOCOL)
    assert poisoned[len(record):len(record) + len(honest)] == honest
    poisoned[len(record):len(record) + len(honest)] = hostile
    write(tar([(n, d if n != 'storages' else bytes(poisoned)) for n, d in good_items]), unsafe,
          'tar_payload_storages.pt')
    # a member whose name climbs out of the folder torch extracts to
    write(tar(good_items + [('../../brine-tar-escape', b'x')]), unsafe, 'tar_path_traversal.pt')
    # 'storages' as a symbolic link to a file outside the archive
    write(tar([i for i in good_items if i[0] != 'storages'] + [('storages', b'', '/etc/passwd')]), unsafe,
          'tar_symlink_member.pt')
    # the first storage declares 2^62 elements
    absurd = bytearray(views.storages)
    struct.pack_into('<q', absurd, views.raw_offsets['storages'][0], 1 << 62)
    write(tar([(n, d if n != 'storages' else bytes(absurd)) for n, d in good_items]), corrupt, 'tar_absurd_count.pt')
    # the first tensor declares 2^31 - 1 dimensions
    rank = bytearray(views.tensors_member)
    struct.pack_into('<q', rank, views.raw_offsets['tensors'][0], (1 << 31) - 1)
    write(tar([(n, d if n != 'tensors' else bytes(rank)) for n, d in good_items]), corrupt, 'tar_absurd_rank.pt')
    # the tar ends inside the storages member's data
    whole = tar(good_items)
    write(whole[:whole.index(views.storages[:64]) + len(views.storages) // 2], corrupt, 'tar_truncated_member.pt')
    # two members named 'pickle'
    write(tar(good_items[:2] + [('pickle', pickle.dumps({}, protocol=PROTOCOL))] + good_items[2:]), corrupt,
          'tar_duplicate_member.pt')
    # no 'tensors' member
    write(tar([i for i in good_items if i[0] != 'tensors']), corrupt, 'tar_missing_member.pt')


def main():
    views = good()
    malicious_and_malformed(views)
    assert not os.path.exists(MARKER), 'a payload ran while generating'


if __name__ == '__main__':
    main()
