package dev.sweep.process;

import dev.sweep.process.Piece.Flag;
import dev.sweep.process.Piece.Text;
import dev.sweep.process.Piece.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the three forms of a {@link CommandTemplate} (argument vector, command line, shell script)
 * into {@link Piece}s. Every error names the template.
 */
final class TemplateParser {
  /** The reserved placeholders, in the order the docs list them. */
  static final List<String> RESERVED =
      List.of("_output", "_name", "_id", "_config", "_config_json", "_metrics", "_slot");

  private static final String PATH = "[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*";
  private static final Pattern NAME = Pattern.compile(PATH);
  private static final Pattern FLAG = Pattern.compile("\\[(" + PATH + ")]");
  private static final Set<String> OPERATORS =
      Set.of(
          "|", "||", "&", "&&", ";", ";;", "<", ">", ">>", "<<", "2>", "2>>", "&>", ">&", "2>&1",
          "|&");
  private static final String WORD_START = " \t\r\n;&|()";
  private static final String WORD_END = " \t\r\n;&|)";

  private final String template;

  private TemplateParser(String template) {
    this.template = template;
  }

  /** The words of an argument vector: each element one word, {@code [path]} alone a flag. */
  static List<List<Piece>> argv(List<String> argv, String template) {
    TemplateParser p = new TemplateParser(template);
    List<List<Piece>> words = new ArrayList<>();
    for (String element : argv) {
      Piece flag = p.flag(element);
      words.add(flag != null ? List.of(flag) : p.pieces(element, false));
    }
    return p.checked(words);
  }

  /** The words of a command line split as a shell would, without a shell. */
  static List<List<Piece>> line(String line) {
    TemplateParser p = new TemplateParser(line);
    List<List<Piece>> words = new ArrayList<>();
    for (Tokenizer.Word word : Tokenizer.split(line, line)) {
      String plain = word.plain();
      if (plain != null && OPERATORS.contains(plain)) {
        throw p.error(
            "'"
                + plain
                + "' is a shell operator, but no shell runs this command; use "
                + "CommandTemplate.shell(…) for pipes and redirections, or quote it to pass it as an argument");
      }
      Piece flag = plain == null ? null : p.flag(plain);
      if (flag != null) {
        words.add(List.of(flag));
        continue;
      }
      List<Piece> pieces = new ArrayList<>();
      for (Tokenizer.Segment segment : word.segments()) {
        if (segment.literal()) {
          pieces.add(new Text(segment.text()));
        } else {
          pieces.addAll(p.pieces(segment.text(), false));
        }
      }
      words.add(merge(pieces));
    }
    return p.checked(words);
  }

  /** A value with placeholders but no flags, such as an environment variable's. */
  static List<Piece> text(String value, String template) {
    return new TemplateParser(template).pieces(value, false);
  }

  /**
   * The pieces of a shell script. Single-quoted text and comments are the shell's, as is {@code
   * ${…}}; a placeholder inside double quotes is marked so that it can be bound without quotes of
   * its own; {@code [path]} is a flag where it stands as a word outside quotes.
   */
  static List<Piece> script(String script) {
    TemplateParser p = new TemplateParser(script);
    if (script.isBlank()) {
      throw p.error("the script is empty");
    }
    List<Piece> out = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int n = script.length();
    int i = 0;
    int doubleQuote = -1; // where the open double quote is, or -1
    while (i < n) {
      char c = script.charAt(i);
      boolean wordStart = i == 0 || WORD_START.indexOf(script.charAt(i - 1)) >= 0;
      if (doubleQuote < 0 && c == '\'') {
        int end = script.indexOf('\'', i + 1);
        if (end < 0) {
          throw p.error("the ' quote at column " + (i + 1) + " is not closed");
        }
        text.append(script, i, end + 1);
        i = end + 1;
      } else if (doubleQuote < 0 && c == '#' && wordStart) {
        int end = script.indexOf('\n', i);
        end = end < 0 ? n : end;
        text.append(script, i, end);
        i = end;
      } else if (doubleQuote < 0 && c == '[' && wordStart && flagAt(script, i) != null) {
        Matcher m = flagAt(script, i); // [path] standing as a word of its own
        flush(text, out);
        out.add(p.flag(m.group()));
        i = m.end();
      } else if (c == '"') {
        doubleQuote = doubleQuote < 0 ? i : -1;
        text.append(c);
        i++;
      } else if (c == '\\') {
        text.append(script, i, Math.min(n, i + 2));
        i += 2;
      } else if (c == '$' && i + 1 < n && script.charAt(i + 1) == '{') {
        int end = closingBrace(script, i + 1);
        text.append(script, i, end);
        i = end;
      } else if (c == '{' || c == '}') {
        i = p.brace(script, i, text, out, doubleQuote >= 0);
      } else {
        text.append(c);
        i++;
      }
    }
    if (doubleQuote >= 0) {
      throw p.error("the \" quote at column " + (doubleQuote + 1) + " is not closed");
    }
    flush(text, out);
    p.checkFlags(out);
    return List.copyOf(out);
  }

  private static Matcher flagAt(String script, int i) {
    Matcher m = FLAG.matcher(script).region(i, script.length());
    if (m.lookingAt()
        && (m.end() == script.length() || WORD_END.indexOf(script.charAt(m.end())) >= 0)) {
      return m;
    }
    return null;
  }

  /** The index after the brace that closes the one at {@code open}, or the end of the text. */
  private static int closingBrace(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      if (s.charAt(i) == '{') {
        depth++;
      } else if (s.charAt(i) == '}' && --depth == 0) {
        return i + 1;
      }
    }
    return s.length();
  }

  /** The flag piece if {@code word} is exactly {@code [path]}, else null. */
  private Piece flag(String word) {
    Matcher m = FLAG.matcher(word);
    if (!m.matches()) {
      return null;
    }
    String path = m.group(1);
    if (path.startsWith("_")) {
      throw error(
          "["
              + path
              + "] cannot be a flag: names that start with '_' are reserved; "
              + "use {"
              + path
              + "} where its value should go");
    }
    return new Flag(path, path.substring(path.lastIndexOf('.') + 1));
  }

  private List<Piece> pieces(String s, boolean inDoubleQuotes) {
    List<Piece> out = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '{' || c == '}') {
        i = brace(s, i, text, out, inDoubleQuotes);
      } else {
        text.append(c);
        i++;
      }
    }
    flush(text, out);
    return out;
  }

  /**
   * Reads <code>{{</code>, <code>}}</code> or a placeholder at {@code i}; returns the index after
   * it.
   */
  private int brace(String s, int i, StringBuilder text, List<Piece> out, boolean inDoubleQuotes) {
    char c = s.charAt(i);
    if (i + 1 < s.length() && s.charAt(i + 1) == c) {
      text.append(c);
      return i + 2;
    }
    if (c == '}') {
      throw error("a single '}'" + where(s, i) + "; write }} for a literal brace");
    }
    int close = s.indexOf('}', i + 1);
    if (close < 0) {
      String rest = s.substring(i, Math.min(s.length(), i + 30));
      throw error("'" + rest + "' has no closing '}'; write {{ for a literal brace");
    }
    String name = s.substring(i + 1, close);
    if (!NAME.matcher(name).matches()) {
      throw error(
          "'{"
              + name
              + "}' is not a placeholder; a placeholder is {dotted.path} or one of "
              + reservedList()
              + ", and {{ and }} are literal braces");
    }
    if (name.startsWith("_") && !RESERVED.contains(name)) {
      throw error(
          "unknown reserved placeholder {" + name + "}; the reserved ones are " + reservedList());
    }
    flush(text, out);
    out.add(new Value(name, inDoubleQuotes));
    return close + 1;
  }

  private String where(String s, int i) {
    return s.equals(template) ? " at column " + (i + 1) : " in '" + s + "'";
  }

  static String reservedList() {
    StringBuilder list = new StringBuilder();
    for (String name : RESERVED) {
      list.append(list.length() == 0 ? "" : ", ").append('{').append(name).append('}');
    }
    return list.toString();
  }

  private static void flush(StringBuilder text, List<Piece> out) {
    if (text.length() > 0) {
      out.add(new Text(text.toString()));
      text.setLength(0);
    }
  }

  /** Joins adjacent texts, so that a word's pieces are as few as they can be. */
  private static List<Piece> merge(List<Piece> pieces) {
    List<Piece> merged = new ArrayList<>();
    for (Piece piece : pieces) {
      int last = merged.size() - 1;
      if (piece instanceof Text t && last >= 0 && merged.get(last) instanceof Text before) {
        merged.set(last, new Text(before.text() + t.text()));
      } else {
        merged.add(piece);
      }
    }
    return List.copyOf(merged);
  }

  private List<List<Piece>> checked(List<List<Piece>> words) {
    if (words.isEmpty()) {
      throw error("the command is empty");
    }
    if (words.get(0).size() == 1 && words.get(0).get(0) instanceof Flag flag) {
      throw error(
          "the first word is the program to run; it cannot be the flag [" + flag.path() + "]");
    }
    List<Piece> all = new ArrayList<>();
    List<List<Piece>> copy = new ArrayList<>();
    for (List<Piece> word : words) {
      all.addAll(word);
      copy.add(List.copyOf(word));
    }
    checkFlags(all);
    return List.copyOf(copy);
  }

  private void checkFlags(List<Piece> pieces) {
    Map<String, String> paths = new HashMap<>();
    for (Piece piece : pieces) {
      if (piece instanceof Flag f) {
        String other = paths.putIfAbsent(f.flag(), f.path());
        if (other != null) {
          throw error(
              "["
                  + other
                  + "] and ["
                  + f.path()
                  + "] would both give --"
                  + f.flag()
                  + "; write one of them as --NAME {"
                  + f.path()
                  + "} with an option name of its own");
        }
      }
    }
  }

  private IllegalArgumentException error(String problem) {
    return new IllegalArgumentException("template '" + template + "': " + problem);
  }
}
