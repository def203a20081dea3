#!/usr/bin/python3
"""Writes the fixtures of brine-python's tests: files made by the real Python libraries, the values those
libraries see in them (``*.expected``, an independent text form described below), and a malicious corpus.

Run once with Debian's interpreter, from this folder:  /usr/bin/python3 generate.py
Library versions are recorded in README.md beside this script. CI never runs it.

Expected-value text ("describe"): None N, True T, False F, int i:<decimal>, float f:<IEEE bits, 16 hex digits>,
complex c:<bits>:<bits>, str s:<UTF-8 hex>, bytes b:<hex>, bytearray B:<hex>, tuple (a,b), list [a,b],
dict {k:v,...} in insertion order, OrderedDict O{...}, set set(...) and frozenset fset(...) with items sorted by
their description, numpy arrays and scalars nd:<dtype, little-endian>:<shape>:<C-order little-endian bytes hex>, object
arrays ndo:<shape>:[elements in C order].
Payloads in the malicious corpus try to create MARKER; the Java tests check it never appears.
"""
import bz2
import collections
import gzip
import io
import lzma
import os
import pickle
import struct
import sys
import zipfile
import zlib

import joblib
import numpy as np
import sklearn
import torch
from sklearn.linear_model import LinearRegression

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'resources', 'fixtures')
MARKER = '/tmp/brine-payload-marker'


def path(*parts):
    full = os.path.join(OUT, *parts)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    return full


def write(data, *parts):
    with open(path(*parts), 'wb') as f:
        f.write(data)


def write_text(text, *parts):
    with open(path(*parts), 'w') as f:
        f.write(text + '\n')


def le_dtype(dtype):
    if dtype.itemsize == 1:
        return '|' + dtype.kind + '1'
    return dtype.newbyteorder('<').str


def describe(x):
    if x is None:
        return 'N'
    if x is True:
        return 'T'
    if x is False:
        return 'F'
    if isinstance(x, (np.ndarray, np.generic)):
        a = np.asarray(x)
        if a.dtype.hasobject:
            return 'ndo:%s:[%s]' % (','.join(str(d) for d in a.shape), ','.join(describe(i) for i in a.ravel()))
        le = a.astype(a.dtype.newbyteorder('<')) if a.dtype.itemsize > 1 else a
        return 'nd:%s:%s:%s' % (le_dtype(a.dtype), ','.join(str(d) for d in a.shape), le.tobytes(order='C').hex())
    if isinstance(x, int):
        return 'i:%d' % x
    if isinstance(x, float):
        return 'f:' + struct.pack('>d', x).hex()
    if isinstance(x, complex):
        return 'c:%s:%s' % (struct.pack('>d', x.real).hex(), struct.pack('>d', x.imag).hex())
    if isinstance(x, str):
        return 's:' + x.encode('utf-8').hex()
    if isinstance(x, bytearray):
        return 'B:' + bytes(x).hex()
    if isinstance(x, bytes):
        return 'b:' + x.hex()
    if isinstance(x, tuple):
        return '(' + ','.join(describe(i) for i in x) + ')'
    if isinstance(x, list):
        return '[' + ','.join(describe(i) for i in x) + ']'
    if isinstance(x, collections.OrderedDict):
        return 'O{' + ','.join(describe(k) + ':' + describe(v) for k, v in x.items()) + '}'
    if isinstance(x, dict):
        return '{' + ','.join(describe(k) + ':' + describe(v) for k, v in x.items()) + '}'
    if isinstance(x, frozenset):
        return 'fset(' + ','.join(sorted(describe(i) for i in x)) + ')'
    if isinstance(x, set):
        return 'set(' + ','.join(sorted(describe(i) for i in x)) + ')'
    raise TypeError(type(x))


# ---------------------------------------------------------------- plain pickles, protocols 0-5

def kitchen_sink():
    shared = [1, 2, 3]
    return {
        'none': None, 'true': True, 'false': False,
        'ints': [0, 1, -1, 255, 256, 65535, 65536, -2 ** 31, 2 ** 31 - 1, 2 ** 31, 2 ** 63, -2 ** 70, 10 ** 30],
        'floats': [0.0, -0.0, 1.5, -2.25, 1e300, 5e-324, float('inf'), float('-inf'), float('nan'), 0.1],
        'text': ['', 'plain', 'quote\'s and "double"', 'back\\slash', 'new\nline', 'tab\t', 'ünïcødé ✓ 𝄞',
                 '\\u0041 not an escape'],
        'bytes': [b'', b'\x00\xff\x80abc', bytes(range(256))],
        'bytearray': bytearray(b'\x01\x02\x03'),
        'tuples': [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4, (5, (6,)))],
        'nested': {'a': [{'b': (None, [True])}]},
        'int keys': {1: 'one', -7: 'minus seven', (1, 'x'): 'tuple key', 2 ** 40: 'big'},
        'set': {1, 'two', (3,)},
        'frozenset': frozenset({4, 5}),
        'complex': complex(1.5, -2.0),
        'ordered': collections.OrderedDict([('z', 1), ('a', 2)]),
        'shared': (shared, shared),
        'long list': list(range(2500)),
        'long dict': {('k%d' % i): i for i in range(1200)},
    }


def plain_pickles():
    obj = kitchen_sink()
    expected = describe(obj)
    for protocol in range(6):
        write(pickle.dumps(obj, protocol=protocol), 'pickle', 'sink_p%d.pkl' % protocol)
    write_text(expected, 'pickle', 'sink.expected')
    recursive = [1]
    recursive.append(recursive)
    write(pickle.dumps(recursive, protocol=2), 'pickle', 'recursive_p2.pkl')


def numpy_values():
    rng = np.random.RandomState(0)
    values = collections.OrderedDict()
    values['f8'] = rng.standard_normal((3, 4))
    values['f4 fortran'] = np.asfortranarray(rng.standard_normal((2, 3)).astype(np.float32))
    values['f2'] = np.array([1.0, -0.5, 65504.0], dtype=np.float16)
    values['i8 big endian'] = np.arange(-3, 3, dtype='>i8')
    values['u2'] = np.array([0, 1, 65535], dtype=np.uint16)
    values['i1'] = np.array([-128, 0, 127], dtype=np.int8)
    values['bool'] = np.array([True, False, True])
    values['empty'] = np.zeros((0, 3))
    values['scalar f8'] = np.float64(2.5)
    values['scalar i4'] = np.int32(-9)
    values['0-d'] = np.array(7, dtype=np.int64)
    values['strided view'] = np.arange(12, dtype=np.int32).reshape(3, 4)[:, ::2]
    values['transposed'] = np.arange(6, dtype=np.float64).reshape(2, 3).T
    return values


def numpy_pickles():
    values = numpy_values()
    write_text(describe(values), 'pickle', 'numpy.expected')
    for protocol in (2, 3, 4, 5):
        write(pickle.dumps(values, protocol=protocol), 'pickle', 'numpy_p%d.pkl' % protocol)
    # Protocol 5 with out-of-band buffers: the arrays' bytes are not in the stream.
    buffers = []
    oob = collections.OrderedDict([('a', np.arange(5, dtype=np.float32)),
                                   ('b', np.asfortranarray(np.arange(6, dtype='<i2').reshape(2, 3)))])
    write(pickle.dumps(oob, protocol=5, buffer_callback=buffers.append), 'pickle', 'oob_p5.pkl')
    for i, buffer in enumerate(buffers):
        write(bytes(buffer.raw()), 'pickle', 'oob_p5.buf%d' % i)
    write_text(describe(oob), 'pickle', 'oob_p5.expected')
    # A structured array like sklearn's tree nodes: fields read by name.
    node = np.dtype([('left_child', '<i8'), ('right_child', '<i8'), ('feature', '<i8'), ('threshold', '<f8'),
                     ('impurity', '<f8'), ('n_node_samples', '<i8'), ('weighted_n_node_samples', '<f8')])
    nodes = np.zeros(3, dtype=node)
    nodes['left_child'] = [1, -1, -1]
    nodes['right_child'] = [2, -1, -1]
    nodes['feature'] = [0, -2, -2]
    nodes['threshold'] = [0.5, -2.0, -2.0]
    write(pickle.dumps(nodes, protocol=2), 'pickle', 'structured_p2.pkl')
    write(pickle.dumps(nodes, protocol=4), 'pickle', 'structured_p4.pkl')
    fields = collections.OrderedDict((name, nodes[name].copy()) for name in node.names)
    write_text(describe(fields), 'pickle', 'structured.expected')
    # Object and text arrays.
    labels = collections.OrderedDict([('object', np.array(['cat', 'dog', None], dtype=object)),
                                      ('unicode', np.array(['ab', 'cde'])), ('bytes', np.array([b'x', b'yz']))])
    write(pickle.dumps(labels, protocol=2), 'pickle', 'labels_p2.pkl')
    write(pickle.dumps(labels, protocol=4), 'pickle', 'labels_p4.pkl')


# ---------------------------------------------------------------- .npy / .npz

def npy_files():
    expected = []
    arrays = collections.OrderedDict()
    for dtype in ['<f8', '>f8', '<f4', '>f4', '<f2', '<i8', '>i8', '<i4', '>i4', '<i2', '>i2', '|i1',
                  '<u8', '>u8', '<u4', '<u2', '>u2', '|u1', '|b1']:
        for order in 'CF':
            base = (np.arange(24).reshape(2, 3, 4) % 7 - 3) * (1 if dtype[1] in 'if' else 1)
            if dtype[1] == 'u':
                base = np.arange(24).reshape(2, 3, 4) * 3
            if dtype[1] == 'b':
                base = np.arange(24).reshape(2, 3, 4) % 3 == 0
            if dtype[1] == 'f':
                base = base / 4.0
            a = np.array(base, dtype=dtype, order=order)
            name = 'npy/%s_%s' % (dtype.replace('<', 'le_').replace('>', 'be_').replace('|', ''), order)
            np.save(path(name + '.npy'), a)
            expected.append(name + '.npy ' + describe(a))
            arrays[name.split('/')[1]] = a
    scalar = np.array(3.5)
    np.save(path('npy/scalar.npy'), scalar)
    expected.append('npy/scalar.npy ' + describe(scalar))
    empty = np.zeros((0, 2), dtype=np.int32)
    np.save(path('npy/empty.npy'), empty)
    expected.append('npy/empty.npy ' + describe(empty))
    for version in ((2, 0), (3, 0)):
        a = np.arange(10, dtype='<f4').reshape(2, 5)
        name = 'npy/v%d.npy' % version[0]
        with open(path(name), 'wb') as f:
            np.lib.format.write_array(f, a, version=version)
        expected.append(name + ' ' + describe(a))
    write_text('\n'.join(expected), 'npy', 'arrays.expected')
    small = collections.OrderedDict((k, arrays[k]) for k in ['le_f8_C', 'be_i4_F', 'b1_C'])
    np.savez(path('npy/stored.npz'), **small)
    np.savez_compressed(path('npy/compressed.npz'), **small)
    np.savez(path('npy/positional.npz'), np.arange(3), np.ones(2))
    write_text('\n'.join(k + ' ' + describe(v) for k, v in small.items()), 'npy', 'npz.expected')


# ---------------------------------------------------------------- joblib

def joblib_value():
    values = collections.OrderedDict()
    values['weights'] = np.arange(12, dtype=np.float64).reshape(3, 4) / 3
    values['fortran'] = np.asfortranarray(np.arange(6, dtype=np.int32).reshape(2, 3))
    values['big endian'] = np.arange(4, dtype='>f4')
    values['labels'] = np.array(['a', 'bb', None], dtype=object)
    values['meta'] = {'name': 'model', 'epochs': 3, 'scale': 0.5}
    values['tuple'] = (np.ones(2, dtype=np.uint8), 'x')
    return values


class NoTell(io.RawIOBase):
    """A write-only target without tell(): joblib writes no alignment padding."""

    def __init__(self):
        self.data = bytearray()

    def writable(self):
        return True

    def write(self, b):
        self.data += bytes(b)
        return len(b)

    def tell(self):
        raise io.UnsupportedOperation('tell')


def joblib_files():
    value = joblib_value()
    write_text(describe(value), 'joblib', 'value.expected')
    joblib.dump(value, path('joblib/plain.joblib'))
    joblib.dump(value, path('joblib/plain_p2.joblib'), protocol=2)
    for method in ['zlib', 'gzip', 'bz2', 'lzma', 'xz', 'lz4']:
        joblib.dump(value, path('joblib/%s.joblib' % method), compress=(method, 3))
    target = NoTell()
    joblib.dump(value, target)
    write(bytes(target.data), 'joblib', 'unaligned.joblib')


# ---------------------------------------------------------------- torch

def torch_files():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.ReLU(),
                                torch.nn.Linear(4, 2))
    model(torch.randn(5, 3))  # updates the batch-norm running statistics
    state = model.state_dict()
    torch.save(state, path('torch/state.pt'))
    torch.save(state, path('torch/state_legacy.pt'), _use_new_zipfile_serialization=False)
    buffer = io.BytesIO()
    torch.save(state, buffer)  # saved to a file object: root folder 'archive'
    write(buffer.getvalue(), 'torch', 'state_archive_root.pt')

    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    dtypes = collections.OrderedDict()
    for name, dtype in [('float64', torch.float64), ('float32', torch.float32), ('float16', torch.float16),
                        ('bfloat16', torch.bfloat16), ('int64', torch.int64), ('int32', torch.int32),
                        ('int16', torch.int16), ('int8', torch.int8), ('uint8', torch.uint8), ('bool', torch.bool)]:
        dtypes[name] = (base % 5).to(dtype) if dtype != torch.bool else base % 3 == 0
    dtypes['transposed'] = base.t()                  # non-contiguous view
    dtypes['row slice'] = base[1:3]                  # view with a storage offset
    dtypes['column'] = base[:, 2]                     # strided view
    dtypes['same storage'] = base                     # shares storage with the three views above
    dtypes['scalar'] = torch.tensor(3.25)
    dtypes['empty'] = torch.zeros(0, 3)
    torch.save(dtypes, path('torch/dtypes.pt'))
    torch.save(dtypes, path('torch/dtypes_legacy.pt'), _use_new_zipfile_serialization=False)
    expected = []
    for name, tensor in dtypes.items():
        t = tensor.contiguous()
        if t.dtype == torch.bfloat16:
            raw = t.view(torch.int16).numpy().astype('<i2').tobytes()
            expected.append('%s bf16 %s %s' % (name, ','.join(map(str, t.shape)), raw.hex()))
        else:
            a = t.numpy()
            expected.append('%s %s' % (name, describe(a)))
    write_text('\n'.join(expected), 'torch', 'dtypes.expected')
    write_text('\n'.join('%s %s' % (k, describe(v.numpy())) for k, v in state.items()), 'torch', 'state.expected')

    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    loss = model(torch.randn(5, 3)).pow(2).sum()
    loss.backward()
    optimizer.step()
    checkpoint = {'epoch': 7, 'model_state_dict': model.state_dict(),
                  'optimizer_state_dict': optimizer.state_dict(), 'loss': float(loss)}
    torch.save(checkpoint, path('torch/checkpoint.pt'))
    write_text('\n'.join('%s %s' % (k, describe(v.numpy())) for k, v in model.state_dict().items()),
               'torch', 'checkpoint.expected')
    torch.save(model, path('torch/whole_module.pt'))


# ---------------------------------------------------------------- malicious corpus

class SystemPayload:
    def __reduce__(self):
        return os.system, ('touch ' + MARKER,)


class EvalPayload:
    def __reduce__(self):
        return eval, ("__import__('os').system('touch %s')" % MARKER,)


class ExecPayload:
    def __reduce__(self):
        return exec, ("open('%s', 'w').close()" % MARKER,)


def proto0_string(text):
    return ("S'%s'\n" % text).encode()


def malicious():
    command = 'touch ' + MARKER
    write(pickle.dumps(SystemPayload(), protocol=2), 'malicious', 'reduce_system.pkl')
    write(pickle.dumps(SystemPayload(), protocol=0), 'malicious', 'reduce_system_p0.pkl')
    write(pickle.dumps(EvalPayload(), protocol=4), 'malicious', 'reduce_eval.pkl')
    write(pickle.dumps(ExecPayload(), protocol=5), 'malicious', 'reduce_exec.pkl')
    # INST: (  args  i module\nname\n
    write(b'(' + proto0_string(command) + b'ios\nsystem\n.', 'malicious', 'inst_system.pkl')
    # OBJ: (  class args  o
    write(b'(cos\nsystem\n' + proto0_string(command) + b'o.', 'malicious', 'obj_system.pkl')
    # NEWOBJ of subprocess.Popen
    write(b'\x80\x02csubprocess\nPopen\nX\x05\x00\x00\x00touch' + b'\x85\x81.', 'malicious', 'newobj_popen.pkl')
    # STACK_GLOBAL with names that were memoised earlier inside an innocent-looking list
    cmd = command.encode()
    write(b'\x80\x04\x95\x00\x00\x00\x00\x00\x00\x00\x00'
          b'(\x8c\x05posix\x94\x8c\x06system\x94l0'            # ['posix', 'system'] memoised as 0 and 1, dropped
          b'h\x00h\x01\x93' + b'\x8c' + bytes([len(cmd)]) + cmd + b'\x85R.', 'malicious', 'stack_global_memo.pkl')
    # getattr chain: getattr(__import__('os'), 'system')(command)
    write(b'\x80\x02cbuiltins\ngetattr\ncbuiltins\n__import__\nX\x02\x00\x00\x00os\x85RX\x06\x00\x00\x00system'
          b'\x86RX' + struct.pack('<I', len(cmd)) + cmd + b'\x85R.', 'malicious', 'getattr_chain.pkl')
    # A payload deep inside an otherwise valid estimator's __dict__
    estimator = LinearRegression().fit(np.arange(6.0).reshape(3, 2), np.arange(3.0))
    estimator.notes = {'history': [1, 2, {'deep': SystemPayload()}]}
    write(pickle.dumps(estimator, protocol=4), 'malicious', 'estimator_nested.pkl')
    # numpy object array whose pickle carries the payload
    np.save(path('malicious/object_array.npy'), np.array([SystemPayload()], dtype=object), allow_pickle=True)
    # joblib with a payload, plain and compressed
    joblib.dump({'weights': np.arange(3.0), 'x': SystemPayload()}, path('malicious/payload.joblib'))
    joblib.dump({'weights': np.arange(3.0), 'x': SystemPayload()}, path('malicious/payload_gzip.joblib'),
                compress=('gzip', 3))
    joblib.dump({'weights': np.arange(3.0), 'x': np.array([SystemPayload()], dtype=object)},
                path('malicious/payload_object_array.joblib'))
    # torch archive whose data.pkl has a payload
    torch.save({'w': torch.ones(2), 'x': SystemPayload()}, path('malicious/torch_payload.pt'))
    torch.save({'w': torch.ones(2), 'x': SystemPayload()}, path('malicious/torch_payload_legacy.pt'),
               _use_new_zipfile_serialization=False)
    # a whole module whose class is user code
    torch.save(UserNet(), path('malicious/user_module.pt'))
    # zip slip: an entry that escapes the archive root
    with zipfile.ZipFile(path('malicious/zip_slip.pt'), 'w') as z:
        z.writestr('archive/data.pkl', pickle.dumps({}, protocol=2))
        z.writestr('archive/../../evil.pkl', b'x')
        z.writestr('archive/version', b'3\n')
    # zip bomb (a): 64 MiB of zeros deflated to ~64 KiB; refused when it exceeds the limits given
    with zipfile.ZipFile(path('malicious/zip_bomb.npz'), 'w', zipfile.ZIP_DEFLATED) as z:
        header = io.BytesIO()
        np.lib.format.write_array_header_1_0(header, {'descr': '|u1', 'fortran_order': False,
                                                       'shape': (64 << 20,)})
        z.writestr('zeros.npy', header.getvalue() + bytes(64 << 20))
    # zip bomb (b): an entry whose directory under-declares its size
    lying = io.BytesIO()
    with zipfile.ZipFile(lying, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('a.npy', header.getvalue() + bytes(1 << 20))
    data = bytearray(lying.getvalue())
    central = data.rfind(b'PK\x01\x02')
    struct.pack_into('<I', data, central + 24, 1000)       # uncompressed size in the central directory
    write(bytes(data), 'malicious', 'zip_lying_size.npz')
    # truncated streams (malformed, not unsafe)
    good = pickle.dumps(kitchen_sink(), protocol=4)
    write(good[:len(good) // 2], 'malformed', 'truncated.pkl')
    with open(path('joblib/zlib.joblib'), 'rb') as f:
        compressed = f.read()
    write(compressed[:len(compressed) // 2], 'malformed', 'truncated_zlib.joblib')
    with open(path('joblib/plain.joblib'), 'rb') as f:
        plain = f.read()
    write(plain[:len(plain) - 40], 'malformed', 'truncated.joblib')
    with open(path('npy/le_f8_C.npy'), 'rb') as f:
        npy = f.read()
    write(npy[:len(npy) - 8], 'malformed', 'truncated.npy')
    with open(path('torch/state.pt'), 'rb') as f:
        pt = f.read()
    write(pt[:len(pt) - 100], 'malformed', 'truncated.pt')


class UserNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(2, 1)


def versions():
    text = '\n'.join([
        '# Fixture generator',
        '',
        '`generate.py` wrote every file under `src/test/resources/fixtures/` with:',
        '',
        '| library | version |',
        '|---|---|',
        '| CPython | %s |' % sys.version.split()[0],
        '| numpy | %s |' % np.__version__,
        '| joblib | %s |' % joblib.__version__,
        '| torch | %s |' % torch.__version__,
        '| scikit-learn | %s |' % sklearn.__version__,
        '',
        'Run it again with `/usr/bin/python3 generate.py` from this folder (Debian packages python3-numpy,',
        'python3-joblib, python3-torch, python3-sklearn, python3-lz4). CI never runs Python.',
    ])
    with open(os.path.join(HERE, 'README.md'), 'w') as f:
        f.write(text + '\n')


if __name__ == '__main__':
    UserNet.__module__ = '__main__'
    plain_pickles()
    numpy_pickles()
    npy_files()
    joblib_files()
    torch_files()
    malicious()
    versions()
    assert not os.path.exists(MARKER), 'a payload ran while generating'
