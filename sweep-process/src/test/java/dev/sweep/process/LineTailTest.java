package dev.sweep.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following a file that another process appends to. */
class LineTailTest {
  @TempDir Path tmp;

  @Test
  void aMissingOrEmptyFile_hasNoLines() throws Exception {
    Path file = tmp.resolve("log");
    LineTail tail = new LineTail(file);
    assertThat(tail.poll()).isEmpty();
    Files.writeString(file, "");
    assertThat(tail.finish()).isEmpty();
  }

  @Test
  void aLineWithoutItsNewline_waitsForTheNextPoll_orForFinish() throws Exception {
    Path file = tmp.resolve("log");
    LineTail tail = new LineTail(file);
    append(file, "one\ntw");
    assertThat(tail.poll()).containsExactly("one");
    append(file, "o\r\nthree");
    assertThat(tail.poll()).containsExactly("two");
    assertThat(tail.finish()).containsExactly("three");
    assertThat(tail.lineNumber()).isEqualTo(3);
  }

  @Test
  void aFileThatGrowsFromAFewBytesToMoreThanOneRead_losesNothing() throws Exception {
    Path file = tmp.resolve("log");
    LineTail tail = new LineTail(file);
    append(file, "a\n");
    assertThat(tail.poll()).containsExactly("a");
    String longLine = "x".repeat(200_000);
    append(file, longLine + "\nb\n");
    assertThat(tail.poll()).containsExactly(longLine, "b");
  }

  @Test
  void aTruncatedFile_isReadFromItsStart() throws Exception {
    Path file = tmp.resolve("log");
    LineTail tail = new LineTail(file);
    append(file, "first run, line 1\nfirst run, line 2\n");
    assertThat(tail.poll()).hasSize(2);
    Files.writeString(file, "again\n");
    assertThat(tail.poll()).containsExactly("again");
  }

  private static void append(Path file, String text) throws Exception {
    Files.write(file, text.getBytes(UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
