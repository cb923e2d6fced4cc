package dev.sweep.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  private final Config config =
      Config.fromYaml(
          "optim:\n  lr: 0.1\n  momentum: 0.9\n  name: sgd\nmodel:\n  depth: 20\n  widths: [16, 32]\n  bn: true\n");

  @Test
  void typedDottedAccess_readsNestedValues() {
    assertThat(config.getDouble("optim.lr")).isEqualTo(0.1);
    assertThat(config.getInt("model.depth")).isEqualTo(20);
    assertThat(config.getLong("model.depth")).isEqualTo(20L);
    assertThat(config.getDouble("model.depth")).isEqualTo(20.0);
    assertThat(config.getString("optim.name")).isEqualTo("sgd");
    assertThat(config.getBoolean("model.bn")).isTrue();
    assertThat(config.getList("model.widths")).containsExactly(16L, 32L);
    assertThat(config.getConfig("optim").getDouble("lr")).isEqualTo(0.1);
    assertThat(config.has("optim.lr")).isTrue();
    assertThat(config.has("optim.wd")).isFalse();
    assertThat(config.getDouble("optim.wd", 5e-4)).isEqualTo(5e-4);
  }

  @Test
  void missingPath_namesPathWantedTypeAndWhatExists() {
    assertThatThrownBy(() -> config.getDouble("optim.wd"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("optim.wd: missing; wanted number (keys under 'optim': [lr, momentum, name])");
    assertThatThrownBy(() -> config.getInt("data.size"))
        .hasMessage("data.size: missing; wanted integer (keys under the root: [optim, model])");
    assertThatThrownBy(() -> config.getString("optim.lr.x"))
        .hasMessage("optim.lr.x: missing; wanted string ('optim.lr' holds a number)");
  }

  @Test
  void mistypedValue_namesPathFoundTypeAndWantedType() {
    assertThatThrownBy(() -> config.getDouble("optim.name"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("optim.name: wanted number, found string 'sgd'");
    assertThatThrownBy(() -> config.getInt("optim.lr"))
        .hasMessage("optim.lr: wanted integer, found number 0.1");
    assertThatThrownBy(() -> config.getBoolean("model.widths"))
        .hasMessage("model.widths: wanted boolean, found list [16, 32]");
    assertThatThrownBy(() -> config.getConfig("model.depth"))
        .hasMessage("model.depth: wanted map, found integer 20");
    assertThatThrownBy(() -> Config.ofFlat(Map.of("big", 1L << 40)).getInt("big"))
        .hasMessage("big: wanted int (32 bits), found integer 1099511627776");
  }

  @Test
  void overlay_mergesMapsAndReplacesScalarsAndLists() {
    Config top = Config.fromYaml("optim: {lr: 0.01, wd: 0.0005}\nmodel: {widths: [8]}\n");
    Config merged = config.overlay(top);
    assertThat(merged.getDouble("optim.lr")).isEqualTo(0.01);
    assertThat(merged.getDouble("optim.momentum")).isEqualTo(0.9);
    assertThat(merged.getDouble("optim.wd")).isEqualTo(5e-4);
    assertThat(merged.getList("model.widths")).containsExactly(8L);
    assertThat(merged.getInt("model.depth")).isEqualTo(20);
    assertThat(config.getDouble("optim.lr")).as("the original is untouched").isEqualTo(0.1);
  }

  @Test
  void overlay_scalarOverMapReplacesTheMap() {
    Config merged = config.overlay(Config.ofFlat(Map.of("optim", "adam")));
    assertThat(merged.getString("optim")).isEqualTo("adam");
  }

  @Test
  void ofFlat_nestsDottedPathsAndRefusesConflicts() {
    Config flat = Config.ofFlat(Map.of("a.b.c", 1, "a.d", "x"));
    assertThat(flat.toMap()).isEqualTo(Map.of("a", Map.of("b", Map.of("c", 1L), "d", "x")));
    assertThatThrownBy(() -> Config.ofFlat(orderedMap("a", 1, "a.b", 2)))
        .hasMessage("path 'a.b' goes through 'a', which holds a integer, not a map");
    assertThatThrownBy(() -> Config.ofFlat(orderedMap("a.b", 1, "a", 2)))
        .hasMessage("path 'a' holds a map of other paths; it cannot also hold the integer 2");
    assertThatThrownBy(() -> Config.ofFlat(Map.of("a..b", 1)))
        .hasMessage("path 'a..b' has an empty segment; a path is dotted segments like 'optim.lr'");
  }

  private static Map<String, Object> orderedMap(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }

  @Test
  void with_returnsACopyWithTheValue() {
    Config changed = config.with("optim.wd", 1e-4);
    assertThat(changed.getDouble("optim.wd")).isEqualTo(1e-4);
    assertThat(config.has("optim.wd")).isFalse();
  }

  @Test
  void numbers_areNormalisedSoEqualityIgnoresTheirJavaType() {
    Config a = Config.of(Map.of("n", 3, "x", 0.5f));
    Config b = Config.of(Map.of("n", 3L, "x", 0.5));
    assertThat(a).isEqualTo(b);
    assertThat(a.hash()).isEqualTo(b.hash());
    assertThat(Config.of(Map.of("x", 0.1f)).getDouble("x")).isEqualTo(0.1);
  }

  @Test
  void canonicalForm_ignoresKeyOrderAndHasAStableHash() {
    Config a = Config.fromJson("{\"b\": {\"y\": 2, \"x\": 1}, \"a\": 0.1}");
    Config b = Config.fromYaml("a: 0.1\nb:\n  x: 1\n  y: 2\n");
    assertThat(a.canonical()).isEqualTo("{\"a\":0.1,\"b\":{\"x\":1,\"y\":2}}");
    assertThat(b.canonical()).isEqualTo(a.canonical());
    assertThat(a.hash()).isEqualTo(b.hash()).hasSize(16);
    // Pinned: a hash that changed between versions would break dedup and resume of old sweeps.
    assertThat(a.hash()).isEqualTo("27a004ae00c5f65f");
  }

  @Test
  void yamlAndJson_roundTrip() {
    assertThat(Config.fromYaml(config.toYaml())).isEqualTo(config);
    assertThat(Config.fromJson(config.toJson())).isEqualTo(config);
    assertThat(Config.fromJson(config.toPrettyJson())).isEqualTo(config);
    Config tricky =
        Config.of(
            Map.of(
                "s", "1e-4", "t", "true", "n", "null", "colon", "a: b", "empty", "", "neg", -0.0));
    assertThat(Config.fromYaml(tricky.toYaml())).isEqualTo(tricky);
  }

  @Test
  void yamlSyntaxError_namesLineAndColumn() {
    assertThatThrownBy(() -> Config.fromYaml("a: 1\nb: [1, 2\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "YAML:3:1: expected ',' or ']', but got <stream end> (while parsing a flow sequence from line 2, column 4)");
    assertThatThrownBy(() -> Config.fromJson("{\"a\": 1,\n \"b\": }"))
        .hasMessageStartingWith("JSON:2:7: Unexpected character ('}' (code 125))");
    assertThatThrownBy(() -> Config.fromYaml("- 1\n- 2\n"))
        .hasMessage("YAML: wanted a mapping at the top level, found list");
  }

  @Test
  void read_namesTheFileInErrors(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("base.yaml");
    Files.writeString(good, "optim:\n  lr: 0.1\n");
    assertThat(Config.read(good).getDouble("optim.lr")).isEqualTo(0.1);
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "optim:\n  lr: [0.1\n");
    assertThatThrownBy(() -> Config.read(bad)).hasMessageStartingWith(bad + ":3:1: ");
  }

  @Test
  void flatten_listsLeavesByDottedPath() {
    assertThat(config.flatten())
        .containsExactly(
            Map.entry("optim.lr", 0.1),
            Map.entry("optim.momentum", 0.9),
            Map.entry("optim.name", "sgd"),
            Map.entry("model.depth", 20L),
            Map.entry("model.widths", List.of(16L, 32L)),
            Map.entry("model.bn", true));
  }

  @Test
  void unsupportedValue_namesPathAndAllowedTypes() {
    assertThatThrownBy(() -> Config.ofFlat(Map.of("a.b", new Object())))
        .hasMessage(
            "a.b: unsupported value type java.lang.Object; allowed: string, number, boolean, null, list, map");
  }

  @Test
  void isImmutable() {
    assertThatThrownBy(() -> config.toMap().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> config.getList("model.widths").add(1L))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
