#!/usr/bin/python3
"""Precomputes the tabular "real ML" problems of the benchmark suite (issue 28).

    /usr/bin/python3 bench/suite_tabular.py [OUT.json]

Each problem is a scikit-learn model on one of scikit-learn's bundled datasets, its cross-validated
error computed once here over a full grid of its hyperparameters; the suite's problem looks an index
per axis up in that table (SuiteTabular.java, suite_problems.py), so a sampler's trial costs a lookup
and every run of the benchmark sees the same numbers. Fixed folds (shuffled with random_state=0) and
fixed model seeds (random_state=0) make the table reproducible; it is committed, and this script is
only rerun to change it. The error is 1 - mean accuracy (classifiers) or 1 - mean R^2 (regression)
over the folds. Default output: sweep-benchmarks/src/main/resources/dev/sweep/benchmarks/suite/tabular.json
"""

import itertools
import json
import os
import sys
import time
import warnings

import numpy as np
from sklearn import datasets
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import ElasticNet
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

warnings.filterwarnings("ignore")

DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sweep-benchmarks", "src", "main",
                           "resources", "dev", "sweep", "benchmarks", "suite", "tabular.json")


def svc(C, gamma):
    return make_pipeline(StandardScaler(), SVC(C=C, gamma=gamma))


def gbm(max_depth, n_estimators, learning_rate):
    return GradientBoostingClassifier(max_depth=max_depth, n_estimators=n_estimators, learning_rate=learning_rate,
                                      random_state=0)


def rf(max_depth, n_estimators, max_features):
    return RandomForestClassifier(max_depth=max_depth, n_estimators=n_estimators, max_features=max_features,
                                  random_state=0, n_jobs=1)


def enet(alpha, l1_ratio):
    return make_pipeline(StandardScaler(), ElasticNet(alpha=alpha, l1_ratio=l1_ratio, max_iter=5000))


# name, dataset loader, classifier?, model factory, folds, axes (name, values) in the factory's argument order
PROBLEMS = [
    ("tabular-svc-digits", datasets.load_digits, True, svc, 3,
     [("C", [10.0 ** e for e in range(-2, 6)]), ("gamma", [10.0 ** e for e in range(-6, 2)])]),
    ("tabular-gbm-breast-cancer", datasets.load_breast_cancer, True, gbm, 3,
     [("max_depth", [1, 2, 3, 5]), ("n_estimators", [25, 50, 100, 200]),
      ("learning_rate", [0.01, 0.03, 0.1, 0.3, 1.0])]),
    ("tabular-rf-wine", datasets.load_wine, True, rf, 3,
     [("max_depth", [1, 2, 3, 4, 6, 8]), ("n_estimators", [5, 10, 25, 50]),
      ("max_features", [0.1, 0.3, 0.6, 1.0])]),
    ("tabular-enet-diabetes", datasets.load_diabetes, False, enet, 5,
     [("alpha", [10.0 ** (e / 2) for e in range(-8, 3)]), ("l1_ratio", [0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0])]),
]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    problems = []
    for name, load, classifier, factory, folds, axes in PROBLEMS:
        t0 = time.time()
        X, y = load(return_X_y=True)
        cv = (StratifiedKFold if classifier else KFold)(n_splits=folds, shuffle=True, random_state=0)
        scoring = "accuracy" if classifier else "r2"
        errors = []  # row-major: the last axis varies fastest
        for values in itertools.product(*[v for _, v in axes]):
            score = cross_val_score(factory(*values), X, y, cv=cv, scoring=scoring).mean()
            errors.append(round(float(1.0 - score), 12))
        problems.append({"name": name, "model": factory.__name__, "dataset": load.__name__[5:], "folds": folds,
                         "axes": [{"name": n, "values": v} for n, v in axes], "errors": errors,
                         "best": min(errors)})
        print("%s: %d cells, best error %.4f, %.0f s" % (name, len(errors), min(errors), time.time() - t0),
              file=sys.stderr)
    with open(out, "w") as f:
        json.dump({"generator": "bench/suite_tabular.py", "problems": problems}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
