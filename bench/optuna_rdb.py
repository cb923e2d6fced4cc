#!/usr/bin/python3
"""Optuna's side of bench/shared-store-vs-optuna.sh: W worker processes share one study in
Optuna's RDB storage on PostgreSQL, as Sweep's agents share one sweep in sweep-postgres.

    PGPASSWORD=... /usr/bin/python3 bench/optuna_rdb.py run --workers 4 --trials 2000 \
        --sampler random --seed 1 --out bench/results/shared-store-vs-optuna/optuna-random-4.json

`run` creates a study (minimize) on postgresql+psycopg2://USER@HOST:PORT/DB (the password comes from
PGPASSWORD through libpq: it is in no URL, and never printed; Optuna's tables go in schema optuna_bench,
apart from Sweep's: once needed, as Sweep's tables had generic names (`trials`); they are prefixed
`sweep_` now, and the schema just keeps each tool's tables apart), then starts W processes of this script
(`worker`), each running `trial = study.ask(); x = trial.suggest_float("x", -5, 5);
y = trial.suggest_float("y", -5, 5); study.tell(trial, x * x + y * y)` for its share of the N trials
(N // W, the first N % W one more), with RandomSampler(seed + w) or TPESampler(seed + w), defaults
otherwise. Each worker loads the study, then says it is ready and waits for the go, so that Python's
start-up, Optuna's import and connecting are not measured: the clock runs from the go to the last tell
(`seconds`); `seconds_with_startup` runs from starting the first process to the end of the last.

Timed per trial with time.perf_counter: study.ask() (`ask_s`, the claim: it inserts the trial) and
ask + the two suggest_float calls (`ask_suggest_s`: the sampling too, which reads the study's trials).
After the run, the study is read back through Optuna's API (get_trials: trial numbers that appear twice,
trials that are not COMPLETE, trials missing or too many) and the tables (param rows or value rows twice
for the same trial). Also counts the server's committed transactions (pg_stat_database.xact_commit of
the database) from the go to the end: the server is shared, so other clients' transactions count too;
and the CPU time the workers (time.process_time) and the server's processes (/proc, --pgdata) used.
Writes one JSON file (--out).
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import time
import uuid

import optuna

from shared_store_report import server_cpu, STATS_SQL


SCHEMA = "optuna_bench"  # each tool's tables apart (Sweep's are sweep_*, and no longer clash with Optuna's)


def storage_url(args):
    # no password: libpq takes it from PGPASSWORD (or ~/.pgpass)
    return f"postgresql+psycopg2://{args.user}@{args.host}:{args.port}/{args.db}"


def engine_kwargs():
    return {"connect_args": {"options": f"-c search_path={SCHEMA}"}}


def make_storage(args):
    return optuna.storages.RDBStorage(storage_url(args), engine_kwargs=engine_kwargs())


def make_sampler(name, seed):
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    raise SystemExit(f"sampler {name!r}: random or tpe")


def server_stats(engine, db):
    """The server's committed transactions in the database, WAL syncs and WAL records so far."""
    import sqlalchemy

    with engine.connect() as c:
        return list(c.execute(sqlalchemy.text(STATS_SQL), {"d": db}).one())


def worker(args):
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.load_study(study_name=args.study, storage=make_storage(args),
                              sampler=make_sampler(args.sampler, args.seed))
    study.trials  # connect (and read the empty study) before the clock starts
    with open(os.path.join(args.ready, str(os.getpid())), "w"):
        pass
    while not os.path.exists(args.go):
        time.sleep(0.001)
    go = time.time()
    cpu = time.process_time()
    asks, steps = [], []
    first = time.time()
    for _ in range(args.trials):
        t0 = time.perf_counter()
        trial = study.ask()
        t1 = time.perf_counter()
        x = trial.suggest_float("x", -5, 5)
        y = trial.suggest_float("y", -5, 5)
        t2 = time.perf_counter()
        study.tell(trial, x * x + y * y)
        asks.append(t1 - t0)
        steps.append(t2 - t0)
    last = time.time()
    cpu = time.process_time() - cpu
    with open(args.out, "w") as f:
        json.dump({"pid": os.getpid(), "trials": args.trials, "go": go, "first_ask": first, "last_tell": last,
                   "cpu_s": cpu,
                   "ask_s": asks, "ask_suggest_s": steps}, f)


def check(study_name, storage, engine, n):
    """Duplicates and gaps, read back through Optuna's API and from the tables."""
    import sqlalchemy

    study = optuna.load_study(study_name=study_name, storage=storage)  # a new storage: nothing cached
    trials = study.get_trials(deepcopy=False)
    numbers = collections.Counter(t.number for t in trials)
    ids = collections.Counter(t._trial_id for t in trials)
    not_complete = sum(1 for t in trials if t.state != optuna.trial.TrialState.COMPLETE)
    with engine.connect() as c:
        study_id = c.execute(sqlalchemy.text("SELECT study_id FROM studies WHERE study_name = :s"),
                             {"s": study_name}).scalar()
        params_twice = c.execute(sqlalchemy.text(
            "SELECT count(*) FROM (SELECT p.trial_id FROM trial_params p JOIN trials t USING (trial_id)"
            " WHERE t.study_id = :s GROUP BY p.trial_id, p.param_name HAVING count(*) > 1) d"), {"s": study_id}).scalar()
        values_twice = c.execute(sqlalchemy.text(
            "SELECT count(*) FROM (SELECT v.trial_id FROM trial_values v JOIN trials t USING (trial_id)"
            " WHERE t.study_id = :s GROUP BY v.trial_id, v.objective HAVING count(*) > 1) d"), {"s": study_id}).scalar()
        numbers_twice_sql = c.execute(sqlalchemy.text(
            "SELECT count(*) FROM (SELECT number FROM trials WHERE study_id = :s GROUP BY number HAVING count(*) > 1) d"),
            {"s": study_id}).scalar()
    numbers_twice = sum(1 for k in numbers.values() if k > 1)
    missing = sum(1 for i in range(n) if i not in numbers)
    return {"trials": len(trials), "numbers_twice": numbers_twice, "numbers_twice_sql": numbers_twice_sql,
            "ids_twice": sum(1 for k in ids.values() if k > 1), "params_twice": params_twice,
            "values_twice": values_twice, "not_complete": not_complete, "missing": missing,
            "duplicates": max(numbers_twice, numbers_twice_sql) + params_twice + values_twice}


def run(args):
    import sqlalchemy

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    engine = sqlalchemy.create_engine(storage_url(args), **engine_kwargs())
    with engine.begin() as c:
        c.execute(sqlalchemy.text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
    name = f"shared-bench-{args.sampler}-{args.workers}-{uuid.uuid4().hex[:8]}"
    optuna.create_study(study_name=name, storage=make_storage(args), direction="minimize")
    work = os.path.splitext(args.out)[0] + ".work"
    ready, go = os.path.join(work, "ready"), os.path.join(work, "go")
    os.makedirs(ready, exist_ok=True)
    for f in os.listdir(ready):
        os.remove(os.path.join(ready, f))
    if os.path.exists(go):
        os.remove(go)
    shares = [args.trials // args.workers + (1 if w < args.trials % args.workers else 0) for w in range(args.workers)]
    launched = time.time()
    procs, outs = [], []
    for w in range(args.workers):
        out = os.path.join(work, f"worker-{w}.json")
        outs.append(out)
        procs.append(subprocess.Popen([sys.executable, os.path.abspath(__file__), "worker", "--study", name,
                                       "--trials", str(shares[w]), "--sampler", args.sampler,
                                       "--seed", str(args.seed + w), "--ready", ready, "--go", go, "--out", out,
                                       "--host", args.host, "--port", str(args.port), "--user", args.user,
                                       "--db", args.db]))
    while len(os.listdir(ready)) < args.workers:
        if any(p.poll() not in (None, 0) for p in procs):
            raise SystemExit("a worker failed before it was ready")
        time.sleep(0.01)
    x0 = server_stats(engine, args.db)
    s0 = server_cpu(args.pgdata)
    with open(go, "w"):
        pass
    rcs = [p.wait() for p in procs]
    ended = time.time()
    s1 = server_cpu(args.pgdata)
    x1 = server_stats(engine, args.db)
    if any(rcs):
        raise SystemExit(f"workers exited {rcs}")
    for w, o in enumerate(outs):
        if not os.path.exists(o) or os.path.getsize(o) == 0:
            raise SystemExit(f"worker {w} exited 0 but gave no result: {o} is missing or empty")
    workers = [json.load(open(o)) for o in outs]
    start = min(w["first_ask"] for w in workers)
    end = max(w["last_tell"] for w in workers)
    checked = check(name, make_storage(args), engine, args.trials)
    result = {
        "tool": "optuna", "optuna": optuna.__version__, "sampler": args.sampler, "workers": args.workers,
        "trials": args.trials, "study": name,
        "seconds": end - start, "seconds_with_startup": ended - launched,
        "trials_per_s": args.trials / (end - start), "trials_per_s_with_startup": args.trials / (ended - launched),
        "xact_commit": x1[0] - x0[0], "wal_sync": x1[1] - x0[1], "wal_records": x1[2] - x0[2], "client_cpu_s": sum(w["cpu_s"] for w in workers),
        "server_cpu_s": None if s0 is None or s1 is None else s1 - s0, "ask_s": [v for w in workers for v in w["ask_s"]],
        "ask_suggest_s": [v for w in workers for v in w["ask_suggest_s"]], "check": checked,
    }
    with open(args.out, "w") as f:
        json.dump(result, f)
    print(json.dumps({k: v for k, v in result.items() if not isinstance(v, list)}))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["run", "worker"])
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--trials", type=int, default=1000)
    p.add_argument("--sampler", default="random")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    p.add_argument("--study")
    p.add_argument("--ready")
    p.add_argument("--go")
    p.add_argument("--host", default=os.environ.get("PGHOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("PGPORT", "55432")))
    p.add_argument("--user", default="sweep")
    p.add_argument("--db", default="sweep")
    p.add_argument("--pgdata", default=os.environ.get("PGDATA", "/var/lib/sweep-postgres"))
    args = p.parse_args()
    if "PGPASSWORD" not in os.environ:
        raise SystemExit("PGPASSWORD is needed (the database's password; it is never printed)")
    worker(args) if args.mode == "worker" else run(args)


if __name__ == "__main__":
    main()
