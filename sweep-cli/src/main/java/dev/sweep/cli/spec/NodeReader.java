package dev.sweep.cli.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Location;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Parses a YAML document once into {@link Node}s, recording where each starts from the parser's
 * token locations. Refuses what a sweep file never needs and a reader could misread: duplicate
 * keys, several documents, numbers too big for 64 bits, binary values. Anchors and aliases work.
 */
final class NodeReader {
  /** {@code key:} with nothing after it is null, as YAML says; {@code key: ""} stays a string. */
  private static final YAMLFactory YAML =
      YAMLFactory.builder().enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();

  private final String file;
  private final YAMLParser parser;
  private final Map<String, Node> anchors = new HashMap<>();

  private NodeReader(String file, YAMLParser parser) {
    this.file = file;
    this.parser = parser;
  }

  /**
   * The document in {@code text}; an empty document is an empty mapping.
   *
   * @param file names the file in messages
   * @throws SpecException at the line and column of a syntax error or a refused construct
   */
  static Node read(String text, String file) {
    List<Node> documents = readAll(text, file);
    if (documents.size() > 1) {
      throw new SpecException(file, documents.get(1).at(), "a sweep file holds one YAML document; this one has a second (after '---')");
    }
    return documents.get(0);
  }

  /**
   * Every document in {@code text}, in order (mlrunner's files hold several); an empty text is one
   * empty mapping.
   *
   * @throws SpecException at the line and column of a syntax error or a refused construct
   */
  static List<Node> readAll(String text, String file) {
    try (YAMLParser parser = (YAMLParser) YAML.createParser(text)) {
      NodeReader reader = new NodeReader(file, parser);
      List<Node> documents = new ArrayList<>();
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        documents.add(reader.value(token));
      }
      if (documents.isEmpty()) {
        documents.add(new Mapping(Map.of(), new Location(1, 1)));
      }
      return documents;
    } catch (JsonProcessingException e) {
      throw syntaxError(file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  private Location here() {
    JsonLocation at = parser.currentTokenLocation();
    return new Location(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
  }

  private Node value(JsonToken token) throws IOException {
    Location at = here();
    String anchor = parser.getCurrentAnchor();
    if (parser.isCurrentAlias()) {
      Node target = anchors.get(parser.getText());
      if (target == null) {
        throw new SpecException(file, at, "the alias *" + parser.getText() + " names no anchor (&" + parser.getText() + ") above it");
      }
      return target;
    }
    Node node = switch (token) {
      case START_OBJECT -> mapping(at);
      case START_ARRAY -> sequence(at);
      case VALUE_STRING -> new Scalar(parser.getText(), at);
      case VALUE_NUMBER_INT -> integer(at);
      case VALUE_NUMBER_FLOAT -> new Scalar(parser.getDoubleValue(), at);
      case VALUE_TRUE -> new Scalar(Boolean.TRUE, at);
      case VALUE_FALSE -> new Scalar(Boolean.FALSE, at);
      case VALUE_NULL -> new Scalar(null, at);
      default -> throw new SpecException(file, at, "a " + token + " value ('" + parser.getText()
          + "') has no place in a sweep file; use strings, numbers, booleans, lists and mappings");
    };
    if (anchor != null) {
      anchors.put(anchor, node);
    }
    return node;
  }

  private Node integer(Location at) throws IOException {
    if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new SpecException(file, at, "the integer " + parser.getText() + " does not fit in 64 bits");
    }
    return new Scalar(parser.getLongValue(), at);
  }

  private Mapping mapping(Location at) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
      String key = parser.currentName();
      Location keyAt = here();
      Node value = value(parser.nextToken());
      Entry before = entries.get(key);
      if (before != null) {
        throw new SpecException(file, keyAt, "the key '" + key + "' appears twice in one mapping (first at line "
            + before.keyAt().line() + "); keep one");
      }
      entries.put(key, new Entry(key, keyAt, value));
    }
    return new Mapping(entries, at);
  }

  private Sequence sequence(Location at) throws IOException {
    List<Node> items = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      items.add(value(token));
    }
    return new Sequence(items, at);
  }

  /** The line and column of a syntax error, from SnakeYAML's marks or Jackson's location. */
  private static SpecException syntaxError(String file, JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      Mark at = yaml.getProblemMark();
      String context = "";
      if (yaml.getContext() != null && yaml.getContextMark() != null) {
        Mark from = yaml.getContextMark();
        context = " (" + yaml.getContext() + " at line " + (from.getLine() + 1) + ", column " + (from.getColumn() + 1) + ")";
      }
      return new SpecException(file, at.getLine() + 1, at.getColumn() + 1,
          "YAML syntax: " + yaml.getProblem() + context, e);
    }
    JsonLocation at = e.getLocation();
    int line = at == null ? 1 : Math.max(1, at.getLineNr());
    int column = at == null ? 1 : Math.max(1, at.getColumnNr());
    return new SpecException(file, line, column,
        "YAML syntax: " + e.getOriginalMessage().replaceAll("\\s*\\n\\s*", " "), e);
  }
}
