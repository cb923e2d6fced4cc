package dev.sweep.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The bounds within which sweep reads the files that people write: sweep files and the base configs
 * they name. A file past a bound is refused with its line and column before anything is built from
 * it, so that a hostile file costs a bounded time and memory and leaves nothing behind.
 *
 * <pre>{@code
 * String text = InputLimits.readText(file).orElseThrow(() -> new ConfigException(InputLimits.tooLarge(file)));
 * }</pre>
 *
 * <p>{@link Config#read} keeps these bounds; the sweep command adds its own for sweep files (its
 * README lists them all). YAML is parsed in time linear in its length whatever it holds.
 */
public final class InputLimits {
  /** The most bytes read from one file: 16 MiB, some 100 times a large sweep file. */
  public static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

  /**
   * The most levels of mappings and lists inside each other in a config file. Deeper trees serve no
   * config, and readers of a trial's config.json give up near 1,000 levels (Jackson, Python).
   */
  public static final int MAX_CONFIG_DEPTH = 64;

  private InputLimits() {}

  /**
   * The UTF-8 text of {@code file}, or empty if it holds more than {@link #MAX_FILE_BYTES}: no byte
   * past those is read, so a file that never ends (a FIFO, {@code /dev/zero}) costs no more.
   *
   * @throws java.nio.charset.CharacterCodingException if the bytes are not UTF-8
   * @throws IOException if the file cannot be read
   */
  public static Optional<String> readText(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    }
    if (bytes.length > MAX_FILE_BYTES) {
      return Optional.empty();
    }
    return Optional.of(
        StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
  }

  /**
   * The problem with a file that {@link #readText} refused: its size where one is known, and the
   * limit.
   */
  public static String tooLarge(Path file) {
    String size = String.format(Locale.ROOT, "more than %,d", MAX_FILE_BYTES);
    try {
      if (Files.isRegularFile(file)) {
        size = String.format(Locale.ROOT, "%,d", Files.size(file));
      }
    } catch (IOException e) {
      // the size stays unknown
    }
    return String.format(
        Locale.ROOT, "the file holds %s bytes; at most %,d (16 MiB) allowed", size, MAX_FILE_BYTES);
  }
}
