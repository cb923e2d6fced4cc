package dev.sweep.population;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sweep.config.Config;
import dev.sweep.internal.AtomicFiles;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A population's files: the CSV and JSON it writes ({@link Population#writeCsv}, {@link
 * Population#writeJson}), each written atomically, and the JSON read back ({@link
 * Population#readJson}). The CSV is read by {@link CsvTable}.
 */
final class PopulationFiles {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private PopulationFiles() {}

  /** See {@link Population#readJson(Path)}. */
  @SuppressWarnings("unchecked")
  static Population readJson(Path file) {
    Map<String, Object> doc;
    try {
      doc = JSON.readValue(file.toFile(), Map.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          file + ": not a population's JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      Map<String, Object> o = (Map<String, Object>) doc.get("objective");
      String metric = (String) o.get("metric");
      Population.Builder b =
          Population.builder(
              "maximize".equals(o.get("goal"))
                  ? Objective.maximize(metric)
                  : Objective.minimize(metric));
      for (Object row : (List<Object>) doc.get("trials")) {
        Map<String, Object> r = (Map<String, Object>) row;
        Map<String, Object> params =
            (Map<String, Object>) Config.normalize(r.get("params"), file.toString());
        b.add(
            TrialRecord.fromOutcome(
                ((Number) r.get("id")).longValue(),
                (String) r.get("name"),
                params,
                Config.of((Map<String, Object>) r.get("config")),
                r));
      }
      return b.build();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          file + ": not a population's JSON, as writeJson writes it: " + e.getMessage(), e);
    }
  }

  /** See {@link Population#writeCsv(Writer)}. */
  static void writeCsv(Population population, Writer out) throws IOException {
    List<String> params = population.parameterNames();
    List<String> metrics = population.metricNames();
    List<String> header = csvHeader(params, metrics);
    writeCsvRow(out, header);
    for (TrialRecord t : population.trials()) {
      writeCsvRow(out, csvRow(t, params, metrics, header.size()));
    }
  }

  /**
   * The column names; a metric is prefixed {@code metric.} where it would be read back as something
   * else.
   */
  private static List<String> csvHeader(List<String> params, List<String> metrics) {
    List<String> header = new ArrayList<>(List.of("id", "name", "status"));
    header.addAll(params);
    for (String m : metrics) {
      header.add(
          params.contains(m)
                  || m.equals("id")
                  || m.equals("name")
                  || m.equals("status")
                  || m.equals("folder")
              ? "metric." + m
              : m);
    }
    header.addAll(List.of("duration_s", "started", "failure", "folder"));
    return header;
  }

  private static List<String> csvRow(
      TrialRecord t, List<String> params, List<String> metrics, int width) {
    List<String> row = new ArrayList<>(width);
    row.add(Long.toString(t.id()));
    row.add(t.name());
    row.add(t.status().name());
    for (String p : params) {
      Object v = t.params().get(p);
      row.add(v == null ? "" : v instanceof List<?> l ? l.toString() : v.toString());
    }
    for (String m : metrics) {
      Double v = t.metrics().get(m);
      row.add(v == null ? "" : v.toString());
    }
    row.add(Double.toString(t.duration().toNanos() / 1e9));
    row.add(t.started().toString());
    row.add(t.failure().orElse(""));
    row.add(t.folder());
    return row;
  }

  /** One record, RFC 4180: a cell is quoted only where it must be. */
  private static void writeCsvRow(Writer out, List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      String c = cells.get(i);
      if (c.indexOf(',') >= 0
          || c.indexOf('"') >= 0
          || c.indexOf('\n') >= 0
          || c.indexOf('\r') >= 0) {
        out.write('"');
        out.write(c.replace("\"", "\"\""));
        out.write('"');
      } else {
        out.write(c);
      }
    }
    out.write("\r\n");
  }

  /**
   * See {@link Population#toJson()}; a trial at a time, so that a million trials are never one
   * tree.
   */
  static void writeJson(Population population, Writer out) throws IOException {
    Objective objective = population.objective();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeFieldName("objective");
      json.writeObject(objective.toMap());
      json.writeFieldName("trials");
      json.writeStartArray();
      for (TrialRecord t : population.trials()) {
        json.writeObject(jsonRow(t));
      }
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  private static Map<String, Object> jsonRow(TrialRecord t) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", t.id());
    row.put("name", t.name());
    row.put("status", t.status().name());
    row.put("params", t.params());
    row.put("config", t.config().toMap());
    row.put("metrics", t.metrics());
    row.put("curve", CurvePoint.toMaps(t.curve()));
    row.put("started", t.started().toString());
    row.put("duration_s", t.duration().toNanos() / 1e9);
    t.failure().ifPresent(f -> row.put("failure", f));
    row.put("folder", t.folder());
    return row;
  }

  /** What a file holds, written to a writer. */
  interface Body {
    void write(Writer out) throws IOException;
  }

  /**
   * Writes {@code file} as a temporary file renamed into place, so that a reader never sees half of
   * it.
   *
   * @throws UncheckedIOException naming the file, if it cannot be written
   */
  static void writeAtomically(Path file, Body body) {
    try {
      AtomicFiles.write(
          file,
          out -> {
            try (Writer writer =
                new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
              body.write(writer);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
