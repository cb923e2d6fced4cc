#!/usr/bin/env python3
"""Trains a one-hidden-layer MLP on scikit-learn's bundled digits, one epoch at a time.

The example trainer of the `sweep` command (see digits.yaml next to this file): a real
scikit-learn training loop (MLPClassifier.partial_fit, plain SGD with momentum and an L2
penalty) on the 8x8 UCI digits that ship with scikit-learn, so nothing is downloaded.

Hyper-parameters come from, in increasing priority: the defaults below, the JSON file named by
$SWEEP_CONFIG (keys lr, alpha, hidden, batch, epochs, seed, at the top level or anywhere in a
nested config, e.g. {"optim": {"lr": 0.1}}), and the command line (--lr 0.1 ...).

Under `sweep`, each epoch appends one JSON line to $SWEEP_METRICS,
    {"step": 3, "train_loss": 0.21, "val_error": 0.045}
and the end appends the final result,
    {"final": true, "error": 0.045, "train_loss": 0.12}
Without $SWEEP_METRICS the same lines are printed, so the script also runs on its own:
    python3 train_digits.py --lr 0.05 --alpha 1e-4 --hidden 64 --batch 32

Needs only Python 3 with scikit-learn (and the numpy it brings; Debian: apt-get install
python3-sklearn, or pip install scikit-learn). The `python3` on the PATH runs it.
"""

import argparse
import json
import math
import os
import sys
import time
import warnings

DEFAULTS = {"lr": 0.05, "alpha": 1e-4, "hidden": 64, "batch": 32, "epochs": 15, "seed": 0}
TYPES = {"lr": float, "alpha": float, "hidden": int, "batch": int, "epochs": int, "seed": int}


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lr", type=float, help="SGD learning rate, default 0.05")
    p.add_argument("--alpha", type=float, help="L2 penalty (weight decay), default 1e-4")
    p.add_argument("--hidden", type=int, help="hidden units, default 64")
    p.add_argument("--batch", type=int, help="mini-batch size, default 32")
    p.add_argument("--epochs", type=int, help="passes over the training set, default 15")
    p.add_argument("--seed", type=int, help="seed of the weights and the batch order, default 0")
    p.add_argument("--val-fraction", type=float, default=0.2, help="held-out share of the data (default 0.2)")
    return p.parse_args(argv)


def find(config, key):
    """The value of `key` at the top of a config or, failing that, in a nested mapping."""
    if key in config:
        return config[key]
    for value in config.values():
        if isinstance(value, dict):
            found = find(value, key)
            if found is not None:
                return found
    return None


def hyper_parameters(args):
    hp = dict(DEFAULTS)
    path = os.environ.get("SWEEP_CONFIG")
    if path:
        with open(path, encoding="utf-8") as f:
            config = json.load(f)
        for key in DEFAULTS:
            value = find(config, key)
            if value is not None:
                hp[key] = TYPES[key](value)
    for key in DEFAULTS:
        value = getattr(args, key)
        if value is not None:
            hp[key] = value
    if hp["lr"] <= 0 or hp["alpha"] < 0 or hp["hidden"] < 1 or hp["batch"] < 1 or hp["epochs"] < 1:
        sys.exit("train_digits.py: bad hyper-parameters %s" % json.dumps(hp))
    return hp


class Reporter:
    """Appends JSON lines to $SWEEP_METRICS, or prints them when it is not set."""

    def __init__(self):
        path = os.environ.get("SWEEP_METRICS")
        self.file = open(path, "a", encoding="utf-8") if path else None

    def __call__(self, **metrics):
        line = json.dumps(metrics)
        if self.file:
            self.file.write(line + "\n")
            self.file.flush()  # the sweep reads the file while we run: a live curve
        else:
            print(line, flush=True)

    def close(self):
        if self.file:
            self.file.close()


def main(argv=None):
    args = parse_args(argv)
    hp = hyper_parameters(args)
    t0 = time.monotonic()

    # Imported here so that --help and bad arguments answer at once.
    import numpy as np
    from sklearn.datasets import load_digits
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier

    digits = load_digits()  # 1,797 8x8 images, bundled with scikit-learn
    x = digits.data / 16.0
    y = digits.target
    x_train, x_val, y_train, y_val = train_test_split(
        x, y, test_size=args.val_fraction, random_state=7, stratify=y)
    classes = np.unique(y)

    model = MLPClassifier(
        hidden_layer_sizes=(hp["hidden"],), solver="sgd", learning_rate_init=hp["lr"], momentum=0.9,
        alpha=hp["alpha"], batch_size=hp["batch"], random_state=hp["seed"])
    rng = np.random.RandomState(hp["seed"])

    # Under `sweep`, stderr goes to run.err in the trial's folder: say there what runs, and where.
    where = os.environ.get("SWEEP_TRIAL_DIR")
    print("train_digits: %s on %d train / %d val digits%s" % (
        json.dumps(hp), len(y_train), len(y_val),
        "; trial %s, slot %s" % (where, os.environ.get("SWEEP_SLOT", "-")) if where else ""), file=sys.stderr)

    report = Reporter()
    train_loss = val_error = float("nan")
    try:
        for epoch in range(1, hp["epochs"] + 1):
            order = rng.permutation(len(y_train))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                try:
                    model.partial_fit(x_train[order], y_train[order], classes=classes)
                except ValueError as e:  # a learning rate too large: the weights went to inf or NaN
                    print("train_digits: epoch %d diverged: %s" % (epoch, e), file=sys.stderr)
                    train_loss = float("inf")
                    val_error = 1.0
                    report(step=epoch, train_loss=1e30, val_error=val_error)
                    break
            train_loss = float(model.loss_)
            val_error = float(np.mean(model.predict(x_val) != y_val))
            if not math.isfinite(train_loss):
                val_error = 1.0
            report(step=epoch, train_loss=train_loss if math.isfinite(train_loss) else 1e30, val_error=val_error)
            if not math.isfinite(train_loss):
                break
        report(final=True, error=val_error, train_loss=train_loss if math.isfinite(train_loss) else 1e30)
        print("train_digits: done in %.2f s, validation error %.4f" % (time.monotonic() - t0, val_error), file=sys.stderr)
    finally:
        report.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
