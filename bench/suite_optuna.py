#!/usr/bin/python3
"""Optuna 3.1's side of the suite comparison (issue 28); SuiteQuality.java is Sweep's.

    /usr/bin/python3 bench/suite_optuna.py quality OUT.json [--half report] [--seeds 20] [--trials 200]
        [--samplers tpe,tpe-multivariate,cmaes,random]

--half is tuning, report, all or a comma-separated list of problem names (bench/suite_problems.py
list). A tuning problem runs on the tuning seeds (1000, 1001, ...), a report problem on the report
seeds (0, 1, ...); --seeds takes the first N. Samplers, each with Optuna's defaults and the seed:
RandomSampler, TPESampler, TPESampler(multivariate=True), CmaEsSampler (its default independent
sampler, RandomSampler, takes the categorical and conditional parameters). Trials are asked and told
one at a time (study.ask, define-by-run suggests, study.tell). The JSON has SuiteQuality's shape: per
problem, sampler and seed, the regret curve (after trial t, the noise-free regret of the trial
observed best so far), the regret after 100 and 200 trials (and after the last), and on branch
problems whether the best branch's optimum region was sampled by trial 100 (captured100).
"""

import argparse
import json
import os
import sys
import time
import warnings

import optuna

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import suite_problems as suite  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.ERROR)  # not CmaEsSampler's note on each independent parameter
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)

BUDGETS = (100, 200)
CAPTURE_BY = 100

# The samplers by name, each from its seed; another is one more line.
SAMPLERS = {
    "random": lambda seed: optuna.samplers.RandomSampler(seed=seed),
    "tpe": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "tpe-multivariate": lambda seed: optuna.samplers.TPESampler(multivariate=True, seed=seed),
    "cmaes": lambda seed: optuna.samplers.CmaEsSampler(seed=seed),
}


def problems(half):
    if half == "tuning":
        return suite.tuning()
    if half == "report":
        return suite.report()
    if half == "all":
        return suite.all_problems()
    names = set(half.split(","))
    chosen = [p for p in suite.all_problems() if p.name in names]
    if len(chosen) != len(names):
        raise SystemExit("unknown problem among %s" % sorted(names))
    return chosen


def run(problem, sampler, seed, trials):
    study = optuna.create_study(sampler=sampler)
    curve = []
    observed_best = float("inf")
    regret_of_best = float("nan")
    captured = False
    for i in range(trials):
        trial = study.ask()
        params = suite.suggest(trial, problem.space)
        value = problem.evaluate(params)
        y = problem.observe(params, seed, trial.number) if problem.noise is not None else value
        if y < observed_best:
            observed_best = y
            regret_of_best = value - problem.optimum
        curve.append(regret_of_best)
        if i < CAPTURE_BY and problem.region is not None and problem.region(params):
            captured = True
        study.tell(trial, y)
    out = {"regret": {str(b): curve[b - 1] for b in BUDGETS if b <= trials}}
    out["regret"][str(trials)] = curve[-1]
    if problem.region is not None:
        out["captured100"] = captured
    out["curve"] = curve
    return out


def quality(args):
    samplers = args.samplers.split(",")
    for s in samplers:
        if s not in SAMPLERS:
            raise SystemExit("%s: not one of %s" % (s, list(SAMPLERS)))
    rows = []
    seconds = {}
    for p in problems(args.half):
        seeds = (suite.TUNING_SEEDS if p.tuning else suite.REPORT_SEEDS)[:args.seeds]
        for name in samplers:
            t0 = time.time()
            for seed in seeds:
                row = {"problem": p.name, "family": p.family, "sampler": name, "seed": seed}
                row.update(run(p, SAMPLERS[name](seed), seed, args.trials))
                rows.append(row)
            seconds[p.name + "/" + name] = time.time() - t0
            print("%s %s: %.1f s" % (p.name, name, seconds[p.name + "/" + name]), file=sys.stderr)
    if not rows or all("error" in r for r in rows):
        sys.exit("suite_optuna.py: no result (--half %s, --seeds %d, --samplers %s)" % (args.half, args.seeds, args.samplers))
    with open(args.out, "w") as f:
        json.dump({"tool": "optuna " + optuna.__version__, "half": args.half, "seeds": args.seeds,
                   "trials": args.trials, "seconds": seconds, "results": rows}, f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["quality"])
    ap.add_argument("out")
    ap.add_argument("--half", default="report")
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--samplers", default="tpe,tpe-multivariate,cmaes,random")
    quality(ap.parse_args())


if __name__ == "__main__":
    main()
