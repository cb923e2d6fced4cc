#!/usr/bin/python3
"""Optuna's side of bench/multiobjective-vs-optuna.sh: the trials' objective values, and ask latency.

    /usr/bin/python3 bench/multiobjective_optuna.py quality OUT.json [--seeds 20] [--first-seed 0] [--trials 500] [--samplers nsga2,tpe] [--problems zdt1,...]
    /usr/bin/python3 bench/multiobjective_optuna.py latency OUT.json [--trials 1000] [--window 50]

quality: for each problem of sweep-benchmarks' MultiObjectiveProblems.java (defined here parameter
for parameter), each sampler and each seed, a study of --trials sequential trials (ask and tell),
with NSGAIISampler(seed=seed) or TPESampler(seed=seed) (Optuna 3.1's TPE is MOTPE when a study has
several directions), defaults otherwise; the mixed problem's constraint goes through
constraints_func. Writes every trial's objective values and whether it is feasible; the report
(bench/multiobjective_report.py) computes the hypervolumes, the same way for both tools.

latency: one study of --trials trials on ZDT1 per sampler; the time of ask + its 30 suggest_float +
tell for each of the last --window trials, their median.
"""

import argparse
import json
import math
import statistics
import sys
import time
import warnings

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)


def zdt_g(x):
    return 1 + 9 * sum(x[1:]) / (len(x) - 1)


def zdt1(x):
    g = zdt_g(x)
    return [x[0], g * (1 - math.sqrt(x[0] / g))], []


def zdt2(x):
    g = zdt_g(x)
    return [x[0], g * (1 - (x[0] / g) ** 2)], []


def zdt3(x):
    g = zdt_g(x)
    r = x[0] / g
    return [x[0], g * (1 - math.sqrt(r) - r * math.sin(10 * math.pi * x[0]))], []


def dtlz2(x):
    g = sum((v - 0.5) ** 2 for v in x[2:])
    a, b = x[0] * math.pi / 2, x[1] * math.pi / 2
    return [(1 + g) * math.cos(a) * math.cos(b), (1 + g) * math.cos(a) * math.sin(b), (1 + g) * math.sin(a)], []


OFFSET = {"a": 0.3, "b": 0.0, "c": 0.15}
COST = {"a": 1.0, "b": 2.5, "c": 1.5}
MEMORY = {"a": 1, "b": 2, "c": 3}


def mixed_values(x, lr, n, kind):
    error = OFFSET[kind] + (x - 0.3) ** 2 + ((math.log10(lr) + 2.5) / 1.5) ** 2 + 1.0 / n
    cost = COST[kind] * n * (1 + x) / 8
    memory = n * MEMORY[kind]
    return [error, cost], [memory - 12.0]


def floats(t, d):
    return [t.suggest_float("x%d" % i, 0.0, 1.0) for i in range(d)]


def mixed(t):
    x = t.suggest_float("x", 0.0, 1.0)
    lr = t.suggest_float("lr", 1e-4, 1e-1, log=True)
    n = t.suggest_int("n", 1, 8)
    kind = t.suggest_categorical("kind", ["a", "b", "c"])
    return mixed_values(x, lr, n, kind)


# name: (number of objectives, function of a trial giving (values, constraint values <= 0))
PROBLEMS = {
    "zdt1": (2, lambda t: zdt1(floats(t, 30))),
    "zdt2": (2, lambda t: zdt2(floats(t, 30))),
    "zdt3": (2, lambda t: zdt3(floats(t, 30))),
    "dtlz2": (3, lambda t: dtlz2(floats(t, 12))),
    "mixed": (2, mixed),
}


def constraints(trial):
    return trial.user_attrs["constraints"]


def sampler(name, seed, constrained):
    func = constraints if constrained else None
    if name == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=seed, constraints_func=func)
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed, constraints_func=func)
    raise SystemExit("unknown sampler " + name)


def study_of(problem, name, seed):
    m, _ = PROBLEMS[problem]
    return optuna.create_study(directions=["minimize"] * m, sampler=sampler(name, seed, problem == "mixed"))


def step(study, problem):
    t = study.ask()
    values, cons = PROBLEMS[problem][1](t)
    t.set_user_attr("constraints", cons)
    study.tell(t, values)
    return values, all(c <= 0 for c in cons)


def quality(args):
    runs = []
    for problem in args.problems.split(","):
        for name in args.samplers.split(","):
            t0 = time.time()
            for seed in range(args.first_seed, args.first_seed + args.seeds):
                study = study_of(problem, name, seed)
                values, feasible = [], []
                for _ in range(args.trials):
                    v, f = step(study, problem)
                    values.append(v)
                    feasible.append(f)
                runs.append({"problem": problem, "sampler": name, "seed": seed, "values": values, "feasible": feasible})
            print("%s %s: %.1f s" % (problem, name, time.time() - t0), file=sys.stderr, flush=True)
    if not runs or not args.trials:
        sys.exit("multiobjective_optuna.py: no run (--seeds %d, --trials %d): no result to give" % (args.seeds, args.trials))
    json.dump({"tool": "optuna", "version": optuna.__version__, "trials": args.trials, "runs": runs}, open(args.out, "w"))


def latency(args):
    if args.trials < 1:
        sys.exit("multiobjective_optuna.py: --trials %d: no ask to time" % args.trials)
    rows = {}
    for name in args.samplers.split(","):
        study = study_of("zdt1", name, 0)
        times = []
        for i in range(args.trials):
            t0 = time.perf_counter()
            step(study, "zdt1")
            times.append(time.perf_counter() - t0)
        last = times[-args.window:]
        rows[name] = {"trials": args.trials, "median_ms": 1000 * statistics.median(last)}
        print("%s: %.2f ms per ask + tell at %d trials" % (name, rows[name]["median_ms"], args.trials), file=sys.stderr)
    json.dump({"tool": "optuna", "version": optuna.__version__, "latency": rows}, open(args.out, "w"))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["quality", "latency"])
    p.add_argument("out")
    p.add_argument("--seeds", type=int, default=20)
    p.add_argument("--first-seed", type=int, default=0)
    p.add_argument("--trials", type=int, default=None)
    p.add_argument("--window", type=int, default=50)
    p.add_argument("--samplers", default="nsga2,tpe")
    p.add_argument("--problems", default=",".join(PROBLEMS))
    args = p.parse_args()
    if args.mode == "quality":
        args.trials = args.trials or 500
        quality(args)
    else:
        args.trials = args.trials or 1000
        latency(args)


if __name__ == "__main__":
    main()
