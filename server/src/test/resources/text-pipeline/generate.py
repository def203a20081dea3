#!/usr/bin/python3
"""Writes the text-feature pipeline the server tests serve: scikit-learn's ColumnTransformer (OneHotEncoder on two
text columns, SimpleImputer on two number columns) then a RandomForestClassifier, fitted on a pandas DataFrame and
dumped with joblib, plus rows to post and scikit-learn's answers for them. Run once with Debian's interpreter
(python3-sklearn, python3-pandas), from this folder:

    /usr/bin/python3 generate.py

Writes pipeline.joblib and expected.json: "rows" (records; null is a missing value), "labels" (predict),
"proba" (predict_proba rows) and "classes". The encoder uses handle_unknown="error": a load check that probed it
with zeros instead of a known category would fail. Tests never run this script.
"""
import json
import os

import joblib
import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.RandomState(13)
COLOURS = np.array(['blue', 'green', 'red'])
SIZES = np.array(['L', 'M', 'S', 'XL'])


def frame(n, missing):
    colour = COLOURS[rng.randint(0, 3, n)]
    size = SIZES[rng.randint(0, 4, n)]
    weight = rng.normal(10, 3, n).round(2)
    height = rng.uniform(0, 2, n).round(3)
    data = pd.DataFrame({'colour': colour, 'size': size, 'weight': weight, 'height': height})
    data.loc[rng.uniform(size=n) < missing, 'weight'] = np.nan
    return data


train = frame(300, 0.1)
score = (train['colour'] == 'red') * 2 + train['size'].map({'S': 0, 'M': 1, 'L': 2, 'XL': 3}) \
    + train['weight'].fillna(10) / 5 + rng.normal(0, 0.7, len(train))
target = np.where(score < 3.5, 'cheap', np.where(score < 5.5, 'fair', 'dear'))

columns = ColumnTransformer([('text', OneHotEncoder(handle_unknown='error'), ['colour', 'size']),
                             ('numbers', SimpleImputer(strategy='mean'), ['weight', 'height'])])
pipeline = Pipeline([('columns', columns),
                     ('forest', RandomForestClassifier(n_estimators=25, max_depth=5, random_state=0))])
pipeline.fit(train, target)
joblib.dump(pipeline, os.path.join(HERE, 'pipeline.joblib'))

test = frame(40, 0.15)
rows = [{key: (None if isinstance(value, float) and np.isnan(value) else value) for key, value in record.items()}
        for record in test.to_dict(orient='records')]
expected = {'sklearn': sklearn.__version__, 'rows': rows, 'labels': list(pipeline.predict(test)),
            'proba': pipeline.predict_proba(test).tolist(), 'classes': list(pipeline.classes_)}
with open(os.path.join(HERE, 'expected.json'), 'w') as out:
    json.dump(expected, out, indent=0)
