package dev.sweep.cli;

import dev.sweep.postgres.Attempt;
import dev.sweep.postgres.SweepDatabase;
import dev.sweep.report.LiveSource;
import dev.sweep.trial.CurvePoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep of a shared store as {@code sweep serve --store URL ID} follows it: its activity mark is
 * polled, and its definition, trials, running attempts with their reported points and whether a run
 * is alive read when it changed. The database is the caller's, open while the server runs.
 */
final class StoredLiveSource implements LiveSource {
  private final SweepDatabase db;
  private final String id;

  StoredLiveSource(SweepDatabase db, String id) {
    this.db = db;
    this.id = id;
  }

  @Override
  public String name() {
    return id;
  }

  @Override
  public String location() {
    return "sweep " + id + " in " + db.description();
  }

  @Override
  public Object mark() {
    return db.activity(id);
  }

  @Override
  public Look read() {
    var definition = db.definition(id);
    if (definition.isEmpty()) {
      return Look.absent();
    }
    Map<Long, List<CurvePoint>> reported = db.reported(id);
    Map<Long, Run> running = new HashMap<>();
    for (Attempt a : db.attempts(id)) {
      if (a.ended().isEmpty()) {
        running.put(a.trial(), new Run(a.started(), reported.getOrDefault(a.trial(), List.of())));
      }
    }
    return new Look(definition, db.trials(id), running, db.hasLiveRun(id));
  }
}
