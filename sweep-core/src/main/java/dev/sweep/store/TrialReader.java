package dev.sweep.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sweep.config.Config;
import dev.sweep.trial.TrialRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a replayed trial back from the journal when asked, and keeps nothing: its state from its
 * {@code created} and last {@code finished} lines, or one metric of its last result without
 * building a tree. Thread-safe: each window is read under its own lock.
 */
final class TrialReader {
  private final Path file;
  private final TrialSlots slots;
  private final Map<Long, Map<String, Map<String, Object>>> notes; // only trials with notes
  private final JournalWindow created;
  private final JournalWindow finished;

  TrialReader(
      Path file,
      Object fileKey,
      TrialSlots slots,
      Map<Long, Map<String, Map<String, Object>>> notes) {
    this.file = file;
    this.slots = slots;
    this.notes = notes;
    this.created = new JournalWindow(file, fileKey);
    this.finished = new JournalWindow(file, fileKey);
  }

  /** The state of the trial in {@code slot}, read from its two lines. */
  TrialState state(int slot) {
    long id = slots.id(slot);
    Map<String, Object> createdEvent =
        read(created, slots.createdAt(slot), slots.createdLength(slot));
    Map<String, Object> params = SweepFolder.normalized(createdEvent.get("params"));
    Config config = Config.of(SweepFolder.normalized(createdEvent.get("config")));
    String name = text(createdEvent.get("name"));
    Optional<TrialRecord> last = Optional.empty();
    if (slots.hasFinished(slot)) {
      Map<String, Object> outcome =
          read(finished, slots.finishedAt(slot), slots.finishedLength(slot));
      try {
        Map<String, Object> columns = params;
        if (createdEvent.get("values") != null) { // derived and probed values: columns too
          columns = new LinkedHashMap<>(params);
          columns.putAll(SweepFolder.normalized(createdEvent.get("values")));
        }
        last = Optional.of(TrialRecord.fromOutcome(id, name, columns, config, outcome));
      } catch (IllegalArgumentException e) {
        throw new StoreException(file + ":" + slots.finishedLine(slot) + ": " + e.getMessage(), e);
      }
    }
    Map<String, Map<String, Object>> trialNotes = notes.get(id);
    return new TrialState(
        id,
        name,
        params,
        config,
        text(createdEvent.get("hash")),
        slots.attempts(slot),
        last,
        trialNotes == null ? Map.of() : Collections.unmodifiableMap(trialNotes));
  }

  /**
   * A metric of the last result of the trial in {@code slot}, read from its finished line; null if
   * it has none.
   */
  Double metricValue(int slot, String name) {
    long at = slots.finishedAt(slot);
    int length = slots.finishedLength(slot);
    synchronized (finished) {
      try (JsonParser p =
          Journal.JSON
              .getFactory()
              .createParser(finished.bytes(at, length), finished.offset(at), length)) {
        return metric(p, name);
      } catch (IOException e) {
        throw unreadable(e);
      }
    }
  }

  /** The metric {@code name} of the outcome the parser is about to read; null if it has none. */
  private static Double metric(JsonParser p, String name) throws IOException {
    p.nextToken();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (field.equals("metrics") && t == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          boolean wanted = p.currentName().equals(name);
          JsonToken v = p.nextToken();
          if (wanted) {
            if (v.isNumeric()) {
              return p.getDoubleValue();
            }
            // A ternary here would unbox number(...)'s null into a NullPointerException.
            return v == JsonToken.VALUE_STRING ? number(p.getText()) : null;
          }
          p.skipChildren();
        }
        return null;
      }
      p.skipChildren();
    }
    return null;
  }

  private static Double number(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> read(JournalWindow window, long at, int length) {
    synchronized (window) {
      try {
        return Journal.JSON.readValue(
            window.bytes(at, length), window.offset(at), length, LinkedHashMap.class);
      } catch (IOException e) {
        throw unreadable(e);
      }
    }
  }

  private UncheckedIOException unreadable(IOException e) {
    return new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
  }
}
