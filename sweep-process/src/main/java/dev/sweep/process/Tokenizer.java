package dev.sweep.process;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words as a POSIX shell would, and expands nothing: whitespace
 * separates words; {@code '…'} is literal; in {@code "…"} a backslash escapes only {@code " \ $ `}
 * and a newline; outside quotes a backslash makes the next character literal and a backslash before
 * a newline joins lines.
 */
final class Tokenizer {

  /**
   * A run of characters of one word.
   *
   * @param literal single-quoted or escaped: no placeholders in it
   */
  record Segment(String text, boolean literal) {}

  /**
   * One word.
   *
   * @param quoted whether any part of it was quoted or escaped
   */
  record Word(List<Segment> segments, boolean quoted) {
    /** The word's text when it is a single unquoted run, else null. */
    String plain() {
      return !quoted && segments.size() == 1 ? segments.get(0).text() : null;
    }
  }

  private final String line;
  private final List<Word> words = new ArrayList<>();
  private List<Segment> segments;
  private final StringBuilder text = new StringBuilder();
  private boolean quoted;

  private Tokenizer(String line) {
    this.line = line;
  }

  /**
   * The words of {@code line}.
   *
   * @throws IllegalArgumentException naming {@code template} if a quote is not closed or the line
   *     ends with a backslash
   */
  static List<Word> split(String line, String template) {
    Tokenizer t = new Tokenizer(line);
    t.run(template);
    return t.words;
  }

  private void run(String template) {
    int n = line.length();
    int i = 0;
    while (i < n) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        endWord();
        i++;
      } else if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          throw unclosed(template, '\'', i);
        }
        add(line.substring(i + 1, end), true);
        i = end + 1;
      } else if (c == '"') {
        i = doubleQuoted(i, template);
      } else if (c == '\\') {
        if (i + 1 == n) {
          throw new IllegalArgumentException(
              "template '" + template + "' ends with a backslash; write \\\\ for a literal one");
        }
        char next = line.charAt(i + 1);
        if (next != '\n') {
          add(String.valueOf(next), true);
        }
        i += 2;
      } else {
        startWord();
        text.append(c);
        i++;
      }
    }
    endWord();
  }

  private int doubleQuoted(int open, String template) {
    StringBuilder inner = new StringBuilder();
    int i = open + 1;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '"') {
        add(inner.toString(), false);
        return i + 1;
      }
      if (c == '\\' && i + 1 < line.length() && "\"\\$`\n".indexOf(line.charAt(i + 1)) >= 0) {
        if (line.charAt(i + 1) != '\n') {
          inner.append(line.charAt(i + 1));
        }
        i += 2;
      } else {
        inner.append(c);
        i++;
      }
    }
    throw unclosed(template, '"', open);
  }

  private static IllegalArgumentException unclosed(String template, char quote, int at) {
    return new IllegalArgumentException(
        "template '"
            + template
            + "': the "
            + quote
            + " quote at column "
            + (at + 1)
            + " is not closed");
  }

  private void startWord() {
    if (segments == null) {
      segments = new ArrayList<>();
      quoted = false;
    }
  }

  private void add(String quotedText, boolean literal) {
    startWord();
    flush();
    segments.add(new Segment(quotedText, literal));
    quoted = true;
  }

  private void flush() {
    if (text.length() > 0) {
      segments.add(new Segment(text.toString(), false));
      text.setLength(0);
    }
  }

  private void endWord() {
    if (segments != null) {
      flush();
      words.add(new Word(List.copyOf(segments), quoted));
      segments = null;
    }
  }
}
