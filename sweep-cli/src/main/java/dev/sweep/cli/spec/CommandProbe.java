package dev.sweep.cli.spec;

import dev.sweep.config.Config;
import dev.sweep.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The sweep file's {@code probe: {command: …, values: […]}}: a program that measures a config (a
 * model's FLOPs, say, by building it). It gets the config as JSON on stdin, and as the file named
 * by {@code SWEEP_CONFIG}; it prints one JSON object on stdout, from which the named values are
 * taken, each a number. Runs with argv, never a shell, in the sweep's working directory; {@link
 * dev.sweep.space.Space} runs it once per distinct config. Thread-safe.
 */
final class CommandProbe implements Function<Config, Map<String, Object>> {
  /** The stderr a failure quotes: its end, where programs say what went wrong. */
  private static final int STDERR_TAIL = 500;

  private final List<String> argv;
  private final List<String> values;
  private final Duration timeout;
  private final Path workdir;

  CommandProbe(List<String> argv, List<String> values, Duration timeout, Path workdir) {
    this.argv = List.copyOf(argv);
    this.values = List.copyOf(values);
    this.timeout = timeout;
    this.workdir = workdir;
  }

  /** What a constraint check at read time sees instead: 1 for each value, nothing run. */
  Map<String, Object> standIn() {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach(v -> out.put(v, 1L));
    return out;
  }

  /**
   * The named values the command prints for {@code config}.
   *
   * @throws IllegalStateException naming the command, its exit status and the end of its stderr
   *     when it fails, outlives the timeout, prints no JSON object or lacks a value
   */
  @Override
  public Map<String, Object> apply(Config config) {
    Path in = null;
    Path out = null;
    Path err = null;
    try {
      in = Files.createTempFile("sweep-probe-", ".json");
      out = Files.createTempFile("sweep-probe-", ".out");
      err = Files.createTempFile("sweep-probe-", ".err");
      Files.writeString(in, config.toJson());
      ProcessBuilder pb =
          new ProcessBuilder(argv)
              .directory(workdir.toFile())
              .redirectInput(in.toFile()) // from the file: a probe that never reads cannot block us
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment().put("SWEEP_CONFIG", in.toString());
      Process process = pb.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
        long ms = timeout.toMillis();
        throw failure(
            "ran past its timeout of " + (ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms"), err);
      }
      int status = process.exitValue();
      if (status != 0) {
        throw failure("exited with status " + status, err);
      }
      return values(Files.readString(out), err);
    } catch (IOException e) {
      throw new UncheckedIOException("probe " + argv + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("probe " + argv + " interrupted", e);
    } finally {
      delete(in);
      delete(out);
      delete(err);
    }
  }

  private Map<String, Object> values(String stdout, Path err) throws IOException {
    if (stdout.isBlank()) {
      throw failure("exited with status 0 but printed nothing on stdout", err);
    }
    Config printed;
    try {
      printed = Config.fromJson(stdout);
    } catch (ConfigException e) {
      throw failure(
          "exited with status 0 but printed no JSON object ("
              + e.getMessage()
              + "), it printed '"
              + cut(stdout.strip())
              + "'",
          err);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : values) {
      Object v = printed.get(name).orElse(null);
      if (v == null) {
        throw failure(
            "exited with status 0 but printed no '"
                + name
                + "' (it printed "
                + cut(stdout.strip())
                + ")",
            err);
      }
      if (!(v instanceof Number)) {
        throw failure(
            "exited with status 0 but printed " + name + " = " + cut(v.toString()) + ", no number",
            err);
      }
      out.put(name, v);
    }
    return out;
  }

  private IllegalStateException failure(String what, Path err) throws IOException {
    String tail = Files.readString(err).strip();
    if (tail.length() > STDERR_TAIL) {
      tail = "…" + tail.substring(tail.length() - STDERR_TAIL);
    }
    return new IllegalStateException(
        "command "
            + argv
            + " "
            + what
            + (tail.isEmpty() ? "; stderr was empty" : "; stderr ends: " + tail));
  }

  private static String cut(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  private static void delete(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a leftover temporary file is harmless
      }
    }
  }

  @Override
  public String toString() {
    return "command probe " + argv + " of " + values;
  }
}
