package dev.sweep.cli.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.function.Function;

/**
 * The environment the format fixtures are read in: a PATH with a {@code python} on it, and the
 * variables they use.
 */
final class FixtureEnvironment {
  private static final Function<String, String> ENVIRONMENT = create();

  /** When the fixtures are read: what mlrunner's {_time} gives. */
  static final LocalDateTime NOW = LocalDateTime.of(2026, 12, 1, 9, 30, 5);

  private FixtureEnvironment() {}

  static Function<String, String> get() {
    return ENVIRONMENT;
  }

  private static Function<String, String> create() {
    try {
      Path bin = Files.createTempDirectory("sweep-fixtures-bin");
      Path python = Files.writeString(bin.resolve("python"), "#!/bin/sh\n");
      python.toFile().setExecutable(true);
      python.toFile().deleteOnExit();
      bin.toFile().deleteOnExit();
      Map<String, String> env =
          Map.of("PATH", bin.toString(), "SWEEP_TEST_DATA", "/data", "USER", "ada");
      return env::get;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
