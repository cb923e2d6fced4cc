#!/usr/bin/python3
"""Summarises a JFR recording from `-prof jfr`: where the CPU goes, who allocates, how long GC paused.

    /usr/bin/python3 bench/jfr_hotspots.py path/to/profile.jfr [--top 25]

CPU: jdk.ExecutionSample events of the benchmark and sweep threads, counted by the top frame
("self") and by every distinct method on the stack ("total"), in percent of samples. Allocation:
jdk.ObjectAllocationSample weights (bytes, sampled) by allocated class and by the innermost
dev.sweep frame that allocated. GC: pause time from jdk.GarbageCollection, by collector and cause
(a System.gc() cause is JMH setup, not timed). Needs `jfr` (the JDK tool) on the PATH.
Exits 1 when the recording is missing, empty or unreadable, or holds no execution sample of the
benchmark's threads (nothing to report).
"""

import argparse
import collections
import json
import os
import subprocess
import sys


def frames(event):
    trace = event["values"].get("stackTrace") or {}
    return trace.get("frames") or []


def method_name(frame):
    m = frame["method"]
    return m["type"]["name"].replace("/", ".") + "." + m["name"]


def thread_name(event, key):
    t = event["values"].get(key) or {}
    return t.get("javaName") or t.get("osName") or ""


def ours(name):
    return "jmh-worker" in name or name.startswith("sweep-")


def seconds(text):
    # JFR prints durations like "113 ms", "1.2 s", "850 us" in --json as ISO-8601 "PT0.113S".
    if isinstance(text, (int, float)):
        return float(text) / 1e9
    if text.startswith("PT") and text.endswith("S"):
        return float(text[2:-1])
    return 0.0


def load(path, events):
    try:
        done = subprocess.run(
            ["jfr", "print", "--json", "--stack-depth", "64", "--events", ",".join(events), path],
            capture_output=True, text=True)
    except OSError as e:
        sys.exit(f"jfr_hotspots.py: cannot run jfr (the JDK tool, on the PATH): {e}")
    if done.returncode != 0:
        sys.exit(f"jfr_hotspots.py: jfr print {path} exited with {done.returncode}: {done.stderr.strip()}")
    return json.loads(done.stdout)["recording"]["events"]


def table(title, counter, total, unit, top):
    print(f"\n{title}")
    for key, value in counter.most_common(top):
        share = 100.0 * value / total if total else 0.0
        shown = f"{value / 1e6:10.1f} MB" if unit == "bytes" else f"{value:8d}"
        print(f"  {share:5.1f}%  {shown}  {key}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("jfr")
    p.add_argument("--top", type=int, default=25)
    args = p.parse_args()
    if not os.path.exists(args.jfr) or os.path.getsize(args.jfr) == 0:
        sys.exit(f"jfr_hotspots.py: no recording: {args.jfr} is missing or empty")

    cpu_self, cpu_total = collections.Counter(), collections.Counter()
    samples = 0
    for e in load(args.jfr, ["jdk.ExecutionSample"]):
        if not ours(thread_name(e, "sampledThread")):
            continue
        fs = frames(e)
        if not fs:
            continue
        samples += 1
        cpu_self[method_name(fs[0])] += 1
        for m in {method_name(f) for f in fs}:
            cpu_total[m] += 1
    if samples == 0:
        sys.exit(f"jfr_hotspots.py: {args.jfr} has no execution sample of the benchmark's threads (jmh-worker, sweep-*)")
    print(f"{args.jfr}\nCPU: {samples} execution samples of benchmark/sweep threads")
    table("CPU self (top frame)", cpu_self, samples, "count", args.top)
    table("CPU total (method anywhere on the stack)", cpu_total, samples, "count", args.top)

    by_class, by_site = collections.Counter(), collections.Counter()
    allocated = 0
    for e in load(args.jfr, ["jdk.ObjectAllocationSample"]):
        if not ours(thread_name(e, "eventThread")):
            continue
        weight = int(e["values"].get("weight") or 0)
        allocated += weight
        by_class[(e["values"].get("objectClass") or {}).get("name", "?").replace("/", ".")] += weight
        site = next((method_name(f) + ":" + str(f.get("lineNumber"))
                     for f in frames(e) if method_name(f).startswith("dev.sweep.")
                     and not method_name(f).startswith("dev.sweep.benchmarks.")), "(outside dev.sweep)")
        by_site[site] += weight
    print(f"\nAllocation: {allocated / 1e6:.1f} MB sampled (JFR weights) on benchmark/sweep threads")
    table("Allocated bytes by class", by_class, allocated, "bytes", args.top)
    table("Allocated bytes by innermost dev.sweep frame", by_site, allocated, "bytes", args.top)

    gcs = load(args.jfr, ["jdk.GarbageCollection"])
    if gcs:
        first = gcs[0]["values"]["startTime"]
        last = gcs[-1]["values"]["startTime"]
        print(f"\nGC: {len(gcs)} collections between {first} and {last}; pauses by cause:")
        by_cause = collections.defaultdict(lambda: [0, 0.0])
        for e in gcs:
            key = f'{e["values"].get("name")} ({e["values"].get("cause")})'
            by_cause[key][0] += 1
            by_cause[key][1] += seconds(e["values"].get("sumOfPauses", 0))
        for key, (n, s) in sorted(by_cause.items(), key=lambda kv: -kv[1][1]):
            print(f"  {s:8.2f} s  {n:4d} x  {key}")

if __name__ == "__main__":
    sys.exit(main())
