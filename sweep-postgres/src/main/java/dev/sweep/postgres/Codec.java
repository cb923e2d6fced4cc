package dev.sweep.postgres;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.sweep.config.Config;
import dev.sweep.internal.Json;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the store writes: the shapes of the sweep folder's journal events, so that both read
 * alike.
 */
final class Codec {
  private static final ObjectReader MAP = Json.reader().forType(LinkedHashMap.class);

  private Codec() {}

  static String write(Object value) {
    return Json.write(value);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return (Map<String, Object>) MAP.readValue(json);
    } catch (IOException e) {
      throw new UncheckedIOException("malformed JSON in the store: " + e.getMessage(), e);
    }
  }

  /** A finished attempt's outcome, as the folder's {@code finished} event holds it. */
  static Map<String, Object> outcome(TrialRecord record, int attempt) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("attempt", attempt);
    e.putAll(record.toOutcome());
    return e;
  }

  /** The finished event other runs read: the outcome, with what names the trial. */
  static Map<String, Object> finishedEvent(TrialRecord record, Map<String, Object> outcome) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("name", record.name());
    e.put("params", record.params());
    e.put("config", record.config().toMap());
    e.putAll(outcome);
    return e;
  }

  static TrialRecord record(long id, Map<String, Object> event) {
    return TrialRecord.fromOutcome(
        id,
        String.valueOf(event.get("name")),
        tree(event.get("params")),
        Config.of(tree(event.get("config"))),
        event);
  }

  /** Params or a config as read back: normalised as the journal's are. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> tree(Object value) {
    return (Map<String, Object>) Config.normalize(value == null ? Map.of() : value, "store");
  }

  static Map<String, Object> point(CurvePoint point) {
    return CurvePoint.toMaps(List.of(point)).get(0);
  }
}
