package dev.sweep.cli.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Location;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import dev.sweep.config.InputLimits;
import dev.sweep.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Parses a YAML document once into {@link Node}s, recording where each starts from the parser's
 * token locations. Refuses what a sweep file never needs and a reader could misread: duplicate
 * keys, several documents, numbers too big for 64 bits, binary values. Anchors and aliases work.
 *
 * <p>A file past a limit below is refused where it passes it, within the time it takes to read it
 * up to there: a 711-byte "billion laughs" of nested aliases once ran the command out of memory,
 * and a key of 10,000 dotted parts out of stack. The text is parsed in time linear in its length
 * ({@link Json#YAML}); {@link SpecReader} reads at most {@link InputLimits#MAX_FILE_BYTES} of it.
 */
final class NodeReader {
  /**
   * Mappings and lists inside each other; 100, not the 64 of a base config, as a sweep file holds
   * its base one level down.
   */
  static final int MAX_DEPTH = 100;

  /** Aliases ({@code *name}) in a file, as SnakeYAML allows by default. */
  static final int MAX_ALIASES = 50;

  /** Keys, list items and scalars in a file, each alias counted as all it repeats. */
  static final int MAX_VALUES = 100_000;

  /**
   * Characters of keys and strings in a file, each alias counted as all it repeats: no more than
   * the file could hold.
   */
  static final int MAX_CHARACTERS = InputLimits.MAX_FILE_BYTES;

  /** Characters of a key, as many as YAML lets a key have without a {@code ?} before it. */
  static final int MAX_KEY_LENGTH = 1024;

  /** Dot-separated parts of a key: each nests a level in a trial's config, like a mapping. */
  static final int MAX_KEY_PARTS = 100;

  /** YAML's infinities, as YAML 1.1 and 1.2 spell them. */
  private static final Pattern INFINITY = Pattern.compile("[-+]?\\.(inf|Inf|INF)");

  /** YAML's not-a-number. */
  private static final Pattern NAN = Pattern.compile("\\.(nan|NaN|NAN)");

  private final String file;
  private final YAMLParser parser;
  private final Map<String, Anchored> anchors = new HashMap<>();
  private int depth;
  private int aliases;
  private long values;
  private long characters;

  /** A node with an anchor, and how many values and characters an alias to it repeats. */
  private record Anchored(Node node, long values, long characters) {}

  private NodeReader(String file, YAMLParser parser) {
    this.file = file;
    this.parser = parser;
  }

  /**
   * The document in {@code text}; an empty document is an empty mapping.
   *
   * @param file names the file in messages
   * @throws SpecException at the line and column of a syntax error, a refused construct or a limit
   *     passed
   */
  static Node read(String text, String file) {
    List<Node> documents = readAll(text, file);
    if (documents.size() > 1) {
      throw new SpecException(
          file,
          documents.get(1).at(),
          "a sweep file holds one YAML document; this one has a second (after '---')");
    }
    return documents.get(0);
  }

  /**
   * Every document in {@code text}, in order (mlrunner's files hold several); an empty text is one
   * empty mapping. The limits hold for all documents together.
   *
   * @throws SpecException at the line and column of a syntax error, a refused construct or a limit
   *     passed
   */
  static List<Node> readAll(String text, String file) {
    int nul = text.indexOf('\0');
    if (nul >= 0) { // SnakeYAML says "special characters are not allowed"
      String before = text.substring(0, nul);
      int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
      throw new SpecException(
          file,
          new Location(line, nul - before.lastIndexOf('\n')),
          "a NUL character: the file is binary, not YAML text");
    }
    try (YAMLParser parser = (YAMLParser) Json.yamlReader().createParser(text)) {
      parser.enable(
          YAMLParser.Feature
              .EMPTY_STRING_AS_NULL); // key: with nothing after it is null, as YAML says
      NodeReader reader = new NodeReader(file, parser);
      try {
        return reader.documents();
      } catch (JsonProcessingException e) {
        throw syntaxError(file, e, reader.here());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  private List<Node> documents() throws IOException {
    List<Node> documents = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) != null) {
      documents.add(value(token));
    }
    if (documents.isEmpty()) {
      documents.add(new Mapping(Map.of(), new Location(1, 1)));
    }
    return documents;
  }

  private Location here() {
    JsonLocation at = parser.currentTokenLocation();
    return new Location(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
  }

  private Node value(JsonToken token) throws IOException {
    Location at = here();
    String anchor = parser.getObjectId(); // the anchor
    if (parser.isCurrentAlias()) {
      return alias(parser.getText(), at);
    }
    long valuesBefore = values;
    long charactersBefore = characters;
    Node node =
        switch (token) {
          case START_OBJECT -> mapping(at);
          case START_ARRAY -> sequence(at);
          case VALUE_STRING -> new Scalar(count(parser.getText(), at), at);
          case VALUE_NUMBER_INT -> integer(at);
          case VALUE_NUMBER_FLOAT -> floating(at);
          case VALUE_TRUE -> new Scalar(true, at);
          case VALUE_FALSE -> new Scalar(false, at);
          case VALUE_NULL -> new Scalar(null, at);
          default ->
              throw new SpecException(
                  file,
                  at,
                  "a "
                      + token
                      + " value ('"
                      + parser.getText()
                      + "') has no place in a sweep file; use strings, numbers, booleans, lists and mappings");
        };
    if (!(node instanceof Scalar s && s.value() instanceof String)) {
      count(1, 0, at, "this value");
    }
    if (anchor != null) {
      anchors.put(anchor, new Anchored(node, values - valuesBefore, characters - charactersBefore));
    }
    return node;
  }

  /** The node an alias names; it counts as all it repeats. */
  private Node alias(String name, Location at) {
    Anchored target = anchors.get(name);
    if (target == null) {
      throw new SpecException(
          file, at, "the alias *" + name + " names no anchor (&" + name + ") above it");
    }
    if (++aliases > MAX_ALIASES) {
      throw new SpecException(
          file,
          at,
          "the alias *"
              + name
              + " is alias number "
              + aliases
              + " in this file; at most "
              + MAX_ALIASES
              + " allowed (aliases that repeat aliases make a file grow exponentially as it is read)");
    }
    count(target.values(), target.characters(), at, "the alias *" + name);
    return target.node();
  }

  /** Counts a string (a key or a value) as one value and its characters. */
  private String count(String text, Location at) {
    count(1, text.length(), at, "this string");
    return text;
  }

  private void count(long moreValues, long moreCharacters, Location at, String what) {
    values += moreValues;
    characters += moreCharacters;
    if (values > MAX_VALUES) {
      throw new SpecException(
          file,
          at,
          String.format(
              Locale.ROOT,
              "%s brings the file to %,d keys, list items and scalars, each alias "
                  + "counted as all it repeats; at most %,d allowed",
              what,
              values,
              MAX_VALUES));
    }
    if (characters > MAX_CHARACTERS) {
      throw new SpecException(
          file,
          at,
          String.format(
              Locale.ROOT,
              "%s brings the file to %,d characters of keys and strings, each alias "
                  + "counted as all it repeats; at most %,d allowed",
              what,
              characters,
              MAX_CHARACTERS));
    }
  }

  /** One more level of mappings and lists, refused past {@link #MAX_DEPTH}. */
  private void enter(Location at) {
    if (++depth > MAX_DEPTH) {
      throw new SpecException(
          file,
          at,
          "mappings and lists nest "
              + depth
              + " levels deep here; at most "
              + MAX_DEPTH
              + " allowed");
    }
  }

  /** A mapping key within the limits on its length and its dotted parts. */
  private String key(String key, Location at) {
    long parts = 1 + key.chars().filter(c -> c == '.').count();
    if (parts > MAX_KEY_PARTS) {
      throw new SpecException(
          file,
          at,
          String.format(
              Locale.ROOT,
              "the key '%s' has %,d dot-separated parts; at most %d allowed "
                  + "(each part nests a level in a trial's config)",
              abbreviated(key),
              parts,
              MAX_KEY_PARTS));
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw new SpecException(
          file,
          at,
          String.format(
              Locale.ROOT,
              "the key '%s' is %,d characters long; at most %,d allowed",
              abbreviated(key),
              key.length(),
              MAX_KEY_LENGTH));
    }
    return count(key, at);
  }

  /** The start of a text too long to quote whole in a message. */
  private static String abbreviated(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }

  private Node integer(Location at) throws IOException {
    if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new SpecException(
          file, at, "the integer " + parser.getText() + " does not fit in 64 bits");
    }
    return new Scalar(parser.getLongValue(), at);
  }

  /**
   * A float; YAML's {@code .inf}, {@code -.inf} and {@code .nan} (any of YAML's spellings) as the
   * doubles they are, which Jackson's parser refuses as malformed.
   */
  private Node floating(Location at) throws IOException {
    String text = parser.getText();
    if (INFINITY.matcher(text).matches()) {
      return new Scalar(
          text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, at);
    }
    if (NAN.matcher(text).matches()) {
      return new Scalar(Double.NaN, at);
    }
    return new Scalar(parser.getDoubleValue(), at);
  }

  private Mapping mapping(Location at) throws IOException {
    enter(at);
    Map<String, Entry> entries = new LinkedHashMap<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
      Location keyAt = here();
      String key = key(parser.currentName(), keyAt);
      Node value = value(parser.nextToken());
      Entry before = entries.get(key);
      if (before != null) {
        throw new SpecException(
            file,
            keyAt,
            "the key '"
                + key
                + "' appears twice in one mapping (first at line "
                + before.keyAt().line()
                + "); keep one");
      }
      entries.put(key, new Entry(key, keyAt, value));
    }
    depth--;
    return new Mapping(entries, at);
  }

  private Sequence sequence(Location at) throws IOException {
    enter(at);
    List<Node> items = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      items.add(value(token));
    }
    depth--;
    return new Sequence(items, at);
  }

  /**
   * The line and column of a syntax error, from SnakeYAML's marks or Jackson's location, else where
   * the parser stands (Jackson's limits on numbers say no location).
   */
  private static SpecException syntaxError(String file, JsonProcessingException e, Location here) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      Mark at = yaml.getProblemMark();
      String context = "";
      if (yaml.getContext() != null && yaml.getContextMark() != null) {
        Mark from = yaml.getContextMark();
        context =
            " ("
                + yaml.getContext()
                + " at line "
                + (from.getLine() + 1)
                + ", column "
                + (from.getColumn() + 1)
                + ")";
      }
      return new SpecException(
          file,
          at.getLine() + 1,
          at.getColumn() + 1,
          "YAML syntax: " + yaml.getProblem() + context,
          e);
    }
    JsonLocation at = e.getLocation();
    int line = at == null ? here.line() : Math.max(1, at.getLineNr());
    int column = at == null ? here.column() : Math.max(1, at.getColumnNr());
    String problem = e.getOriginalMessage().replaceAll("\\s*\\n\\s*", " ");
    return new SpecException(
        file,
        line,
        column,
        e instanceof StreamConstraintsException ? problem : "YAML syntax: " + problem,
        e);
  }
}
