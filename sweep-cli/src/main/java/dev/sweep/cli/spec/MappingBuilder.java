package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Location;
import dev.sweep.cli.spec.Node.Mapping;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A mapping node under construction, keys in the order put: how a foreign sweep file becomes the
 * native document, each node keeping the line and column it came from.
 */
final class MappingBuilder {
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Location at;

  MappingBuilder(Location at) {
    this.at = at;
  }

  /** Puts {@code value} under {@code key}, the key standing where the value does. */
  MappingBuilder put(String key, Node value) {
    return put(key, value.at(), value);
  }

  MappingBuilder put(String key, Location keyAt, Node value) {
    entries.put(key, new Entry(key, keyAt, value));
    return this;
  }

  Mapping build() {
    return new Mapping(entries, at);
  }
}
