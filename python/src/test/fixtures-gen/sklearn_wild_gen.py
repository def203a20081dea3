#!/usr/bin/python3
"""Expected outputs for real scikit-learn pickles that other projects committed, pickled by scikit-learn 0.19 to 1.8.
The pickles are not in this repository: fetch them as listed in ``src/test/resources/fixtures/sklearn_wild/README.md``
into ``$BRINE_REAL_FILES/sklearn_wild/``.

Debian's scikit-learn (1.2.1) cannot load most of them, so this script never runs their classes: a stub unpickler
records every scikit-learn object as its class name and state (numpy arrays are real arrays; numpy 2's
``numpy._core`` is read as ``numpy.core``), and the outputs are computed from that state by the small numpy
predictors below, written from scikit-learn's own prediction code of those versions (tree walk on float32 inputs,
libsvm's one-vs-one votes, linear decision functions, the imputer, scaler and one-hot encoder). Where a file's
repository records scikit-learn's own output (kserve's tests), the script asserts it is reproduced.

Run once from this folder with ``BRINE_REAL_FILES=<dir> /usr/bin/python3 sklearn_wild_gen.py``. Writes ``<case>.json``
(the format of ``sklearn_gen.py``) and ``index.json`` into ``src/test/resources/fixtures/sklearn_wild/``; CI never
runs Python.
"""
import json
import os
import pickle

import joblib.numpy_pickle as numpy_pickle
import numpy as np
from sklearn import datasets

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'resources', 'fixtures', 'sklearn_wild')
REAL = os.path.join(os.environ['BRINE_REAL_FILES'], 'sklearn_wild')
RNG = np.random.RandomState(11)


class State:
    """A scikit-learn object of the file: its class and the state pickle gave it; nothing of the class runs."""

    def __init__(self, *args):
        self.args = args
        self.state = {}

    def __setstate__(self, state):
        self.state = state

    def __getitem__(self, key):
        return self.state[key]

    def get(self, key, default=None):
        return self.state.get(key, default)


def stub(module, name):
    return type(name, (State,), {'__module__': module, 'qualified': module + '.' + name})


class StubUnpickler(numpy_pickle.NumpyUnpickler):
    def find_class(self, module, name):
        if module in ('sklearn.externals.joblib.numpy_pickle',):
            module = 'joblib.numpy_pickle'
        if module.startswith('numpy._core'):
            module = 'numpy.core' + module[len('numpy._core'):]
        if module.startswith('sklearn.') or module.startswith('pandas.'):
            return stub(module, name)
        if module.split('.')[0] not in ('numpy', 'joblib', 'builtins', 'copyreg', 'collections', '_codecs'):
            raise pickle.UnpicklingError('refusing ' + module + '.' + name)
        return super().find_class(module, name)


def load(name):
    path = os.path.join(REAL, name)
    with open(path, 'rb') as f:
        data = f.read()
    # joblib's decompression, then the stub unpickler over the raw stream.
    with open(path, 'rb') as f:
        with numpy_pickle._read_fileobject(f, path, None) as stream:
            return StubUnpickler(path, stream, mmap_mode=None).load()


def kind(obj):
    return type(obj).__name__


# ---- numpy predictors, from scikit-learn's prediction code -------------------------------------------------------

def tree_values(tree_obj, x):
    """sklearn.tree._tree.Tree.apply + value: inputs as float32, x <= threshold goes left; NaN by
    missing_go_to_left where the nodes record it (1.3+)."""
    state = tree_obj.state
    nodes, values = state['nodes'], state['values']
    x = np.asarray(x, dtype=np.float32)
    out = []
    for row in x:
        node = 0
        while nodes['left_child'][node] != -1:
            v = row[nodes['feature'][node]]
            if np.isnan(v):
                left = 'missing_go_to_left' in nodes.dtype.names and nodes['missing_go_to_left'][node] == 1
            else:
                left = v <= nodes['threshold'][node]
            node = nodes['left_child'][node] if left else nodes['right_child'][node]
        out.append(values[node, 0, :])
    return np.array(out, dtype=float)


def tree_proba(estimator, x):
    v = tree_values(estimator['tree_'], x)
    sums = v.sum(axis=1, keepdims=True)
    sums[sums == 0] = 1
    return v / sums


def forest_proba(estimator, x):
    return np.mean([tree_proba(member, x) for member in estimator['estimators_']], axis=0)


def kernel(estimator, sv, x):
    name = estimator['kernel']
    gamma = estimator['_gamma']
    if name == 'linear':
        return x @ sv.T
    if name == 'rbf':
        d = ((x[:, None, :] - sv[None, :, :]) ** 2).sum(axis=2)
        return np.exp(-gamma * d)
    if name == 'poly':
        return (gamma * (x @ sv.T) + estimator['coef0']) ** estimator['degree']
    if name == 'sigmoid':
        return np.tanh(gamma * (x @ sv.T) + estimator['coef0'])
    raise ValueError(name)


def n_support(estimator):
    return estimator.get('_n_support', estimator.get('n_support_'))


def svc_predict(estimator, x):
    """libsvm's svm_predict for C-SVC: one decision per pair of classes, sum(coef * K) - rho with the native
    coefficients (_dual_coef_, _intercept_ = -rho), a vote for the first class when positive; the first class with
    the most votes wins."""
    classes = estimator['classes_']
    k = kernel(estimator, estimator['support_vectors_'], np.asarray(x, dtype=float))
    coef = estimator['_dual_coef_']
    counts = n_support(estimator)
    starts = np.concatenate([[0], np.cumsum(counts)])
    intercept = estimator['_intercept_']
    votes = np.zeros((len(x), len(classes)), dtype=int)
    pair = 0
    for i in range(len(classes)):
        for j in range(i + 1, len(classes)):
            si = slice(starts[i], starts[i + 1])
            sj = slice(starts[j], starts[j + 1])
            dec = k[:, si] @ coef[j - 1, si] + k[:, sj] @ coef[i, sj] + intercept[pair]
            votes[dec > 0, i] += 1
            votes[dec <= 0, j] += 1
            pair += 1
    return classes[np.argmax(votes, axis=1)]


def svr_predict(estimator, x):
    k = kernel(estimator, estimator['support_vectors_'], np.asarray(x, dtype=float))
    return k @ estimator['_dual_coef_'][0] + estimator['_intercept_'][0]


def linear(estimator, x):
    return np.asarray(x, dtype=float) @ np.asarray(estimator['coef_']).T + estimator['intercept_']


def logistic(estimator, x):
    """LogisticRegression.predict (argmax of the decision function, 0/1 for two classes) and predict_proba (one
    versus rest normalised, or softmax: 'ovr' and 0.21's 'warn' are one versus rest, 'auto' is too for two classes
    or liblinear)."""
    scores = linear(estimator, x)
    classes = estimator['classes_']
    multi = estimator.get('multi_class', 'auto')
    ovr = multi in ('ovr', 'warn') or (multi in ('auto', 'deprecated')
                                       and (len(classes) <= 2 or estimator.get('solver') == 'liblinear'))
    if scores.shape[1] == 1:
        p = 1 / (1 + np.exp(-scores[:, 0]))
        return classes[(scores[:, 0] > 0).astype(int)], np.c_[1 - p, p]
    if ovr:
        p = 1 / (1 + np.exp(-scores))
        p = p / p.sum(axis=1, keepdims=True)
    else:
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
    return classes[np.argmax(scores, axis=1)], p


def transform(step, x):
    name = kind(step)
    if name == 'SimpleImputer':
        stats = step['statistics_']
        out = np.array(x, dtype=object if stats.dtype == object else float)
        for c in range(out.shape[1]):
            missing = np.array([v is None or (isinstance(v, float) and np.isnan(v)) for v in out[:, c]], dtype=bool)
            out[missing, c] = stats[c]
        return out
    if name == 'StandardScaler':
        return (np.asarray(x, dtype=float) - step['mean_']) / step['scale_']
    if name == 'SGDRegressor':
        return linear(step, x)
    if name == 'OneHotEncoder':
        assert step['handle_unknown'] == 'ignore'
        blocks = [np.array([[1.0 if v == c else 0.0 for c in cats] for v in np.asarray(x)[:, j]])
                  for j, cats in enumerate(step['categories_'])]
        return np.hstack(blocks)
    if name == 'Pipeline':
        for _, s in step['steps']:
            x = transform(s, x)
        return x
    if name == 'ColumnTransformer':
        names = list(step['feature_names_in_'])
        parts = []
        for _, part, columns in step['transformers_']:
            if part == 'drop':
                continue
            idx = [names.index(c) for c in columns]
            parts.append(np.asarray(x, dtype=object)[:, idx] if part == 'passthrough'
                         else transform(part, np.asarray(x, dtype=object)[:, idx]))
        return np.hstack([np.asarray(p, dtype=float) for p in parts])
    raise ValueError(name)


# ---- cases -------------------------------------------------------------------------------------------------------

def number(v):
    v = float(v)
    return None if np.isnan(v) else v


def label(v):
    return str(int(v)) if isinstance(v, (int, np.integer)) else str(v)


def columns(x, names):
    x = np.asarray(x, dtype=object)
    return [{'name': names[j], 'values': [v if isinstance(v, str) else number(v) for v in x[:, j]]}
            for j in range(x.shape[1])]


def names_of(estimator, width):
    if estimator.get('feature_names_in_') is not None:
        return [str(n) for n in estimator['feature_names_in_']]
    return ['x%d' % j for j in range(width)]


INDEX = {}


def write(case, files, estimator, x, names, predict=None, proba=None, classes=None, values=None):
    expected = {'estimator': kind(estimator), 'columns': columns(x, names)}
    if classes is not None:
        expected['classes'] = [label(c) for c in classes]
        expected['predict'] = [label(v) for v in predict]
        if proba is not None:
            expected['proba'] = [[number(v) for v in row] for row in proba]
    else:
        values = np.asarray(values, dtype=float)
        expected['predict'] = [number(v) for v in values.ravel()] if values.ndim == 1 else \
            [[number(v) for v in row] for row in values]
    with open(os.path.join(OUT, case + '.json'), 'w') as f:
        json.dump(expected, f, separators=(',', ':'))
    INDEX[case] = files


def iris_inputs():
    iris = datasets.load_iris().data
    return np.vstack([iris[RNG.permutation(150)[:16]], RNG.uniform(0.5, 7.5, size=(4, 4))])


def main():
    iris = iris_inputs()

    tree = load('tree_0_19_porter.pkl')
    p = tree_proba(tree, iris)
    write('tree_0_19_porter', ['tree_0_19_porter.pkl'], tree, iris, names_of(tree, 4),
          tree['classes_'][p.argmax(axis=1)], p, tree['classes_'])

    for case in ('svc_0_20_kserve', 'svc_1_3_kserve'):
        files = [f for f in ('svc_0_20_kserve.pickle', 'svc_0_20_kserve.joblib', 'svc_1_3_kserve.pickle')
                 if f.startswith(case)]
        svc = load(files[0])
        # kserve's tests: the first iris row is class 0.
        assert svc_predict(svc, datasets.load_iris().data[:1])[0] == 0
        write(case, files, svc, iris, names_of(svc, 4), svc_predict(svc, iris), None, svc['classes_'])
    assert np.array_equal(load('svc_0_20_kserve.joblib')['_dual_coef_'], load('svc_0_20_kserve.pickle')['_dual_coef_'])

    for case, file in (('pipeline_logistic_0_21_mlserver', 'pipeline_logistic_0_21_mlserver.joblib'),
                       ('logistic_0_23_mlserver', 'logistic_0_23_mlserver.joblib')):
        model = load(file)
        final = model['steps'][-1][1] if kind(model) == 'Pipeline' else model
        labels, proba = logistic(final, iris)
        write(case, [file], model, iris, names_of(final, 4), labels, proba, final['classes_'])

    svc = load('svc_0_21_datarobot.pkl')
    x = svc['support_vectors_'][:20] * (1 + 0.05 * RNG.normal(size=(20, svc['support_vectors_'].shape[1])))
    write('svc_0_21_datarobot', ['svc_0_21_datarobot.pkl'], svc, x, names_of(svc, x.shape[1]),
          svc_predict(svc, x), None, svc['classes_'])

    svr = load('svr_0_21_datarobot.pkl')
    x = svr['support_vectors_'][:20] * (1 + 0.05 * RNG.normal(size=(20, svr['support_vectors_'].shape[1])))
    write('svr_0_21_datarobot', ['svr_0_21_datarobot.pkl'], svr, x, names_of(svr, x.shape[1]),
          values=svr_predict(svr, x))

    for case in ('extra_trees_0_23_datarobot', 'random_forest_0_24_datarobot', 'extra_trees_1_3_datarobot',
                 'extra_trees_1_6_datarobot', 'extra_trees_1_8_datarobot'):
        forest = load(case + '.pkl')
        width = forest.get('n_features_in_', forest.get('n_features_'))
        if width == 5:   # Id and the four iris measurements
            x = np.c_[RNG.randint(1, 150, size=len(iris)), iris]
        else:
            x = RNG.normal(size=(20, width))
        p = forest_proba(forest, x)
        write(case, [case + '.pkl'], forest, x, names_of(forest, width), forest['classes_'][p.argmax(axis=1)], p,
              forest['classes_'])

    for case in ('ridge_0_23_datarobot', 'ridge_1_8_datarobot'):
        ridge = load(case + '.pkl')
        width = np.asarray(ridge['coef_']).shape[-1]
        x = RNG.normal(size=(20, width)) * (RNG.uniform(size=(20, width)) < 0.2)
        write(case, [case + '.pkl'], ridge, x, names_of(ridge, width), values=linear(ridge, x))

    linear_model = load('linear_regression_1_0_datarobot.joblib')
    width = len(linear_model['coef_'])
    x = RNG.normal(size=(20, width))
    write('linear_regression_1_0_datarobot', ['linear_regression_1_0_datarobot.joblib'], linear_model, x,
          names_of(linear_model, width), values=linear(linear_model, x))

    imputer = load('simple_imputer_0_23_datarobot.pkl')
    width = len(imputer['statistics_'])
    x = RNG.normal(size=(6, width))
    x[RNG.uniform(size=x.shape) < 0.3] = np.nan
    write('simple_imputer_0_23_datarobot', ['simple_imputer_0_23_datarobot.pkl'], imputer, x,
          names_of(imputer, width), values=transform(imputer, x))

    mixed = load('mixed_types_1_3_kserve.joblib')
    columns_in, regressor = mixed['steps'][0][1], mixed['steps'][1][1]
    names = [str(n) for n in columns_in['feature_names_in_']]
    sample = {'MSZoning': 'RL', 'LotArea': 8450, 'LotShape': 'Reg', 'Utilities': 'AllPub', 'YrSold': 2008,
              'Neighborhood': 'CollgCr', 'OverallQual': 7, 'YearBuilt': 2003, 'SaleType': 'WD', 'GarageArea': 548}
    rows = [sample,
            dict(sample, MSZoning=np.nan, LotShape='IR2', Neighborhood='Nowhere', LotArea=11250),
            dict(sample, SaleType=np.nan, Utilities=np.nan, GarageArea=np.nan, YearBuilt=1961),
            dict(sample, OverallQual=np.nan, LotArea=np.nan, MSZoning='FV', SaleType='New')]
    x = np.array([[row[name] for name in names] for row in rows], dtype=object)
    predicted = linear(regressor, transform(columns_in, x))
    # kserve's test records scikit-learn's prediction for its sample row.
    assert abs(predicted[0] - 12.202832815138274) <= 1e-12 * 12.2, predicted[0]
    write('mixed_types_1_3_kserve', ['mixed_types_1_3_kserve.joblib'], mixed, x, names, values=predicted)

    with open(os.path.join(OUT, 'index.json'), 'w') as f:
        json.dump(INDEX, f, indent=0, sort_keys=True)


if __name__ == '__main__':
    main()
