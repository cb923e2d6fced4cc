#!/usr/bin/python3
"""Prints Sweep's JMH results next to Optuna's, with the targets.

    /usr/bin/python3 bench/report.py bench/results/jmh.json [optuna.json [retained.json]]

The JMH file is what `-rf json` writes; the Optuna file is the one line optuna_random.py prints,
the retained file what RetainedPerTrial prints (both optional; "(skipped)" for none). Scores are shown as JMH gives them: mean ± 99.9% confidence half-width.
Exits 1, naming the file, when a file named is missing or empty, when the JMH file has no benchmark
or one without a score, and when the Optuna or retained file lacks a figure the table shows.
"""

import json
import os
import sys

TRIALS_TARGET = 200_000
CONFIGS_TARGET = 1_000_000
SKIPPED = "(skipped)"  # what run-benchmarks.sh passes for a side it did not run


def fmt(x):
    return "n/a" if x is None or x != x else f"{x:,.0f}"


def fail(message):
    sys.exit("report.py: " + message)


def load_json(path, side):
    """The JSON document in path; exits 1 naming the side and the file when there is none."""
    if not os.path.exists(path):
        fail(f"{side} gave no result: {path} does not exist")
    if os.path.getsize(path) == 0:
        fail(f"{side} gave no result: {path} is empty")
    try:
        with open(path) as f:
            doc = json.load(f)
    except ValueError as e:
        fail(f"{side} gave no result: {path} is not JSON ({e})")
    if not doc:
        fail(f"{side} gave no result: {path} holds {json.dumps(doc)}")
    return doc


def require(doc, keys, side, path):
    missing = [k for k in keys if doc.get(k) is None]
    if missing:
        fail(f"{side}: {path} has no {', '.join(missing)}")


def load_jmh(path):
    rows = {}
    for r in load_json(path, "JMH"):
        name = r["benchmark"].rsplit(".", 2)
        key = (name[-2] + "." + name[-1], tuple(sorted((r.get("params") or {}).items())))
        m = r.get("primaryMetric") or {}
        if not isinstance(m.get("score"), (int, float)) or m["score"] != m["score"]:
            fail(f"JMH: {r.get('benchmark')} has no score in {path}")
        alloc = (r.get("secondaryMetrics") or {}).get("gc.alloc.rate.norm", {}).get("score")
        rows[key] = (m["score"], m.get("scoreError", float("nan")), m.get("scoreUnit", ""), alloc)
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
    if len(sys.argv) < 2:
        fail("usage: report.py JMH.json [OPTUNA.json|(skipped) [RETAINED.json|(skipped)]]")
    jmh = load_jmh(sys.argv[1])
    optuna = {}
    if len(sys.argv) > 2 and sys.argv[2] != SKIPPED:
        optuna = load_json(sys.argv[2], "Optuna")
        require(optuna, ("optuna", "trials", "trials_per_s", "trials_per_s_first_quarter",
                         "trials_per_s_last_quarter", "configs_per_s", "configs_per_s_half_rejected"),
                "Optuna", sys.argv[2])

    shown = {b.split(".")[0] for b, _ in jmh if b in ("SweepThroughputBenchmark.sweep", "SamplingBenchmark.ask")
             or b.startswith("TrialPartsBenchmark.")}
    if not shown:
        fail(f"JMH: {sys.argv[1]} has none of the benchmarks this report shows (SweepThroughputBenchmark, "
             f"SamplingBenchmark, TrialPartsBenchmark); it has {', '.join(sorted(b for b, _ in jmh))}")
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

    if len(sys.argv) > 3 and sys.argv[3] != SKIPPED:
        kept = load_json(sys.argv[3], "RetainedPerTrial")
        require(kept, ("retainedBytesPerTrial", "retainedBytes", "trials"), "RetainedPerTrial", sys.argv[3])
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
