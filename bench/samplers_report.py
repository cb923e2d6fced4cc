#!/usr/bin/python3
"""Merges the two sides of bench/samplers-vs-optuna.sh into a Markdown table and a verdict.

    /usr/bin/python3 bench/samplers_report.py SWEEP_QUALITY.json OPTUNA_QUALITY.json SWEEP_LATENCY.json \
        OPTUNA_LATENCY.json OUT.md

For each problem and budget: the median and interquartile range of the simple regret over the
seeds, per tool and sampler. Target (issue 6): Sweep's TPE median <= Optuna's TPE median at 100 and
200 trials on every problem, univariate against univariate and multivariate against multivariate.
Latency targets: Sweep's ask + tell <= 1 ms after 1,000 trials and <= 5 ms after 10,000.
Sweep's tpe-best-1 (the univariate TPE with bestWeight(1), every better trial weighing the same, the
setting for noisy objectives) is compared with Optuna's TPE too, for information: the target is the
default's.
Exits 1 when a target is missed. With 40 seeds or more it also checks each block of 20 seeds
(0-19, 20-39, ...) on its own: a 20-seed median moves from block to block, and this says how often
the verdict would have held. Latency files that do not exist (LATENCY=skip) are left out.
Exits 1 before any table, naming the side and the file, when a side gave no result: a quality file
that is missing or holds no result, a cell of the table (problem, trials, sampler that ran) with no
regret, a target's sampler that Optuna did not run, only one of the two latency files, or a
latency target's figure missing.
"""

import json
import os
import statistics
import sys

BLOCK = 20
# Sweep's samplers that are compared with one of Optuna's: (Sweep's, Optuna's, part of the target)
PAIRS = (("tpe", "tpe", True), ("tpe-multivariate", "tpe-multivariate", True), ("tpe-best-1", "tpe", False),
         ("cmaes", "cmaes-ipop", False), ("cmaes-none", "cmaes", False))


def quartiles(values):
    v = sorted(values)
    q = statistics.quantiles(v, n=4, method="inclusive") if len(v) > 1 else [v[0]] * 3
    return q[0], statistics.median(v), q[2]


def fmt(x):
    return "%.3g" % x


def blocks_won(sweep_q, optuna_q):
    """Per (problem, budget, sampler): (blocks of BLOCK seeds where Sweep's median <= Optuna's, blocks)."""
    by_seed = {}
    for tool, path in (("sweep", sweep_q), ("optuna", optuna_q)):
        for r in json.load(open(path))["results"]:
            by_seed.setdefault((r["problem"], r["budget"], r["sampler"], tool), {})[r["seed"]] = r["regret"]
    won = {}
    against = {ours: theirs for ours, theirs, _ in PAIRS}
    for (p, b, s, tool), ours in by_seed.items():
        theirs = by_seed.get((p, b, against.get(s), "optuna"))
        if tool != "sweep" or theirs is None or b not in (100, 200):
            continue
        seeds = sorted(set(ours) & set(theirs))
        count = total = 0
        for start in range(0, len(seeds) - BLOCK + 1, BLOCK):
            block = seeds[start:start + BLOCK]
            count += statistics.median(ours[x] for x in block) <= statistics.median(theirs[x] for x in block)
            total += 1
        won[(p, b, s)] = (count, total)
    return won


def load(path, side, key):
    """The document in path, whose key must hold something; exits 1 naming the side and the file."""
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        sys.exit("samplers_report.py: %s gave no result: %s is %s" % (
            side, path, "empty" if os.path.exists(path) else "missing"))
    try:
        with open(path) as f:
            doc = json.load(f)
    except ValueError as e:
        sys.exit("samplers_report.py: %s gave no result: %s is not JSON (%s)" % (side, path, e))
    if not isinstance(doc, dict) or not (doc.get(key) if key else doc):
        sys.exit("samplers_report.py: %s gave no result: %s has no %s" % (side, path, key or "figure"))
    return doc


# Sweep's samplers whose ask + tell latency is a target, after N trials (the limits are in main)
LATENCY_TARGETS = (("tpe", 1000), ("tpe", 10000), ("tpe-multivariate", 1000), ("tpe-multivariate", 10000))


def missing_data(rows, columns, problems, budgets, paths, lat_s, lat_o, latency_files):
    """Every cell of the report that has no data, each as a line naming the side and its file."""
    gaps = []
    for p in problems:
        for b in budgets:
            for tool, s in columns:
                if s == "gp" and p == "mixed":
                    continue  # by design: the Gaussian process does not model a categorical
                if not rows.get((p, b, tool, s)):
                    gaps.append("%s %s: no regret for %s at %d trials in %s" % (tool, s, p, b, paths[tool]))
    for ours, theirs, target in PAIRS:
        if target and any(c == ("sweep", ours) for c in columns) and ("optuna", theirs) not in columns:
            gaps.append("optuna %s: not run, so Sweep's %s target cannot be checked (%s)" % (
                theirs, ours, paths["optuna"]))
    sweep_l, optuna_l = latency_files
    if os.path.exists(sweep_l) != os.path.exists(optuna_l):
        gaps.append("latency: %s exists, %s does not" % ((sweep_l, optuna_l) if os.path.exists(sweep_l)
                                                         else (optuna_l, sweep_l)))
    if lat_s is not None:
        for sampler, n in LATENCY_TARGETS:  # TpeBenchmark measures both samplers, always
            if lat_s.get("%s/%d" % (sampler, n)) is None:
                gaps.append("sweep %s: no ask + tell latency after %d trials in %s" % (sampler, n, sweep_l))
        for key in lat_s:
            if (lat_o.get(key) or {}).get("median_ms") is None:
                gaps.append("optuna %s: no ask + tell latency in %s" % (key, optuna_l))
    return gaps


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    sweep_q, optuna_q, sweep_l, optuna_l, out = sys.argv[1:6]
    rows = {}
    for tool, path in (("sweep", sweep_q), ("optuna", optuna_q)):
        for r in load(path, tool.capitalize() + "'s search quality", "results")["results"]:
            rows.setdefault((r["problem"], r["budget"], tool, r["sampler"]), []).append(r["regret"])
    problems = list(dict.fromkeys(k[0] for k in rows))
    budgets = sorted(set(k[1] for k in rows))
    columns = [("sweep", "random"), ("sweep", "sobol"), ("sweep", "tpe"), ("sweep", "tpe-best-1"),
               ("sweep", "tpe-multivariate"),
               ("sweep", "cmaes"), ("sweep", "cmaes-none"),
               ("optuna", "random"), ("optuna", "tpe"), ("optuna", "tpe-multivariate"),
               ("optuna", "cmaes-ipop"), ("optuna", "cmaes")]
    if any(k[3] == "gp" for k in rows):  # GP=1: Sweep's Gaussian process too (not on the mixed space)
        columns.insert(7, ("sweep", "gp"))
    columns = [c for c in columns if any(k[2:] == c for k in rows)]  # SAMPLERS=...: those that ran
    measured = os.path.exists(sweep_l) and os.path.exists(optuna_l)
    lat_s = load(sweep_l, "Sweep's latency (JMH)", None) if measured else None
    lat_o = load(optuna_l, "Optuna's latency", "latency")["latency"] if measured else None
    gaps = missing_data(rows, columns, problems, budgets, {"sweep": sweep_q, "optuna": optuna_q},
                        lat_s, lat_o, (sweep_l, optuna_l))
    if gaps:
        sys.exit("samplers_report.py: %d cells have no data:\n  %s" % (len(gaps), "\n  ".join(gaps)))
    lines = ["| problem | trials | " + " | ".join("%s %s" % c for c in columns) + " |",
             "|---|---:|" + "---:|" * len(columns)]
    verdicts = []
    for p in problems:
        for b in budgets:
            cells = []
            for tool, s in columns:
                v = rows.get((p, b, tool, s))
                if v:
                    lo, med, hi = quartiles(v)
                    cells.append("%s [%s, %s]" % (fmt(med), fmt(lo), fmt(hi)))
                else:
                    cells.append("")
            lines.append("| %s | %d | %s |" % (p, b, " | ".join(cells)))
            if b in (100, 200):
                for s, o, target in PAIRS:
                    if (p, b, "sweep", s) in rows and (p, b, "optuna", o) in rows:
                        ours = statistics.median(rows[(p, b, "sweep", s)])
                        theirs = statistics.median(rows[(p, b, "optuna", o)])
                        verdicts.append((p, b, s, ours, theirs, ours <= theirs, target))
    seeds = len(rows[(problems[0], budgets[0], "sweep", next(k[3] for k in rows if k[2] == "sweep"))])
    lines.append("")
    lines.append("Median regret [25th, 75th percentile] over %d seeds; lower is better." % seeds)
    lines.append("")
    blocks = blocks_won(sweep_q, optuna_q) if seeds >= 2 * BLOCK else {}
    lines.append("| problem | trials | sampler (Sweep's; Optuna's TPE for tpe-best-1, cmaes-ipop for cmaes, cmaes for cmaes-none) | Sweep median | Optuna median | Sweep <= Optuna |"
                 + (" blocks of %d seeds where Sweep <= Optuna |" % BLOCK if blocks else ""))
    lines.append("|---|---:|---|---:|---:|---|" + ("---:|" if blocks else ""))
    for p, b, s, ours, theirs, ok, _ in verdicts:
        won = blocks.get((p, b, s))
        lines.append("| %s | %d | %s | %s | %s | %s |" % (p, b, s, fmt(ours), fmt(theirs), "yes" if ok else "**no**")
                     + (" %d of %d |" % won if won else ""))
    latency_ok = {"tpe": True, "tpe-multivariate": True}
    if measured:
        lines.append("")
        lines.append("| ask + tell after N trials | Sweep (ms) | Optuna %s (ms) |" % json.load(open(optuna_l)).get("version"))
        lines.append("|---|---:|---:|")
        for key in sorted(set(lat_s) | set(lat_o), key=lambda k: (k.split("/")[0], int(k.split("/")[1]))):
            s = lat_s.get(key)
            o = lat_o.get(key, {}).get("median_ms")
            lines.append("| %s | %s | %s |" % (key, fmt(s) if s is not None else "", fmt(o) if o is not None else ""))
            n = int(key.split("/")[1])
            if s is not None and ((n == 1000 and s > 1) or (n == 10000 and s > 5)):
                latency_ok[key.split("/")[0]] = False
    text = "\n".join(lines) + "\n"
    open(out, "w").write(text)
    print(text)
    for sampler, _, target in PAIRS:
        mine = [v for v in verdicts if v[2] == sampler]
        if not mine:
            continue
        missed = [v for v in mine if not v[5]]
        print("search quality, %s%s: %s" % (sampler, "" if target else " (for information)", "met" if not missed else "missed on %d of %d (%s)" % (
            len(missed), len(mine), ", ".join("%s at %d" % (v[0], v[1]) for v in missed))))
        if sampler not in latency_ok:
            continue
        print("latency, %s: %s" % (sampler, "not measured" if not measured else "met" if latency_ok[sampler] else "missed"))
    ok = all(v[5] for v in verdicts if v[6]) and all(latency_ok.values())
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
