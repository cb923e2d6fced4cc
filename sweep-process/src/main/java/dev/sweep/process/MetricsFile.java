package dev.sweep.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the JSON lines a trial's program appends to {@code $SWEEP_METRICS} while it runs (see the
 * package doc for the rules). A malformed line is skipped with a warning that names the file and
 * the line; it never fails the trial. Used by the trial's thread only.
 */
final class MetricsFile {
  private static final Logger log = LoggerFactory.getLogger(MetricsFile.class);

  /** Warnings logged per file; the rest are counted. */
  static final int MAX_WARNINGS = 20;

  /** Python's {@code json.dumps} writes {@code NaN} and {@code Infinity}; take them. */
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final LineTail tail;
  private final TrialMetrics sink;
  private final List<String> warnings = new ArrayList<>();
  private int ignored;

  MetricsFile(Path file, TrialMetrics sink) {
    this.tail = new LineTail(file);
    this.sink = sink;
  }

  /** Handles the lines completed since the last call. */
  void poll() {
    handle(tail.poll());
  }

  /** Handles the rest of the file, a last line without {@code \n} included. */
  void finish() {
    handle(tail.finish());
  }

  /** Logs how many lines were ignored in all, if not every one was reported. */
  void summarize() {
    if (ignored > MAX_WARNINGS) {
      log.warn(
          "{}: {} malformed lines ignored in all, {} of them reported",
          tail.file(),
          ignored,
          MAX_WARNINGS);
    }
  }

  /** The warnings so far, at most {@value #MAX_WARNINGS}. */
  List<String> warnings() {
    return List.copyOf(warnings);
  }

  private void handle(List<String> lines) {
    long number = tail.lineNumber() - lines.size();
    for (String line : lines) {
      number++;
      String problem = line(line);
      if (problem != null) {
        warn(number, problem, line);
      }
    }
  }

  /** Handles one line; returns what is wrong with it, or null. */
  private String line(String line) {
    if (line.isBlank()) {
      return null;
    }
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      // Jackson's own message is long and changes between versions; where it broke is what helps.
      return e.getLocation() == null
          ? "not JSON"
          : "not JSON (it breaks at column " + e.getLocation().getColumnNr() + ")";
    }
    if (!node.isObject()) {
      return "not a JSON object";
    }
    JsonNode finalNode = node.path("final");
    if (!finalNode.isMissingNode() && !finalNode.isBoolean()) {
      return "\"final\" must be true or false, not " + finalNode;
    }
    JsonNode stepNode = node.path("step");
    Long step = null;
    if (!stepNode.isMissingNode() && !stepNode.isNull()) {
      boolean integral =
          stepNode.isIntegralNumber()
              ? stepNode.canConvertToLong()
              : stepNode.isNumber()
                  && stepNode.doubleValue() == Math.rint(stepNode.doubleValue())
                  && Math.abs(stepNode.doubleValue()) < 0x1p53;
      if (!integral) {
        return "\"step\" must be an integer, not " + stepNode;
      }
      step = stepNode.longValue();
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (field.getValue().isNumber()
          && !field.getKey().equals("step")
          && !field.getKey().isBlank()) {
        metrics.put(field.getKey(), field.getValue().doubleValue());
      }
    }
    if (metrics.isEmpty()) {
      return "no metric: no field besides \"step\" holds a number";
    }
    if (step == null || finalNode.asBoolean(false)) {
      sink.finals(metrics);
    } else {
      sink.point(step, metrics);
    }
    return null;
  }

  private void warn(long number, String problem, String line) {
    ignored++;
    if (ignored <= MAX_WARNINGS) {
      String shown = line.length() > 200 ? line.substring(0, 200) + " …" : line;
      String warning = tail.file() + ":" + number + ": " + problem + "; line ignored: " + shown;
      warnings.add(warning);
      log.warn(warning);
    }
  }
}
