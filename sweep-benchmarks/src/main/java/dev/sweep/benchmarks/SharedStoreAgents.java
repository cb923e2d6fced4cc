package dev.sweep.benchmarks;

import dev.sweep.Result;
import dev.sweep.Runner;
import dev.sweep.Sweep;
import dev.sweep.config.Config;
import dev.sweep.postgres.Agent;
import dev.sweep.postgres.Attempt;
import dev.sweep.postgres.Stores;
import dev.sweep.postgres.SweepDatabase;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.Samplers;
import dev.sweep.sampler.search.SearchSamplers;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.store.SharedStore;
import dev.sweep.store.SweepStore;
import dev.sweep.store.TrialState;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Agents of one sweep shared on PostgreSQL, each its own JVM, for {@code
 * bench/shared-store-vs-optuna.sh}: the Sweep side of issue 22's comparison with Optuna's RDB
 * storage ({@code bench/optuna_rdb.py}). The space is two uniform floats x, y on [-5, 5] and the
 * objective x^2 + y^2, computed in the JVM: the twin of optuna_rdb.py's, so that what is measured
 * is the store and the sampler.
 *
 * <pre>{@code
 * java -cp sweep-benchmarks/target/benchmarks.jar dev.sweep.benchmarks.SharedStoreAgents create URL random 20000
 * java -cp ... SharedStoreAgents agent URL ID random 20000 THREADS OUT.json READY_DIR GO_FILE   # W of them at once
 * java -cp ... SharedStoreAgents check URL ID 20000 OUT.json
 * }</pre>
 *
 * <ul>
 *   <li>{@code create} stores a sweep of N trials with the sampler named (random: {@code
 *       Samplers.random(1)}; tpe: {@code SearchSamplers.tpe(1)}) and prints its id.
 *   <li>{@code agent} joins it ({@link SweepDatabase#join}, {@link Agent#defaults()}) and runs it
 *       with {@code threads(THREADS)}. Its store is opened (connected, agent registered) before the
 *       clock starts: it then writes {@code READY_DIR/<pid>} and waits for {@code GO_FILE}, so that
 *       JVM start-up and connecting are not measured and all agents start at once. The store is
 *       wrapped: each call of {@code claim()} is timed (System.nanoTime), and so is the whole step
 *       a free thread takes before it runs a trial (changes + claim + sampling + created, the twin
 *       of Optuna's ask + suggests). Writes OUT.json: the epoch-millisecond times of the go, the
 *       first claim and the last end of an attempt, the JVM's CPU time from the go to the end (and
 *       the JIT compilers' and collectors' time), the calls made of the store, and every latency in
 *       nanoseconds.
 *   <li>{@code check} reads the sweep back ({@link SweepDatabase#attempts}, {@link
 *       SweepDatabase#trials}, and the events table): trials with more than one COMPLETED attempt,
 *       more than one finished event, indices 0..N-1 without exactly one completed final result.
 *       Writes OUT.json.
 * </ul>
 *
 * <p>The URL is a {@code jdbc:postgresql://} one without a password (PGPASSWORD gives it).
 */
public final class SharedStoreAgents {
  private SharedStoreAgents() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      usage();
    }
    switch (args[0]) {
      case "create" -> {
        need(args, 4);
        try (SweepDatabase db = Stores.postgres(args[1])) {
          Sweep sweep = sweep(args[2], Long.parseLong(args[3]), 1, null);
          System.out.println(db.create(sweep.definition(), null));
        }
      }
      case "agent" -> {
        need(args, 9);
        agent(
            args[1],
            args[2],
            args[3],
            Long.parseLong(args[4]),
            Integer.parseInt(args[5]),
            Path.of(args[6]),
            Path.of(args[7]),
            Path.of(args[8]));
      }
      case "check" -> {
        need(args, 5);
        check(args[1], args[2], Long.parseLong(args[3]), Path.of(args[4]));
      }
      default -> usage();
    }
  }

  private static void need(String[] args, int n) {
    if (args.length < n) {
      usage();
    }
  }

  private static void usage() {
    System.err.println(
        """
        usage: SharedStoreAgents create URL SAMPLER N
               SharedStoreAgents agent URL ID SAMPLER N THREADS OUT.json READY_DIR GO_FILE
               SharedStoreAgents check URL ID N OUT.json""");
    System.exit(2);
  }

  /** x, y uniform on [-5, 5]. */
  static Space space() {
    return Space.builder().add("x", Floats.uniform(-5, 5)).add("y", Floats.uniform(-5, 5)).build();
  }

  /** x^2 + y^2: optuna_rdb.py's objective. */
  static Runner runner() {
    return trial -> {
      Config c = trial.config();
      double x = c.getDouble("x");
      double y = c.getDouble("y");
      return Result.of(x * x + y * y);
    };
  }

  static Sampler sampler(String name) {
    return switch (name) {
      case "random" -> Samplers.random(1);
      case "tpe" -> SearchSamplers.tpe(1);
      default -> throw new IllegalArgumentException("sampler '" + name + "': random or tpe");
    };
  }

  private static Sweep sweep(String sampler, long trials, int threads, SweepStore.Opener store) {
    Sweep.Builder b =
        Sweep.builder(space(), runner())
            .name("shared-bench")
            .sampler(sampler(sampler))
            .maxTrials(trials)
            .threads(threads);
    if (store != null) {
      b.store(store);
    }
    return b.build();
  }

  // ---------------------------------------------------------------- agent

  private static void agent(
      String url,
      String id,
      String sampler,
      long trials,
      int threads,
      Path out,
      Path ready,
      Path go)
      throws Exception {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    long[] goAt = new long[1];
    long[] cpuAt = new long[1];
    long[] jitAt = new long[1];
    long[] gcAt = new long[1];
    Timed[] timed = new Timed[1];
    try (SweepDatabase db = Stores.postgres(url)) {
      SweepStore.Opener join = db.join(id, Agent.defaults());
      Sweep sweep =
          sweep(
              sampler,
              trials,
              threads,
              definition -> {
                timed[0] = new Timed((SharedStore) join.open(definition));
                // connected and registered: say so, then wait for every agent to be
                try {
                  Files.createDirectories(ready);
                  Files.writeString(
                      ready.resolve(Long.toString(ProcessHandle.current().pid())), "");
                  while (!Files.exists(go)) {
                    Thread.sleep(1);
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
                goAt[0] = System.currentTimeMillis();
                cpuAt[0] = processCpuNanos();
                jitAt[0] = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                gcAt[0] = gcMillis();
                return timed[0];
              });
      long t0 = System.nanoTime();
      int size = sweep.run().size();
      long runNanos = System.nanoTime() - t0;
      long cpu = processCpuNanos() - cpuAt[0];
      long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitAt[0];
      long gc = gcMillis() - gcAt[0];
      Timed t = timed[0];
      StringBuilder json = new StringBuilder(64 * 1024);
      json.append("{\"pid\": ")
          .append(ProcessHandle.current().pid())
          .append(", \"sampler\": \"")
          .append(sampler)
          .append("\", \"threads\": ")
          .append(threads)
          .append(", \"jvm_start_ms\": ")
          .append(jvmStart)
          .append(", \"go_ms\": ")
          .append(goAt[0])
          .append(", \"first_claim_ms\": ")
          .append(t.firstClaimMicros / 1e3)
          .append(", \"last_end_ms\": ")
          .append(t.lastEndMicros / 1e3)
          .append(", \"run_s\": ")
          .append(runNanos / 1e9)
          .append(", \"cpu_s\": ")
          .append(cpu / 1e9)
          .append(", \"jit_s\": ")
          .append(jit / 1e3)
          .append(", \"gc_s\": ")
          .append(gc / 1e3)
          .append(", \"population\": ")
          .append(size)
          .append(", \"finished\": ")
          .append(t.finished)
          .append(", \"calls\": {\"changes\": ")
          .append(t.changesCalls)
          .append(", \"claim\": ")
          .append(t.claim.size)
          .append(", \"started\": ")
          .append(t.started)
          .append(", \"finished\": ")
          .append(t.finished)
          .append(", \"reported\": ")
          .append(t.reported)
          .append(", \"note\": ")
          .append(t.notes)
          .append(", \"claims_fresh\": ")
          .append(t.fresh)
          .append(", \"claims_again\": ")
          .append(t.again)
          .append(", \"claims_wait\": ")
          .append(t.waits)
          .append(", \"claims_done\": ")
          .append(t.done)
          .append(", \"changes_read\": ")
          .append(t.changesRead)
          .append("}")
          .append(", \"claim_ns\": ")
          .append(t.claim.json())
          .append(", \"changes_ns\": ")
          .append(t.changes.json())
          .append(", \"started_ns\": ")
          .append(t.startedNs.json())
          .append(", \"finished_ns\": ")
          .append(t.finishedNs.json())
          .append(", \"step_ns\": ")
          .append(t.step.json())
          .append("}\n");
      Files.writeString(out, json);
    }
  }

  /** This JVM's CPU time (every thread's, the JIT's and the collector's included). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Time the collectors spent so far (pauses and, for the concurrent ones, their cycles). */
  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(b -> Math.max(0, b.getCollectionTime()))
        .sum();
  }

  /** A growable array of nanosecond latencies. */
  static final class Latencies {
    private long[] values = new long[1024];
    int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    String json() {
      StringBuilder s = new StringBuilder(size * 7 + 2).append('[');
      for (int i = 0; i < size; i++) {
        if (i > 0) {
          s.append(',');
        }
        s.append(values[i]);
      }
      return s.append(']').toString();
    }
  }

  /**
   * The agent's store, timed: claim(), changes(), started(), finished(), and the step from the
   * changes() a free thread reads to the created() of the trial it claimed (sampling included). The
   * run calls changes() and claim() under its lock; the rest is synchronized here (cheap next to a
   * round trip).
   */
  static final class Timed implements SharedStore {
    private final SharedStore store;
    final Latencies claim = new Latencies();
    final Latencies changes = new Latencies();
    final Latencies startedNs = new Latencies();
    final Latencies finishedNs = new Latencies();
    final Latencies step = new Latencies();
    private final Map<Thread, Long> stepStart = new HashMap<>();
    long firstClaimMicros = -1;
    long lastEndMicros = -1;
    long changesCalls;
    long changesRead;
    long started;
    long finished;
    long reported;
    long notes;
    long fresh;
    long again;
    long waits;
    long done;

    Timed(SharedStore store) {
      this.store = store;
    }

    private static long nowMicros() {
      Instant now = Instant.now();
      return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    @Override
    public Claim claim() {
      long t0 = System.nanoTime();
      Claim c = store.claim();
      long t1 = System.nanoTime();
      synchronized (this) {
        if (firstClaimMicros < 0) {
          firstClaimMicros = nowMicros() - (t1 - t0) / 1_000;
        }
        claim.add(t1 - t0);
        if (c instanceof Claim.Fresh) {
          fresh++;
        } else if (c instanceof Claim.Again) {
          again++;
          stepStart.remove(Thread.currentThread());
        } else if (c instanceof Claim.Wait) {
          waits++;
          stepStart.remove(Thread.currentThread());
        } else {
          done++;
          stepStart.remove(Thread.currentThread());
        }
      }
      return c;
    }

    @Override
    public List<Change> changes() {
      long t0 = System.nanoTime();
      List<Change> read = store.changes();
      long t1 = System.nanoTime();
      synchronized (this) {
        changes.add(t1 - t0);
        changesCalls++;
        changesRead += read.size();
        stepStart.put(Thread.currentThread(), t0);
      }
      return read;
    }

    @Override
    public void created(Sample sample) {
      store.created(sample);
      long t1 = System.nanoTime();
      synchronized (this) {
        Long t0 = stepStart.remove(Thread.currentThread());
        if (t0 != null) {
          step.add(t1 - t0);
        }
      }
    }

    @Override
    public void started(long id, int attempt) {
      long t0 = System.nanoTime();
      store.started(id, attempt);
      long t1 = System.nanoTime();
      synchronized (this) {
        started++;
        startedNs.add(t1 - t0);
      }
    }

    @Override
    public void finished(TrialRecord record, int attempt, boolean retrying) {
      long t0 = System.nanoTime();
      store.finished(record, attempt, retrying);
      long t1 = System.nanoTime();
      long end = nowMicros();
      synchronized (this) {
        finished++;
        finishedNs.add(t1 - t0);
        lastEndMicros = Math.max(lastEndMicros, end);
      }
    }

    @Override
    public void reported(long id, int attempt, CurvePoint point) {
      synchronized (this) {
        reported++;
      }
      store.reported(id, attempt, point);
    }

    @Override
    public void note(long id, String key, Map<String, ?> value) {
      synchronized (this) {
        notes++;
      }
      store.note(id, key, value);
    }

    @Override
    public boolean holds(long id, int attempt) {
      return store.holds(id, attempt);
    }

    @Override
    public boolean isCancelled() {
      return store.isCancelled();
    }

    @Override
    public Map<Long, TrialState> replay() {
      return store.replay();
    }

    @Override
    public Optional<Path> directory() {
      return store.directory();
    }

    @Override
    public boolean isFull() {
      return store.isFull();
    }

    @Override
    public String description() {
      return store.description();
    }

    @Override
    public void close() {
      store.close();
    }
  }

  // ---------------------------------------------------------------- check

  private static void check(String url, String id, long n, Path out)
      throws IOException, SQLException {
    long completedTwice = 0;
    long attemptsTotal = 0;
    long retried = 0;
    Map<Long, Integer> completedByIndex = new HashMap<>();
    Map<Long, Integer> attemptsByIndex = new HashMap<>();
    Map<Long, TrialState> trials;
    try (SweepDatabase db = Stores.postgres(url)) {
      for (Attempt a : db.attempts(id)) {
        attemptsTotal++;
        attemptsByIndex.merge(a.trial(), 1, Integer::sum);
        if ("COMPLETED".equals(a.status())) {
          completedByIndex.merge(a.trial(), 1, Integer::sum);
        }
      }
      trials = db.trials(id);
    }
    for (int c : completedByIndex.values()) {
      if (c > 1) {
        completedTwice++;
      }
    }
    for (int c : attemptsByIndex.values()) {
      if (c > 1) {
        retried++;
      }
    }
    long missing = 0; // indices 0..n-1 without a completed final result
    for (long i = 0; i < n; i++) {
      TrialState s = trials.get(i);
      if (s == null || s.last().isEmpty() || s.last().get().status() != TrialStatus.COMPLETED) {
        missing++;
      }
    }
    long outside = trials.keySet().stream().filter(i -> i < 0 || i >= n).count();
    long finishedTwice;
    long finishedEvents;
    Properties props = new Properties();
    Optional.ofNullable(System.getenv("PGPASSWORD"))
        .ifPresent(p -> props.setProperty("password", p));
    try (Connection c = DriverManager.getConnection(url, props);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FILTER (WHERE k > 1), coalesce(sum(k), 0)"
                    + " FROM (SELECT count(*) AS k FROM sweep_events WHERE sweep = ? AND kind = 'finished' GROUP BY index) e")) {
      ps.setString(1, id);
      try (ResultSet r = ps.executeQuery()) {
        r.next();
        finishedTwice = r.getLong(1);
        finishedEvents = r.getLong(2);
      }
    }
    String json =
        "{\"sweep\": \""
            + id
            + "\", \"n\": "
            + n
            + ", \"trials\": "
            + trials.size()
            + ", \"attempts\": "
            + attemptsTotal
            + ", \"trials_retried\": "
            + retried
            + ", \"completed_twice\": "
            + completedTwice
            + ", \"finished_events\": "
            + finishedEvents
            + ", \"finished_twice\": "
            + finishedTwice
            + ", \"missing\": "
            + missing
            + ", \"outside\": "
            + outside
            + ", \"duplicates\": "
            + (completedTwice + finishedTwice)
            + "}\n";
    Files.writeString(out, json);
    System.out.print(json);
  }
}
