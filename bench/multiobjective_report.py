#!/usr/bin/python3
"""The report of bench/multiobjective-vs-optuna.sh: hypervolumes and latency, Sweep beside Optuna.

    /usr/bin/python3 bench/multiobjective_report.py SWEEP.json OPTUNA.json SWEEP_LATENCY.json OPTUNA_LATENCY.json [--budgets 200,500]

Each quality file holds every trial's objective values (all minimised) and feasibility, per problem,
sampler and seed. The hypervolume after B trials is that of the feasible trials among the first B,
against the problem's fixed reference point below (chosen before any run: each covers every value
the problem can give, so every feasible trial counts), computed by one implementation, Optuna's
own exact WFG, for both tools. Sampler kinds are compared like for like: Sweep's nsga2 with
Optuna's NSGAIISampler, Sweep's motpe with Optuna's TPESampler (MOTPE with several directions).
Per cell: the median and interquartile range of each side, and a two-sided Mann-Whitney U test.
Target: Sweep's median >= Optuna's in every cell, and ask + tell <= 1 ms at 1,000 trials. Exits 1
if one is missed, and before any table when a cell has no data: a file missing or without runs, a
(problem, trials, kind) with no seed both sides ran, a kind's latency missing on either side.
--kinds nsga2 compares only those of Sweep's samplers (OPTUNA_SAMPLERS=nsga2 runs no Optuna TPE).
"""

import argparse
import json
import statistics
import sys

import numpy as np
from optuna._hypervolume import WFG
from scipy.stats import mannwhitneyu

REFERENCE = {
    "zdt1": [1.1, 11.0],
    "zdt2": [1.1, 11.0],
    "zdt3": [1.1, 11.0],
    "dtlz2": [3.5, 3.5, 3.5],
    "mixed": [3.0, 5.5],
}
# Sweep's sampler: Optuna's of the same kind (auto: the MOTPE `sampler: auto` runs, multivariate
# where the space has a choice or an integer)
KINDS = {"nsga2": "nsga2", "motpe": "tpe", "auto": "tpe"}


def hypervolume(values, feasible, budget, reference):
    ref = np.array(reference)
    pts = [v for v, f in zip(values[:budget], feasible[:budget]) if f and all(a < r for a, r in zip(v, reference))]
    if not pts:
        return 0.0
    return float(WFG().compute(front(np.array(pts, dtype=float)), ref))


def front(points):
    """The points no other dominates: the hypervolume is theirs, and WFG is much faster on them."""
    points = points[np.lexsort(points.T[::-1])]  # by the first coordinate, ties by the next
    keep = []
    for p in points:
        if not any(np.all(q <= p) and np.any(q < p) or np.array_equal(q, p) for q in keep):
            keep = [q for q in keep if not (np.all(p <= q) and np.any(p < q))]
            keep.append(p)
    return np.array(keep)


def load(path, side, key):
    """The document in path, whose key must hold something; exits 1 naming the side and the file."""
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit("multiobjective_report.py: %s gave no result: %s (%s)" % (side, path, e))
    if not isinstance(doc, dict) or not doc.get(key):
        sys.exit("multiobjective_report.py: %s gave no result: %s has no %s" % (side, path, key))
    return doc


def table(doc, budgets):
    out = {}
    for run in doc["runs"]:
        for b in budgets:
            if b <= len(run["values"]):
                hv = hypervolume(run["values"], run["feasible"], b, REFERENCE[run["problem"]])
                out.setdefault((run["problem"], run["sampler"], b), {})[run["seed"]] = hv
    return out


def quartiles(xs):
    q = statistics.quantiles(xs, n=4) if len(xs) > 1 else [xs[0]] * 3
    return q[0], q[2]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("sweep")
    p.add_argument("optuna", help="one file, or several joined by commas")
    p.add_argument("sweep_latency")
    p.add_argument("optuna_latency", help="one file, or several joined by commas")
    p.add_argument("--budgets", default="200,500")
    p.add_argument("--kinds", default=",".join(KINDS), help="Sweep's samplers to compare (of %s)" % ", ".join(KINDS))
    args = p.parse_args()
    budgets = [int(b) for b in args.budgets.split(",")]
    kinds = {k: KINDS[k] for k in args.kinds.split(",") if k in KINDS}
    if not kinds:
        sys.exit("multiobjective_report.py: --kinds %s: none of %s" % (args.kinds, ", ".join(KINDS)))
    sweep = load(args.sweep, "Sweep (MultiObjectiveQuality)", "runs")
    optuna = {"runs": []}
    for f in args.optuna.split(","):
        doc = load(f, "Optuna (multiobjective_optuna.py quality)", "runs")
        optuna["runs"] += doc["runs"]
        optuna["version"] = doc.get("version")
    s, o = table(sweep, budgets), table(optuna, budgets)
    problems = list(dict.fromkeys(r["problem"] for r in sweep["runs"] + optuna["runs"]))
    sl = load(args.sweep_latency, "Sweep (MultiObjectiveQuality latency)", "latency")["latency"]
    ol = {}
    for f in args.optuna_latency.split(","):
        ol.update(load(f, "Optuna (multiobjective_optuna.py latency)", "latency")["latency"])
    gaps = []
    for problem in problems:
        for b in budgets:
            for mine, theirs in kinds.items():
                sa, sc = s.get((problem, mine, b), {}), o.get((problem, theirs, b), {})
                if not set(sa) & set(sc):
                    gaps.append("%s at %d trials, %s vs %s: Sweep %d seeds (%s), Optuna %d seeds (%s), none in common"
                                % (problem, b, mine, theirs, len(sa), args.sweep, len(sc), args.optuna))
    for mine, theirs in kinds.items():
        if mine not in sl:
            gaps.append("latency of Sweep's %s: not in %s" % (mine, args.sweep_latency))
        if theirs not in ol:
            gaps.append("latency of Optuna's %s: not in %s" % (theirs, args.optuna_latency))
    if gaps:
        sys.exit("multiobjective_report.py: %d cells have no data:\n  %s" % (len(gaps), "\n  ".join(gaps)))
    missed = []
    print("| problem | trials | sampler | seeds | Sweep median (IQR) | Optuna median (IQR) | Sweep/Optuna | p (Mann-Whitney) | verdict | random search |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---|---:|")
    for problem in problems:
        for b in budgets:
            for mine, theirs in kinds.items():
                sa, sc = s.get((problem, mine, b), {}), o.get((problem, theirs, b), {})
                seeds = sorted(set(sa) & set(sc))  # like for like: the seeds both sides ran
                a, c = [sa[k] for k in seeds], [sc[k] for k in seeds]
                ma, mc = statistics.median(a), statistics.median(c)
                pval = mannwhitneyu(a, c, alternative="two-sided").pvalue if a != c else 1.0
                if ma >= mc:
                    verdict = "ahead" + (" (significant)" if pval < 0.05 else "")
                else:
                    verdict = "behind" + (" (significant)" if pval < 0.05 else "")
                    missed.append("%s %d %s" % (problem, b, mine))
                qa, qc = quartiles(a), quartiles(c)
                rs = s.get((problem, "random", b), {})  # Sweep's random search on the same seeds, if run
                rand = "%.4f" % statistics.median([rs[k] for k in seeds]) if all(k in rs for k in seeds) else "-"
                print("| %s | %d | %s vs %s | %d | %.4f (%.4f–%.4f) | %.4f (%.4f–%.4f) | %.3f | %.3g | %s | %s |" % (
                    problem, b, mine, theirs, len(seeds), ma, qa[0], qa[1], mc, qc[0], qc[1], ma / mc if mc else float("inf"), pval, verdict, rand))
    print()
    print("| sampler | Sweep ask + tell at %s trials (ms) | Optuna (ms) |" % next(iter(sl.values()))["trials"])
    print("|---|---:|---:|")
    for mine, theirs in kinds.items():
        if mine in sl:
            ms = sl[mine]["median_ms"]
            theirs_ms = "%.2f (at %d trials)" % (ol[theirs]["median_ms"], ol[theirs]["trials"])
            print("| %s vs %s | %.3f | %s |" % (mine, theirs, ms, theirs_ms))
            if ms > 1.0:
                missed.append("latency %s %.3f ms" % (mine, ms))
    print()
    print("Seeds: Sweep %d runs, Optuna %d runs (Optuna %s)." % (len(sweep["runs"]), len(optuna["runs"]), optuna.get("version")))
    if missed:
        print("Targets missed: " + "; ".join(missed))
        sys.exit(1)
    print("Every target met.")


if __name__ == "__main__":
    main()
