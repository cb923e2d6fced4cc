package dev.sweep.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one streaming pass over a journal that a {@link Replay} is made of: each complete line is
 * read ({@link JournalEvent}) and applied to the trials' {@link TrialSlots}. Notes are kept whole,
 * for the few trials that have any. Used once, by one thread.
 */
final class ReplayScan {
  private final TrialSlots slots;
  private final LongIntMap slotById =
      new LongIntMap(); // the scan's alone: a replay does not keep it
  private final Map<Long, Map<String, Map<String, Object>>> notes = new HashMap<>();
  private final JournalEvent event = new JournalEvent();
  private final Set<Long> touched = new HashSet<>();
  private long end;
  private long lineNo;

  private ReplayScan(TrialSlots slots) {
    this.slots = slots;
  }

  /**
   * Scans a journal file; only a torn last line is skipped.
   *
   * @throws StoreException naming the file, line and column of a line that is not a whole JSON
   *     event, with a hint at {@code sweep repair}
   */
  static ReplayScan of(Path file) throws IOException {
    ReplayScan scan = new ReplayScan(new TrialSlots(1024));
    scan.scan(file);
    return scan;
  }

  /**
   * Scans on from where an earlier scan of the same file stopped, into copies of its slots and
   * notes: the earlier scan's replay stays as it was.
   */
  static ReplayScan resume(
      Path file,
      TrialSlots slots,
      Map<Long, Map<String, Map<String, Object>>> notes,
      long end,
      long lineNo)
      throws IOException {
    ReplayScan scan = new ReplayScan(slots.copy());
    for (int i = 0; i < scan.slots.size(); i++) {
      scan.slotById.put(scan.slots.id(i), i);
    }
    notes.forEach((id, n) -> scan.notes.put(id, new LinkedHashMap<>(n)));
    scan.end = end;
    scan.lineNo = lineNo;
    scan.scan(file);
    return scan;
  }

  private void scan(Path file) throws IOException {
    try (JournalLines lines = new JournalLines(file, end, lineNo)) {
      while (lines.next()) {
        if (!lines.complete()) {
          break; // torn last line: its write never finished
        }
        end = lines.offset() + lines.size() + 1;
        lineNo = lines.lineNo();
        if (lines.isBlank()) {
          continue;
        }
        String problem = apply(lines);
        if (problem != null) {
          throw badLine(file, lines.lineNo(), problem);
        }
      }
    }
    slots.sortById();
  }

  /** The byte offset after the last whole line scanned: where a later scan goes on. */
  long end() {
    return end;
  }

  /** The number of the last whole line scanned. */
  long lineNo() {
    return lineNo;
  }

  /** The ids of the trials that the lines scanned have events of. */
  Set<Long> touched() {
    return touched;
  }

  /** The trials' slots, in id order. */
  TrialSlots slots() {
    return slots;
  }

  /** The notes of the trials that have any, by id. */
  Map<Long, Map<String, Map<String, Object>>> notes() {
    return notes;
  }

  /** The error for a line of {@code file} that is not a whole JSON event. */
  static StoreException badLine(Path file, long lineNo, String problem) {
    Path dir = file.toAbsolutePath().getParent();
    String where =
        problem.startsWith("column ") ? problem.substring(7, problem.indexOf(':')) + ":" : "";
    String what =
        problem.startsWith("column ") ? problem.substring(problem.indexOf(':') + 2) : problem;
    return new StoreException(
        file
            + ":"
            + lineNo
            + ":"
            + where
            + " not a JSON event: "
            + what
            + "; the journal is damaged there: `sweep repair "
            + (dir == null ? "DIR" : dir)
            + "` keeps every whole "
            + "event and drops the bad lines (it keeps a backup)");
  }

  /** Replays one line; returns what is wrong with it, or null. */
  private String apply(JournalLines line) throws IOException {
    String problem = event.read(line);
    if (problem != null) {
      return problem;
    }
    int slot = slotById.get(event.id());
    touched.add(event.id());
    switch (event.type()) {
      case "created" -> created(slot, line);
      case "started" -> {
        if (slot >= 0) {
          slots.started(slot, event.attemptOr(slots.attempts(slot) + 1), event.time());
        }
      }
      case "finished" -> {
        if (slot >= 0) {
          slots.finished(
              slot,
              Math.max(slots.attempts(slot), event.attemptOr(1)),
              line.offset(),
              line.length(),
              line.lineNo(),
              event.status());
        }
      }
      case "note" -> note(slot);
      default -> {} // events of later versions are skipped, not fatal
    }
    return null;
  }

  /**
   * A trial's {@code created} event; one created again starts afresh, without its attempts and
   * notes.
   */
  private void created(int slot, JournalLines line) {
    long id = event.id();
    if (slot < 0) {
      slot = slots.add(id);
      slotById.put(id, slot);
    }
    slots.created(slot, line.offset(), line.length());
    notes.remove(id);
  }

  private void note(int slot) {
    if (slot >= 0 && event.noteKey() != null) {
      notes
          .computeIfAbsent(event.id(), k -> new LinkedHashMap<>())
          .put(event.noteKey(), Collections.unmodifiableMap(event.noteValue()));
    }
  }
}
