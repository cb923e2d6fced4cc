package dev.sweep.cli.spec;

import static java.util.Objects.requireNonNull;

import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Location;
import dev.sweep.cli.spec.Node.Mapping;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A mapping node under construction, keys in the order first put: how a foreign sweep file becomes
 * the native document, each node keeping the line and column it came from. A key put again keeps
 * its place and takes the new value (a translation may settle a field late, as W&amp;B's sampler).
 */
final class MappingBuilder {
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Location at;

  /** A mapping that starts at {@code at}. */
  MappingBuilder(Location at) {
    this.at = requireNonNull(at, "at == null");
  }

  /** Puts {@code value} under {@code key}, the key standing where the value does. */
  MappingBuilder put(String key, Node value) {
    return put(key, requireNonNull(value, () -> "value == null for key '" + key + "'").at(), value);
  }

  /**
   * Puts {@code value} under {@code key}, the key standing at {@code keyAt}.
   *
   * @return this builder
   * @throws NullPointerException if any argument is null, naming the key
   */
  MappingBuilder put(String key, Location keyAt, Node value) {
    requireNonNull(key, "key == null");
    requireNonNull(keyAt, () -> "keyAt == null for key '" + key + "'");
    requireNonNull(value, () -> "value == null for key '" + key + "'");
    entries.put(key, new Entry(key, keyAt, value));
    return this;
  }

  Mapping build() {
    return new Mapping(entries, at);
  }
}
