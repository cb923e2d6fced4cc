package dev.sweep.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile config files read by {@link Config#read} (a sweep file's {@code base:}): refused past the
 * {@link InputLimits} with the file, line and column, or read in time linear in their length. The
 * timeouts only guard against a hang.
 */
class ConfigLimitsFaultTest {
  private static final Duration HANG = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void fileOver16MiB_isRefusedUnparsed() throws IOException {
    Path file =
        Files.writeString(dir.resolve("huge.yaml"), "a: 1\n# " + "x".repeat(17 << 20) + "\n");
    assertThatThrownBy(() -> assertTimeoutPreemptively(HANG, () -> Config.read(file)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file + ":1:1: the file holds 17,825,800 bytes; at most 16,777,216 (16 MiB) allowed");
  }

  @Test
  void nesting65Levels_isRefusedWhereItIs() throws IOException {
    Path yaml =
        Files.writeString(
            dir.resolve("deep.yaml"), "a:\n  b: " + "[".repeat(1000) + "]".repeat(1000) + "\n");
    assertThatThrownBy(() -> Config.read(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            yaml + ":2:68: mappings and lists nest 65 levels deep here; at most 64 allowed");
    Path json =
        Files.writeString(
            dir.resolve("deep.json"), "{\"a\": " + "[".repeat(1000) + "]".repeat(1000) + "}");
    assertThatThrownBy(() -> Config.read(json))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            json + ":1:70: mappings and lists nest 65 levels deep here; at most 64 allowed");
  }

  @Test
  void stringOf8MB_isRead() throws IOException {
    String text = "x".repeat(8 << 20);
    Path file =
        Files.writeString(
            dir.resolve("long.yaml"),
            "plain: " + text + "\nquoted: \"" + text.substring(0, 4 << 20) + "\"\n");
    Config config = assertTimeoutPreemptively(HANG, () -> Config.read(file));
    assertThat(config.getString("plain")).isEqualTo(text);
    assertThat(config.getString("quoted")).hasSize(4 << 20);
  }
}
