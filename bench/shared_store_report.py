#!/usr/bin/python3
"""The report of bench/shared-store-vs-optuna.sh: one table of Optuna's RDB storage and Sweep's
shared store side by side, a table of where Sweep's time per trial goes, and the targets.

    /usr/bin/python3 bench/shared_store_report.py bench/results/shared-store-vs-optuna OUT.md
    /usr/bin/python3 bench/shared_store_report.py --server-cpu PGDATA   # the server's CPU seconds so far

Reads RAW/optuna-SAMPLER-W.json (bench/optuna_rdb.py run) and RAW/sweep-SAMPLER-W-tTHREADS/
(launch.json, agent-*.json, check.json: SharedStoreAgents). Prints the tables as text and writes
them as Markdown to OUT.md. Targets: no duplicates on either side (and every trial there, once);
Sweep >= 10x Optuna's trials/s at 8 workers with each sampler; Sweep >= 2,000 trials/s with 8
agents (threads(1)) and random sampling. Exits 1 when one is missed, and before any table when a
run gave no result: no run at all, a Sweep run's folder without check.json, launch.json or an
agent's JSON, a file that is empty or not JSON, or an agent that claimed no trial.
"""

import glob
import json
import os
import sys

# committed transactions in database :d, WAL syncs (fsyncs: group commit shares one), WAL records
STATS_SQL = ("SELECT d.xact_commit, w.wal_sync, w.wal_records FROM pg_stat_database d, pg_stat_wal w"
             " WHERE d.datname = :d")

SPEEDUP = 10.0
SWEEP_RANDOM_8 = 2000.0


def server_cpu(pgdata):
    """CPU seconds the PostgreSQL server of data folder pgdata used so far: the postmaster's, its
    ended children's (cutime, cstime) and its live children's (backends, WAL writer, checkpointer);
    None when its processes cannot be read (not root)."""
    try:
        with open(os.path.join(pgdata, "postmaster.pid")) as f:
            master = int(f.readline())
        total = 0
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # fields[0] is field 3 of proc(5) (state): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17
            if int(pid) == master:
                total += sum(int(x) for x in fields[11:15])
            elif int(fields[1]) == master:
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return None


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p / 100.0 * (len(s) - 1)))))
    return s[k]


def fail(message):
    sys.exit("shared_store_report.py: " + message)


def load(path, side):
    """The JSON document in path; exits 1 naming the side and the file when it holds none."""
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{side} gave no result: {path} ({e})")
    if not doc:
        fail(f"{side} gave no result: {path} holds {json.dumps(doc)}")
    return doc


def optuna_rows(raw):
    rows = []
    for path in sorted(glob.glob(os.path.join(raw, "optuna-*.json"))):
        d = load(path, "Optuna")
        c = d["check"]
        rows.append({
            "tool": "Optuna", "sampler": d["sampler"], "workers": d["workers"], "threads": 1, "n": d["trials"],
            "rate": d["trials_per_s"], "rate_startup": d["trials_per_s_with_startup"],
            "claim50": pct(d["ask_s"], 50) * 1e3, "claim99": pct(d["ask_s"], 99) * 1e3,
            "step50": pct(d["ask_suggest_s"], 50) * 1e3, "step99": pct(d["ask_suggest_s"], 99) * 1e3,
            "xact": d["xact_commit"] / d["trials"], "duplicates": c["duplicates"],
            "cpu_client": 1e3 * d["client_cpu_s"] / d["trials"],
            "cpu_server": None if d.get("server_cpu_s") is None else 1e3 * d["server_cpu_s"] / d["trials"],
            "wal_sync": d["wal_sync"] / d["trials"],
            "incomplete": c["missing"] + c["not_complete"] + max(0, c["trials"] - d["trials"]),
        })
    return rows


def sweep_rows(raw):
    rows, calls = [], []
    for dir_ in sorted(glob.glob(os.path.join(raw, "sweep-*"))):
        if not os.path.isdir(dir_):
            continue
        side = "Sweep (" + os.path.basename(dir_) + ")"
        launch = load(os.path.join(dir_, "launch.json"), side)
        check = load(os.path.join(dir_, "check.json"), side)
        agents = [load(p, side) for p in sorted(glob.glob(os.path.join(dir_, "agent-*.json")))]
        if len(agents) != launch["workers"]:
            fail(f"{side} gave no result for every agent: {len(agents)} agent-*.json in {dir_}, "
                 f"{launch['workers']} agents launched")
        if not any(a["first_claim_ms"] > 0 for a in agents):
            fail(f"{side} gave no result: no agent claimed a trial ({dir_}/agent-*.json)")
        n = launch["trials"]
        start = min(a["first_claim_ms"] for a in agents if a["first_claim_ms"] > 0)
        end = max(a["last_end_ms"] for a in agents)
        seconds = (end - start) / 1e3
        with_startup = (launch["ended_ns"] - launch["launched_ns"]) / 1e9
        lat = {k: [v for a in agents for v in a[k]] for k in
               ("claim_ns", "changes_ns", "started_ns", "finished_ns", "step_ns")}
        finished = sum(a["finished"] for a in agents)
        rows.append({
            "tool": "Sweep", "sampler": launch["sampler"], "workers": launch["workers"], "threads": launch["threads"],
            "n": n, "rate": n / seconds, "rate_startup": n / with_startup,
            "claim50": pct(lat["claim_ns"], 50) / 1e6, "claim99": pct(lat["claim_ns"], 99) / 1e6,
            "step50": pct(lat["step_ns"], 50) / 1e6, "step99": pct(lat["step_ns"], 99) / 1e6,
            "xact": launch["xact_commit"] / n, "duplicates": check["duplicates"],
            "cpu_client": 1e3 * sum(a["cpu_s"] for a in agents) / n,
            "cpu_server": None if launch.get("server_cpu_s") is None else 1e3 * launch["server_cpu_s"] / n,
            "wal_sync": launch["wal_sync"] / n,
            "incomplete": check["missing"] + check["outside"] + max(0, check["trials"] - n),
        })
        total_calls = {k: sum(a["calls"][k] for a in agents) for k in agents[0]["calls"]}
        calls.append({
            "sampler": launch["sampler"], "workers": launch["workers"], "threads": launch["threads"],
            "calls_per_trial": (total_calls["changes"] + total_calls["claim"] + total_calls["started"]
                                + total_calls["finished"]) / max(1, finished),
            "waits": total_calls["claims_wait"], "again": total_calls["claims_again"],
            "changes_read_per_call": total_calls["changes_read"] / max(1, total_calls["changes"]),
            "xact": launch["xact_commit"] / n,
            **{k.replace("_ns", "") + "50": pct(v, 50) / 1e6 for k, v in lat.items()},
            **{k.replace("_ns", "") + "99": pct(v, 99) / 1e6 for k, v in lat.items()},
            "jit_ms": 1e3 * sum(a.get("jit_s", 0) for a in agents) / n,
            "gc_ms": 1e3 * sum(a.get("gc_s", 0) for a in agents) / n,
            "cpu_ms": 1e3 * sum(a["cpu_s"] for a in agents) / n,
            "in_calls": sum(sum(lat[k]) for k in ("claim_ns", "changes_ns", "started_ns", "finished_ns")) / 1e9
                        / sum((a["last_end_ms"] - a["first_claim_ms"]) / 1e3 for a in agents),
        })
    return rows, calls


def cpu_cell(r):
    if r["cpu_server"] is None:
        return f"{r['cpu_client']:.2f} + ?"
    return f"{r['cpu_client']:.2f} + {r['cpu_server']:.2f}"


def table(header, rows):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(header)]
    text = ["  ".join(str(h).rjust(w) for h, w in zip(header, widths))]
    text += ["  ".join(str(c).rjust(w) for c, w in zip(r, widths)) for r in rows]
    md = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" for _ in header) + "|"]
    md += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(text), "\n".join(md)


def main():
    if sys.argv[1] == "--server-cpu":  # for the shell script
        cpu = server_cpu(sys.argv[2])
        print("null" if cpu is None else f"{cpu:.2f}")
        return
    raw, out_md = sys.argv[1], sys.argv[2]
    o = optuna_rows(raw)
    s, calls = sweep_rows(raw)
    if not o and not s:
        fail(f"no run gave a result: no {raw}/optuna-*.json, no {raw}/sweep-*/")
    rows = sorted(o + s, key=lambda r: (r["sampler"], r["workers"], r["tool"], r["threads"]))
    header = ["tool", "sampler", "workers", "threads", "N", "trials/s", "trials/s incl. start-up",
              "claim p50 ms", "claim p99 ms", "ask+sample p50 ms", "ask+sample p99 ms", "txn/trial",
              "WAL syncs/trial", "CPU ms/trial clients + server", "duplicates", "missing"]
    cells = [[r["tool"], r["sampler"], r["workers"], r["threads"], r["n"], f"{r['rate']:,.0f}",
              f"{r['rate_startup']:,.0f}", f"{r['claim50']:.2f}", f"{r['claim99']:.2f}", f"{r['step50']:.2f}",
              f"{r['step99']:.2f}", f"{r['xact']:.1f}", f"{r['wal_sync']:.2f}", cpu_cell(r), r["duplicates"],
              r["incomplete"]] for r in rows]
    t1, m1 = table(header, cells)
    header2 = ["sampler", "agents", "threads", "store calls/trial", "txn/trial", "changes p50/p99 ms",
               "claim p50/p99 ms", "started p50/p99 ms", "finished p50/p99 ms", "changes read/call", "waits",
               "JVM CPU ms/trial (JIT wall, GC)", "time in store calls"]
    cells2 = [[c["sampler"], c["workers"], c["threads"], f"{c['calls_per_trial']:.2f}", f"{c['xact']:.2f}",
               f"{c['changes50']:.2f} / {c['changes99']:.2f}", f"{c['claim50']:.2f} / {c['claim99']:.2f}",
               f"{c['started50']:.2f} / {c['started99']:.2f}", f"{c['finished50']:.2f} / {c['finished99']:.2f}",
               f"{c['changes_read_per_call']:.1f}", c["waits"],
               f"{c['cpu_ms']:.2f} ({c['jit_ms']:.2f}, {c['gc_ms']:.2f})", f"{100 * c['in_calls']:.0f}%"]
              for c in sorted(calls, key=lambda c: (c["sampler"], c["workers"], c["threads"]))]
    t2, m2 = table(header2, cells2)

    checks = []
    for r in rows:
        if r["duplicates"] or r["incomplete"]:
            checks.append((False, f"{r['tool']} {r['sampler']} W={r['workers']} threads={r['threads']}: "
                                  f"{r['duplicates']} duplicates, {r['incomplete']} missing or extra"))
    dup_free = not checks
    checks.insert(0, (dup_free, f"no duplicates and no missing trials in {len(rows)} runs"))
    for sampler in sorted({r["sampler"] for r in rows}):
        opt = [r for r in o if r["sampler"] == sampler and r["workers"] == 8]
        swp = [r for r in s if r["sampler"] == sampler and r["workers"] == 8 and r["threads"] == 1]
        if opt and swp:
            ratio = swp[0]["rate"] / opt[0]["rate"]
            checks.append((ratio >= SPEEDUP, f"{sampler}, 8 workers: Sweep {swp[0]['rate']:,.0f} trials/s = "
                                             f"{ratio:.1f}x Optuna's {opt[0]['rate']:,.0f} (target >= {SPEEDUP:.0f}x)"))
        else:
            checks.append((False, f"{sampler}, 8 workers: not measured"))
    swp = [r for r in s if r["sampler"] == "random" and r["workers"] == 8 and r["threads"] == 1]
    if swp:
        checks.append((swp[0]["rate"] >= SWEEP_RANDOM_8, f"Sweep, random, 8 agents: {swp[0]['rate']:,.0f} trials/s "
                                                         f"(target >= {SWEEP_RANDOM_8:,.0f})"))
    else:
        checks.append((False, "Sweep, random, 8 agents: not measured"))

    lines = [f"{'met ' if ok else 'MISSED'}  {what}" for ok, what in checks]
    notes = ("trials/s: N / (last trial's end - first claim), every worker started, connected and waiting for the go;"
             " incl. start-up: from starting the first process to the end of the last. claim: study.ask() /"
             " SharedStore.claim(); ask+sample: ask + 2 suggest_float / changes + claim + sampling."
             " txn/trial: the server's committed transactions (pg_stat_database.xact_commit, every client's) per trial;"
             " WAL syncs: pg_stat_wal.wal_sync (a group commit shares one). CPU: the workers' own (JVM or Python"
             " process CPU time from the go to the end) + the server's processes' (/proc), per trial: on"
             f" {os.cpu_count()} cores, {os.cpu_count()} s of CPU / (clients + server) per trial bounds trials/s.")
    notes2 = ("store calls: changes, claim, started, finished (sweep-postgres: in the steady state the finish alone is a round trip, with the next claim and the changes in it; the others are served from what it brought back). JVM CPU: all agents' per trial"
              " of the sweep, and beside it the JIT compilers' elapsed time (CompilationMXBean: wall time of the compiler threads, not CPU) and the collectors'. time in store calls: the"
              " latencies of those calls summed over an agent's threads, over the agent's wall time (2 threads: up"
              " to 200%).")
    text = "\n".join([t1, "", notes, "", "Sweep: where an agent's time per trial goes (store calls)",
                      t2, "", notes2, "", *lines])
    print(text)
    with open(out_md, "w") as f:
        f.write("\n".join([m1, "", notes, "", "Sweep: where an agent's time per trial goes (store calls, each one"
                           " round trip):", "", m2, "", notes2, "", *[f"- {l}" for l in lines], ""]))
    sys.exit(0 if all(ok for ok, _ in checks) else 1)


if __name__ == "__main__":
    main()
