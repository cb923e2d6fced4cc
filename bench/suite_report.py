#!/usr/bin/python3
"""Compares Sweep's and Optuna's runs on the suite (issue 28) as a markdown table.

    /usr/bin/python3 bench/suite_report.py SWEEP.json OPTUNA.json [--pairs tpe=tpe,tpe-multivariate=tpe-multivariate]
        [--budgets 100,200] [--alpha 0.05]

SWEEP.json from SuiteQuality, OPTUNA.json from bench/suite_optuna.py. For each pair of samplers
(Sweep's name=Optuna's name; by default every name both files have) and each cell (problem x trials):
both medians of the regret over the seeds, their ratio (Sweep / Optuna; 1 when both are 0), the
two-sided Mann-Whitney U p-value (scipy), and the cell's result: a win or a loss where p < alpha,
else a tie. Then the win/loss/tie counts, the share of cells where Sweep's median <= Optuna's, the
worst ratio, and on branch problems the branch-capture rates (the share of seeds that sampled the best
branch's optimum region by trial 100; 1 - rate is the share that never did).
Exits 1 before any table, naming the side and the file, when a cell has no data: a file missing or
without results, no sampler both sides ran, a problem one side ran with a pair's sampler and the
other did not, a trials budget without a regret on one side. A problem where every run of one
side's sampler failed (an "error" row: a sampler that cannot take the space) is listed as such.
"""

import argparse
import json
import math
import statistics
import sys
from collections import defaultdict

from scipy.stats import mannwhitneyu


def load(path, side):
    """The document, its runs by (sampler, problem), and the (sampler, problem) whose every run
    failed; exits 1 naming the side and the file when it holds no result."""
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit("suite_report.py: %s gave no result: %s (%s)" % (side, path, e))
    if not isinstance(doc, dict) or not doc.get("results"):
        sys.exit("suite_report.py: %s gave no result: %s has no results" % (side, path))
    runs = defaultdict(list)  # (sampler, problem) -> rows
    errors = defaultdict(list)
    for r in doc["results"]:
        (errors if "error" in r else runs)[(r["sampler"], r["problem"])].append(r)
    failed = {k: v[0]["error"] for k, v in errors.items() if k not in runs}
    return doc, runs, failed


def gaps(pairs, budgets, sweep, optuna, failed, paths):
    """Every cell without data, as lines naming the side and its file."""
    out = []
    for s_name, o_name in pairs:
        mine = {p for (s, p) in sweep if s == s_name} | {p for (s, p) in failed["sweep"] if s == s_name}
        theirs = {p for (s, p) in optuna if s == o_name} | {p for (s, p) in failed["optuna"] if s == o_name}
        if not mine:
            out.append("Sweep %s: no run in %s" % (s_name, paths["sweep"]))
        if not theirs:
            out.append("Optuna %s: no run in %s" % (o_name, paths["optuna"]))
        for p in sorted(mine - theirs):
            out.append("Optuna %s: no run of %s in %s (Sweep %s has)" % (o_name, p, paths["optuna"], s_name))
        for p in sorted(theirs - mine):
            out.append("Sweep %s: no run of %s in %s (Optuna %s has)" % (s_name, p, paths["sweep"], o_name))
        for p in sorted(mine & theirs):
            if (s_name, p) not in sweep or (o_name, p) not in optuna:
                continue  # every run of one side failed: listed with the table
            for b in budgets:
                for side, rows, path in (("Sweep %s" % s_name, sweep[(s_name, p)], paths["sweep"]),
                                         ("Optuna %s" % o_name, optuna[(o_name, p)], paths["optuna"])):
                    if not any(b in r.get("regret", {}) for r in rows):
                        out.append("%s: no regret for %s at %s trials in %s" % (side, p, b, path))
    return out


def ratio(s, o):
    if o > 0:
        return s / o
    return 1.0 if s <= 0 else math.inf


def fmt(v):
    return "%.3g" % v if v != math.inf else "inf"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sweep")
    ap.add_argument("optuna")
    ap.add_argument("--pairs", default="")
    ap.add_argument("--budgets", default="100,200")
    ap.add_argument("--alpha", type=float, default=0.05)
    args = ap.parse_args()
    sweep_doc, sweep, sweep_failed = load(args.sweep, "Sweep (SuiteQuality)")
    optuna_doc, optuna, optuna_failed = load(args.optuna, "Optuna (suite_optuna.py)")
    if args.pairs:
        pairs = [tuple(p.split("=")) for p in args.pairs.split(",")]
    else:
        names = sorted({s for s, _ in sweep} & {s for s, _ in optuna})
        pairs = [(n, n) for n in names]
    if not pairs:
        sys.exit("suite_report.py: no sampler both sides ran: Sweep %s (%s), Optuna %s (%s)" % (
            sorted({s for s, _ in sweep}), args.sweep, sorted({s for s, _ in optuna}), args.optuna))
    budgets = [b for b in args.budgets.split(",")]
    missing = gaps(pairs, budgets, sweep, optuna, {"sweep": sweep_failed, "optuna": optuna_failed},
                   {"sweep": args.sweep, "optuna": args.optuna})
    if missing:
        sys.exit("suite_report.py: %d cells have no data:\n  %s" % (len(missing), "\n  ".join(missing)))
    print("Sweep: %s (%s half); Optuna: %s (%s half)\n" % (args.sweep, sweep_doc.get("half"), args.optuna,
                                                          optuna_doc.get("half")))
    for s_name, o_name in pairs:
        problems = [p for (s, p) in sweep if s == s_name and (o_name, p) in optuna]
        print("### Sweep %s vs Optuna %s\n" % (s_name, o_name))
        for tool, name, failed in (("Sweep", s_name, sweep_failed), ("Optuna", o_name, optuna_failed)):
            for (s, p), error in failed.items():
                if s == name:
                    print("%s %s cannot run %s (every run failed: %s): no cell\n" % (tool, name, p, error))
        print("| problem | family | trials | seeds | Sweep median | Optuna median | ratio | p | result |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---|")
        counts = {"win": 0, "loss": 0, "tie": 0}
        at_most = 0
        cells = 0
        worst = (0.0, "")
        captures = []
        for p in problems:
            srows, orows = sweep[(s_name, p)], optuna[(o_name, p)]
            for b in budgets:
                sv = [r["regret"][b] for r in srows if b in r["regret"]]
                ov = [r["regret"][b] for r in orows if b in r["regret"]]
                sm, om = statistics.median(sv), statistics.median(ov)
                rt = ratio(sm, om)
                if len(set(sv + ov)) == 1:
                    pv = 1.0
                else:
                    pv = mannwhitneyu(sv, ov, alternative="two-sided").pvalue
                result = "tie" if pv >= args.alpha else ("win" if sm < om else "loss" if sm > om else "tie")
                counts[result] += 1
                cells += 1
                at_most += sm <= om
                if rt > worst[0]:
                    worst = (rt, "%s @ %s" % (p, b))
                print("| %s | %s | %s | %d/%d | %s | %s | %s | %.3g | %s |" % (
                    p, srows[0]["family"], b, len(sv), len(ov), fmt(sm), fmt(om), fmt(rt), pv, result))
            if "captured100" in srows[0]:
                sc = sum(r["captured100"] for r in srows) / len(srows)
                oc = sum(r["captured100"] for r in orows) / len(orows)
                captures.append((p, sc, oc, len(srows), len(orows)))
        print()
        if cells:
            print("Cells: %d; wins %d, losses %d, ties %d (alpha %g); Sweep's median <= Optuna's in %d of %d "
                  "(%.0f%%); worst ratio %s (%s)\n" % (cells, counts["win"], counts["loss"], counts["tie"],
                                                      args.alpha, at_most, cells, 100.0 * at_most / cells,
                                                      fmt(worst[0]), worst[1]))
        if captures:
            print("| branch problem | Sweep capture by trial 100 | Optuna capture by trial 100 |")
            print("|---|---:|---:|")
            for p, sc, oc, ns, no in captures:
                print("| %s | %.0f%% of %d seeds | %.0f%% of %d seeds |" % (p, 100 * sc, ns, 100 * oc, no))
            print()


if __name__ == "__main__":
    main()
