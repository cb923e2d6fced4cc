#!/usr/bin/python3
"""Prints Sweep's JMH results next to Optuna's, with the targets.

    /usr/bin/python3 bench/report.py bench/results/jmh.json [optuna.json [retained.json]]

The JMH file is what `-rf json` writes; the Optuna file is the one line optuna_random.py prints,
the retained file what RetainedPerTrial prints (both optional). Scores are shown as JMH gives them: mean ± 99.9% confidence half-width.
"""

import json
import os
import sys

TRIALS_TARGET = 200_000
CONFIGS_TARGET = 1_000_000


def fmt(x):
    return "n/a" if x is None or x != x else f"{x:,.0f}"


def load_jmh(path):
    rows = {}
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 2)
        key = (name[-2] + "." + name[-1], tuple(sorted((r.get("params") or {}).items())))
        m = r["primaryMetric"]
        alloc = (r.get("secondaryMetrics") or {}).get("gc.alloc.rate.norm", {}).get("score")
        rows[key] = (m["score"], m["scoreError"], m["scoreUnit"], alloc)
    return rows


def row(label, score, error, unit_note, alloc, target=None, optuna=None):
    verdict = ""
    if target is not None:
        verdict = "meets target" if score >= target else f"MISSES target {fmt(target)}"
    vs = f"{score / optuna:,.0f}x Optuna" if optuna else ""
    err = f"± {fmt(error)}" if error == error else ""
    b = f"{alloc:,.0f} B/op" if alloc is not None else ""
    print(f"  {label:<38} {fmt(score):>11} {err:<11} {unit_note:<9} {b:>12}  {vs:<14} {verdict}")


def main():
    jmh = load_jmh(sys.argv[1])
    optuna = {}
    if len(sys.argv) > 2 and os.path.exists(sys.argv[2]):
        optuna = json.load(open(sys.argv[2]))

    print("\nTrials per second: in-JVM sweep, trivial runner, random sampler, 4 parameters, no directory")
    o_trials = optuna.get("trials_per_s")
    for (bench, params), (score, error, unit, alloc) in sorted(jmh.items()):
        if bench == "SweepThroughputBenchmark.sweep":
            label = "Sweep " + ", ".join(f"{k}={v}" for k, v in params)
            row(label, score, error, "trials/s", alloc, TRIALS_TARGET, o_trials)
    if optuna:
        row(f"Optuna {optuna['optuna']} RandomSampler", o_trials, float("nan"), "trials/s", None)
        print(f"  {'':<38} ({optuna['trials']:,} trials in one study; first quarter "
              f"{fmt(optuna['trials_per_s_first_quarter'])}/s, last quarter "
              f"{fmt(optuna['trials_per_s_last_quarter'])}/s)")

    if len(sys.argv) > 3 and os.path.exists(sys.argv[3]):
        kept = json.load(open(sys.argv[3]))
        print(f"  heap kept per finished trial: {kept['retainedBytesPerTrial']:,.0f} B "
              f"({kept['retainedBytes'] / 1e6:,.0f} MB for {kept['trials']:,} trials)")

    print("\nConfigs per second: Samplers.random(seed).start(space).ask(i), i = 0, 1, 2, ...")
    o_configs = {"none": optuna.get("configs_per_s"), "half": optuna.get("configs_per_s_half_rejected")}
    for (bench, params), (score, error, unit, alloc) in sorted(jmh.items(), reverse=True):
        if bench == "SamplingBenchmark.ask":
            c = dict(params).get("constraint")
            label = "Sweep, constraint=" + c + (" (rejects ~1/2)" if c == "half" else "")
            row(label, score, error, "configs/s", alloc, CONFIGS_TARGET, o_configs.get(c))
    if optuna:
        row("Optuna ask() + 4 suggest", o_configs["none"], float("nan"), "configs/s", None)
        row("Optuna, lr < middle else re-ask", o_configs["half"], float("nan"), "configs/s", None)

    parts = [(b, v) for (b, p), v in jmh.items() if b.startswith("TrialPartsBenchmark.")]
    if parts:
        print("\nPer-step cost of one trial (TrialPartsBenchmark)")
        for bench, (score, error, unit, alloc) in sorted(parts, key=lambda x: -x[1][0]):
            b = f"{alloc:,.0f} B/op" if alloc is not None else ""
            print(f"  {bench.split('.')[1]:<34} {score:>9.1f} ± {error:<7.1f} {unit:<6} {b:>12}")
    print()


if __name__ == "__main__":
    main()
