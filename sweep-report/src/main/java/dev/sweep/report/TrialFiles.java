package dev.sweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.internal.Json;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.CurvePoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the live page reads from a trial's folder while it runs: the metrics a program appends (the
 * journal holds a curve only once the trial ends) and the tails of its logs.
 */
final class TrialFiles {
  /**
   * The file a trial's program appends its steps to, {@code $SWEEP_METRICS} (sweep-process's {@code
   * ProcessRunner.METRICS_FILE}; this module does not depend on that one).
   */
  static final String METRICS = "metrics.jsonl";

  /** The most of a log's end that is read, so that a huge log costs no more than this. */
  static final int TAIL_BYTES = 16 * 1024;

  /** Lines of each log's end shown. */
  static final int TAIL_LINES = 40;

  private TrialFiles() {}

  /**
   * The files that {@link #metrics} reads a running trial's steps from, in the order it tries them:
   * what the sweep recorded of every {@code Trial.report} (an in-JVM runner's too), then the file a
   * program appends to (a sweep run by an older version wrote only that one).
   */
  static final List<String> STEP_FILES = List.of(SweepFolder.REPORTED, METRICS);

  /**
   * The steps a running trial reported, from the first of {@link #STEP_FILES} in {@code dir} that
   * exists, in order: each line a JSON object of numbers, its {@code step} (or its index) the step.
   * Lines that are not (a torn last one) are skipped.
   */
  static List<CurvePoint> metrics(Path dir) {
    for (String name : STEP_FILES) {
      Path file = dir.resolve(name);
      if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return steps(file);
      }
    }
    return List.of(); // none yet; a link is never followed out of the trial's folder
  }

  private static List<CurvePoint> steps(Path file) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return List.of(); // a link is never followed out of the trial's folder
    }
    List<CurvePoint> curve = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(
                Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        point(line, curve.size()).ifPresent(curve::add);
      }
    } catch (IOException | RuntimeException e) {
      return curve; // being written, or not UTF-8: what was read so far
    }
    return curve;
  }

  private static Optional<CurvePoint> point(String line, long index) {
    try {
      JsonNode n = Json.reader().readTree(line);
      if (n == null || !n.isObject()) {
        return Optional.empty();
      }
      Map<String, Double> metrics = new LinkedHashMap<>();
      long step = n.path("step").canConvertToLong() ? n.path("step").asLong() : index;
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        if (!e.getKey().equals("step") && e.getValue().isNumber()) {
          metrics.put(e.getKey(), e.getValue().asDouble());
        }
      }
      return metrics.isEmpty() ? Optional.empty() : Optional.of(new CurvePoint(step, metrics));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The last lines of each log in {@code dir} ({@code *.out}, {@code *.err}, {@code *.log}), by
   * file name.
   */
  static Map<String, String> logTails(Path dir) {
    Map<String, String> tails = new LinkedHashMap<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return tails; // absent, or a link: never followed
    }
    try (Stream<Path> files = Files.list(dir)) {
      files
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) // a link is not served
          .filter(
              p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".out") || n.endsWith(".err") || n.endsWith(".log");
              })
          .sorted()
          .forEach(p -> tails.put(p.getFileName().toString(), tail(p)));
    } catch (IOException e) {
      tails.put("(error)", "cannot list " + dir + ": " + e.getMessage());
    }
    return tails;
  }

  /**
   * The last {@link #TAIL_LINES} lines of {@code file}, from at most its last {@link #TAIL_BYTES}.
   */
  static String tail(Path file) {
    try (SeekableByteChannel f =
        Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long length = f.size();
      int n = (int) Math.min(length, TAIL_BYTES);
      ByteBuffer bytes = ByteBuffer.allocate(n);
      f.position(length - n);
      while (bytes.hasRemaining() && f.read(bytes) >= 0) {
        // a log being written may be shorter than its size was: what was read is shown
      }
      String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
      String[] lines = text.split("\n", -1);
      int from = Math.max(n < length ? 1 : 0, lines.length - 1 - TAIL_LINES); // a cut first line
      return String.join("\n", Arrays.asList(lines).subList(from, lines.length));
    } catch (IOException e) {
      return "cannot read " + file + ": " + e.getMessage();
    }
  }
}
