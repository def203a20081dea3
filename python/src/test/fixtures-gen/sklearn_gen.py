#!/usr/bin/python3
"""Writes the scikit-learn fixtures of brine-python's tests: fitted estimators pickled and dumped with joblib, the
inputs they predict on and scikit-learn's own outputs. Run once with Debian's interpreter, from this folder:

    /usr/bin/python3 sklearn_gen.py

Every case is written as ``<case>.pkl`` (pickle protocol 4) and ``<case>.joblib`` (joblib, zlib); a representative
subset also in protocols 2 and 5 and every other joblib compression (see VARIANTS). ``<case>.json`` holds the
inputs (``columns``: name and values, numbers with null for NaN, or text) and the outputs: ``predict`` (class labels
as text, numbers, or rows of numbers for transformers), ``proba`` (predict_proba rows, when the estimator has it)
and ``classes``. Class labels are text: integers in decimal, text as it is. ``index.json`` lists every file of every
case. CI never runs this script; library versions are in README.md.
"""
import copy
import json
import os
import pickle
import warnings

import joblib
import numpy as np
import pandas as pd
from sklearn import datasets
from sklearn.compose import ColumnTransformer
from sklearn.decomposition import PCA
from sklearn.ensemble import (ExtraTreesClassifier, ExtraTreesRegressor, GradientBoostingClassifier,
                              GradientBoostingRegressor, HistGradientBoostingClassifier,
                              HistGradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import (ElasticNet, Lasso, LinearRegression, LogisticRegression, Ridge, SGDClassifier,
                                  SGDRegressor)
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import (FunctionTransformer, LabelEncoder, MinMaxScaler, OneHotEncoder, OrdinalEncoder,
                                   RobustScaler, StandardScaler)
from sklearn.svm import SVC, SVR, LinearSVC
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

warnings.filterwarnings('ignore')

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'resources', 'fixtures', 'sklearn')
os.makedirs(OUT, exist_ok=True)
INDEX = {}

# Cases written in every format besides protocol 4 and joblib-zlib: a linear model, a forest (object-free arrays,
# many of them), boosting (object arrays of trees), a text-labelled SVC and a pipeline with text columns.
VARIANTS = {'ridge', 'random_forest_classifier', 'gradient_boosting_classifier_multi', 'svc_rbf_proba',
            'pipeline_column_transformer'}
PROTOCOLS = [2, 5]
COMPRESSIONS = [None, 'gzip', 'bz2', 'lzma', 'xz', 'lz4']

RNG = np.random.RandomState(7)


def label(value):
    if isinstance(value, (bool, np.bool_)):
        return 'True' if value else 'False'
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return str(value)


def number(value):
    value = float(value)
    return None if np.isnan(value) else value


def columns_of(x, names=None):
    """Input columns: a DataFrame's own, or x0, x1… for an array."""
    if isinstance(x, pd.DataFrame):
        return [{'name': str(name), 'values': [v if isinstance(v, str) else number(v) for v in x[name]]}
                for name in x.columns]
    x = np.asarray(x)
    if x.ndim == 1:
        x = x.reshape(-1, 1)
    out = []
    for j in range(x.shape[1]):
        name = names[j] if names else 'x%d' % j
        out.append({'name': name, 'values': [v if isinstance(v, str) else number(v) for v in x[:, j]]})
    return out


def rows(matrix):
    return [[number(v) for v in row] for row in np.asarray(matrix, dtype=float)]


def save(case, model, x_predict, kind):
    """kind: 'classifier', 'regressor' or 'transformer'."""
    expected = {'estimator': type(model).__name__, 'columns': columns_of(x_predict)}
    if kind == 'classifier':
        expected['predict'] = [label(v) for v in model.predict(x_predict)]
        expected['classes'] = [label(v) for v in model.classes_]
        if hasattr(model, 'predict_proba') and getattr(model, 'probability', True) \
                and getattr(model, 'loss', 'log_loss') not in ('hinge', 'squared_hinge', 'perceptron'):
            expected['proba'] = rows(model.predict_proba(x_predict))
    elif kind == 'regressor':
        expected['predict'] = [number(v) for v in np.asarray(model.predict(x_predict), dtype=float).ravel()]
    else:
        out = model.transform(x_predict)
        if hasattr(out, 'toarray'):
            out = out.toarray()
        out = np.asarray(out, dtype=float)
        expected['predict'] = rows(out.reshape(len(out), -1))
    with open(os.path.join(OUT, case + '.json'), 'w') as f:
        json.dump(expected, f, separators=(',', ':'))
    files = []

    def pickled(name, protocol):
        with open(os.path.join(OUT, name), 'wb') as f:
            pickle.dump(model, f, protocol=protocol)
        files.append(name)

    def dumped(name, compress):
        joblib.dump(model, os.path.join(OUT, name), compress=(compress, 3) if compress else 0)
        files.append(name)

    pickled(case + '.pkl', 4)
    dumped(case + '.joblib', 'zlib')
    if case in VARIANTS:
        for protocol in PROTOCOLS:
            pickled('%s_p%d.pkl' % (case, protocol), protocol)
        for compress in COMPRESSIONS:
            dumped('%s_%s.joblib' % (case, compress or 'raw'), compress)
    INDEX[case] = files


def data():
    iris = datasets.load_iris()
    pick = RNG.permutation(150)[:90]
    x_iris, y_iris = iris.data[pick], iris.target_names[iris.target[pick]]
    x_iris_test = np.vstack([iris.data[RNG.permutation(150)[:16]], RNG.uniform(0, 8, size=(4, 4))])
    x_bin, y_bin = datasets.make_classification(n_samples=80, n_features=5, n_informative=3, random_state=3)
    x_bin_test = RNG.normal(size=(20, 5)) * 1.5
    x_reg, y_reg = datasets.make_regression(n_samples=80, n_features=5, noise=4.0, random_state=5)
    y_reg = y_reg / 10 + 3
    x_reg_test = RNG.normal(size=(20, 5)) * 1.5
    return (x_iris, y_iris, x_iris_test), (x_bin, y_bin, x_bin_test), (x_reg, y_reg, x_reg_test)


def main():
    (xi, yi, ti), (xb, yb, tb), (xr, yr, tr) = data()
    yb_text = np.array(['no', 'yes'])[yb]

    # Linear models
    save('linear_regression', LinearRegression().fit(xr, yr), tr, 'regressor')
    save('linear_regression_multi', LinearRegression().fit(xr, np.c_[yr, 2 * yr - 1]), tr, 'regressor')
    save('ridge', Ridge(alpha=0.7).fit(xr, yr), tr, 'regressor')
    save('lasso', Lasso(alpha=0.05).fit(xr, yr), tr, 'regressor')
    save('elastic_net', ElasticNet(alpha=0.05, l1_ratio=0.3).fit(xr, yr), tr, 'regressor')
    save('logistic_binary', LogisticRegression(C=0.5).fit(xb, yb), tb, 'classifier')
    save('logistic_binary_text', LogisticRegression().fit(xb, yb_text), tb, 'classifier')
    save('logistic_binary_multinomial', LogisticRegression(multi_class='multinomial').fit(xb, yb), tb, 'classifier')
    save('logistic_multinomial', LogisticRegression(max_iter=500).fit(xi, yi), ti, 'classifier')
    save('logistic_ovr', LogisticRegression(multi_class='ovr', max_iter=500).fit(xi, yi), ti, 'classifier')
    save('logistic_liblinear', LogisticRegression(solver='liblinear').fit(xi, yi), ti, 'classifier')
    save('sgd_classifier_hinge', SGDClassifier(random_state=0).fit(xi, yi), ti, 'classifier')
    save('sgd_classifier_log', SGDClassifier(loss='log_loss', random_state=0).fit(xi, yi), ti, 'classifier')
    save('sgd_classifier_log_binary', SGDClassifier(loss='log_loss', random_state=0).fit(xb, yb), tb, 'classifier')
    save('sgd_classifier_modified_huber', SGDClassifier(loss='modified_huber', random_state=0).fit(xi, yi), ti,
         'classifier')
    save('sgd_regressor', SGDRegressor(random_state=0).fit(xr, yr), tr, 'regressor')
    save('linear_svc', LinearSVC(max_iter=5000, random_state=0).fit(xi, yi), ti, 'classifier')
    save('linear_svc_binary', LinearSVC(max_iter=5000, random_state=0).fit(xb, yb_text), tb, 'classifier')

    # Support vector machines
    for kernel in ('linear', 'poly', 'rbf', 'sigmoid'):
        params = {'gamma': 0.1} if kernel == 'sigmoid' else {}
        save('svc_' + kernel, SVC(kernel=kernel, **params).fit(xi, yi), ti, 'classifier')
        save('svr_' + kernel, SVR(kernel=kernel, C=3.0, **params).fit(xr, yr), tr, 'regressor')
    save('svc_rbf_proba', SVC(probability=True, random_state=0).fit(xi, yi), ti, 'classifier')
    save('svc_poly_proba_binary', SVC(kernel='poly', degree=2, coef0=1.0, probability=True, random_state=0)
         .fit(xb, yb), tb, 'classifier')
    save('svc_sigmoid_proba', SVC(kernel='sigmoid', gamma=0.05, probability=True, random_state=0).fit(xi, yi), ti,
         'classifier')
    save('svc_ovo_shape', SVC(decision_function_shape='ovo', gamma=0.3).fit(xi, yi), ti, 'classifier')

    # Neighbours, naive Bayes
    save('knn_classifier', KNeighborsClassifier(n_neighbors=5).fit(xi, yi), ti, 'classifier')
    save('knn_classifier_distance', KNeighborsClassifier(n_neighbors=4, weights='distance', algorithm='ball_tree')
         .fit(xb, yb), tb, 'classifier')
    save('knn_classifier_manhattan', KNeighborsClassifier(n_neighbors=3, metric='manhattan', algorithm='brute')
         .fit(xi, yi), ti, 'classifier')
    save('knn_regressor', KNeighborsRegressor(n_neighbors=5).fit(xr, yr), tr, 'regressor')
    save('knn_regressor_distance', KNeighborsRegressor(n_neighbors=3, weights='distance', p=3).fit(xr, yr), tr,
         'regressor')
    save('gaussian_nb', GaussianNB().fit(xi, yi), ti, 'classifier')
    save('gaussian_nb_binary', GaussianNB(var_smoothing=1e-3).fit(xb, yb), tb, 'classifier')

    # Trees and ensembles
    save('decision_tree_classifier', DecisionTreeClassifier(max_depth=4, random_state=0).fit(xi, yi), ti,
         'classifier')
    save('decision_tree_regressor', DecisionTreeRegressor(max_depth=5, random_state=0).fit(xr, yr), tr, 'regressor')
    # Inputs exactly at split thresholds: scikit-learn compares float32(x) <= threshold, which differs from comparing
    # the double when float32 rounding crosses the threshold (ties to even).
    edges = DecisionTreeRegressor(max_depth=6, random_state=0).fit(xr, yr)
    split = edges.tree_.feature >= 0
    at_thresholds = np.tile(xr.mean(axis=0), (int(split.sum()), 1))
    at_thresholds[np.arange(int(split.sum())), edges.tree_.feature[split]] = edges.tree_.threshold[split]
    save('decision_tree_threshold_ties', edges, at_thresholds, 'regressor')
    save('random_forest_classifier', RandomForestClassifier(n_estimators=5, max_depth=4, random_state=0)
         .fit(xi, yi), ti, 'classifier')
    save('random_forest_regressor', RandomForestRegressor(n_estimators=5, max_depth=5, random_state=0)
         .fit(xr, yr), tr, 'regressor')
    save('extra_trees_classifier', ExtraTreesClassifier(n_estimators=5, max_depth=4, random_state=0)
         .fit(xb, yb), tb, 'classifier')
    save('extra_trees_regressor', ExtraTreesRegressor(n_estimators=5, max_depth=5, random_state=0)
         .fit(xr, yr), tr, 'regressor')
    save('gradient_boosting_classifier_binary', GradientBoostingClassifier(n_estimators=8, max_depth=2,
                                                                           random_state=0).fit(xb, yb_text),
         tb, 'classifier')
    save('gradient_boosting_classifier_multi', GradientBoostingClassifier(n_estimators=6, max_depth=2,
                                                                          random_state=0).fit(xi, yi), ti,
         'classifier')
    save('gradient_boosting_classifier_exponential', GradientBoostingClassifier(
        loss='exponential', n_estimators=6, max_depth=2, random_state=0).fit(xb, yb), tb, 'classifier')
    save('gradient_boosting_regressor', GradientBoostingRegressor(n_estimators=8, max_depth=3, random_state=0)
         .fit(xr, yr), tr, 'regressor')
    for loss in ('absolute_error', 'huber', 'quantile'):
        save('gradient_boosting_regressor_' + loss, GradientBoostingRegressor(
            loss=loss, alpha=0.7, n_estimators=6, max_depth=2, subsample=0.8, random_state=0).fit(xr, yr), tr,
             'regressor')
    save('gradient_boosting_regressor_zero_init', GradientBoostingRegressor(
        init='zero', n_estimators=5, max_depth=2, random_state=0).fit(xr, yr), tr, 'regressor')

    xr_missing = xr.copy()
    xr_missing[RNG.uniform(size=xr.shape) < 0.1] = np.nan
    tr_missing = tr.copy()
    tr_missing[RNG.uniform(size=tr.shape) < 0.15] = np.nan
    save('hist_gradient_boosting_regressor', HistGradientBoostingRegressor(max_iter=10, random_state=0)
         .fit(xr_missing, yr), tr_missing, 'regressor')
    save('hist_gradient_boosting_regressor_poisson', HistGradientBoostingRegressor(
        loss='poisson', max_iter=8, random_state=0).fit(xr, np.abs(yr)), tr, 'regressor')
    save('hist_gradient_boosting_classifier_binary', HistGradientBoostingClassifier(max_iter=10, random_state=0)
         .fit(xb, yb_text), tb, 'classifier')
    save('hist_gradient_boosting_classifier_multi', HistGradientBoostingClassifier(max_iter=6, random_state=0)
         .fit(xi, yi), ti, 'classifier')
    xc = np.c_[xb[:, :3], RNG.randint(0, 6, size=len(xb)).astype(float)]
    xc[RNG.uniform(size=len(xc)) < 0.1, 3] = np.nan
    yc = (yb + (xc[:, 3] == 2)) % 2
    tc = np.c_[tb[:, :3], np.array([0, 1, 2, 3, 4, 5, 7, np.nan, 2, 2, 0, 1, 3, 5, 4, 4, np.nan, 1, 9, 2])]
    save('hist_gradient_boosting_categorical', HistGradientBoostingClassifier(
        max_iter=8, categorical_features=[3], random_state=0).fit(xc, yc), tc, 'classifier')

    # Neural networks
    save('mlp_classifier', MLPClassifier(hidden_layer_sizes=(8, 6), max_iter=300, random_state=0).fit(xi, yi), ti,
         'classifier')
    save('mlp_classifier_binary', MLPClassifier(hidden_layer_sizes=(7,), activation='logistic', max_iter=300,
                                                random_state=0).fit(xb, yb), tb, 'classifier')
    save('mlp_regressor', MLPRegressor(hidden_layer_sizes=(10,), activation='tanh', max_iter=400, random_state=0)
         .fit(xr, yr), tr, 'regressor')

    # Preprocessing
    save('standard_scaler', StandardScaler().fit(xr), tr, 'transformer')
    save('standard_scaler_no_mean', StandardScaler(with_mean=False).fit(xr), tr, 'transformer')
    save('min_max_scaler', MinMaxScaler(feature_range=(-1, 2)).fit(xr), tr, 'transformer')
    save('robust_scaler', RobustScaler(quantile_range=(20, 80)).fit(xr), tr, 'transformer')
    save('pca', PCA(n_components=3).fit(xr), tr, 'transformer')
    save('simple_imputer', SimpleImputer(strategy='median').fit(xr_missing), tr_missing, 'transformer')
    save('function_transformer', FunctionTransformer().fit(xr), tr, 'transformer')
    colours = np.array([['red', 's'], ['green', 'm'], ['blue', 'l'], ['green', 's'], ['red', 'l']], dtype=object)
    colours_test = np.array([['blue', 'm'], ['red', 's'], ['green', 'l'], ['blue', 's']], dtype=object)
    save('one_hot_encoder', OneHotEncoder().fit(colours), colours_test, 'transformer')
    save('one_hot_encoder_numbers', OneHotEncoder(handle_unknown='ignore').fit(np.array([[1, 10], [2, 20], [3, 10]])),
         np.array([[3, 20], [4, 10], [1, 30]]), 'transformer')
    save('ordinal_encoder', OrdinalEncoder(handle_unknown='use_encoded_value', unknown_value=-1).fit(colours),
         np.array([['blue', 'm'], ['pink', 's']], dtype=object), 'transformer')
    save('label_encoder', LabelEncoder().fit(['cat', 'dog', 'bird', 'dog']), np.array(['dog', 'bird', 'cat']),
         'transformer')

    # Composites
    save('pipeline_scaler_logistic', Pipeline([('scale', StandardScaler()), ('clf', LogisticRegression())])
         .fit(xi, yi), ti, 'classifier')
    save('pipeline_pca_svr', Pipeline([('scale', MinMaxScaler()), ('pca', PCA(n_components=3)),
                                       ('identity', 'passthrough'), ('svr', SVR())]).fit(xr, yr), tr, 'regressor')
    frame = pd.DataFrame({'size': xb[:, 0], 'weight': xb[:, 1], 'height': xb[:, 2],
                          'colour': np.array(['red', 'green', 'blue', 'red'])[RNG.randint(0, 4, len(xb))],
                          'shape': np.array(['round', 'square'])[RNG.randint(0, 2, len(xb))]})
    frame.loc[RNG.uniform(size=len(frame)) < 0.1, 'weight'] = np.nan
    test_frame = pd.DataFrame({'size': tb[:, 0], 'weight': tb[:, 1], 'height': tb[:, 2],
                               'colour': np.array(['red', 'green', 'blue', 'pink'])[RNG.randint(0, 4, len(tb))],
                               'shape': np.array(['round', 'square'])[RNG.randint(0, 2, len(tb))]})
    test_frame.loc[[1, 5], 'weight'] = np.nan
    numeric = Pipeline([('impute', SimpleImputer()), ('scale', StandardScaler())])
    columns = ColumnTransformer([('numbers', numeric, ['size', 'weight']),
                                 ('text', OneHotEncoder(handle_unknown='ignore'), ['colour', 'shape'])],
                                remainder='passthrough')
    save('pipeline_column_transformer', Pipeline([('columns', columns), ('forest', RandomForestClassifier(
        n_estimators=4, max_depth=3, random_state=0))]).fit(frame, yb_text), test_frame, 'classifier')
    by_position = ColumnTransformer([('scale', RobustScaler(), [0, 2]), ('drop', 'drop', [1]),
                                     ('keep', 'passthrough', [3])])
    save('pipeline_column_positions', Pipeline([('columns', by_position), ('ridge', Ridge())]).fit(xr, yr), tr,
         'regressor')

    older_and_newer_layouts(xi, yi, ti, xb, yb, tb)
    missing_value_routing(xr, yr, tr)
    unknown_estimators(xi, yi)
    text_through_preprocessing(xb, yb_text, tb)
    moved_module_paths(xi, yi, ti, xr, yr, tr)
    boosting_0_20(xi, yi, ti, xb, yb, tb, xr, yr, tr)
    with open(os.path.join(OUT, 'index.json'), 'w') as f:
        json.dump(INDEX, f, indent=0, sort_keys=True)


class Reduced:
    """Pickles as cls(*args) with a BUILD state: stands in for a Cython object with another version's state."""

    def __init__(self, cls, args, state):
        self.cls, self.args, self.state = cls, args, state

    def __reduce__(self):
        return self.cls, self.args, self.state


def newer_tree(estimator, version, missing_go_to_left=None):
    """tree_ as scikit-learn 1.3+ pickles it: nodes with missing_go_to_left (64-byte records, 7 padding bytes;
    all 0 unless given), and from 1.4.1 class fractions instead of weighted counts in values. Predictions without
    NaN are unchanged."""
    from sklearn.tree._tree import Tree
    reduced = estimator.tree_.__reduce__()
    state = dict(reduced[2])
    old = state['nodes']
    names = list(old.dtype.names) + ['missing_go_to_left']
    formats = [old.dtype.fields[n][0] for n in old.dtype.names] + [np.uint8]
    offsets = [old.dtype.fields[n][1] for n in old.dtype.names] + [56]
    nodes = np.zeros(len(old), dtype=np.dtype({'names': names, 'formats': formats, 'offsets': offsets,
                                               'itemsize': 64}))
    for n in old.dtype.names:
        nodes[n] = old[n]
    if missing_go_to_left is not None:
        nodes['missing_go_to_left'] = missing_go_to_left
    state['nodes'] = nodes
    if version >= (1, 4, 1) and state['values'].shape[2] > 1:
        values = state['values']
        state['values'] = values / values.sum(axis=2, keepdims=True)
    estimator.tree_ = Reduced(Tree, reduced[1], state)
    estimator._sklearn_version = '.'.join(str(v) for v in version)


def older_and_newer_layouts(xi, yi, ti, xb, yb, tb):
    """Estimators as other scikit-learn versions pickle them, made by editing a 1.2.1 estimator's state in the way
    that version's state differs (attribute renames, record layouts). Each keeps the predictions of the original,
    which are the expected outputs."""
    nb = GaussianNB().fit(xi, yi)
    expected_nb = copy.deepcopy(nb)
    nb.sigma_ = nb.var_                     # before 1.0 the smoothed variances were sigma_
    del nb.var_
    nb._sklearn_version = '0.24.2'
    save_as('gaussian_nb_0_24', nb, expected_nb, ti, 'classifier')

    svc = SVC(kernel='poly', degree=2, probability=True, random_state=0).fit(xi, yi)
    expected_svc = copy.deepcopy(svc)
    svc.__dict__['probA_'] = svc.__dict__.pop('_probA')   # before 1.0 the Platt parameters were probA_/probB_
    svc.__dict__['probB_'] = svc.__dict__.pop('_probB')
    svc.__dict__['n_support_'] = svc.__dict__.pop('_n_support')
    svc._sklearn_version = '0.24.2'
    save_as('svc_0_24', svc, expected_svc, ti, 'classifier')

    for version in ((1, 3, 0), (1, 4, 1)):
        forest = RandomForestClassifier(n_estimators=3, max_depth=3, random_state=1).fit(xi, yi)
        expected_forest = copy.deepcopy(forest)
        for tree in forest.estimators_:
            newer_tree(tree, version)
        forest._sklearn_version = '.'.join(str(v) for v in version)
        save_as('random_forest_%d_%d_%d' % version, forest, expected_forest, ti, 'classifier')

    logistic = LogisticRegression(max_iter=500).fit(xi, yi)
    expected_logistic = copy.deepcopy(logistic)
    logistic.multi_class = 'deprecated'     # 1.5's default, read as 'auto'
    logistic._sklearn_version = '1.5.0'
    save_as('logistic_1_5', logistic, expected_logistic, ti, 'classifier')

    from sklearn._loss.loss import HalfMultinomialLoss
    boosting = GradientBoostingClassifier(n_estimators=4, max_depth=2, random_state=0).fit(xi, yi)
    expected_boosting = copy.deepcopy(boosting)
    boosting._loss = HalfMultinomialLoss(n_classes=3)   # 1.4 moved to sklearn._loss (symmetric multinomial link)
    boosting._sklearn_version = '1.4.0'
    save_as('gradient_boosting_1_4', boosting, expected_boosting, ti, 'classifier')


def missing_value_routing(xr, yr, tr):
    """A 1.3-layout regression tree whose nodes send NaN left at even node ids and right at odd ones, on inputs
    with NaN in some rows. scikit-learn 1.2.1 cannot predict NaN, so the expected outputs come from walking tree_ the
    way 1.3 does (float32 inputs, NaN follows missing_go_to_left); rows without NaN are checked against predict."""
    case = 'decision_tree_regressor_1_3_missing'
    tree = DecisionTreeRegressor(max_depth=4, random_state=0).fit(xr, yr)
    t = tree.tree_
    go_left = (np.arange(t.node_count) % 2 == 0).astype(np.uint8)
    x = np.array(tr, dtype=float)
    for i in range(0, len(x), 2):
        x[i, (i // 2) % x.shape[1]] = np.nan
    x[1, :] = np.nan

    def walk(row):
        node = 0
        while t.children_left[node] != -1:
            v = np.float32(row[t.feature[node]])
            left = go_left[node] == 1 if np.isnan(v) else v <= t.threshold[node]
            node = t.children_left[node] if left else t.children_right[node]
        return float(t.value[node, 0, 0])

    expected = [walk(row) for row in x]
    clean = ~np.isnan(x).any(axis=1)
    assert np.array_equal(np.array(expected)[clean], tree.predict(x[clean]))
    with open(os.path.join(OUT, case + '.json'), 'w') as f:
        json.dump({'estimator': 'DecisionTreeRegressor', 'columns': columns_of(x), 'predict': expected}, f,
                  separators=(',', ':'))
    newer_tree(tree, (1, 3, 0), go_left)
    with open(os.path.join(OUT, case + '.pkl'), 'wb') as f:
        pickle.dump(tree, f, protocol=4)
    joblib.dump(tree, os.path.join(OUT, case + '.joblib'), compress=('zlib', 3))
    INDEX[case] = [case + '.pkl', case + '.joblib']


def save_as(case, model, expected_model, x_predict, kind):
    """Writes model's files with expected_model's outputs (the same predictions, another state layout)."""
    save(case, expected_model, x_predict, kind)
    for name in INDEX[case]:
        full = os.path.join(OUT, name)
        if name.endswith('.pkl'):
            with open(full, 'wb') as f:
                pickle.dump(model, f, protocol=4)
        else:
            joblib.dump(model, full, compress=('zlib', 3))


def unknown_estimators(xi, yi):
    """Well-formed estimators Brine does not convert (unsupported), and one that also carries a payload (unsafe)."""
    from sklearn.cluster import KMeans
    from sklearn.svm import NuSVC
    with open(os.path.join(OUT, 'unknown_nusvc.pkl'), 'wb') as f:
        pickle.dump(NuSVC().fit(xi, yi), f, protocol=4)
    joblib.dump(KMeans(n_clusters=2, n_init=1, random_state=0).fit(xi), os.path.join(OUT, 'unknown_kmeans.joblib'),
                compress=('zlib', 3))
    pipeline = Pipeline([('scale', StandardScaler()), ('svc', NuSVC())]).fit(xi, yi)
    with open(os.path.join(OUT, 'unknown_in_pipeline.pkl'), 'wb') as f:
        pickle.dump(pipeline, f, protocol=4)
    svc = NuSVC().fit(xi, yi)
    svc.comment = Payload()
    with open(os.path.join(OUT, 'unknown_with_payload.pkl'), 'wb') as f:
        pickle.dump(svc, f, protocol=4)


def text_through_preprocessing(xb, yb_text, tb):
    """Text columns through the preprocessing chain: imputers in front of one-hot encoders, infrequent categories,
    missing values as a category, dropped categories, and a column transformer selecting by name, mask and slice
    with a passthrough remainder; test rows hold unknown and missing values."""
    colours = np.array(['red', 'green', 'blue', 'red', 'red', 'green', 'grey', 'teal', 'red', 'blue'] * 8,
                       dtype=object)[RNG.permutation(80)]
    shapes = np.array(['round', 'square', 'round', 'oval'] * 20, dtype=object)[RNG.permutation(80)]
    train = np.c_[colours, shapes]
    holey = train.copy()
    holey[RNG.uniform(size=holey.shape) < 0.15] = np.nan
    test = np.array([['red', 'round'], ['teal', 'oval'], ['pink', 'square'], [np.nan, 'round'], ['grey', np.nan],
                     ['blue', 'cube'], [np.nan, np.nan], ['green', 'square']], dtype=object)
    known_test = np.array([row for row in test if all(isinstance(v, str) and v not in ('pink', 'cube') for v in row)],
                          dtype=object)

    def encoder(**params):
        return OneHotEncoder(sparse_output=False, **params)

    save('text_imputer_most_frequent_one_hot', Pipeline([
        ('impute', SimpleImputer(strategy='most_frequent')), ('encode', encoder(handle_unknown='ignore'))])
         .fit(holey), test, 'transformer')
    save('text_imputer_constant_one_hot', Pipeline([
        ('impute', SimpleImputer(strategy='constant', fill_value='missing')), ('encode', encoder(
            handle_unknown='ignore'))]).fit(holey), test, 'transformer')
    save('text_imputer_constant_unseen_fill', Pipeline([
        ('impute', SimpleImputer(strategy='constant', fill_value='none seen')), ('encode', encoder(
            handle_unknown='ignore'))]).fit(train), test, 'transformer')
    save('one_hot_min_frequency', encoder(min_frequency=9, handle_unknown='infrequent_if_exist').fit(train), test,
         'transformer')
    save('one_hot_max_categories', encoder(max_categories=3, handle_unknown='ignore').fit(train), test,
         'transformer')
    save('one_hot_infrequent_strict', encoder(min_frequency=0.1).fit(train), known_test, 'transformer')
    save('one_hot_missing_category', encoder(handle_unknown='ignore').fit(holey), test, 'transformer')
    save('one_hot_drop_first', encoder(drop='first').fit(train), known_test, 'transformer')
    save('one_hot_drop_if_binary', encoder(drop='if_binary').fit(np.c_[train[:, :1], np.where(
        train[:, 1] == 'round', 'yes', 'no')]), np.c_[known_test[:, :1], np.where(known_test[:, 1] == 'round', 'yes',
                                                                                  'no')], 'transformer')

    frame = pd.DataFrame({'size': xb[:, 0], 'colour': colours, 'weight': xb[:, 1], 'shape': shapes,
                          'height': xb[:, 2]})
    frame.loc[RNG.uniform(size=len(frame)) < 0.15, 'colour'] = np.nan
    test_frame = pd.DataFrame({'size': tb[:8, 0], 'colour': test[:, 0], 'weight': tb[:8, 1], 'shape': test[:, 1],
                               'height': tb[:8, 2]})
    text = Pipeline([('impute', SimpleImputer(strategy='most_frequent')),
                     ('encode', encoder(handle_unknown='infrequent_if_exist', min_frequency=9))])
    by_name = ColumnTransformer([('text', text, ['colour', 'shape']), ('scale', StandardScaler(), ['size'])],
                                remainder='passthrough')
    save('column_transformer_text_remainder', Pipeline([('columns', by_name), ('forest', RandomForestClassifier(
        n_estimators=4, max_depth=3, random_state=0))]).fit(frame, yb_text[:80]), test_frame, 'classifier')
    by_mask = ColumnTransformer([('text', text, [False, True, False, True, False]),
                                 ('numbers', 'passthrough', slice(2, 5, 2))], remainder='drop')
    save('column_transformer_mask_slice', Pipeline([('columns', by_mask), ('logistic', LogisticRegression())])
         .fit(frame, yb_text[:80]), test_frame, 'classifier')

    with open(os.path.join(OUT, 'function_transformer_log.pkl'), 'wb') as f:
        pickle.dump(Pipeline([('log', FunctionTransformer(np.log1p)), ('ridge', Ridge())]).fit(np.abs(xb), yb_text
                    == 'yes'), f, protocol=4)


# Module paths of scikit-learn 0.20 (and 0.21 for sklearn.impute) for the classes that later moved: what a pickle of
# that version names. Protocol 2 writes each class as GLOBAL "module\nname\n", so renaming is a byte replacement.
OLD_PATHS = [('sklearn.tree._classes', 'sklearn.tree.tree'), ('sklearn.ensemble._forest', 'sklearn.ensemble.forest'),
             ('sklearn.ensemble._gb', 'sklearn.ensemble.gradient_boosting'),
             ('sklearn.svm._classes', 'sklearn.svm.classes'), ('sklearn.linear_model._base', 'sklearn.linear_model.base'),
             ('sklearn.linear_model._ridge', 'sklearn.linear_model.ridge'),
             ('sklearn.linear_model._coordinate_descent', 'sklearn.linear_model.coordinate_descent'),
             ('sklearn.linear_model._logistic', 'sklearn.linear_model.logistic'),
             ('sklearn.linear_model._stochastic_gradient', 'sklearn.linear_model.stochastic_gradient'),
             ('sklearn.linear_model._sgd_fast', 'sklearn.linear_model.sgd_fast'),
             ('sklearn.neighbors._classification', 'sklearn.neighbors.classification'),
             ('sklearn.neighbors._regression', 'sklearn.neighbors.regression'),
             ('sklearn.neighbors._kd_tree', 'sklearn.neighbors.kd_tree'),
             ('sklearn.neighbors._ball_tree', 'sklearn.neighbors.ball_tree'),
             ('sklearn.metrics._dist_metrics', 'sklearn.neighbors.dist_metrics'),
             ('sklearn.neural_network._multilayer_perceptron', 'sklearn.neural_network.multilayer_perceptron'),
             ('sklearn.preprocessing._data', 'sklearn.preprocessing.data'),
             ('sklearn.preprocessing._label', 'sklearn.preprocessing.label'),
             ('sklearn.decomposition._pca', 'sklearn.decomposition.pca'),
             ('sklearn.impute._base', 'sklearn.impute')]


def as_version_0_20(model):
    """The state 0.20 pickled: no n_features_in_ (0.24) or feature_names_in_ (1.0); trees and forests counted their
    inputs in n_features_; gradient boosting's loss object was loss_; nested estimators alike."""
    model = copy.deepcopy(model)
    seen = set()

    def edit(obj):
        if id(obj) in seen or not hasattr(obj, '__dict__') or not type(obj).__module__.startswith('sklearn'):
            return
        seen.add(id(obj))
        state = obj.__dict__
        width = state.pop('n_features_in_', None)
        state.pop('feature_names_in_', None)
        if width is not None and type(obj).__name__.endswith(('Classifier', 'Regressor')) \
                and hasattr(obj, 'estimators_') or hasattr(obj, 'tree_'):
            state['n_features_'] = width
        if '_loss' in state and type(obj).__module__ == 'sklearn.ensemble._gb':
            state['loss_'] = state.pop('_loss')
        state['_sklearn_version'] = '0.20.3'
        for value in list(state.values()):
            for item in (value if isinstance(value, (list, tuple)) else
                         value.ravel() if isinstance(value, np.ndarray) and value.dtype == object else [value]):
                for part in (item if isinstance(item, tuple) else [item]):
                    edit(part)

    edit(model)
    return model


def save_old_paths(case, model, x_predict, kind, old_model=None):
    """model's outputs, with its files pickled (protocol 2, and joblib) as 0.20 named and laid out its classes."""
    save(case, model, x_predict, kind)
    data = pickle.dumps(as_version_0_20(model) if old_model is None else old_model, protocol=2)
    for new, old in OLD_PATHS:
        data = data.replace(b'c' + new.encode() + b'\n', b'c' + old.encode() + b'\n')
    with open(os.path.join(OUT, case + '.pkl'), 'wb') as f:
        f.write(data)
    os.remove(os.path.join(OUT, case + '.joblib'))
    INDEX[case] = [case + '.pkl']


class Imputer:
    """sklearn.preprocessing.imputation.Imputer as 0.20 pickled it (the class was removed in 0.22)."""

    def __init__(self, statistics, strategy):
        self.missing_values, self.strategy, self.axis, self.verbose, self.copy = 'NaN', strategy, 0, 0, True
        self.statistics_ = statistics
        self._sklearn_version = '0.20.3'


def moved_module_paths(xi, yi, ti, xr, yr, tr):
    """Estimators of every moved module as scikit-learn 0.20 pickled them (their module paths and state layouts),
    made from 1.2.1 estimators whose outputs are the expected ones."""
    import sys
    import types
    save_old_paths('moved_decision_tree_0_20', DecisionTreeRegressor(max_depth=4, random_state=0).fit(xr, yr), tr,
                   'regressor')
    save_old_paths('moved_random_forest_0_20', RandomForestClassifier(n_estimators=3, max_depth=3, random_state=0)
                   .fit(xi, yi), ti, 'classifier')
    save_old_paths('moved_gradient_boosting_0_21', GradientBoostingRegressor(n_estimators=5, max_depth=2,
                                                                             random_state=0).fit(xr, yr), tr,
                   'regressor')
    save_old_paths('moved_linear_regression_0_20', LinearRegression().fit(xr, yr), tr, 'regressor')
    save_old_paths('moved_ridge_lasso_0_20', Pipeline([('ridge_in', StandardScaler()), ('lasso', Lasso(alpha=0.05))])
                   .fit(xr, yr), tr, 'regressor')
    logistic = LogisticRegression(solver='liblinear', multi_class='ovr').fit(xi, yi)
    old_logistic = as_version_0_20(logistic)
    old_logistic.multi_class, old_logistic.solver = 'warn', 'warn'   # 0.20's defaults: one versus rest, liblinear
    save_old_paths('moved_logistic_0_20', logistic, ti, 'classifier', old_logistic)
    save_old_paths('moved_sgd_classifier_0_20', SGDClassifier(loss='log_loss', random_state=0).fit(xi, yi), ti,
                   'classifier')
    save_old_paths('moved_svr_pipeline_0_20', Pipeline([('scale', MinMaxScaler()), ('pca', PCA(n_components=3)),
                                                        ('svr', SVR())]).fit(xr, yr), tr, 'regressor')
    save_old_paths('moved_knn_classifier_0_20', KNeighborsClassifier(n_neighbors=4, algorithm='kd_tree')
                   .fit(xi, yi), ti, 'classifier')
    save_old_paths('moved_knn_regressor_0_20', KNeighborsRegressor(n_neighbors=3, algorithm='ball_tree')
                   .fit(xr, yr), tr, 'regressor')
    save_old_paths('moved_mlp_classifier_0_20', MLPClassifier(hidden_layer_sizes=(6,), max_iter=300, random_state=0)
                   .fit(xi, yi), ti, 'classifier')
    nb = GaussianNB().fit(xi, yi)
    old_nb = as_version_0_20(nb)
    old_nb.sigma_ = old_nb.__dict__.pop('var_')
    save_old_paths('moved_gaussian_nb_0_20', nb, ti, 'classifier', old_nb)
    save_old_paths('moved_label_encoder_0_20', LabelEncoder().fit(['cat', 'dog', 'bird', 'dog']),
                   np.array(['dog', 'bird', 'cat']), 'transformer')
    save_old_paths('moved_simple_imputer_0_21', SimpleImputer(strategy='median').fit(xr), tr, 'transformer')

    holey = xr.copy()
    holey[::7, 1] = np.nan
    holey_test = tr.copy()
    holey_test[::3, 2] = np.nan
    imputed = SimpleImputer(strategy='mean').fit(holey)
    module = types.ModuleType('sklearn.preprocessing.imputation')
    module.Imputer = Imputer
    Imputer.__module__ = module.__name__
    sys.modules[module.__name__] = module
    try:
        save_old_paths('imputer_0_20', imputed, holey_test, 'transformer', Imputer(imputed.statistics_, 'mean'))
    finally:
        del sys.modules[module.__name__]


class OldInit:
    """An initial estimator of sklearn.ensemble.gradient_boosting up to 0.20 (attributes as its fit set them)."""

    def __init__(self, **state):
        self.__dict__.update(state)


def boosting_0_20(xi, yi, ti, xb, yb, tb, xr, yr, tr):
    """Gradient boosting as 0.18-0.20 pickled it: losses in loss_ from sklearn.ensemble.gradient_boosting, and init_
    one of that module's estimators, whose predict gave the initial raw scores directly: the mean, log(pos/neg),
    and for several classes the class priors themselves (0.21 changed that to their logs). Expected outputs are
    1.2.1's raw scores with 1.2.1's initial scores replaced by 0.20's, through the same links."""
    import sys
    import types
    from scipy.special import expit, softmax
    module = types.ModuleType('sklearn.ensemble.gradient_boosting')
    classes = {}
    for name in ('MeanEstimator', 'LogOddsEstimator', 'PriorProbabilityEstimator'):
        classes[name] = type(name, (OldInit,), {'__module__': module.__name__})
        setattr(module, name, classes[name])
    sys.modules[module.__name__] = module
    try:
        cases = [('boosting_multinomial_0_20', GradientBoostingClassifier(n_estimators=5, max_depth=2, random_state=0)
                  .fit(xi, yi), ti),
                 ('boosting_binomial_0_20', GradientBoostingClassifier(n_estimators=5, max_depth=2, random_state=0)
                  .fit(xb, yb), tb),
                 ('boosting_regressor_0_20', GradientBoostingRegressor(n_estimators=5, max_depth=2, random_state=0)
                  .fit(xr, yr), tr)]
        for case, model, x in cases:
            old = as_version_0_20(model)
            if isinstance(model, GradientBoostingRegressor):
                old.init_ = classes['MeanEstimator'](mean=float(np.mean(yr)))
                init = np.array([np.mean(yr)])
            elif len(model.classes_) == 2:
                pos = float(np.sum(yb))
                old.init_ = classes['LogOddsEstimator'](prior=float(np.log(pos / (len(yb) - pos))))
                init = np.array([old.init_.prior])
            else:
                priors = np.bincount(np.searchsorted(model.classes_, yi)) / len(yi)
                old.init_ = classes['PriorProbabilityEstimator'](priors=priors)
                init = priors
            x32 = np.ascontiguousarray(x, dtype=np.float32)   # what predict hands the trees
            raw = model._raw_predict(x32) - model._raw_predict_init(x32) + init
            same_init = model.predict(x) if isinstance(model, GradientBoostingRegressor) else None
            assert same_init is None or np.allclose(raw.ravel(), same_init, rtol=1e-12)
            expected = {'estimator': type(model).__name__, 'columns': columns_of(x)}
            if isinstance(model, GradientBoostingRegressor):
                expected['predict'] = [number(v) for v in raw.ravel()]
            else:
                proba = softmax(raw, axis=1) if raw.shape[1] > 1 else np.c_[1 - expit(raw[:, 0]), expit(raw[:, 0])]
                expected['classes'] = [label(v) for v in model.classes_]
                expected['predict'] = [label(model.classes_[k]) for k in proba.argmax(axis=1)]
                expected['proba'] = rows(proba)
            with open(os.path.join(OUT, case + '.json'), 'w') as f:
                json.dump(expected, f, separators=(',', ':'))
            data = pickle.dumps(old, protocol=2)
            for new, moved in OLD_PATHS + [('sklearn.ensemble._gb_losses', 'sklearn.ensemble.gradient_boosting')]:
                data = data.replace(b'c' + new.encode() + b'\n', b'c' + moved.encode() + b'\n')
            with open(os.path.join(OUT, case + '.pkl'), 'wb') as f:
                f.write(data)
            INDEX[case] = [case + '.pkl']
    finally:
        del sys.modules[module.__name__]


class Payload:
    def __reduce__(self):
        return os.system, ('touch /tmp/brine-payload-marker',)


if __name__ == '__main__':
    main()
