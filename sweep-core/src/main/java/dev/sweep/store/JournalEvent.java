package dev.sweep.store;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields a replay needs of one journal line, read from the parser without building a tree, the
 * whole line checked on the way. One per scan, refilled by each line: a million-line journal makes
 * no object per line.
 */
final class JournalEvent {
  private String type;
  private long id;
  private int attempt;
  private long time;
  private String status;
  private String noteKey;
  private Object noteValue;

  /**
   * Reads a complete line; returns what is wrong with it (then the fields mean nothing), or null.
   */
  String read(JournalLines line) throws IOException {
    if (line.length() != line.size()) {
      return line.problem(); // too long to hold
    }
    String encoding = JournalLines.utf8Problem(line.bytes(), 0, line.length());
    if (encoding != null) {
      return encoding;
    }
    clear();
    try (JsonParser p = Journal.JSON.getFactory().createParser(line.bytes(), 0, line.length())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return JournalLines.notAnObject();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        field(p, p.currentName(), p.nextToken());
      }
      return JournalLines.trailing(p);
    } catch (JsonParseException e) {
      return JournalLines.notJson(e);
    }
  }

  private void clear() {
    type = "";
    id = -1;
    attempt = Integer.MIN_VALUE;
    time = Long.MIN_VALUE;
    status = null;
    noteKey = null;
    noteValue = null;
  }

  /**
   * Takes one field whose value token {@code t} the parser is on; skips those replay does not need.
   */
  private void field(JsonParser p, String field, JsonToken t) throws IOException {
    if (t.isStructStart() && !(field.equals("value") && t == JsonToken.START_OBJECT)) {
      p.skipChildren();
      return;
    }
    switch (field) {
      case "event" -> type = t == JsonToken.VALUE_STRING ? p.getText() : "";
      case "id" -> id = t.isNumeric() ? p.getValueAsLong(-1) : -1;
      case "attempt" ->
          attempt = t == JsonToken.VALUE_NUMBER_INT ? p.getValueAsInt() : Integer.MIN_VALUE;
      case "time" -> time = t.isNumeric() ? p.getValueAsLong() : Long.MIN_VALUE;
      case "status" -> status = t == JsonToken.VALUE_STRING ? p.getText() : null;
      case "key" -> noteKey = t == JsonToken.VALUE_STRING ? p.getText() : null;
      case "value" ->
          noteValue =
              t == JsonToken.START_OBJECT ? Journal.JSON.readValue(p, LinkedHashMap.class) : null;
      default -> {} // a field replay does not need
    }
  }

  /** The event's type ({@code created}, {@code started}, …); empty if it has none. */
  String type() {
    return type;
  }

  /** The trial's id; -1 if it has none. */
  long id() {
    return id;
  }

  /** The attempt the event names, or {@code otherwise} if it names none. */
  int attemptOr(int otherwise) {
    return attempt == Integer.MIN_VALUE ? otherwise : attempt;
  }

  /** The event's epoch ms; {@link Long#MIN_VALUE} if it has none. */
  long time() {
    return time;
  }

  /** The outcome's status as written; null if it has none. */
  String status() {
    return status;
  }

  /** A note's key; null if it has none. */
  String noteKey() {
    return noteKey;
  }

  /** A note's value: the object it holds, or a new empty map. */
  @SuppressWarnings("unchecked")
  Map<String, Object> noteValue() {
    return noteValue == null ? new LinkedHashMap<>() : (Map<String, Object>) noteValue;
  }
}
