package dev.sweep.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one streaming pass over a journal that a {@link Replay} is made of: each complete line is
 * read ({@link JournalEvent}) and applied to the trials' {@link TrialSlots}. Notes are kept whole,
 * for the few trials that have any. Used once, by one thread.
 */
final class ReplayScan {
  private final TrialSlots slots = new TrialSlots(1024);
  private final LongIntMap slotById =
      new LongIntMap(); // the scan's alone: a replay does not keep it
  private final Map<Long, Map<String, Map<String, Object>>> notes = new HashMap<>();
  private final JournalEvent event = new JournalEvent();

  private ReplayScan() {}

  /**
   * Scans a journal file; only a torn last line is skipped.
   *
   * @throws StoreException naming the file, line and column of a line that is not a whole JSON
   *     event, with a hint at {@code sweep repair}
   */
  static ReplayScan of(Path file) throws IOException {
    ReplayScan scan = new ReplayScan();
    try (JournalLines lines = new JournalLines(file)) {
      while (lines.next()) {
        if (!lines.complete()) {
          break; // torn last line: its write never finished
        }
        if (lines.isBlank()) {
          continue;
        }
        String problem = scan.apply(lines);
        if (problem != null) {
          throw badLine(file, lines.lineNo(), problem);
        }
      }
    }
    scan.slots.sortById();
    return scan;
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
