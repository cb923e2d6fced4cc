package dev.sweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.internal.Json;
import dev.sweep.store.TrialState;
import dev.sweep.trial.Objective;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@link LiveSource} that a {@link LiveServer} follows: read again whole when its mark changed.
 * Thread-safe: the poller and the request threads share it.
 */
final class LiveStored implements Followed {
  private final String key;
  private final LiveSource source;
  private Object seen; // the mark of the last look; null: none yet, or it failed
  private String error; // the message of the last look's failure; null: it did not fail
  private String snapshot;
  private long version;

  /** The last look and its definition, for the trials' details between looks. */
  private volatile Look last;

  private record Look(LiveSource.Look look, JsonNode definition) {}

  private Map<String, Object> plots; // as LiveFolder's: made again when trials ended since
  private long plotsEnded = -1;
  private long plotsMade;

  LiveStored(String key, LiveSource source) {
    this.key = key;
    this.source = source;
    this.snapshot = Json.write(LiveSnapshot.waiting(key, source.location(), "not read yet"));
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public synchronized String snapshot() {
    return snapshot;
  }

  @Override
  public synchronized Optional<String> poll() {
    Map<String, Object> s;
    try {
      Object mark = source.mark();
      if (seen != null && Objects.equals(mark, seen)) {
        return Optional.empty();
      }
      LiveSource.Look look = source.read();
      if (look.definition().isEmpty()) {
        last = null;
        s = LiveSnapshot.waiting(key, source.location(), "not in the store yet");
      } else {
        JsonNode definition = tree(look.definition().get());
        last = new Look(look, definition);
        Objective objective = LiveFolder.objective(definition);
        LiveSnapshot built =
            new LiveSnapshot(
                key,
                source.location(),
                definition,
                objective,
                LiveFolder.logParameters(definition),
                LiveTrials.of(look),
                look.live(),
                new HashMap<>()); // read whole each time: no row kept
        s = built.toMap();
        s.put("plots", plots(definition, objective, look.trials()));
      }
      seen = mark; // the mark taken before reading: a change while reading shows at the next poll
      error = null;
    } catch (RuntimeException e) {
      seen = null; // read again at the next poll
      String why = String.valueOf(e.getMessage());
      if (why.equals(error)) {
        return Optional.empty(); // the page shows it already
      }
      error = why;
      s = LiveSnapshot.unreadable(key, source.location(), e);
    }
    s.put("version", ++version);
    snapshot = Json.write(s);
    return Optional.of(snapshot);
  }

  private Map<String, Object> plots(
      JsonNode definition, Objective objective, Map<Long, TrialState> trials) {
    long ended = trials.values().stream().filter(TrialState::isFinished).count();
    long now = System.nanoTime();
    boolean stale = plots == null || ended != plotsEnded;
    boolean due =
        trials.size() < LiveFolder.PLOTS_ALWAYS_BELOW
            || now - plotsMade >= LiveFolder.PLOTS_EVERY_NANOS;
    if (stale && (plots == null || due)) {
      plots = LivePlots.of(definition, objective, trials);
      plotsEnded = ended;
      plotsMade = now;
    }
    return plots;
  }

  /** The trial as the last look read it; its folder is on its run's machine, not read here. */
  @Override
  public Optional<String> trial(long id) {
    Look l = last;
    TrialState state = l == null ? null : l.look().trials().get(id);
    if (state == null) {
      return Optional.empty();
    }
    LiveSource.Run run = l.look().running().get(id);
    String status = LiveTrials.of(l.look()).status(id);
    return Optional.of(
        Json.write(
            LiveTrial.of(
                state,
                run != null || state.last().isEmpty() ? status : null,
                Optional.empty(),
                run == null ? List.of() : run.reported(),
                LiveFolder.objective(l.definition()))));
  }

  private static JsonNode tree(Map<String, Object> definition) {
    try {
      return Json.reader().readTree(Json.write(definition));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // what Json wrote it reads
    }
  }
}
