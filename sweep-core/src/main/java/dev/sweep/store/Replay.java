package dev.sweep.store;

import dev.sweep.config.Config;
import dev.sweep.population.Population;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A sweep folder's journal replayed: every trial it knows, by id, as {@link TrialState}s.
 *
 * <p>One streaming pass over the journal keeps, per trial, only where its {@code created} and last
 * {@code finished} events lie in the file, its attempts, and the status and start time of its last
 * attempt: some 60 bytes a trial, so that a million-trial folder replays in a few tens of MB. A
 * {@link TrialState} is read back from those two lines when asked for, and not kept; the journal
 * only grows by appends, so the lines stay where they were. The map iterates in id order and is
 * unmodifiable. Thread-safe.
 */
public final class Replay extends AbstractMap<Long, TrialState> {
  /** The bytes at the journal's head that an update compares, to tell a rewritten journal. */
  private static final int HEAD = 4096;

  private final TrialSlots slots;
  private final TrialReader reader;
  private final Path file;
  private final Object fileKey;
  private final Scanned scanned; // null: no journal was read

  /** Where the scan stopped, what it read and what it saw at the head, for {@link #update}. */
  private record Scanned(
      long end,
      long lineNo,
      ByteBuffer head, // read-only
      Map<Long, Map<String, Map<String, Object>>> notes,
      Set<Long> touched,
      boolean whole) {}

  private Replay(TrialSlots slots, TrialReader reader, Path file, Object fileKey, Scanned scanned) {
    this.slots = slots;
    this.reader = reader;
    this.file = file;
    this.fileKey = fileKey;
    this.scanned = scanned;
  }

  /**
   * Replays a journal file; a missing file replays to nothing.
   *
   * @throws StoreException naming the file, line and column of a line that is not a whole JSON
   *     event (only a torn last line is skipped), with a hint at {@code sweep repair}
   */
  static Replay of(Path file) {
    if (!Files.exists(file)) {
      TrialSlots none = new TrialSlots(0);
      return new Replay(none, new TrialReader(file, null, none, Map.of()), file, null, null);
    }
    try {
      Object key = JournalWindow.fileKey(file);
      return of(file, key, ReplayScan.of(file), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Replay of(Path file, Object key, ReplayScan scan, boolean whole)
      throws IOException {
    Scanned scanned =
        new Scanned(
            scan.end(),
            scan.lineNo(),
            head(file, scan.end()),
            scan.notes(),
            Set.copyOf(scan.touched()),
            whole);
    return new Replay(
        scan.slots(), new TrialReader(file, key, scan.slots(), scan.notes()), file, key, scanned);
  }

  private static ByteBuffer head(Path file, long end) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return ByteBuffer.wrap(in.readNBytes((int) Math.min(end, HEAD))).asReadOnlyBuffer();
    }
  }

  /**
   * This replay brought up to date with its journal, reading only the lines appended since it was
   * read, as {@code sweep serve} follows a folder: its cost is that of what changed. A journal that
   * was replaced, cut or rewritten ({@code sweep repair}: another file, a smaller size or other
   * first bytes) is read whole. This replay stays as it was.
   *
   * @throws StoreException as {@link SweepFolder#replay} does, for a bad line appended
   */
  public Replay update() {
    if (scanned == null || !Files.exists(file)) {
      return of(file);
    }
    try {
      Object key = JournalWindow.fileKey(file);
      if (!Objects.equals(key, fileKey)
          || Files.size(file) < scanned.end()
          || !head(file, scanned.end()).equals(scanned.head())) {
        return of(file);
      }
      ReplayScan scan =
          ReplayScan.resume(file, slots, scanned.notes(), scanned.end(), scanned.lineNo());
      return of(file, key, scan, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether this replay read its journal whole; false for an {@link #update} that read only what
   * was appended.
   */
  public boolean readWhole() {
    return scanned == null || scanned.whole();
  }

  /**
   * The ids of the trials that the lines this replay read have events of: after an {@link #update}
   * that did not read the whole journal, the trials that changed since.
   */
  public Set<Long> readIds() {
    return scanned == null ? Set.of() : scanned.touched();
  }

  // ---------------------------------------------------------------- cheap questions

  /** The status of the trial's last attempt if it ended, without reading its record back. */
  public Optional<TrialStatus> lastStatus(long id) {
    int i = slots.indexOf(id);
    return i < 0 || !slots.hasFinished(i)
        ? Optional.empty()
        : Optional.ofNullable(slots.lastStatus(i));
  }

  /** How many attempts of the trial started (0: it never ran). */
  public int attempts(long id) {
    int i = slots.indexOf(id);
    return i < 0 ? 0 : slots.attempts(i);
  }

  /** When the trial's last attempt started, as the journal's {@code started} event says. */
  public Optional<Instant> lastStart(long id) {
    int i = slots.indexOf(id);
    return i < 0 || slots.lastStart(i) == Long.MIN_VALUE
        ? Optional.empty()
        : Optional.of(Instant.ofEpochMilli(slots.lastStart(i)));
  }

  /** The largest trial id; -1 when there is none. */
  public long lastId() {
    return slots.size() == 0 ? -1 : slots.id(slots.size() - 1);
  }

  /**
   * The population of every trial's last finished attempt, in id order: each record is read back
   * and added to the population's columns, so none is kept.
   */
  public Population population(Objective objective) {
    Population.Builder population = Population.builder(objective);
    for (int i = 0; i < slots.size(); i++) {
      if (slots.hasFinished(i)) {
        population.add(reader.state(i).last().orElseThrow());
      }
    }
    return population.build();
  }

  /**
   * Every finished trial's last status and its value of the objective's metric, and nothing else
   * (no name, parameters or curve): a population to rank a big folder by, read without building
   * each record. {@link #get} reads a trial's whole record.
   */
  public Population ranking(Objective objective) {
    Population.Builder population = Population.builder(objective);
    Config none = Config.empty();
    for (int i = 0; i < slots.size(); i++) {
      if (slots.hasFinished(i)) {
        TrialStatus status = slots.lastStatus(i);
        if (status == null) {
          population.add(
              reader.state(i).last().orElseThrow()); // malformed: reading it says what is wrong
          continue;
        }
        Double value = reader.metricValue(i, objective.metric());
        population.add(
            new TrialRecord(
                slots.id(i),
                "",
                Map.of(),
                none,
                status,
                value == null ? Map.of() : Map.of(objective.metric(), value),
                List.of(),
                Optional.empty(),
                Instant.EPOCH,
                Duration.ZERO));
      }
    }
    return population.build();
  }

  /**
   * The best completed trial by {@code objective}, as {@link Population#best()} picks it (a finite
   * value, the lower id among ties), reading only each completed trial's value, then its record.
   */
  public Optional<TrialRecord> best(Objective objective) {
    int best = -1;
    double bestValue = Double.NaN;
    for (int i = 0; i < slots.size(); i++) {
      if (slots.hasFinished(i) && slots.lastStatus(i) == TrialStatus.COMPLETED) {
        Double read = reader.metricValue(i, objective.metric());
        double value = read == null ? Double.NaN : read;
        if (Double.isFinite(value) && (best < 0 || objective.compare(value, bestValue) < 0)) {
          best = i;
          bestValue = value;
        }
      }
    }
    return best < 0 ? Optional.empty() : reader.state(best).last();
  }

  // ---------------------------------------------------------------- the map

  @Override
  public int size() {
    return slots.size();
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof Long id && slots.indexOf(id) >= 0;
  }

  @Override
  public TrialState get(Object key) {
    if (!(key instanceof Long id)) {
      return null;
    }
    int i = slots.indexOf(id);
    return i < 0 ? null : reader.state(i);
  }

  @Override
  public Set<Long> keySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Long> iterator() {
        return new Slot<>() {
          @Override
          Long at(int i) {
            return slots.id(i);
          }
        };
      }

      @Override
      public int size() {
        return slots.size();
      }

      @Override
      public boolean contains(Object o) {
        return containsKey(o);
      }
    };
  }

  @Override
  public Set<Entry<Long, TrialState>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<Long, TrialState>> iterator() {
        return new Slot<>() {
          @Override
          Entry<Long, TrialState> at(int i) {
            return new AbstractMap.SimpleImmutableEntry<>(slots.id(i), reader.state(i));
          }
        };
      }

      @Override
      public int size() {
        return slots.size();
      }
    };
  }

  private abstract class Slot<T> implements Iterator<T> {
    private int next;

    abstract T at(int i);

    @Override
    public boolean hasNext() {
      return next < slots.size();
    }

    @Override
    public T next() {
      if (next >= slots.size()) {
        throw new NoSuchElementException();
      }
      return at(next++);
    }
  }
}
