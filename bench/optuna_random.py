#!/usr/bin/python3
"""Optuna's side of the Sweep benchmarks: trials/s and configs/s of its RandomSampler.

    /usr/bin/python3 bench/optuna_random.py [--trials 20000] [--configs 20000] [--seed 42]

Prints one JSON object. Same four-parameter space as the JMH benchmarks (BenchmarkSpaces.java):
optim.lr and optim.wd log-uniform, model.width a power of two from 16 to 1024 (categorical, as
`suggest_categorical`), train.batch one of 32/64/128/256; in-memory storage; logging at WARNING.

- trials_per_s: `study.optimize` of a trivial objective (lr * wd) for --trials trials, after a
  500-trial warm-up study; the twin of SweepThroughputBenchmark (threads=1). Also the rate of the
  first and last quarter, since Optuna's in-memory storage slows down as a study grows.
- configs_per_s: `study.ask()` plus the four `suggest_*` calls, never told, for --configs configs;
  the nearest thing Optuna has to SamplingBenchmark's `ask(i)`. `ask()` also registers a running
  trial in the storage, which Sweep's sampler does not do, so read it as "cost of one config".
  Asked in fresh studies of STUDY_ASKS asks each (study creation not timed): the cost of ask()
  grows with the number of trials in the study, so this is Optuna's best case.
- configs_per_s_half_rejected: the same, but a config whose lr is not below the geometric middle
  of its range is thrown away and asked again (about half are); counts accepted configs. Optuna
  has no constraint that rejects while sampling (constraints_func only informs some samplers after
  the fact), so this ask-and-discard loop is what a user would write.
"""

import argparse
import json
import math
import platform
import sys
import time

import optuna

LR_LO, LR_HI = 1e-5, 1e-1
LR_MIDDLE = math.sqrt(LR_LO * LR_HI)
WIDTHS = [16, 32, 64, 128, 256, 512, 1024]
BATCHES = [32, 64, 128, 256]
# Each ask() scans the study's trials, so its cost grows with the study; configs are asked in fresh
# studies of this many asks, Optuna's best case.
STUDY_ASKS = 1_000


def suggest(trial):
    lr = trial.suggest_float("optim.lr", LR_LO, LR_HI, log=True)
    wd = trial.suggest_float("optim.wd", 1e-6, 1e-2, log=True)
    trial.suggest_categorical("model.width", WIDTHS)
    trial.suggest_categorical("train.batch", BATCHES)
    return lr, wd


def objective(trial):
    lr, wd = suggest(trial)
    return lr * wd


def new_study(seed):
    return optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=seed), direction="minimize")


def trials_per_second(n, seed):
    new_study(seed).optimize(objective, n_trials=500)  # warm-up: imports, caches, first calls
    study = new_study(seed)
    marks = []
    quarter = max(1, n // 4)

    def callback(_study, trial):
        if (trial.number + 1) % quarter == 0:
            marks.append(time.perf_counter())

    t0 = time.perf_counter()
    study.optimize(objective, n_trials=n, callbacks=[callback])
    elapsed = time.perf_counter() - t0
    if len(study.trials) != n:
        raise AssertionError(f"expected {n} trials, got {len(study.trials)}")
    first = quarter / (marks[0] - t0) if marks else float("nan")
    last = quarter / (marks[3] - marks[2]) if len(marks) >= 4 else float("nan")
    return n / elapsed, first, last


def configs_per_second(n, seed, half_rejected):
    study = new_study(seed)
    for _ in range(200):  # warm-up
        suggest(study.ask())
    accepted = asked = 0
    elapsed = 0.0
    while accepted < n:
        study = new_study(seed + asked)  # not timed; see STUDY_ASKS
        t0 = time.perf_counter()
        for _ in range(STUDY_ASKS):
            lr, _ = suggest(study.ask())
            asked += 1
            if not half_rejected or lr < LR_MIDDLE:
                accepted += 1
                if accepted == n:
                    break
        elapsed += time.perf_counter() - t0
    return n / elapsed


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--trials", type=int, default=20_000)
    p.add_argument("--configs", type=int, default=20_000)
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)

    rate, first, last = trials_per_second(args.trials, args.seed)
    result = {
        "optuna": optuna.__version__,
        "python": platform.python_version(),
        "trials": args.trials,
        "trials_per_s": round(rate, 1),
        "trials_per_s_first_quarter": round(first, 1),
        "trials_per_s_last_quarter": round(last, 1),
        "configs": args.configs,
        "configs_per_s": round(configs_per_second(args.configs, args.seed, False), 1),
        "configs_per_s_half_rejected": round(configs_per_second(args.configs, args.seed, True), 1),
    }
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
