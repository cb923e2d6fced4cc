package dev.sweep.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Java examples of the root README and of docs/GUIDE.md compile: every line of each {@code
 * java} block (comments and the {@code ...} a block leaves out aside) is in {@link ReadmeSnippets},
 * or in the test class the block names, in the same order, and those compile with this module's
 * tests.
 */
class ReadmeSnippetsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path SNIPPETS =
      Path.of("src/test/java/dev/sweep/examples/readme/ReadmeSnippets.java");
  private static final Path JUNIT_EXAMPLE =
      Path.of("src/test/java/dev/sweep/examples/junit/DigitsHyperparametersTest.java");

  static List<List<String>> javaBlocks(String markdown) {
    List<List<String>> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (m.find()) {
      List<String> lines = new ArrayList<>();
      for (String line : m.group(1).split("\\n", -1)) {
        String code = normalise(line);
        if (!code.isEmpty() && !code.equals("...")) {
          lines.add(code);
        }
      }
      blocks.add(lines);
    }
    return blocks;
  }

  /**
   * A line without its end-of-line comment and indentation; a model named in the README is the
   * reader's.
   */
  static String normalise(String line) {
    String code = line.replaceAll("\\s+//.*$", "").replaceAll("^\\s*//.*$", "").strip();
    return code.replace("new Model(", "newModel(");
  }

  private static List<String> codeLines(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .map(ReadmeSnippetsTest::normalise)
        .filter(l -> !l.isEmpty())
        .toList();
  }

  /** Whether {@code block} appears in {@code code} as a subsequence of whole lines. */
  static boolean inOrder(List<String> block, List<String> code) {
    int at = 0;
    for (String line : block) {
      while (at < code.size() && !code.get(at).equals(line)) {
        at++;
      }
      if (at == code.size()) {
        return false;
      }
      at++;
    }
    return true;
  }

  @Test
  void everyJavaBlockOfTheReadmeIsCompiledCode() throws IOException {
    List<List<String>> blocks =
        new ArrayList<>(javaBlocks(Files.readString(ROOT.resolve("README.md"))));
    blocks.addAll(javaBlocks(Files.readString(ROOT.resolve("docs/GUIDE.md"))));
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(9);
    List<String> snippets = codeLines(SNIPPETS);
    List<String> junitExample = codeLines(JUNIT_EXAMPLE);
    for (List<String> block : blocks) {
      List<String> code =
          block.get(0).startsWith("class DigitsHyperparametersTest") ? junitExample : snippets;
      assertThat(inOrder(block, code))
          .as("README block starting %s is, line for line, in compiled code", block.get(0))
          .isTrue();
    }
  }

  @Test
  void aLineThatDiffersIsFound() {
    List<String> code = List.of("a();", "b();", "c();");
    assertThat(inOrder(List.of("a();", "c();"), code)).isTrue();
    assertThat(inOrder(List.of("c();", "a();"), code)).isFalse();
    assertThat(inOrder(List.of("a();", "d();"), code)).isFalse();
  }
}
