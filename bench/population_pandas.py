#!/usr/bin/python3
"""Issue 5's side-by-side: pandas' half. Generates the CSV (gen) or times pandas on it (run).

  population_pandas.py gen FILE [ROWS]     a population of ROWS trials (default 1,000,000)
  population_pandas.py run FILE [WARM_UP]  one JSON object on stdout: seconds per step, peak RSS,
                                           and the results, for the Java side to be checked against;
                                           with WARM_UP (a small file) the steps run on it first,
                                           untimed, as the Java side does

The steps, in this order (the Java side does the same): read the CSV; 5 quantiles of the error;
the EDF at 1,000 points; the 100 best trials; group-by over the two categoricals (count, min,
mean); a 20-bin mean of the error per float parameter; Spearman of each numeric parameter with
the error. Exits 1 when a CSV it is to read is missing or has no rows.
"""
import json
import os
import resource
import sys
import time

import numpy as np
import pandas as pd

FLOATS = ["lr", "wd", "momentum", "dropout", "warmup", "smoothing"]
INTS = ["depth", "width"]
CATEGORICALS = ["opt", "act"]
QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9]


def generate(path, rows):
    rng = np.random.default_rng(5)
    df = pd.DataFrame({
        "id": np.arange(rows),
        "opt": rng.choice(["sgd", "adam", "rmsprop"], rows),
        "act": rng.choice(["relu", "gelu", "silu", "tanh"], rows),
        "lr": 10 ** rng.uniform(-5, -1, rows),
        "wd": 10 ** rng.uniform(-6, -2, rows),
        "momentum": rng.uniform(0.8, 0.99, rows),
        "dropout": rng.uniform(0, 0.5, rows),
        "warmup": rng.uniform(0, 5, rows),
        "smoothing": rng.uniform(0, 0.2, rows),
        "depth": rng.integers(10, 100, rows),
        "width": 16 * 2 ** rng.integers(0, 6, rows),
    })
    error = (0.1 + 0.05 * (np.log10(df.lr) + 3) ** 2 + 0.3 * df.dropout ** 2
             + 0.02 * (df.opt == "sgd") + rng.normal(0, 0.02, rows))
    df["error"] = error.clip(0.01, 1)
    df["loss"] = 2.5 * df.error + rng.normal(0, 0.01, rows)
    df["top5"] = df.error / 3
    df["time_s"] = df.depth * df.width / 50 * rng.uniform(0.9, 1.1, rows)
    df.to_csv(path, index=False, float_format="%.6g")


def run(path, print_result=True):
    t = {}
    out = {}

    def step(name, f):
        start = time.perf_counter()
        value = f()
        t[name] = time.perf_counter() - start
        return value

    df = step("read", lambda: pd.read_csv(path))
    q = step("quantiles", lambda: df.error.quantile(QUANTILES).to_numpy())
    out["quantiles"] = q.tolist()

    def edf():
        v = np.sort(df.error.dropna().to_numpy())
        idx = np.round(np.linspace(0, len(v) - 1, 1000)).astype(int)
        return v[idx], (idx + 1) / len(v)
    xs, fs = step("edf", edf)
    out["edf_median_point"] = [float(xs[500]), float(fs[500])]

    top = step("top100", lambda: df.nsmallest(100, "error"))
    out["top100_first_ids"] = top.id.head(5).tolist()

    groups = step("groupby", lambda: df.groupby(CATEGORICALS).error.agg(["count", "min", "mean"]))
    out["groups"] = len(groups)
    out["group_sgd_relu"] = ([int(groups.loc[("sgd", "relu"), "count"]), float(groups.loc[("sgd", "relu"), "mean"])]
                             if ("sgd", "relu") in groups.index else [])

    def bins():
        # 20 equal-width bins from the smallest value to the largest, [lo, hi) and the last one
        # closed, as Sweep's: pd.cut would widen the range by 0.1 % and put edges elsewhere
        means = {}
        for c in FLOATS:
            x = df[c].to_numpy()
            edges = np.linspace(x.min(), x.max(), 21)
            bin_of = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, 19)
            means[c] = df.error.groupby(bin_of).mean().reindex(range(20)).to_numpy()
        return means
    means = step("bins", bins)
    out["bins_lr_first"] = float(means["lr"][0])

    rho = step("spearman", lambda: df[FLOATS + INTS].corrwith(df.error, method="spearman"))
    out["spearman"] = {k: float(v) for k, v in rho.items()}

    out["seconds"] = t
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["rows"] = len(df)
    if print_result:
        json.dump(out, sys.stdout)
        print()


def require_rows(path):
    """Exits 1 unless path is a CSV with a header and at least one row (checked before any timing)."""
    if not os.path.exists(path):
        sys.exit(f"population_pandas.py: {path} does not exist")
    with open(path) as f:
        if not f.readline() or not f.readline():
            sys.exit(f"population_pandas.py: {path} has no rows")


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("gen", "run"):
        sys.exit(__doc__)
    if sys.argv[1] == "gen":
        generate(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000)
    else:
        for f in sys.argv[2:4]:
            require_rows(f)
        if len(sys.argv) > 3:
            run(sys.argv[3], print_result=False)
        run(sys.argv[2])
