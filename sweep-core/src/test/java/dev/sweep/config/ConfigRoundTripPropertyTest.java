package dev.sweep.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any config survives YAML, JSON and the canonical form unchanged, and its hash with it. */
class ConfigRoundTripPropertyTest {

  @Property(seed = "3", tries = 500)
  void json_roundTripsExactly(@ForAll("configs") Config config) {
    assertThat(Config.fromJson(config.toJson())).isEqualTo(config);
    assertThat(Config.fromJson(config.toPrettyJson())).isEqualTo(config);
  }

  /**
   * PyYAML's (YAML 1.1) float resolver: what a program that loads config.json as YAML takes for a
   * number.
   */
  private static final java.util.regex.Pattern YAML11_FLOAT =
      java.util.regex.Pattern.compile("[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?");

  @Property(seed = "7", tries = 2000)
  void jsonDoubles_areNumbersToYaml11Readers_andReadBackExactly(@ForAll double x) {
    net.jqwik.api.Assume.that(Double.isFinite(x));
    String json = Config.of(Map.of("x", x)).toJson();
    String token = json.substring("{\"x\":".length(), json.length() - 1);
    assertThat(token).matches(YAML11_FLOAT);
    assertThat(Config.fromJson(json).getDouble("x")).isEqualTo(x);
  }

  @Property(seed = "4", tries = 500)
  void yaml_roundTripsExactly(@ForAll("configs") Config config) {
    assertThat(Config.fromYaml(config.toYaml())).isEqualTo(config);
  }

  @Property(seed = "5", tries = 500)
  void canonicalForm_andHash_surviveARoundTripAndIgnoreKeyOrder(@ForAll("configs") Config config) {
    Config back = Config.fromJson(config.canonical());
    assertThat(back.canonical()).isEqualTo(config.canonical());
    assertThat(back.hash()).isEqualTo(config.hash());
    assertThat(Config.of(reversed(config.toMap())).hash()).isEqualTo(config.hash());
  }

  @Property(seed = "6", tries = 300)
  void flatten_thenOfFlat_rebuildsTheTree(@ForAll("configs") Config config) {
    Config rebuilt = Config.ofFlat(config.flatten());
    assertThat(rebuilt).isEqualTo(config);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> reversed(Map<String, Object> map) {
    List<String> keys = new java.util.ArrayList<>(map.keySet());
    java.util.Collections.reverse(keys);
    Map<String, Object> out = new LinkedHashMap<>();
    for (String k : keys) {
      Object v = map.get(k);
      out.put(k, v instanceof Map<?, ?> m ? reversed((Map<String, Object>) m) : v);
    }
    return out;
  }

  @Provide
  Arbitrary<Config> configs() {
    return tree(3).map(Config::of);
  }

  private Arbitrary<Map<String, Object>> tree(int depth) {
    Arbitrary<Object> value =
        depth == 0
            ? scalar()
            : Arbitraries.oneOf(scalar(), scalar(), list(), tree(depth - 1).map(m -> m));
    return Arbitraries.maps(key(), value)
        .ofMinSize(depth == 3 ? 0 : 1)
        .ofMaxSize(4)
        .map(LinkedHashMap::new);
  }

  private Arbitrary<Object> list() {
    return scalar().list().ofMaxSize(4).map(l -> l);
  }

  private Arbitrary<String> key() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withChars('_', '-')
        .ofMinLength(1)
        .ofMaxLength(8);
  }

  private Arbitrary<Object> scalar() {
    return Arbitraries.oneOf(
        Arbitraries.longs().map(v -> v),
        Arbitraries.doubles().map(v -> v),
        Arbitraries.of(0.1, 1e-4, -0.0, 1e300, 4.9e-324, 123456789.0).map(v -> v),
        Arbitraries.strings().ofMaxLength(12).map(v -> v),
        Arbitraries.of("true", "null", "1e-4", "yes", "~", "- x", "a: b", "#c", "", " ")
            .map(v -> v),
        Arbitraries.of(true, false).map(v -> v));
  }
}
