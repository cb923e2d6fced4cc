package dev.sweep.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.sweep.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * An immutable tree of configuration values with typed, dotted access.
 *
 * <pre>{@code
 * Config base = Config.fromYaml("optim: {lr: 0.1, momentum: 0.9}\nmodel: {depth: 20}");
 * Config trial = base.overlay(Config.ofFlat(Map.of("optim.lr", 0.01)));
 * double lr = trial.getDouble("optim.lr");        // 0.01
 * double momentum = trial.getDouble("optim.momentum"); // 0.9, kept by the deep merge
 * }</pre>
 *
 * <p>Values are strings, 64-bit integers ({@code Long}), doubles, booleans, nulls, lists and maps;
 * every number read from Java, YAML or JSON is normalised to {@code Long} or {@code Double}, so two
 * configs that print the same are equal and have the same {@link #hash()}. Instances are
 * thread-safe.
 */
public final class Config {
  private static final Config EMPTY = new Config(Map.of());

  private final Map<String, Object> root;

  /**
   * The paths and values that {@link #ofFlat} made this config of, in their order, each path
   * followed by its value as normalised; null for a config made any other way. {@link #isOfFlat}
   * reads them instead of walking the tree.
   */
  private final Object[] flat;

  private Config(Map<String, Object> root) {
    this(root, null);
  }

  private Config(Map<String, Object> root, Object[] flat) {
    this.root = root;
    this.flat = flat;
  }

  /** The empty config. */
  public static Config empty() {
    return EMPTY;
  }

  /**
   * A config from nested maps ({@code Map.of("optim", Map.of("lr", 0.1))}); values are copied and
   * normalised.
   *
   * @throws ConfigException if a value is not a string, number, boolean, null, list or map
   */
  @SuppressWarnings("unchecked")
  public static Config of(Map<String, ?> tree) {
    requireNonNull(tree, "tree == null");
    return new Config((Map<String, Object>) Values.normalize(tree, ""));
  }

  /**
   * A config from dotted paths ({@code Map.of("optim.lr", 0.1)}), nested by their segments.
   *
   * @throws IllegalArgumentException if a path is malformed or one path is a prefix of another
   */
  public static Config ofFlat(Map<String, ?> flat) {
    requireNonNull(flat, "flat == null");
    Map<String, Object> tree = new LinkedHashMap<>();
    Object[] made = new Object[2 * flat.size()];
    int i = 0;
    for (Map.Entry<String, ?> e : flat.entrySet()) {
      Object value = Values.normalize(e.getValue(), e.getKey());
      put(tree, e.getKey(), Paths.split(e.getKey()), value);
      made[i++] = e.getKey();
      made[i++] = value;
    }
    return new Config(freeze(tree), made);
  }

  /**
   * Dotted paths parsed once, to build many configs with the same keys quickly: a space keeps one
   * and builds every sampled config with it. Immutable and thread-safe.
   *
   * <pre>{@code
   * Config.Layout layout = Config.Layout.of(List.of("optim.lr", "optim.wd"));
   * Config config = layout.ofFlat(Map.of("optim.lr", 0.1, "optim.wd", 1e-4));
   * }</pre>
   */
  public static final class Layout {
    private final Map<String, List<String>> segments;

    private Layout(Map<String, List<String>> segments) {
      this.segments = segments;
    }

    /**
     * A layout of these paths.
     *
     * @throws IllegalArgumentException if a path is malformed
     */
    public static Layout of(Collection<String> paths) {
      Map<String, List<String>> segments = new HashMap<>();
      for (String path : paths) {
        segments.put(path, Paths.split(path));
      }
      return new Layout(Map.copyOf(segments));
    }

    /**
     * The same config as {@link Config#ofFlat(Map)}; paths outside the layout are parsed as they
     * come.
     */
    public Config ofFlat(Map<String, ?> flat) {
      Map<String, Object> tree = new LinkedHashMap<>();
      Object[] made = new Object[2 * flat.size()];
      int i = 0;
      for (Map.Entry<String, ?> e : flat.entrySet()) {
        List<String> path = segments.get(e.getKey());
        Object value = Values.normalize(e.getValue(), e.getKey());
        put(tree, e.getKey(), path != null ? path : Paths.split(e.getKey()), value);
        made[i++] = e.getKey();
        made[i++] = value;
      }
      return new Config(freeze(tree), made);
    }
  }

  /**
   * A value in this class's value model: numbers become {@code Long} or {@code Double}, lists and
   * maps become unmodifiable deep copies.
   *
   * @throws ConfigException naming {@code where} if the value has no place in a config
   */
  public static Object normalize(Object value, String where) {
    return Values.normalize(value, where);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> freeze(Map<String, Object> tree) {
    for (Map.Entry<String, Object> e : tree.entrySet()) {
      if (e.getValue() instanceof LinkedHashMap<?, ?> child) {
        e.setValue(freeze((Map<String, Object>) child));
      }
    }
    return Collections.unmodifiableMap(tree);
  }

  @SuppressWarnings("unchecked")
  static void put(Map<String, Object> tree, String path, List<String> segments, Object value) {
    Map<String, Object> node = tree;
    for (int i = 0; i < segments.size() - 1; i++) {
      String segment = segments.get(i);
      Object child = node.get(segment);
      if (child == null) {
        Map<String, Object> created = new LinkedHashMap<>();
        node.put(segment, created);
        node = created;
      } else if (child instanceof LinkedHashMap<?, ?> map) {
        node = (Map<String, Object>) map;
      } else if (child instanceof Map<?, ?> frozen) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) frozen);
        node.put(segment, copy);
        node = copy;
      } else {
        throw new IllegalArgumentException(
            "path '"
                + path
                + "' goes through '"
                + String.join(".", segments.subList(0, i + 1))
                + "', which holds a "
                + Values.typeName(child)
                + ", not a map");
      }
    }
    String leaf = segments.get(segments.size() - 1);
    Object previous = node.get(leaf);
    if (previous instanceof Map<?, ?> && !(value instanceof Map<?, ?>)) {
      throw new IllegalArgumentException(
          "path '"
              + path
              + "' holds a map of other paths; it cannot also hold the "
              + Values.typeName(value)
              + " "
              + Values.show(value));
    }
    node.put(leaf, value);
  }

  // ---------------------------------------------------------------- access

  /** Whether a value (possibly null) exists at {@code path}. */
  public boolean has(String path) {
    return find(path) != MISSING;
  }

  /** The value at {@code path}, or empty if it is missing or null. */
  public Optional<Object> get(String path) {
    Object value = find(path);
    return value == MISSING ? Optional.empty() : Optional.ofNullable(value);
  }

  /** The number at {@code path} as a double. @throws ConfigException if missing or not a number */
  public double getDouble(String path) {
    return ((Number) require(path, Number.class, "number")).doubleValue();
  }

  /** The number at {@code path}, or {@code fallback} if the path is missing. */
  public double getDouble(String path, double fallback) {
    return has(path) ? getDouble(path) : fallback;
  }

  /** The integer at {@code path}. @throws ConfigException if missing, not an integer or too big */
  public long getLong(String path) {
    Object value = require(path, Number.class, "integer");
    if (value instanceof Long l) {
      return l;
    }
    double d = (Double) value;
    if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
      return (long) d;
    }
    throw new ConfigException(path + ": wanted integer, found number " + value);
  }

  /**
   * The integer at {@code path} as an int. @throws ConfigException as {@link #getLong} or if out of
   * int range
   */
  public int getInt(String path) {
    long value = getLong(path);
    if (value != (int) value) {
      throw new ConfigException(path + ": wanted int (32 bits), found integer " + value);
    }
    return (int) value;
  }

  /** The integer at {@code path}, or {@code fallback} if the path is missing. */
  public int getInt(String path, int fallback) {
    return has(path) ? getInt(path) : fallback;
  }

  /** The string at {@code path}. @throws ConfigException if missing or not a string */
  public String getString(String path) {
    return (String) require(path, String.class, "string");
  }

  /** The string at {@code path}, or {@code fallback} if the path is missing. */
  public String getString(String path, String fallback) {
    return has(path) ? getString(path) : fallback;
  }

  /** The boolean at {@code path}. @throws ConfigException if missing or not a boolean */
  public boolean getBoolean(String path) {
    return (Boolean) require(path, Boolean.class, "boolean");
  }

  /** The boolean at {@code path}, or {@code fallback} if the path is missing. */
  public boolean getBoolean(String path, boolean fallback) {
    return has(path) ? getBoolean(path) : fallback;
  }

  /** The unmodifiable list at {@code path}. @throws ConfigException if missing or not a list */
  @SuppressWarnings("unchecked")
  public List<Object> getList(String path) {
    return (List<Object>) require(path, List.class, "list");
  }

  /** The sub-tree at {@code path}. @throws ConfigException if missing or not a map */
  @SuppressWarnings("unchecked")
  public Config getConfig(String path) {
    return new Config((Map<String, Object>) require(path, Map.class, "map"));
  }

  private static final Object MISSING = new Object();

  /**
   * Walks the tree along a dotted path without splitting it into a list first: this is on the path
   * of every constraint check. A malformed path is reported as such, never as missing.
   */
  private Object find(String path) {
    requireNonNull(path, "path == null");
    Object node = root;
    int start = 0;
    while (true) {
      int dot = path.indexOf('.', start);
      String segment =
          dot < 0 ? (start == 0 ? path : path.substring(start)) : path.substring(start, dot);
      if (!(node instanceof Map<?, ?> map)) {
        Paths.check(path);
        return MISSING;
      }
      Object child = map.get(segment);
      if (child == null && !map.containsKey(segment)) {
        Paths.check(path);
        return MISSING;
      }
      if (dot < 0) {
        return child;
      }
      node = child;
      start = dot + 1;
    }
  }

  private Object require(String path, Class<?> type, String wanted) {
    Object value = find(path);
    if (value == MISSING) {
      throw new ConfigException(path + ": missing; wanted " + wanted + where(Paths.split(path)));
    }
    if (!type.isInstance(value)) {
      throw new ConfigException(
          path
              + ": wanted "
              + wanted
              + ", found "
              + Values.typeName(value)
              + " "
              + Values.show(value));
    }
    return value;
  }

  /** Says what does exist near a missing path, so that a typo shows itself. */
  private String where(List<String> segments) {
    Object node = root;
    int depth = 0;
    for (String segment : segments) {
      if (!(node instanceof Map<?, ?> map) || !map.containsKey(segment)) {
        break;
      }
      node = map.get(segment);
      depth++;
    }
    String parent =
        depth == 0 ? "the root" : "'" + String.join(".", segments.subList(0, depth)) + "'";
    if (node instanceof Map<?, ?> map) {
      return " (keys under " + parent + ": " + map.keySet() + ")";
    }
    return " (" + parent + " holds a " + Values.typeName(node) + ")";
  }

  // ---------------------------------------------------------------- derivation

  /** A copy with {@code value} at {@code path}, creating maps on the way. */
  public Config with(String path, Object value) {
    Map<String, Object> tree = thaw(root);
    put(tree, path, Paths.split(path), Values.normalize(value, path));
    return new Config(freeze(tree));
  }

  /**
   * This config with {@code top} merged over it: maps merge key by key, recursively; scalars and
   * lists in {@code top} replace those here.
   */
  public Config overlay(Config top) {
    requireNonNull(top, "top == null");
    if (top.root.isEmpty()) {
      return this;
    }
    if (root.isEmpty()) {
      return top;
    }
    return new Config(merge(root, top.root));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> top) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    for (Map.Entry<String, Object> e : top.entrySet()) {
      Object below = merged.get(e.getKey());
      Object above = e.getValue();
      if (below instanceof Map<?, ?> b && above instanceof Map<?, ?> a) {
        merged.put(e.getKey(), merge((Map<String, Object>) b, (Map<String, Object>) a));
      } else {
        merged.put(e.getKey(), above);
      }
    }
    return Collections.unmodifiableMap(merged);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> thaw(Map<String, Object> tree) {
    Map<String, Object> copy = new LinkedHashMap<>(tree);
    for (Map.Entry<String, Object> e : copy.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> child) {
        e.setValue(thaw((Map<String, Object>) child));
      }
    }
    return copy;
  }

  /** The tree as unmodifiable nested maps. */
  public Map<String, Object> toMap() {
    return root;
  }

  /** Every leaf (scalar or list, or empty map) by its dotted path, in tree order. */
  public Map<String, Object> flatten() {
    Map<String, Object> flat = new LinkedHashMap<>();
    flatten("", root, flat);
    return Collections.unmodifiableMap(flat);
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Map<String, Object> node, Map<String, Object> out) {
    for (Map.Entry<String, Object> e : node.entrySet()) {
      String path = Paths.join(prefix, e.getKey());
      if (e.getValue() instanceof Map<?, ?> child && !child.isEmpty()) {
        flatten(path, (Map<String, Object>) child, out);
      } else {
        out.put(path, e.getValue());
      }
    }
  }

  public boolean isEmpty() {
    return root.isEmpty();
  }

  /**
   * Whether this config equals {@link #ofFlat ofFlat(flat)}, found without building that config:
   * each path of {@code flat} holds its value here and the tree has no other leaf. A population
   * asks this of every trial it takes in (most trials' configs are their parameters), so it walks
   * the tree rather than build a second one.
   *
   * @throws IllegalArgumentException if a path of {@code flat} is malformed
   */
  public boolean isOfFlat(Map<String, ?> flat) {
    if (madeOf(flat)) {
      return true; // the same paths and values it was made of, in the same order: the same config
    }
    for (Object value : flat.values()) {
      if (value instanceof Map<?, ?>) {
        return equals(ofFlat(flat)); // a map value merges with its neighbours: the exact way
      }
    }
    for (Map.Entry<String, ?> e : flat.entrySet()) {
      Object found = find(e.getKey());
      if (found == MISSING
          || found instanceof Map<?, ?>
          || !Objects.equals(found, Values.normalize(e.getValue(), e.getKey()))) {
        return false;
      }
    }
    return leaves(root) == flat.size();
  }

  /** Whether {@link #ofFlat} made this config of the same paths and values as {@code other}. */
  private boolean madeOf(Map<String, ?> other) {
    Object[] made = this.flat;
    if (made == null || made.length != 2 * other.size()) {
      return false;
    }
    int i = 0;
    for (Map.Entry<String, ?> e : other.entrySet()) {
      Object value = e.getValue();
      if (!made[i].equals(e.getKey())
          || !(value == made[i + 1]
              || (!(value instanceof Map<?, ?>)
                  && Objects.equals(made[i + 1], Values.normalize(value, e.getKey()))))) {
        return false;
      }
      i += 2;
    }
    return true;
  }

  /** The leaves of a tree: its values that are not maps, and its empty maps. */
  private static int leaves(Map<?, ?> node) {
    int n = 0;
    for (Object v : node.values()) {
      n += v instanceof Map<?, ?> child && !child.isEmpty() ? leaves(child) : 1;
    }
    return n;
  }

  // ---------------------------------------------------------------- serialisation

  /** Compact JSON in tree order. */
  public String toJson() {
    return Json.write(root);
  }

  /** Indented JSON in tree order. */
  public String toPrettyJson() {
    return Json.writePretty(root);
  }

  /** YAML in tree order. */
  public String toYaml() {
    return Json.write(Json.yamlWriter(), root);
  }

  /**
   * The canonical form: compact JSON with keys sorted at every level and numbers in their shortest
   * round-trip form. Two configs are equal exactly when their canonical forms are.
   */
  public String canonical() {
    return Json.write(Json.canonicalWriter(), root);
  }

  /**
   * A stable 16-hex-digit hash of the canonical form: its 64-bit FarmHash fingerprint, which Guava
   * keeps the same across versions. Not SHA-256: the first use of a JDK message digest sets up the
   * security providers, some 25 ms of every {@code sweep run}, and identity needs no cryptography.
   */
  public String hash() {
    return Names.fingerprint(canonical());
  }

  /** Parses a JSON object. @throws ConfigException naming the line and column of a syntax error */
  public static Config fromJson(String json) {
    return parse(Json.reader(), json, "JSON");
  }

  /** Parses a YAML mapping. @throws ConfigException naming the line and column of a syntax error */
  public static Config fromYaml(String yaml) {
    return parse(Json.yamlReader(), yaml, "YAML");
  }

  /**
   * Reads a {@code .json}, {@code .yaml} or {@code .yml} file, within the {@link InputLimits}: at
   * most {@value InputLimits#MAX_FILE_BYTES} bytes, nested at most {@value
   * InputLimits#MAX_CONFIG_DEPTH} levels.
   *
   * @throws ConfigException naming the file, line and column of a syntax error or a limit passed
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Config read(Path file) {
    String name = file.getFileName().toString();
    ObjectReader reader = name.endsWith(".json") ? Json.jsonFileReader() : Json.yamlFileReader();
    String text;
    try {
      text =
          InputLimits.readText(file)
              .orElseThrow(() -> new ConfigException(file + ":1:1: " + InputLimits.tooLarge(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read config " + file + ": " + e.getMessage(), e);
    }
    return parse(reader, text, file.toString());
  }

  private static Config parse(ObjectReader reader, String text, String source) {
    Object tree;
    try {
      tree = text.isBlank() ? Map.of() : readTree(reader, text, source);
    } catch (JsonProcessingException e) {
      throw new ConfigException(source + syntaxError(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // parsing a string reads no file
    }
    if (tree == null) {
      return EMPTY;
    }
    if (!(tree instanceof Map<?, ?> map)) {
      throw new ConfigException(
          source + ": wanted a mapping at the top level, found " + Values.typeName(tree));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> normalized = (Map<String, Object>) Values.normalize(map, "");
    return new Config(normalized);
  }

  /** The document, or where it nests deeper than its mapper allows (Jackson says not where). */
  private static Object readTree(ObjectReader reader, String text, String source)
      throws IOException {
    try (JsonParser parser = reader.createParser(text)) {
      try {
        return reader.readValue(parser, Object.class);
      } catch (StreamConstraintsException e) {
        int depth = reader.getFactory().streamReadConstraints().getMaxNestingDepth();
        if (parser.getParsingContext().getNestingDepth() <= depth) {
          throw e;
        }
        JsonLocation at = parser.currentTokenLocation();
        throw new ConfigException(
            source
                + ":"
                + at.getLineNr()
                + ":"
                + at.getColumnNr()
                + ": mappings and lists nest "
                + parser.getParsingContext().getNestingDepth()
                + " levels deep here; at most "
                + depth
                + " allowed",
            e);
      }
    }
  }

  /** {@code :line:column: problem} on one line, from Jackson's or SnakeYAML's report. */
  private static String syntaxError(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      Mark at = yaml.getProblemMark();
      String context = "";
      if (yaml.getContext() != null && yaml.getContextMark() != null) {
        Mark from = yaml.getContextMark();
        context =
            " ("
                + yaml.getContext()
                + " from line "
                + (from.getLine() + 1)
                + ", column "
                + (from.getColumn() + 1)
                + ")";
      }
      return ":"
          + (at.getLine() + 1)
          + ":"
          + (at.getColumn() + 1)
          + ": "
          + yaml.getProblem()
          + context;
    }
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
    return where + ": " + e.getOriginalMessage().replaceAll("\\s*\\n\\s*", " ");
  }

  // ---------------------------------------------------------------- identity

  @Override
  public boolean equals(Object o) {
    return o instanceof Config other && root.equals(other.root);
  }

  @Override
  public int hashCode() {
    return root.hashCode();
  }

  /** Compact JSON. */
  @Override
  public String toString() {
    return toJson();
  }
}
