package dev.sweep.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweep.config.Config;
import dev.sweep.config.Names;
import dev.sweep.config.Paths;
import dev.sweep.internal.AtomicFiles;
import dev.sweep.population.Population;
import dev.sweep.sampler.Sample;
import dev.sweep.space.Space;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.MetricBound;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * A sweep's folder: what a person reads and what a crash cannot corrupt.
 *
 * <pre>
 * sweep.json            the sweep's definition (name, objective, sampler, space)
 * journal.jsonl         append-only events (created, started, finished): the source of truth
 * sweep.lock            held by the running driver (host, pid, started, since); released by the OS when it dies
 * trials/000007-lr=0.1,wd=1e-04/
 *     config.json       the trial's config, written when the trial first asks for its folder
 *     result.json       status, metrics, failure (and the stack trace of a runner that threw)
 *                       and timings, written atomically when it ends
 *     reported.jsonl    the points the trial reported in its attempt, for sweep serve
 *     ...               whatever the runner writes there (checkpoints, logs)
 * tree/optim.wd/1e-04/000007-lr=0.1,wd=1e-04 -> ../../../trials/000007-lr=0.1,wd=1e-04
 * </pre>
 *
 * <p>Opening a folder takes its lock: a second driver is refused with a message naming the holder.
 * The lock is an operating-system file lock, so a driver killed with {@code kill -9} leaves nothing
 * that blocks the next one: its text is taken over (and logged), unless it names another host
 * ({@link #open(Path, Map, boolean)}). The {@link SweepStore} of a sweep built with a directory.
 * Thread-safe.
 */
public final class SweepFolder implements SweepStore {
  public static final String DEFINITION = "sweep.json";
  public static final String JOURNAL = "journal.jsonl";
  public static final String LOCK = "sweep.lock";
  public static final String TRIALS = "trials";

  /**
   * The file in a trial's folder that holds the points the trial reported in this attempt, one JSON
   * object a line as {@link CurvePoint#toMap()} writes them: what {@code sweep serve} shows of a
   * running trial.
   */
  public static final String REPORTED = "reported.jsonl";

  /**
   * The file a stopping rule writes into a trial's folder when it stops the trial; a program that
   * polls for it ({@code $SWEEP_STOP_FILE}) can save and exit before its SIGTERM.
   */
  public static final String STOP_FILE = "STOP";

  /** Below this many free bytes the folder's disk counts as full ({@link #isFull()}). */
  static final long FULL_BELOW_BYTES = 64 * 1024;

  private final Path dir;
  private final FolderLock lock;
  private final Journal journal;
  private final FileStore disk; // null: unknown; looked up once, for it reads the mount table

  /** The names of the trials created here, for their folders' {@value #REPORTED}. */
  private final Map<Long, String> names = new ConcurrentHashMap<>();

  /** The running trials' {@value #REPORTED}, from their first report to their end. */
  private final Map<Long, ReportFile> reportFiles = new ConcurrentHashMap<>();

  /** Writes held reports that have grown old; started at the first report. */
  private volatile ScheduledExecutorService flusher;

  private volatile boolean closed;

  /** When the running trials' attempts started here ({@link System#nanoTime()}). */
  private final Map<Long, Long> startedAt = new ConcurrentHashMap<>();

  private volatile boolean reportsFailed;

  private SweepFolder(Path dir, FolderLock lock, Journal journal) {
    this.dir = dir;
    this.lock = lock;
    this.journal = journal;
    this.disk = fileStore(dir);
  }

  private static FileStore fileStore(Path dir) {
    try {
      return Files.getFileStore(dir);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Opens (creating it if needed) a sweep folder for a driver: takes the lock, removes temporary
   * files a crash left behind, and writes the definition if there is none yet. A lock that no
   * process holds any more is taken over, unless its text names another host (see {@link
   * #open(Path, Map, boolean)}).
   *
   * @throws StoreException if another driver holds the folder
   */
  public static SweepFolder open(Path dir, Map<String, Object> definition) {
    return open(dir, definition, false);
  }

  /**
   * Opens a sweep folder as {@link #open(Path, Map)} does; with {@code forceUnlock}, also when the
   * lock's text names a driver on another host that nothing here shows to hold it. This host cannot
   * see that host's processes, and a network file system without lock support does not show its
   * lock here: force it only once no driver runs there. A lock that a process holds is never
   * forced.
   *
   * @throws StoreException if another driver holds the folder, or (unless {@code forceUnlock}) the
   *     lock's text names another host
   */
  public static SweepFolder open(Path dir, Map<String, Object> definition, boolean forceUnlock) {
    requireNonNull(dir, "dir == null");
    try {
      Files.createDirectories(dir.resolve(TRIALS));
      FolderLock lock = FolderLock.take(dir, forceUnlock);
      try {
        refuseLostJournal(dir);
        removeTemporaryFiles(dir);
        Path definitionFile = dir.resolve(DEFINITION);
        if (!Files.exists(definitionFile)) {
          AtomicFiles.writeDurably(
              definitionFile,
              Journal.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(definition));
        } else {
          checkSameObjectives(
              dir,
              Journal.JSON.readTree(definitionFile.toFile()),
              Journal.JSON.valueToTree(definition));
        }
        return new SweepFolder(dir, lock, Journal.open(dir.resolve(JOURNAL)));
      } catch (IOException | RuntimeException e) {
        lock.release();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open sweep folder " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses a folder whose {@code sweep.json} seeks other objectives or outcome constraints than
   * {@code objectives}, where either has several objectives or constraints, as {@link #open} does
   * when it resumes: for a driver that checks before it writes anything. No {@code sweep.json}:
   * nothing to check.
   *
   * @throws StoreException naming both
   */
  public static void checkObjectives(Path dir, Objectives objectives) {
    requireNonNull(objectives, "objectives == null");
    Path definitionFile = dir.resolve(DEFINITION);
    if (!Files.exists(definitionFile)) {
      return;
    }
    ObjectNode now = Journal.JSON.createObjectNode();
    now.set("objective", Journal.JSON.valueToTree(objectives.primary().toMap()));
    now.set("objectives", Journal.JSON.valueToTree(objectives.toMaps()));
    now.set(
        "outcome_constraints",
        Journal.JSON.valueToTree(
            objectives.constraints().stream().map(MetricBound::toMap).toList()));
    try {
      checkSameObjectives(dir, Journal.JSON.readTree(definitionFile.toFile()), now);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + definitionFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses to resume a folder whose sweep sought other objectives or constraints on the outcome,
   * where either has several objectives or constraints: its trials' Pareto ranks, and what its
   * multi-objective sampler learned, mean nothing for other objectives. A single-objective sweep
   * resumed with another objective is let through, as it always was.
   */
  private static void checkSameObjectives(Path dir, JsonNode before, JsonNode now) {
    JsonNode seekBefore = seeks(before);
    JsonNode seekNow = seeks(now);
    boolean several =
        seekBefore.path("objectives").size() > 1
            || seekNow.path("objectives").size() > 1
            || !seekBefore.path("outcome_constraints").isEmpty()
            || !seekNow.path("outcome_constraints").isEmpty();
    if (several && !seekBefore.equals(seekNow)) {
      throw new StoreException(
          "sweep folder "
              + dir
              + " was made by a sweep that seeks "
              + seekBefore
              + ", this one seeks "
              + seekNow
              + ": a resumed sweep keeps its objectives and outcome constraints; use another"
              + " directory, or the objectives its "
              + DEFINITION
              + " names");
    }
  }

  /** A definition's objectives (its one {@code objective} when it lists none) and constraints. */
  private static JsonNode seeks(JsonNode definition) {
    ObjectNode seeks = Journal.JSON.createObjectNode();
    JsonNode list = definition.path("objectives");
    if (list.isArray()) {
      seeks.set("objectives", list);
    } else {
      seeks.set("objectives", Journal.JSON.createArrayNode().add(definition.path("objective")));
    }
    JsonNode constraints = definition.path("outcome_constraints");
    seeks.set(
        "outcome_constraints",
        constraints.isArray() ? constraints : Journal.JSON.createArrayNode());
    return seeks;
  }

  /**
   * Checks, before a driver writes anything, that {@link #open(Path, Map, boolean)} would take the
   * folder's lock now; takes and writes nothing.
   *
   * @return the stale holder whose lock opening the folder would take over, to tell people
   * @throws StoreException as {@code open} would
   */
  public static Optional<LockHolder> checkLock(Path dir, boolean forceUnlock) {
    requireNonNull(dir, "dir == null");
    try {
      return FolderLock.check(dir, forceUnlock);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot check the lock of sweep folder " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void removeTemporaryFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir, 3)) {
      for (Iterator<Path> it = files.iterator(); it.hasNext(); ) {
        Path p = it.next();
        if (p.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  public Path dir() {
    return dir;
  }

  /** This folder: trials get their work folders under it. */
  @Override
  public Optional<Path> directory() {
    return Optional.of(dir);
  }

  @Override
  public String description() {
    return "sweep folder " + dir;
  }

  /** The folder of trial {@code id} with readable name {@code name}: {@code trials/000007-name}. */
  public static Path trialDir(Path sweepDir, long id, String name) {
    return sweepDir.resolve(TRIALS).resolve(folderName(id, name));
  }

  /**
   * {@code 000007-lr=0.1}: the id padded to six digits (String.format would cost a locale lookup
   * per trial).
   */
  static String folderName(long id, String name) {
    String digits = Long.toString(id);
    StringBuilder folder = new StringBuilder(7 + digits.length() + name.length());
    for (int i = digits.length(); i < 6; i++) {
      folder.append('0');
    }
    return folder.append(digits).append('-').append(name).toString();
  }

  /** The by-parameter tree of links: {@code tree/<param>/<value>/<trial> -> trials/<trial>}. */
  public static final String TREE = "tree";

  /**
   * The most values a parameter may take and still have a folder per value in the tree: the tree is
   * for browsing a grid by value, and a thousand folders of one trial each (every value of a
   * continuous parameter, of a wide integer range) help nobody but cost a folder and a link per
   * trial; {@code sweep show} and the population sort and filter those.
   */
  public static final int TREE_MAX_VALUES = 100;

  /**
   * The parameters of {@code space} that the tree covers: those with at most {@link
   * #TREE_MAX_VALUES} values (choices, booleans, grids, small integer ranges, the names of
   * branches, coupled values), in the space's order, over every branch.
   */
  public static Set<String> treeParameters(Space space) {
    Set<String> paths = new LinkedHashSet<>();
    addTreeParameters(space, "", paths);
    return Collections.unmodifiableSet(paths);
  }

  private static void addTreeParameters(Space space, String prefix, Set<String> out) {
    for (Space.Node node : space.nodes()) {
      if (node instanceof Space.Param p) {
        if (p.domain()
            .gridValues()
            .filter(values -> values.size() <= TREE_MAX_VALUES)
            .isPresent()) {
          out.add(Paths.join(prefix, p.path()));
        }
      } else if (node instanceof Space.OneOf o) {
        if (o.names().size() <= TREE_MAX_VALUES) {
          out.add(Paths.join(prefix, o.keyPath()));
        }
        for (Space branch : o.spaces()) {
          addTreeParameters(branch, Paths.join(prefix, o.path()), out);
        }
      } else if (node instanceof Space.CoupledValues c && c.options().size() <= TREE_MAX_VALUES) {
        c.options()
            .forEach(option -> option.keySet().forEach(key -> out.add(Paths.join(prefix, key))));
      }
    }
  }

  /**
   * Links a trial's folder into the by-parameter tree, as GML does, under each of its parameters in
   * {@code linked} (see {@link #treeParameters(Space)}): {@code
   * tree/optim.wd/1e-04/000007-lr=0.01,wd=1e-04 -> ../../../trials/000007-lr=0.01,wd=1e-04}.
   * Parameter names and values are made safe as folder names. Where links cannot be made (a file
   * system without them) the tree is skipped with a warning: it is a convenience, never needed.
   */
  public static void linkTrial(
      Path sweepDir, long id, String name, Map<String, Object> params, Set<String> linked) {
    Path trial = trialDir(sweepDir, id, name);
    String folder = trial.getFileName().toString();
    for (Map.Entry<String, Object> e : params.entrySet()) {
      if (!linked.contains(e.getKey())) {
        continue;
      }
      Path valueDir =
          sweepDir
              .resolve(TREE)
              .resolve(Names.safe(e.getKey()))
              .resolve(Names.safe(Names.format(e.getValue())));
      Path link = valueDir.resolve(folder);
      try {
        Files.createDirectories(valueDir);
        if (!Files.isSymbolicLink(link)) {
          Files.createSymbolicLink(link, valueDir.relativize(trial));
        }
      } catch (IOException | UnsupportedOperationException ex) {
        LoggerFactory.getLogger(SweepFolder.class)
            .warn("cannot link {} into {}: {}", folder, valueDir, ex.toString());
        return;
      }
    }
  }

  // ---------------------------------------------------------------- events

  @Override
  public void created(Sample sample) {
    Map<String, Object> values = new LinkedHashMap<>(sample.columns());
    values.keySet().removeAll(sample.params().keySet());
    created(sample.index(), sample.name(), sample.params(), values, sample.config());
  }

  /** Records that trial {@code id} was sampled, as {@link #created(Sample)} does. */
  public void created(long id, String name, Map<String, Object> params, Config config) {
    created(id, name, params, Map.of(), config);
  }

  /**
   * The created event; {@code values}, the derived and probed values (if any), are columns of the
   * trial's record that resuming does not sample again.
   */
  private void created(
      long id, String name, Map<String, Object> params, Map<String, Object> values, Config config) {
    names.put(id, name);
    Map<String, Object> e = event("created", id);
    e.put("name", name);
    e.put("params", params);
    if (!values.isEmpty()) {
      e.put("values", values);
    }
    e.put("config", config.toMap());
    e.put("hash", config.hash());
    journal.append(e, false);
  }

  /** Records that attempt {@code attempt} (from 1) of trial {@code id} started. */
  @Override
  public void started(long id, int attempt) {
    startedAt.put(id, System.nanoTime());
    Map<String, Object> e = event("started", id);
    e.put("attempt", attempt);
    journal.append(e, false);
  }

  /**
   * Appends the point to the trial folder's {@value #REPORTED} (the folder is made if the runner
   * has not asked for it), for {@code sweep serve} to show a running trial's values: the journal's
   * finished event holds the whole curve, and a line per report there would grow the journal by
   * every curve twice. The points of an attempt's first {@link #REPORT_HOLD_NANOS} are held in
   * memory: a trial that ends sooner (a sweep of many quick in-JVM trials) makes no folder and no
   * file for a page that would hardly have seen it run, and costs nothing more than before. Past
   * that, the first report of the attempt starts the file afresh with what was held, and it stays
   * open until the attempt ends: a report costs one write. No link is followed, nothing is forced
   * to disk, and a failure to write is logged once and otherwise ignored: the file is a view, never
   * needed.
   */
  @Override
  public void reported(long id, int attempt, CurvePoint point) {
    if (reportsFailed) {
      return; // one warning said why; a full or read-only disk would fail every report alike
    }
    long now = System.nanoTime();
    reportFiles.compute( // one trial's reports are written one at a time, in order
        id,
        (trial, file) -> {
          ReportFile f = file;
          if (f == null || f.attempt != attempt) {
            closeQuietly(f);
            Long started = startedAt.get(id);
            f = new ReportFile(attempt, started != null ? started : now);
          }
          try {
            return advance(id, f, now, reportLine(point));
          } catch (IOException e) {
            return failed(id, f, e);
          }
        });
    if (!reportFiles.isEmpty()) {
      flushLater();
    }
  }

  /**
   * Holds {@code line} (if any) while the attempt is young, else writes it, with what was held,
   * opening the file the first time.
   */
  private ReportFile advance(long id, ReportFile f, long now, byte[] line) {
    try {
      if (!f.opened && now - f.started < REPORT_HOLD_NANOS) {
        if (line != null) {
          f.held.add(line);
        }
        return f;
      }
      if (!f.opened) {
        f.opened = true;
        f.channel = openReport(id);
        if (f.channel != null) {
          for (byte[] held : f.held) {
            write(f.channel, held);
          }
        }
        f.held.clear();
      }
      if (f.channel != null && line != null) {
        write(f.channel, line);
      }
      return f;
    } catch (IOException | RuntimeException e) {
      return failed(id, f, e);
    }
  }

  private ReportFile failed(long id, ReportFile f, Exception e) {
    reportsFailed = true;
    closeQuietly(f);
    LoggerFactory.getLogger(SweepFolder.class)
        .warn(
            "cannot write the reported values of trial {} ({}); the live page shows no"
                + " values of running trials of {}",
            id,
            e.toString(),
            dir);
    return null;
  }

  /**
   * Writes, once they are old enough, the held reports of attempts that have not reported since: a
   * trial that reports once and then computes for an hour shows its value within a second. One
   * daemon thread per folder, started at the first report and stopped when the folder closes.
   */
  private void flushLater() {
    if (flusher != null) {
      return;
    }
    synchronized (reportFiles) {
      if (flusher == null && !closed) {
        ScheduledExecutorService f =
            Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "sweep-reported-" + dir.getFileName());
                  t.setDaemon(true);
                  return t;
                });
        // stopped with the executor at close; advance() catches what a write throws
        var unused =
            f.scheduleWithFixedDelay(
                () -> {
                  long now = System.nanoTime();
                  for (Long id : reportFiles.keySet()) {
                    reportFiles.computeIfPresent(
                        id, (k, r) -> r.opened || r.held.isEmpty() ? r : advance(k, r, now, null));
                  }
                },
                REPORT_HOLD_NANOS / 2,
                REPORT_HOLD_NANOS / 2,
                TimeUnit.NANOSECONDS);
        flusher = f;
      }
    }
  }

  /**
   * How long an attempt's reports are held in memory before its {@value #REPORTED} is made: half a
   * second, well within the second or two the live page takes to show a change.
   */
  static final long REPORT_HOLD_NANOS = 500_000_000L;

  private static void write(FileChannel channel, byte[] bytes) throws IOException {
    ByteBuffer line = ByteBuffer.wrap(bytes);
    while (line.hasRemaining()) {
      channel.write(line);
    }
  }

  /**
   * A running attempt's {@value #REPORTED}: its lines held until it has run {@link
   * #REPORT_HOLD_NANOS}, then the file, open until the attempt ends (no channel once opened:
   * nowhere to write). Used under {@code reportFiles.compute} only, one trial's at a time.
   */
  private static final class ReportFile {
    final int attempt;
    final long started;
    final List<byte[]> held = new ArrayList<>();
    boolean opened;
    FileChannel channel;

    ReportFile(int attempt, long started) {
      this.attempt = attempt;
      this.started = started;
    }
  }

  /**
   * Opens trial {@code id}'s {@value #REPORTED} afresh, making its folder if need be; null where
   * the trial is not known here or its folder is a link.
   */
  private FileChannel openReport(long id) throws IOException {
    Path trialDir = reportDir(id);
    if (trialDir == null || Files.isSymbolicLink(trialDir)) {
      return null; // a trial not created here and not found, or one that made its folder a link
    }
    Files.createDirectories(trialDir);
    return FileChannel.open(
        trialDir.resolve(REPORTED),
        StandardOpenOption.CREATE,
        StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING,
        LinkOption.NOFOLLOW_LINKS);
  }

  /** The point as one JSON line; a value JSON cannot hold (NaN, infinite) as null. */
  private static byte[] reportLine(CurvePoint point) throws IOException {
    Map<String, Object> line = new LinkedHashMap<>();
    point
        .toMap()
        .forEach((k, v) -> line.put(k, v instanceof Double d && !Double.isFinite(d) ? null : v));
    return (Journal.JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void closeQuietly(ReportFile f) {
    if (f != null && f.channel != null) {
      try {
        f.channel.close();
      } catch (IOException e) {
        // what was written stays; the file is a view, never needed
      }
    }
  }

  /** Closes the trial's {@value #REPORTED}, whose attempt ended. */
  private void closeReport(long id) {
    startedAt.remove(id);
    closeQuietly(reportFiles.remove(id));
  }

  /**
   * The folder of trial {@code id}: by the name it was created with here, else (a trial resumed
   * from an earlier run) the one folder of {@code trials/} named for its id; null if none.
   */
  private Path reportDir(long id) throws IOException {
    String name = names.get(id);
    if (name != null) {
      return trialDir(dir, id, name);
    }
    String prefix = folderName(id, "");
    try (Stream<Path> folders = Files.list(dir.resolve(TRIALS))) {
      Optional<Path> found =
          folders.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst();
      found.ifPresent(f -> names.put(id, f.getFileName().toString().substring(prefix.length())));
      return found.orElse(null);
    }
  }

  /** Records a runner's note on trial {@code id} (see {@link dev.sweep.Trial#note}). */
  @Override
  public void note(long id, String key, Map<String, ?> value) {
    Map<String, Object> e = event("note", id);
    e.put("key", key);
    e.put("value", value);
    journal.append(e, false);
  }

  /** Records how an attempt ended, and writes the trial's result.json if it has a folder. */
  @Override
  public void finished(TrialRecord record, int attempt) {
    closeReport(record.id());
    Map<String, Object> e = result(record, attempt);
    journal.append(e, true);
    writeResultFile(record, e);
  }

  /**
   * Records how an attempt ended whose runner threw: the journal as {@link #finished(TrialRecord,
   * int)}, and {@code result.json} with the stack trace as {@code stack_trace}, for the person who
   * reads why the trial failed.
   */
  @Override
  public void finished(TrialRecord record, int attempt, Throwable thrown) {
    closeReport(record.id());
    Map<String, Object> e = result(record, attempt);
    journal.append(e, true);
    Map<String, Object> file = new LinkedHashMap<>(e);
    file.put("stack_trace", stackTrace(thrown));
    writeResultFile(record, file);
  }

  /**
   * The throwable and its causes with their frames, as a JVM prints them (without eliding frames in
   * common): written here, as nothing in the library prints to the console.
   */
  private static String stackTrace(Throwable thrown) {
    StringBuilder trace = new StringBuilder();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
      trace.append(t == thrown ? "" : "Caused by: ").append(t).append('\n');
      for (StackTraceElement frame : t.getStackTrace()) {
        trace.append("\tat ").append(frame).append('\n');
      }
    }
    return trace.toString();
  }

  private static Map<String, Object> result(TrialRecord record, int attempt) {
    Map<String, Object> e = event("finished", record.id());
    e.put("attempt", attempt);
    e.putAll(record.toOutcome());
    return e;
  }

  private void writeResultFile(TrialRecord record, Map<String, Object> result) {
    Path trialDir = trialDir(dir, record.id(), record.name());
    if (Files.isDirectory(
        trialDir,
        LinkOption.NOFOLLOW_LINKS)) { // a trial that made its folder a link writes nowhere else
      try {
        AtomicFiles.write(
            trialDir.resolve("result.json"),
            Journal.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
      } catch (IOException ex) {
        // the journal holds the result; the next run that opens the folder writes the file from it
        LoggerFactory.getLogger(SweepFolder.class)
            .warn("cannot write the result of trial {}: {}", record.id(), ex.toString());
      }
    }
  }

  private static Map<String, Object> event(String type, long id) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event", type);
    e.put("id", id);
    e.put("time", System.currentTimeMillis());
    return e;
  }

  // ---------------------------------------------------------------- replay

  /**
   * Replays the journal of {@code dir}: every trial it knows, by id, each read back from the
   * journal when asked for (see {@link Replay}).
   *
   * @throws StoreException if a line of the journal other than a torn last one is not a JSON event
   *     (it names the file and line and hints at {@code sweep repair}), or if the folder has trial
   *     folders but no journal
   */
  public static Replay replay(Path dir) {
    refuseLostJournal(dir);
    return Replay.of(dir.resolve(JOURNAL));
  }

  /**
   * Replays this folder's journal, and rewrites from it the result.json that a driver killed
   * between the journal and the trial's folder did not write: the journal is the truth, the trial
   * files are its projection. Only trials that have a folder are looked at.
   */
  @Override
  public Replay replay() {
    Replay trials = replay(dir);
    try (Stream<Path> folders = Files.list(dir.resolve(TRIALS))) {
      for (Iterator<Path> it = folders.iterator(); it.hasNext(); ) {
        Path trial = it.next();
        long id = idOf(trial.getFileName().toString());
        if (id < 0
            || trials.lastStatus(id).isEmpty()
            || Files.exists(trial.resolve("result.json"))) {
          continue;
        }
        TrialState s = trials.get(id);
        if (s.last().isPresent() && trial.equals(trialDir(dir, s.id(), s.name()))) {
          writeResultFile(s.last().get(), result(s.last().get(), s.attempts()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot list " + dir.resolve(TRIALS) + ": " + e.getMessage(), e);
    }
    return trials;
  }

  /** The id a trial folder's name starts with ({@code 000007-lr=0.1}: 7); -1 if it has none. */
  private static long idOf(String folder) {
    int dash = folder.indexOf('-');
    if (dash <= 0 || dash > 18) {
      return -1;
    }
    for (int i = 0; i < dash; i++) {
      if (folder.charAt(i) < '0' || folder.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(folder, 0, dash, 10);
  }

  /**
   * Refuses a folder whose trials/ holds trial folders while its journal is gone: replaying nothing
   * would run every trial again over the old ones, and their results would be lost.
   */
  static void refuseLostJournal(Path dir) {
    Path journal = dir.resolve(JOURNAL);
    Path trials = dir.resolve(TRIALS);
    if (Files.exists(journal, LinkOption.NOFOLLOW_LINKS) || !Files.isDirectory(trials)) {
      return;
    }
    long count;
    try (Stream<Path> folders = Files.list(trials)) {
      count = folders.count();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + trials + ": " + e.getMessage(), e);
    }
    if (count > 0) {
      throw new StoreException(
          "sweep folder "
              + dir
              + " has "
              + count
              + " trial folder(s) in "
              + trials
              + " but no "
              + JOURNAL
              + ", the record of what ran: nothing is run over them. Put the journal back (`sweep repair` "
              + "leaves a copy "
              + JOURNAL
              + ".bak-<time> beside it), or move "
              + trials
              + " away to run the sweep afresh");
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> normalized(Object tree) {
    return (Map<String, Object>) Config.normalize(tree == null ? Map.of() : tree, "journal");
  }

  /**
   * The population of a sweep folder, read without taking its lock (a running sweep's folder may be
   * read): every finished trial's last attempt, in id order.
   */
  public static Population population(Path dir, Objective objective) {
    return replay(dir).population(objective);
  }

  /**
   * Repairs the journal of {@code dir}: keeps every whole event, drops the lines that are not one
   * (not UTF-8, not JSON, a torn write), and replaces the journal atomically, keeping the old one
   * as {@code journal.jsonl.bak-<time>} beside it. A whole journal is left as it is.
   *
   * @throws StoreException if a driver holds the folder, or it has no journal
   */
  public static JournalRepair repair(Path dir) {
    requireNonNull(dir, "dir == null");
    Path journal = dir.resolve(JOURNAL);
    if (!Files.isDirectory(dir)) {
      throw new StoreException(dir + " is not a folder");
    }
    refuseLostJournal(dir);
    if (!Files.isRegularFile(journal)) {
      throw new StoreException(dir + " has no " + JOURNAL + ": nothing to repair");
    }
    FolderLock lock;
    try {
      lock =
          FolderLock.take(
              dir,
              false); // the folder's own lock: a second handle on the file would drop a driver's
    } catch (StoreException e) {
      throw new StoreException(
          e.getMessage().replace("is in use by another driver", "is in use by a driver")
              + "; stop it (`sweep cancel "
              + dir
              + "`) before repairing",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + dir + " to repair it: " + e.getMessage(), e);
    }
    try {
      try {
        return JournalRepair.repair(journal);
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot repair " + journal + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether the folder's file system has (almost) no space left: a trial that failed then most
   * likely failed for want of it, and the sweep stops rather than record it failed.
   */
  @Override
  public boolean isFull() {
    try {
      return disk != null && disk.getUsableSpace() < FULL_BELOW_BYTES;
    } catch (IOException e) {
      return false;
    }
  }

  /** Closes the journal (forcing it to disk) and releases the lock. Idempotent. */
  @Override
  public void close() {
    synchronized (reportFiles) {
      closed = true;
      if (flusher != null) {
        flusher.shutdownNow();
      }
    }
    reportFiles.keySet().forEach(this::closeReport); // trials left running when the run stopped
    try {
      try {
        journal.close();
      } finally {
        lock.release(); // a journal that cannot close must not keep the folder locked
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close sweep folder " + dir + ": " + e.getMessage(), e);
    }
  }
}
