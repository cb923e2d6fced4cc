package dev.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules that keep the libraries embeddable: no static mutable state, no {@code System.exit}, no
 * printing to the console, no logging binding. Scans the main sources of every library module (the
 * command line, the examples and the benchmarks are programs, not libraries).
 */
class ArchitectureRulesTest {
  // sweep-cli and the examples are applications: they may exit, print and bind a logger.
  private static final List<String> LIBRARIES =
      List.of(
          "sweep-core",
          "sweep-process",
          "sweep-report",
          "sweep-junit",
          "sweep-samplers",
          "sweep-slurm");
  private static final Pattern STATIC_FIELD =
      Pattern.compile(
          "^\\s*(?:(?:public|protected|private)\\s+)?static\\s+(?!final\\b)(?!class\\b|interface\\b|enum\\b|record\\b|<)[\\w<>\\[\\], ?]+\\s+\\w+\\s*(=|;)");

  private static List<Path> librarySources() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<Path> files = new ArrayList<>();
    for (String module : LIBRARIES) {
      Path src = root.resolve(module).resolve("src/main/java");
      if (Files.isDirectory(src)) {
        try (Stream<Path> walk = Files.walk(src)) {
          walk.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
        }
      }
    }
    return files;
  }

  @Test
  void librariesHaveSourcesToCheck() throws IOException {
    assertThat(librarySources()).hasSizeGreaterThan(20);
  }

  @Test
  void noStaticMutableFields() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Path file : librarySources()) {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = STATIC_FIELD.matcher(lines.get(i));
        if (m.find() && !lines.get(i).contains("(")) {
          offenders.add(file.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void noExitNoConsoleNoLoggingBinding() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Path file : librarySources()) {
      // Code only: the Javadoc's usage snippets may print.
      String text =
          Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
      for (String banned :
          List.of(
              "System.exit(",
              "Runtime.getRuntime().halt(",
              "System.out.",
              "System.err.",
              "printStackTrace(")) {
        if (text.contains(banned)) {
          offenders.add(file.getFileName() + " uses " + banned);
        }
      }
    }
    assertThat(offenders).isEmpty();
    Path root = Path.of("").toAbsolutePath().getParent();
    for (String module : LIBRARIES) {
      String pom = Files.readString(root.resolve(module).resolve("pom.xml"));
      assertThat(
              pom.replaceAll(
                  "(?s)<dependency>(?:(?!</dependency>).)*<scope>test</scope>(?:(?!</dependency>).)*</dependency>",
                  ""))
          .as(module + " has no logging binding outside tests")
          .doesNotContain("slf4j-simple", "logback-classic", "slf4j-nop", "log4j-slf4j");
    }
  }

  @Test
  void ruleCatchesAStaticMutableField() {
    assertThat(STATIC_FIELD.matcher("  private static int counter = 0;").find()).isTrue();
    assertThat(STATIC_FIELD.matcher("  static Map<String, Object> cache;").find()).isTrue();
    assertThat(STATIC_FIELD.matcher("  private static final int MAX = 3;").find()).isFalse();
    assertThat(STATIC_FIELD.matcher("  public static final class Builder {").find()).isFalse();
  }
}
