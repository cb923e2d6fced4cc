package dev.sweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.internal.Json;
import dev.sweep.store.LockHolder;
import dev.sweep.store.Replay;
import dev.sweep.store.SweepFolder;
import dev.sweep.store.TrialState;
import dev.sweep.trial.Objective;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sweep folder that a {@link LiveServer} follows: read as {@code sweep status} reads it,
 * without its lock, and looked at again only when its journal, lock or a running trial's metrics
 * file changed. Thread-safe: the poller and the request threads share it.
 */
final class LiveFolder implements Followed {
  /** A log-uniform parameter in the definition's space, {@code optim.lr: logUniform[…]}. */
  private static final Pattern LOG_PARAM = Pattern.compile("([^\\s,\\[\\]:]+): logUniform");

  private final String key;
  private final Path dir;
  private Fingerprint seen = Fingerprint.NONE;
  private String snapshot;
  private long version;

  /** The journal as last replayed: it only grows, so its trials can be read back later. */
  private volatile Replay replayed;

  /**
   * The rows of the trials that had ended at the last look, by id: a look rebuilds only those of
   * the trials that the journal's new lines are about.
   */
  private final Map<Long, Map<String, Object>> finishedRows = new HashMap<>();

  /**
   * The plots (importance, contour) go over every completed trial: a big sweep's are made again at
   * most this often, so that an update stays proportional to what changed.
   */
  static final long PLOTS_EVERY_NANOS = 15_000_000_000L;

  /**
   * A sweep of more trials than this has its plots made at most every {@link #PLOTS_EVERY_NANOS}.
   */
  static final int PLOTS_ALWAYS_BELOW = 2_000;

  private Map<String, Object> plots; // the last plots made, with the ended trials they saw
  private int plotsEnded = -1;
  private long plotsMade;

  LiveFolder(String key, Path dir) {
    this.key = key;
    this.dir = dir;
    this.snapshot = Json.write(LiveSnapshot.waiting(key, dir));
  }

  /** The plots, made again when trials have ended since, at most every 15 s in a big sweep. */
  private Map<String, Object> plots(JsonNode definition, Replay trials) {
    int ended = finishedRows.size();
    long now = System.nanoTime();
    boolean stale = plots == null || ended != plotsEnded;
    boolean due = trials.size() < PLOTS_ALWAYS_BELOW || now - plotsMade >= PLOTS_EVERY_NANOS;
    if (stale && (plots == null || due)) {
      plots = LivePlots.of(definition, objective(definition), trials);
      plotsEnded = ended;
      plotsMade = now;
    }
    return plots;
  }

  /**
   * The folders keyed for URLs: each by its folder name, made safe, with {@code -2}, {@code -3} …
   * where two are alike.
   */
  static List<LiveFolder> keyed(List<Path> dirs) {
    Set<String> taken = new HashSet<>();
    List<LiveFolder> folders = new ArrayList<>();
    for (Path d : dirs) {
      folders.add(new LiveFolder(key(name(d), taken), d));
    }
    return List.copyOf(folders);
  }

  /** The folder's name, or {@code sweep} for a root. */
  static String name(Path dir) {
    Path name = dir.getFileName();
    return name == null ? "sweep" : name.toString();
  }

  /**
   * A key for URLs: {@code name} made safe, with {@code -2}, {@code -3} … where {@code taken} has
   * it already; added to {@code taken}.
   */
  static String key(String name, Set<String> taken) {
    String base = name.isEmpty() ? "sweep" : name.replaceAll("[^A-Za-z0-9._-]", "_");
    String key = base;
    for (int n = 2; !taken.add(key); n++) {
      key = base + "-" + n;
    }
    return key;
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public synchronized String snapshot() {
    return snapshot;
  }

  /**
   * Looks at the folder; returns the new snapshot when anything changed since the last look. A
   * folder that cannot be read (yet) gives a snapshot that says why, never an exception.
   */
  @Override
  public synchronized Optional<String> poll() {
    Fingerprint now = Fingerprint.of(dir, seen.watched());
    if (now.equals(seen)) {
      return Optional.empty();
    }
    Map<String, Object> s;
    List<Path> watched = List.of();
    try {
      JsonNode definition = definition(dir);
      if (definition == null) {
        s = LiveSnapshot.waiting(key, dir);
      } else {
        Replay last = replayed;
        Replay trials = last == null ? SweepFolder.replay(dir) : last.update();
        replayed = trials;
        if (trials.readWhole()) {
          finishedRows.clear();
        } else {
          finishedRows.keySet().removeAll(trials.readIds());
        }
        boolean driver = LockHolder.read(dir).filter(h -> !h.isLocal() || h.runsHere()).isPresent();
        LiveSnapshot built =
            new LiveSnapshot(
                key,
                dir.toString(),
                definition,
                objective(definition),
                logParameters(definition),
                LiveTrials.of(trials, dir, driver),
                driver,
                finishedRows);
        s = built.toMap();
        s.put("plots", plots(definition, trials));
        watched = built.metricsFiles();
      }
    } catch (RuntimeException e) {
      replayed = null; // read whole at the next look
      finishedRows.clear();
      s = LiveSnapshot.unreadable(key, dir.toString(), e);
    }
    s.put("version", ++version);
    // what was seen before reading: a change while reading shows at the next poll, never lost
    seen = new Fingerprint(now.stamps(), watched);
    snapshot = Json.write(s);
    return Optional.of(snapshot);
  }

  /** One trial in full, JSON; empty if the folder has no such trial. */
  @Override
  public Optional<String> trial(long id) {
    JsonNode definition = definition(dir);
    if (definition == null) {
      return Optional.empty();
    }
    TrialState state = cached(id);
    if (state == null || !state.isFinished()) { // newer than the last look, or still changing
      state = SweepFolder.replay(dir).get(id);
    }
    if (state == null) {
      return Optional.empty();
    }
    Path trialDir = SweepFolder.trialDir(dir, state.id(), state.name());
    return Optional.of(Json.write(LiveTrial.of(state, trialDir, objective(definition))));
  }

  /** The trial as the last look replayed it; null if not known then or its journal was replaced. */
  private TrialState cached(long id) {
    Replay last = replayed;
    try {
      return last == null ? null : last.get(id);
    } catch (RuntimeException e) {
      return null; // the journal was repaired or replaced since: read afresh
    }
  }

  /** The folder's {@code sweep.json}; null while it has none (a sweep about to start). */
  static JsonNode definition(Path dir) {
    Path file = dir.resolve(SweepFolder.DEFINITION);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      JsonNode d = Json.reader().readTree(Files.readString(file));
      if (d == null || !d.isObject()) {
        throw new IllegalStateException(file + " is not a JSON object");
      }
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static Objective objective(JsonNode definition) {
    return Objective.read(definition.path("objective"));
  }

  /** The parameters that the definition's space draws log-uniformly: their axes are log. */
  static Set<String> logParameters(JsonNode definition) {
    Set<String> log = new HashSet<>();
    Matcher m = LOG_PARAM.matcher(definition.path("space").asText(""));
    while (m.find()) {
      log.add(m.group(1));
    }
    return log;
  }

  /**
   * What the poller compares: the sizes and times of the journal, the lock, the definition and the
   * running trials' metrics files. The journal only grows, so any event changes it.
   */
  record Fingerprint(List<Long> stamps, List<Path> watched) {
    static final Fingerprint NONE = new Fingerprint(List.of(), List.of());

    static Fingerprint of(Path dir, List<Path> watched) {
      List<Long> stamps = new ArrayList<>();
      for (String f : List.of(SweepFolder.DEFINITION, SweepFolder.JOURNAL, SweepFolder.LOCK)) {
        stamp(dir.resolve(f), stamps);
      }
      watched.forEach(p -> stamp(p, stamps));
      return new Fingerprint(List.copyOf(stamps), List.copyOf(watched));
    }

    private static void stamp(Path file, List<Long> stamps) {
      try {
        stamps.add(Files.size(file));
        stamps.add(Files.getLastModifiedTime(file).toMillis());
      } catch (IOException e) {
        stamps.add(-1L); // absent (yet): its appearing is a change
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Fingerprint f && f.stamps.equals(stamps);
    }

    @Override
    public int hashCode() {
      return stamps.hashCode();
    }
  }
}
