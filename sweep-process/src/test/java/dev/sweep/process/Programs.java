package dev.sweep.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small real programs for the tests: Debian's Python and sh, written to files. */
final class Programs {
  /** Debian's Python, not a version manager's shim. */
  static final String PYTHON = "/usr/bin/python3";

  /** Prints its arguments (after the program) as one JSON list on stdout. */
  static final String PRINT_ARGV = "import sys, json; print(json.dumps(sys.argv[1:]))";

  private Programs() {}

  /** Writes {@code code} to {@code dir/name} and returns its absolute path. */
  static String write(Path dir, String name, String code) {
    try {
      Path file = dir.resolve(name);
      Files.writeString(file, code);
      return file.toAbsolutePath().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
