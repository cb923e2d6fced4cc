#!/usr/bin/python3
"""Optuna's twin of FirstSweep: a fresh Python process's first study of N trials (default 1,000).

    /usr/bin/python3 bench/optuna_first.py [--trials 1000] [--seed 42]

Prints one JSON object: the import of optuna, and the study alone (create + optimize), cold, with
the trivial objective and four parameters of bench/optuna_random.py; in-memory storage. The whole
process time comes from outside: hyperfine -N '/usr/bin/python3 bench/optuna_first.py'.
"""

import argparse
import json
import time

t_start = time.perf_counter()
import optuna  # noqa: E402

t_imported = time.perf_counter()

from optuna_random import objective, new_study  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    t0 = time.perf_counter()
    study = new_study(args.seed)
    study.optimize(objective, n_trials=args.trials)
    elapsed = time.perf_counter() - t0
    assert len(study.trials) == args.trials
    print(json.dumps({"optuna": optuna.__version__, "trials": args.trials,
                      "importMs": round(1000 * (t_imported - t_start), 1),
                      "studyMs": round(1000 * elapsed, 1),
                      "usPerTrial": round(1e6 * elapsed / args.trials, 1)}))


if __name__ == "__main__":
    main()
