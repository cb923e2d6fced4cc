package dev.sweep.store;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sweep.config.Config;
import dev.sweep.trial.Objective;
import dev.sweep.population.Population;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import dev.sweep.store.SweepFolder.TrialState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
  private static final int WINDOW = 1 << 20;
  private static final byte NONE = -1;
  private static final TrialStatus[] STATUSES = TrialStatus.values();

  private final Path file;
  private final Object fileKey; // null: no journal, or a file system without keys
  private final int size;
  private final long[] ids; // sorted
  private final long[] createdAt;
  private final int[] createdLength;
  private final long[] finishedAt; // -1: no finished event since the last start
  private final int[] finishedLength;
  private final long[] finishedLine;
  private final int[] attempts;
  private final long[] lastStart; // epoch ms of the last started event; Long.MIN_VALUE: none
  private final byte[] lastStatus; // ordinal of the last attempt's status; NONE if it has not ended
  private final Map<Long, Map<String, Map<String, Object>>> notes; // only trials with notes
  private final Window created = new Window();
  private final Window finished = new Window();

  private Replay(Path file, Object fileKey, Slots s, Map<Long, Map<String, Map<String, Object>>> notes) {
    this.file = file;
    this.fileKey = fileKey;
    this.size = s.size;
    this.ids = s.ids;
    this.createdAt = s.createdAt;
    this.createdLength = s.createdLength;
    this.finishedAt = s.finishedAt;
    this.finishedLength = s.finishedLength;
    this.finishedLine = s.finishedLine;
    this.attempts = s.attempts;
    this.lastStart = s.lastStart;
    this.lastStatus = s.lastStatus;
    this.notes = notes;
  }

  /**
   * Replays a journal file; a missing file replays to nothing.
   *
   * @throws StoreException naming the file, line and column of a line that is not a whole JSON
   *     event (only a torn last line is skipped), with a hint at {@code sweep repair}
   */
  static Replay of(Path file) {
    if (!Files.exists(file)) {
      return new Replay(file, null, new Slots(0), Map.of());
    }
    Object key;
    Slots slots = new Slots(1024);
    Map<Long, Map<String, Map<String, Object>>> notes = new HashMap<>();
    try {
      key = fileKey(file);
      try (JournalLines lines = new JournalLines(file)) {
        while (lines.next()) {
          if (!lines.complete()) {
            break; // torn last line: its write never finished
          }
          if (lines.isBlank()) {
            continue;
          }
          String problem = apply(slots, notes, lines);
          if (problem != null) {
            throw badLine(file, lines.lineNo(), problem);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    slots.sortById();
    return new Replay(file, key, slots, notes);
  }

  static StoreException badLine(Path file, long lineNo, String problem) {
    Path dir = file.toAbsolutePath().getParent();
    String where = problem.startsWith("column ") ? problem.substring(7, problem.indexOf(':')) + ":" : "";
    String what = problem.startsWith("column ") ? problem.substring(problem.indexOf(':') + 2) : problem;
    return new StoreException(file + ":" + lineNo + ":" + where + " not a JSON event: " + what
        + "; the journal is damaged there: `sweep repair " + (dir == null ? "DIR" : dir) + "` keeps every whole "
        + "event and drops the bad lines (it keeps a backup)");
  }

  private static Object fileKey(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }

  /**
   * Replays one line: the fields replay needs, read from the parser without building a tree, and
   * the whole line checked on the way. Returns what is wrong with it, or null.
   */
  private static String apply(Slots slots, Map<Long, Map<String, Map<String, Object>>> notes, JournalLines line)
      throws IOException {
    if (line.length() != line.size()) {
      return line.problem(); // too long to hold
    }
    String encoding = JournalLines.utf8Problem(line.bytes(), 0, line.length());
    if (encoding != null) {
      return encoding;
    }
    String type = "";
    long id = -1;
    int attempt = Integer.MIN_VALUE;
    long time = Long.MIN_VALUE;
    String status = null;
    String noteKey = null;
    Object noteValue = null;
    try (JsonParser p = Journal.JSON.getFactory().createParser(line.bytes(), 0, line.length())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return JournalLines.notAnObject();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (t.isStructStart() && !(field.equals("value") && t == JsonToken.START_OBJECT)) {
          p.skipChildren();
          continue;
        }
        switch (field) {
          case "event" -> type = t == JsonToken.VALUE_STRING ? p.getText() : "";
          case "id" -> id = t.isNumeric() ? p.getValueAsLong(-1) : -1;
          case "attempt" -> attempt = t == JsonToken.VALUE_NUMBER_INT ? p.getValueAsInt() : Integer.MIN_VALUE;
          case "time" -> time = t.isNumeric() ? p.getValueAsLong() : Long.MIN_VALUE;
          case "status" -> status = t == JsonToken.VALUE_STRING ? p.getText() : null;
          case "key" -> noteKey = t == JsonToken.VALUE_STRING ? p.getText() : null;
          case "value" -> noteValue = t == JsonToken.START_OBJECT ? Journal.JSON.readValue(p, LinkedHashMap.class) : null;
          default -> { } // a field replay does not need
        }
      }
      String after = JournalLines.trailing(p);
      if (after != null) {
        return after;
      }
    } catch (JsonParseException e) {
      return JournalLines.notJson(e);
    }
    int slot = slots.slotOf(id);
    switch (type) {
      case "created" -> {
        slot = slot < 0 ? slots.add(id) : slot;
        slots.created(slot, line.offset(), line.length());
        notes.remove(id);
      }
      case "started" -> {
        if (slot >= 0) {
          slots.started(slot, attempt == Integer.MIN_VALUE ? slots.attempts[slot] + 1 : attempt, time);
        }
      }
      case "finished" -> {
        if (slot >= 0) {
          slots.finished(slot, Math.max(slots.attempts[slot], attempt == Integer.MIN_VALUE ? 1 : attempt),
              line.offset(), line.length(), line.lineNo(), statusOrdinal(status));
        }
      }
      case "note" -> {
        if (slot >= 0 && noteKey != null) {
          @SuppressWarnings("unchecked")
          Map<String, Object> value = noteValue == null ? new LinkedHashMap<>() : (Map<String, Object>) noteValue;
          notes.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(noteKey, Collections.unmodifiableMap(value));
        }
      }
      default -> { } // events of later versions are skipped, not fatal
    }
    return null;
  }

  private static byte statusOrdinal(String status) {
    for (TrialStatus s : STATUSES) {
      if (s.name().equals(status)) {
        return (byte) s.ordinal();
      }
    }
    return NONE; // a malformed outcome: reading the record says what is wrong
  }

  // ---------------------------------------------------------------- cheap questions

  /** The status of the trial's last attempt if it ended, without reading its record back. */
  public Optional<TrialStatus> lastStatus(long id) {
    int i = index(id);
    return i < 0 || finishedAt[i] < 0 || lastStatus[i] == NONE ? Optional.empty() : Optional.of(STATUSES[lastStatus[i]]);
  }

  /** How many attempts of the trial started (0: it never ran). */
  public int attempts(long id) {
    int i = index(id);
    return i < 0 ? 0 : attempts[i];
  }

  /** When the trial's last attempt started, as the journal's {@code started} event says. */
  public Optional<Instant> lastStart(long id) {
    int i = index(id);
    return i < 0 || lastStart[i] == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastStart[i]));
  }

  /** The largest trial id; -1 when there is none. */
  public long lastId() {
    return size == 0 ? -1 : ids[size - 1];
  }

  /**
   * The population of every trial's last finished attempt, in id order: each record is read back
   * and added to the population's columns, so none is kept.
   */
  public Population population(Objective objective) {
    Population.Builder population = Population.builder(objective);
    for (int i = 0; i < size; i++) {
      if (finishedAt[i] >= 0) {
        population.add(state(i).last().orElseThrow());
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
    for (int i = 0; i < size; i++) {
      if (finishedAt[i] >= 0) {
        if (lastStatus[i] == NONE) {
          population.add(state(i).last().orElseThrow()); // malformed: reading it says what is wrong
          continue;
        }
        Double value = metricValue(i, objective.metric());
        population.add(new TrialRecord(ids[i], "", Map.of(), none, STATUSES[lastStatus[i]],
            value == null ? Map.of() : Map.of(objective.metric(), value),
            List.of(), Optional.empty(), Instant.EPOCH, Duration.ZERO));
      }
    }
    return population.build();
  }

  /**
   * The best completed trial by {@code objective}, as {@link Population#best()} picks it (a finite
   * value, the lower id among ties), reading only each completed trial's value, then its record.
   */
  public Optional<TrialRecord> best(Objective objective) {
    TrialStatus completed = TrialStatus.COMPLETED;
    int best = -1;
    double bestValue = Double.NaN;
    for (int i = 0; i < size; i++) {
      if (finishedAt[i] >= 0 && lastStatus[i] == completed.ordinal()) {
        double value = metric(i, objective.metric());
        if (Double.isFinite(value) && (best < 0 || objective.compare(value, bestValue) < 0)) {
          best = i;
          bestValue = value;
        }
      }
    }
    return best < 0 ? Optional.empty() : state(best).last();
  }

  /** A metric of trial {@code i}'s last result, read from its finished event without a tree; NaN if it has none. */
  private double metric(int i, String name) {
    Double value = metricValue(i, name);
    return value == null ? Double.NaN : value;
  }

  /** A metric of trial {@code i}'s last result; null if it has none. */
  private Double metricValue(int i, String name) {
    synchronized (finished) {
      try {
        byte[] bytes = finished.bytes(finishedAt[i], finishedLength[i]);
        try (JsonParser p = Journal.JSON.getFactory().createParser(bytes, finished.offset(finishedAt[i]),
            finishedLength[i])) {
          p.nextToken();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (field.equals("metrics") && t == JsonToken.START_OBJECT) {
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = p.currentName().equals(name);
                JsonToken v = p.nextToken();
                if (wanted) {
                  return v.isNumeric() ? p.getDoubleValue() : v == JsonToken.VALUE_STRING ? number(p.getText()) : null;
                }
                p.skipChildren();
              }
              return null;
            }
            p.skipChildren();
          }
          return null;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
  }

  private static Double number(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- the map

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof Long id && index(id) >= 0;
  }

  @Override
  public TrialState get(Object key) {
    if (!(key instanceof Long id)) {
      return null;
    }
    int i = index(id);
    return i < 0 ? null : state(i);
  }

  private int index(long id) {
    int i = Arrays.binarySearch(ids, 0, size, id);
    return i < 0 ? -1 : i;
  }

  @Override
  public Set<Long> keySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Long> iterator() {
        return new Slot<>() {
          @Override
          Long at(int i) {
            return ids[i];
          }
        };
      }

      @Override
      public int size() {
        return size;
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
            return new AbstractMap.SimpleImmutableEntry<>(ids[i], state(i));
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  private abstract class Slot<T> implements Iterator<T> {
    private int next;

    abstract T at(int i);

    @Override
    public boolean hasNext() {
      return next < size;
    }

    @Override
    public T next() {
      if (next >= size) {
        throw new NoSuchElementException();
      }
      return at(next++);
    }
  }

  // ---------------------------------------------------------------- reading a trial back

  private TrialState state(int i) {
    long id = ids[i];
    Map<String, Object> createdEvent = read(created, createdAt[i], createdLength[i]);
    Map<String, Object> params = SweepFolder.normalized(createdEvent.get("params"));
    Config config = Config.of(SweepFolder.normalized(createdEvent.get("config")));
    String name = text(createdEvent.get("name"));
    Optional<TrialRecord> last = Optional.empty();
    if (finishedAt[i] >= 0) {
      Map<String, Object> outcome = read(finished, finishedAt[i], finishedLength[i]);
      try {
        last = Optional.of(TrialRecord.fromOutcome(id, name, params, config, outcome));
      } catch (IllegalArgumentException e) {
        throw new StoreException(file + ":" + finishedLine[i] + ": " + e.getMessage(), e);
      }
    }
    Map<String, Map<String, Object>> trialNotes = notes.get(id);
    return new TrialState(id, name, params, config, text(createdEvent.get("hash")), attempts[i], last,
        trialNotes == null ? Map.of() : Collections.unmodifiableMap(trialNotes));
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> read(Window window, long at, int length) {
    synchronized (window) {
      try {
        return Journal.JSON.readValue(window.bytes(at, length), window.offset(at), length, LinkedHashMap.class);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /** A piece of the journal kept in memory, so that reading trials in order reads each block once. */
  private final class Window {
    private byte[] data = new byte[0];
    private long start = -1;
    private int length;

    byte[] bytes(long at, int n) throws IOException {
      if (start < 0 || at < start || at + n > start + length) {
        fill(at, n);
      }
      return data;
    }

    int offset(long at) {
      return (int) (at - start);
    }

    private void fill(long at, int n) throws IOException {
      if (!Objects.equals(fileKey(file), fileKey)) {
        throw new StoreException(file + " was replaced while it was read (by `sweep repair`?); run the command again");
      }
      int want = Math.max(n, WINDOW);
      if (data.length < want) {
        data = new byte[want];
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        ByteBuffer buffer = ByteBuffer.wrap(data, 0, want);
        while (buffer.hasRemaining() && channel.read(buffer, at + buffer.position()) > 0) {
          // read on until the window is full or the file ends
        }
        if (buffer.position() < n) {
          throw new StoreException(file + " was cut while it was read; run the command again");
        }
        start = at;
        length = buffer.position();
      }
    }
  }

  // ---------------------------------------------------------------- the slots while scanning

  /** Per-trial columns in the order trials were created, then sorted by id. */
  private static final class Slots {
    int size;
    long[] ids;
    long[] createdAt;
    int[] createdLength;
    long[] finishedAt;
    int[] finishedLength;
    long[] finishedLine;
    int[] attempts;
    long[] lastStart;
    byte[] lastStatus;
    private final LongIntMap slotById = new LongIntMap();

    Slots(int capacity) {
      ids = new long[capacity];
      createdAt = new long[capacity];
      createdLength = new int[capacity];
      finishedAt = new long[capacity];
      finishedLength = new int[capacity];
      finishedLine = new long[capacity];
      attempts = new int[capacity];
      lastStart = new long[capacity];
      lastStatus = new byte[capacity];
    }

    int slotOf(long id) {
      return slotById.get(id);
    }

    int add(long id) {
      if (size == ids.length) {
        int grown = Math.max(16, size + (size >> 1));
        ids = Arrays.copyOf(ids, grown);
        createdAt = Arrays.copyOf(createdAt, grown);
        createdLength = Arrays.copyOf(createdLength, grown);
        finishedAt = Arrays.copyOf(finishedAt, grown);
        finishedLength = Arrays.copyOf(finishedLength, grown);
        finishedLine = Arrays.copyOf(finishedLine, grown);
        attempts = Arrays.copyOf(attempts, grown);
        lastStart = Arrays.copyOf(lastStart, grown);
        lastStatus = Arrays.copyOf(lastStatus, grown);
      }
      ids[size] = id;
      slotById.put(id, size);
      return size++;
    }

    void created(int slot, long offset, int length) {
      createdAt[slot] = offset;
      createdLength[slot] = length;
      finishedAt[slot] = -1;
      attempts[slot] = 0;
      lastStart[slot] = Long.MIN_VALUE;
      lastStatus[slot] = NONE;
    }

    void started(int slot, int attempt, long time) {
      attempts[slot] = attempt;
      finishedAt[slot] = -1;
      lastStart[slot] = time;
      lastStatus[slot] = NONE;
    }

    void finished(int slot, int attempt, long offset, int length, long lineNo, byte status) {
      attempts[slot] = attempt;
      finishedAt[slot] = offset;
      finishedLength[slot] = length;
      finishedLine[slot] = lineNo;
      lastStatus[slot] = status;
    }

    /** Puts the slots in id order (trials are created in id order, so this rarely moves anything). */
    void sortById() {
      boolean sorted = true;
      for (int i = 1; i < size && sorted; i++) {
        sorted = ids[i - 1] < ids[i];
      }
      if (sorted) {
        return;
      }
      Integer[] order = new Integer[size];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, (a, b) -> Long.compare(ids[a], ids[b]));
      int[] o = new int[size];
      Arrays.setAll(o, i -> order[i]);
      ids = permute(ids, o);
      createdAt = permute(createdAt, o);
      finishedAt = permute(finishedAt, o);
      finishedLine = permute(finishedLine, o);
      lastStart = permute(lastStart, o);
      createdLength = permute(createdLength, o);
      finishedLength = permute(finishedLength, o);
      attempts = permute(attempts, o);
      byte[] status = new byte[size];
      for (int i = 0; i < size; i++) {
        status[i] = lastStatus[o[i]];
      }
      lastStatus = status;
    }

    private long[] permute(long[] a, int[] o) {
      long[] out = new long[size];
      for (int i = 0; i < size; i++) {
        out[i] = a[o[i]];
      }
      return out;
    }

    private int[] permute(int[] a, int[] o) {
      int[] out = new int[size];
      for (int i = 0; i < size; i++) {
        out[i] = a[o[i]];
      }
      return out;
    }
  }

  /** A map from long keys to non-negative ints by open addressing: no boxed key per trial. */
  static final class LongIntMap {
    private long[] keys = new long[16];
    private int[] values = new int[16];
    private boolean[] used = new boolean[16];
    private int count;

    int get(long key) {
      int mask = keys.length - 1;
      for (int i = hash(key) & mask; used[i]; i = (i + 1) & mask) {
        if (keys[i] == key) {
          return values[i];
        }
      }
      return -1;
    }

    void put(long key, int value) {
      if (2 * (count + 1) > keys.length) {
        grow();
      }
      int mask = keys.length - 1;
      int i = hash(key) & mask;
      while (used[i] && keys[i] != key) {
        i = (i + 1) & mask;
      }
      if (!used[i]) {
        used[i] = true;
        count++;
      }
      keys[i] = key;
      values[i] = value;
    }

    private void grow() {
      long[] oldKeys = keys;
      int[] oldValues = values;
      boolean[] oldUsed = used;
      keys = new long[oldKeys.length * 2];
      values = new int[oldKeys.length * 2];
      used = new boolean[oldKeys.length * 2];
      count = 0;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldUsed[i]) {
          put(oldKeys[i], oldValues[i]);
        }
      }
    }

    private static int hash(long key) {
      long h = key * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32));
    }
  }
}
