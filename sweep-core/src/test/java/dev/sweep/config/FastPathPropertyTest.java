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

/**
 * The shortcuts a trial takes agree with the long ways they skip: {@link Names#safe} returns a safe
 * name as it is only where the character-by-character rewrite would give the same, and {@link
 * Config#isOfFlat} says what building {@link Config#ofFlat} and comparing would say.
 */
class FastPathPropertyTest {
  @Property(seed = "29", tries = 20000)
  void safe_isTheRewrite(@ForAll("nameLike") String text) {
    assertThat(Names.safe(text)).isEqualTo(Names.rewrite(text));
  }

  @Provide
  Arbitrary<String> nameLike() {
    // mostly the characters of readable names, with the ones safe() must change mixed in
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("abcCONnulLPTcom1239._,=+-").ofMinLength(0).ofMaxLength(12),
        Arbitraries.strings().withChars("ab9.=,+-_ $/\\:é\u00ff").ofMinLength(0).ofMaxLength(120),
        Arbitraries.of(
            "con",
            "CON.txt",
            "Aux",
            "nul.",
            "com1",
            "COM1.x",
            "lpt9",
            "LPT0.y",
            "COM",
            "con1",
            "com10",
            "prn_x",
            "lr=0.1,wd=1e-04",
            ".x",
            "-x",
            "x.",
            "a..b"));
  }

  @Property(seed = "29", tries = 5000)
  void isOfFlat_isEqualsOfFlat(
      @ForAll("flats") Map<String, Object> flat, @ForAll("flats") Map<String, Object> other) {
    Config exact;
    try {
      exact = Config.ofFlat(flat);
    } catch (IllegalArgumentException e) {
      return; // paths that clash make no config to compare with
    }
    assertThat(exact.isOfFlat(flat)).isTrue();
    Config config;
    try {
      config = Config.ofFlat(other);
    } catch (IllegalArgumentException e) {
      return;
    }
    assertThat(config.isOfFlat(flat)).as("%s of %s", config, flat).isEqualTo(config.equals(exact));
    Config laidOut = Config.Layout.of(flat.keySet()).ofFlat(other);
    assertThat(laidOut.isOfFlat(flat)).isEqualTo(laidOut.equals(exact));
    Config derived = config.with("z", 1); // made another way: no record of what it was made of
    assertThat(derived.isOfFlat(flat)).isEqualTo(derived.equals(exact));
  }

  @Provide
  Arbitrary<Map<String, Object>> flats() {
    Arbitrary<String> paths = Arbitraries.of("a", "b", "a.x", "a.y", "b.x", "c.d.e", "c.d", "c");
    Arbitrary<Object> values =
        Arbitraries.oneOf(
            Arbitraries.of(1, 2L, 1.0, 2.5, "1", "x", true, false, List.of(1, 2), List.of(1L, 2L)),
            Arbitraries.of(Map.of(), Map.of("x", 1), Map.of("x", 1L, "z", "q")));
    return Arbitraries.maps(paths, values).ofMaxSize(4).map(LinkedHashMap::new);
  }
}
