#!/usr/bin/python3
"""Optuna's side of bench/samplers-vs-optuna.sh: search quality and ask + tell latency.

    /usr/bin/python3 bench/samplers_optuna.py quality OUT.json [--seeds 20] [--trials 200] [--first-seed 0] [--noise 0]
    /usr/bin/python3 bench/samplers_optuna.py latency OUT.json [--sizes 100,1000,5000,10000] [--asks 10]
    /usr/bin/python3 bench/samplers_optuna.py cmaes-latency OUT.json [--sizes 1000,10000] [--asks 50]

quality: the simple regret (best value minus the known minimum) of RandomSampler, TPESampler and
TPESampler(multivariate=True), all with Optuna's defaults and the given seed, after 50, 100 and 200
sequential trials of `study.optimize`, on the problems of sweep-benchmarks' Problems.java, defined
here parameter for parameter (suggest_float, log=True for the log-uniform one, suggest_int,
suggest_categorical). With --noise SD, each value the study is told has Gaussian noise of that
standard deviation added, and the regret is the true value of the trial observed best, as
SamplerQuality -Dnoise=SD has it.

latency: the time of one `study.ask()` (with its six suggest_float calls on Hartmann6's space) plus
its `study.tell()`, with TPESampler, after N completed trials that were added to the study with
`add_trials` (random points, not timed) and 3 asks and tells (not timed either: the first asks of a
study fill Optuna's caches), as TpeBenchmark does on Sweep's side; the median of --asks asks in a
row.

cmaes-latency: the same for CmaEsSampler (seed 1, defaults) on the shifted sphere of CmaEsBenchmark
(each x_i in [-5, 5], minimum at 1) in 10 and 30 dimensions, after N trials that the sampler itself
chose (a real CMA-ES run, not timed: Optuna's CMA-ES learns only from its own generations), then
--asks timed asks and tells as the run goes on; the median.
"""

import argparse
import json
import math
import random
import statistics
import sys
import time
import warnings

import optuna
from optuna.distributions import FloatDistribution
from optuna.trial import create_trial

optuna.logging.set_verbosity(optuna.logging.WARNING)
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)

BUDGETS = (50, 100, 200)
WARM_ASKS = 3


def branin(t):
    x1 = t.suggest_float("x1", -5, 10)
    x2 = t.suggest_float("x2", 0, 15)
    a = x2 - 5.1 / (4 * math.pi ** 2) * x1 ** 2 + 5 / math.pi * x1 - 6
    return a * a + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x1) + 10


ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
     [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def hartmann6_value(x):
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(6))) for i in range(4))


def hartmann6(t):
    return hartmann6_value([t.suggest_float("x%d" % i, 0, 1) for i in range(6)])


def rosenbrock5(t):
    x = [t.suggest_float("x%d" % i, -5, 10) for i in range(5)]
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(4))


def ackley5(t):
    x = [t.suggest_float("x%d" % i, -32.768, 32.768) for i in range(5)]
    d = len(x)
    return (-20 * math.exp(-0.2 * math.sqrt(sum(v * v for v in x) / d))
            - math.exp(sum(math.cos(2 * math.pi * v) for v in x) / d) + 20 + math.e)


def mixed(t):
    x = t.suggest_float("x", -5, 5) - 1.5
    lr = math.log10(t.suggest_float("lr", 1e-5, 1, log=True)) + 3
    n = (t.suggest_int("n", 1, 20) - 12) / 4
    c = t.suggest_categorical("c", ["a", "b", "c"])
    return x * x + lr * lr + n * n + {"a": 0.5, "b": 0.0, "c": 1.0}[c]


PROBLEMS = {
    "branin": (branin, 0.397887357729738),
    "hartmann6": (hartmann6, -3.32236801141551),
    "rosenbrock5": (rosenbrock5, 0.0),
    "ackley5": (ackley5, 0.0),
    "mixed": (mixed, 0.0),
}

SAMPLERS = {
    "random": lambda seed: optuna.samplers.RandomSampler(seed=seed),
    "tpe": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "tpe-multivariate": lambda seed: optuna.samplers.TPESampler(seed=seed, multivariate=True),
    # CMA-ES as Optuna has it by default (no restarts), and with IPOP, Sweep's default
    "cmaes": lambda seed: optuna.samplers.CmaEsSampler(seed=seed, warn_independent_sampling=False),
    "cmaes-ipop": lambda seed: optuna.samplers.CmaEsSampler(
        seed=seed, restart_strategy="ipop", warn_independent_sampling=False),
}


def quality(args):
    rows = []
    seconds = {}
    for name, (f, optimum) in PROBLEMS.items():
        for sampler_name, make in SAMPLERS.items():
            if args.samplers and sampler_name not in args.samplers.split(","):
                continue
            t0 = time.perf_counter()
            for seed in range(args.first_seed, args.first_seed + args.seeds):
                study = optuna.create_study(sampler=make(seed))
                truths = []
                noise = random.Random(seed)

                def observed(t):
                    truths.append(f(t))
                    return truths[-1] + (args.noise * noise.gauss(0, 1) if args.noise else 0)

                study.optimize(observed, n_trials=args.trials)
                best, running, truth_of_best = [], math.inf, math.nan
                for t, truth in zip(study.trials, truths):
                    if t.value < running:
                        running, truth_of_best = t.value, truth
                    best.append(truth_of_best)
                for budget in BUDGETS:
                    if budget <= args.trials:
                        rows.append({"problem": name, "sampler": sampler_name, "seed": seed, "budget": budget,
                                     "regret": best[budget - 1] - optimum})
            seconds[name + "/" + sampler_name] = time.perf_counter() - t0
            print("%s %s: %.1f s" % (name, sampler_name, seconds[name + "/" + sampler_name]), file=sys.stderr)
    return {"tool": "optuna", "version": optuna.__version__, "seeds": args.seeds, "trials": args.trials,
            "noise": args.noise, "seconds": seconds, "results": rows}


def latency(args):
    space = {"x%d" % i: FloatDistribution(0, 1) for i in range(6)}
    out = {}
    for multivariate in (False, True):
        for n in [int(s) for s in args.sizes.split(",")]:
            rng = random.Random(7)
            history = []
            for _ in range(n):
                params = {k: rng.random() for k in space}
                history.append(create_trial(params=params, distributions=space,
                                            value=hartmann6_value([params["x%d" % i] for i in range(6)])))
            study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=1, multivariate=multivariate))
            study.add_trials(history)
            times = []
            for k in range(WARM_ASKS + args.asks):
                t0 = time.perf_counter()
                trial = study.ask()
                x = [trial.suggest_float("x%d" % i, 0, 1) for i in range(6)]
                study.tell(trial, hartmann6_value(x))
                if k >= WARM_ASKS:
                    times.append(time.perf_counter() - t0)
            key = ("tpe-multivariate" if multivariate else "tpe") + "/" + str(n)
            out[key] = {"median_ms": 1000 * statistics.median(times), "min_ms": 1000 * min(times), "asks": args.asks}
            print("optuna %s after %d: %.1f ms" % ("multivariate" if multivariate else "univariate", n,
                                                   out[key]["median_ms"]), file=sys.stderr)
    return {"tool": "optuna", "version": optuna.__version__, "latency": out}


def cmaes_latency(args):
    out = {}
    for dims in (10, 30):
        for n in [int(s) for s in args.sizes.split(",")]:
            study = optuna.create_study(
                sampler=optuna.samplers.CmaEsSampler(seed=1, warn_independent_sampling=False))
            times = []
            for k in range(n + args.asks):
                t0 = time.perf_counter()
                trial = study.ask()
                x = [trial.suggest_float("x%d" % i, -5, 5) for i in range(dims)]
                study.tell(trial, sum((v - 1) ** 2 for v in x))
                if k >= n:
                    times.append(time.perf_counter() - t0)
            key = "cmaes-%dd/%d" % (dims, n)
            out[key] = {"median_ms": 1000 * statistics.median(times), "min_ms": 1000 * min(times), "asks": args.asks}
            print("optuna cmaes %d-D after %d: %.2f ms" % (dims, n, out[key]["median_ms"]), file=sys.stderr)
    return {"tool": "optuna", "version": optuna.__version__, "latency": out}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("what", choices=["quality", "latency", "cmaes-latency"])
    p.add_argument("out")
    p.add_argument("--seeds", type=int, default=20)
    p.add_argument("--first-seed", type=int, default=0, help="the seeds are FIRST_SEED .. FIRST_SEED + SEEDS - 1")
    p.add_argument("--trials", type=int, default=200)
    p.add_argument("--noise", type=float, default=0.0, help="sd of Gaussian noise added to each value told")
    p.add_argument("--samplers", default="", help="comma-separated: only these of %s" % ", ".join(SAMPLERS))
    p.add_argument("--sizes", default="100,1000,5000,10000")
    p.add_argument("--asks", type=int, default=10)
    args = p.parse_args()
    if args.what == "quality" and args.samplers and not set(args.samplers.split(",")) & set(SAMPLERS):
        sys.exit("samplers_optuna.py: none of --samplers %s is one of Optuna's (%s): no result to give"
                 % (args.samplers, ", ".join(SAMPLERS)))
    doc = {"quality": quality, "latency": latency, "cmaes-latency": cmaes_latency}[args.what](args)
    if not doc.get("results" if args.what == "quality" else "latency"):
        sys.exit("samplers_optuna.py: no result (--seeds %d, --trials %d, --sizes %s)" % (args.seeds, args.trials, args.sizes))
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=1)


if __name__ == "__main__":
    main()
