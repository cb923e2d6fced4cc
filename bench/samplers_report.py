#!/usr/bin/python3
"""Merges the two sides of bench/samplers-vs-optuna.sh into a Markdown table and a verdict.

    /usr/bin/python3 bench/samplers_report.py SWEEP_QUALITY.json OPTUNA_QUALITY.json SWEEP_LATENCY.json \
        OPTUNA_LATENCY.json OUT.md

For each problem and budget: the median and interquartile range of the simple regret over the
seeds, per tool and sampler. Target (issue 6): Sweep's TPE median <= Optuna's TPE median at 100 and
200 trials on every problem, univariate against univariate and multivariate against multivariate.
Latency targets: Sweep's ask + tell <= 1 ms after 1,000 trials and <= 5 ms after 10,000.
Exits 1 when a target is missed.
"""

import json
import statistics
import sys


def quartiles(values):
    v = sorted(values)
    q = statistics.quantiles(v, n=4, method="inclusive") if len(v) > 1 else [v[0]] * 3
    return q[0], statistics.median(v), q[2]


def fmt(x):
    return "%.3g" % x


def main():
    sweep_q, optuna_q, sweep_l, optuna_l, out = sys.argv[1:6]
    rows = {}
    for tool, path in (("sweep", sweep_q), ("optuna", optuna_q)):
        for r in json.load(open(path))["results"]:
            rows.setdefault((r["problem"], r["budget"], tool, r["sampler"]), []).append(r["regret"])
    problems = list(dict.fromkeys(k[0] for k in rows))
    budgets = sorted(set(k[1] for k in rows))
    columns = [("sweep", "random"), ("sweep", "sobol"), ("sweep", "tpe"), ("sweep", "tpe-multivariate"),
               ("optuna", "random"), ("optuna", "tpe"), ("optuna", "tpe-multivariate")]
    if any(k[3] == "gp" for k in rows):  # GP=1: Sweep's Gaussian process too (not on the mixed space)
        columns.insert(4, ("sweep", "gp"))
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
                for s in ("tpe", "tpe-multivariate"):
                    ours = statistics.median(rows[(p, b, "sweep", s)])
                    theirs = statistics.median(rows[(p, b, "optuna", s)])
                    verdicts.append((p, b, s, ours, theirs, ours <= theirs))
    lines.append("")
    lines.append("Median regret [25th, 75th percentile] over %d seeds; lower is better." %
                 len(rows[(problems[0], budgets[0], "sweep", "tpe")]))
    lines.append("")
    lines.append("| problem | trials | sampler | Sweep median | Optuna median | Sweep <= Optuna |")
    lines.append("|---|---:|---|---:|---:|---|")
    for p, b, s, ours, theirs, ok in verdicts:
        lines.append("| %s | %d | %s | %s | %s | %s |" % (p, b, s, fmt(ours), fmt(theirs), "yes" if ok else "**no**"))
    lat_s = json.load(open(sweep_l))
    lat_o = json.load(open(optuna_l))["latency"]
    lines.append("")
    lines.append("| ask + tell after N trials | Sweep (ms) | Optuna %s (ms) |" % json.load(open(optuna_l))["version"])
    lines.append("|---|---:|---:|")
    latency_ok = {"tpe": True, "tpe-multivariate": True}
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
    for sampler in ("tpe", "tpe-multivariate"):
        mine = [v for v in verdicts if v[2] == sampler]
        missed = [v for v in mine if not v[5]]
        print("search quality, %s: %s" % (sampler, "met" if not missed else "missed on %d of %d (%s)" % (
            len(missed), len(mine), ", ".join("%s at %d" % (v[0], v[1]) for v in missed))))
        print("latency, %s: %s" % (sampler, "met" if latency_ok[sampler] else "missed"))
    ok = all(v[5] for v in verdicts) and all(latency_ok.values())
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
