package dev.sweep.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.population.Population;
import dev.sweep.postgres.Attempt;
import dev.sweep.postgres.SweepDatabase;
import dev.sweep.store.TrialState;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialStatus;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A sweep in a shared store, by id, as {@code status}, {@code show}, {@code collect}, {@code rerun}
 * and {@code cancel} read it when given {@code --store}: what {@link SweepDir} is for a folder.
 */
final class StoredSweep {
  private final SweepDatabase db;
  private final String id;
  private final Map<String, Object> definition;

  private StoredSweep(SweepDatabase db, String id, Map<String, Object> definition) {
    this.db = db;
    this.id = id;
    this.definition = definition;
  }

  /** The sweep {@code id} of {@code db}; a usage error naming the store if it holds none. */
  static StoredSweep open(SweepDatabase db, String id) {
    return new StoredSweep(
        db,
        id,
        db.definition(id)
            .orElseThrow(
                () ->
                    CliException.usage(
                        "no sweep "
                            + id
                            + " in "
                            + db.description()
                            + " (`sweep create FILE --store URL` stores one and prints its id)")));
  }

  String name() {
    return String.valueOf(definition.getOrDefault("name", id));
  }

  long total() {
    return definition.get("trials") instanceof Number n ? n.longValue() : 0;
  }

  /** The space as its definition describes it ({@code Space.toString()}). */
  String space() {
    return String.valueOf(definition.getOrDefault("space", ""));
  }

  Objective objective() {
    Map<?, ?> o = definition.get("objective") instanceof Map<?, ?> m ? m : Map.of();
    String metric = String.valueOf(o.get("metric") == null ? "value" : o.get("metric"));
    return "maximize".equals(o.get("goal"))
        ? Objective.maximize(metric)
        : Objective.minimize(metric);
  }

  /** The sweep's objectives and outcome constraints; its one objective for a sweep of one. */
  Objectives objectives() {
    return Objectives.read(new ObjectMapper().valueToTree(definition));
  }

  Map<Long, TrialState> trials() {
    return db.trials(id);
  }

  /** Every trial with a result, in id order. */
  Population population() {
    return population(objective());
  }

  /** Every trial with a result, in id order, ranked by {@code objective}. */
  Population population(Objective objective) {
    Population.Builder p = Population.builder(objective);
    trials().values().forEach(t -> t.last().ifPresent(p::add));
    return p.build();
  }

  /**
   * {@code sweep status ID --store URL}: counts by state, the running attempts with host and
   * folder, the latest failures. Ended once no trial is pending or running; idle once it is
   * cancelled and none runs; running otherwise, as an agent may join at any time.
   */
  StatusWatch.Phase printStatus(PrintWriter out, int failures) {
    Map<Long, TrialState> trials = trials();
    List<Attempt> attempts = db.attempts(id);
    Objective objective = objective();
    out.println(
        "sweep "
            + name()
            + ": "
            + id
            + " in "
            + db.description()
            + (db.isCancelled(id) ? " (cancelled)" : ""));
    out.println("  " + definition.get("sampler") + ", " + total() + " trials, " + objective);
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String state :
        List.of("completed", "failed", "running", "pending", "cancelled", "pruned")) {
      counts.put(state, 0L);
    }
    List<Attempt> running = attempts.stream().filter(a -> a.status().equals("RUNNING")).toList();
    for (TrialState t : trials.values()) {
      String state =
          t.last().map(r -> r.status().name().toLowerCase(Locale.ROOT)).orElse("pending");
      counts.merge(state, 1L, Long::sum);
    }
    counts.merge("pending", Math.max(0, total() - trials.size()), Long::sum);
    counts.merge("pending", -(long) running.size(), Long::sum);
    counts.merge("running", (long) running.size(), Long::sum);
    StringBuilder line = new StringBuilder("  ");
    counts.forEach(
        (state, n) -> {
          if (n > 0) {
            line.append(line.length() > 2 ? ", " : "").append(n).append(' ').append(state);
          }
        });
    out.println(line);
    population().best().ifPresent(b -> out.println("  " + Format.best(b, objective.metric())));
    if (!running.isEmpty()) {
      out.println("  running:");
      running.forEach(
          a ->
              out.println(
                  "    trial "
                      + a.trial()
                      + " attempt "
                      + a.attempt()
                      + " on "
                      + a.host()
                      + " (agent "
                      + a.agent()
                      + ", pid "
                      + a.pid()
                      + ")"
                      + a.folder().map(f -> " in " + f).orElse("")));
    }
    List<Attempt> failed =
        attempts.stream()
            .filter(a -> a.status().equals(TrialStatus.FAILED.name()) || a.status().equals("LOST"))
            .sorted(Comparator.comparing(Attempt::started).reversed())
            .limit(failures)
            .toList();
    if (!failed.isEmpty()) {
      out.println("  latest failed or lost attempts:");
      failed.forEach(
          a ->
              out.println(
                  "    trial "
                      + a.trial()
                      + " attempt "
                      + a.attempt()
                      + " "
                      + a.status()
                      + " on "
                      + a.host()
                      + a.folder().map(f -> " in " + f).orElse("")
                      + a.message().map(m -> ": " + m).orElse("")));
    }
    out.flush();
    if (counts.get("pending") <= 0 && counts.get("running") == 0) {
      return StatusWatch.Phase.ENDED;
    }
    return db.isCancelled(id) && counts.get("running") == 0
        ? StatusWatch.Phase.IDLE
        : StatusWatch.Phase.RUNNING;
  }

  /** The attempt that completed trial {@code trial}: where it ran (host, agent's folder). */
  Optional<Attempt> completedAttempt(long trial) {
    return db.attempts(id).stream()
        .filter(a -> a.trial() == trial && a.status().equals(TrialStatus.COMPLETED.name()))
        .max(Comparator.comparingInt(Attempt::attempt));
  }

  void cancel() {
    db.cancel(id);
  }

  void rerun(java.util.Collection<Long> ids) {
    db.rerun(id, ids);
  }
}
