package dev.sweep.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {
  private static final Set<String> WINDOWS_DEVICES = Set.of("CON", "PRN", "AUX", "NUL");

  @Test
  void readable_joinsShortKeysAndCompactValues() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("optim.lr", 0.1);
    params.put("optim.wd", 1e-4);
    params.put("model.width", 64L);
    params.put("train.amp", true);
    params.put("optim.name", "sgd");
    assertThat(Names.readable(params)).isEqualTo("lr=0.1,wd=1e-04,width=64,amp=true,name=sgd");
  }

  @Test
  void readable_keepsPathSegmentsWhereLastSegmentsClash() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("encoder.width", 64L);
    params.put("decoder.width", 32L);
    params.put("lr", 0.5);
    assertThat(Names.readable(params)).isEqualTo("encoder.width=64,decoder.width=32,lr=0.5");
  }

  @Test
  void format_usesFourSignificantDigits() {
    assertThat(Names.format(0.1)).isEqualTo("0.1");
    assertThat(Names.format(1e-4)).isEqualTo("1e-04");
    assertThat(Names.format(3.14159e-5)).isEqualTo("3.142e-05");
    assertThat(Names.format(2.5e6)).isEqualTo("2.5e+06");
    assertThat(Names.format(0.0012345)).isEqualTo("0.001234");
    assertThat(Names.format(123.456)).isEqualTo("123.5");
    assertThat(Names.format(-0.5)).isEqualTo("-0.5");
    assertThat(Names.format(0.0)).isEqualTo("0");
    assertThat(Names.format(List.of(16L, 32L))).isEqualTo("16+32");
  }

  @Property(seed = "11", tries = 5000)
  void format_agreesWithExactDecimalRounding(@ForAll("anyDouble") double d) {
    assertThat(Names.format(d)).isEqualTo(Names.formatExact(d));
  }

  @Provide
  Arbitrary<Double> anyDouble() {
    return Arbitraries.oneOf(
        Arbitraries.doubles().between(-1e6, 1e6),
        Arbitraries.doubles().between(-1e-2, 1e-2),
        Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite),
        Arbitraries.of(
            9.9995, 9.99949, 0.00099995, 99995.0, 1e5, 1e-3, 0.001234500, 1.0, 1e300, 4.9e-324));
  }

  @Test
  void readable_withSpaceWideKeys_keepsEachParametersKeyStable() {
    Map<String, String> keys = Names.shortKeys(List.of("encoder.width", "decoder.width", "lr"));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("encoder.width", 64L);
    params.put("lr", 0.5);
    assertThat(Names.readable(params, keys)).isEqualTo("encoder.width=64,lr=0.5");
    assertThat(Names.readable(params))
        .as("keys from the params alone")
        .isEqualTo("width=64,lr=0.5");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../..",
        "..",
        ".",
        "/",
        "a/b",
        "a\\b",
        "C:",
        "x\u0000y",
        "line\nbreak",
        "CON",
        "nul.txt",
        "com1",
        "lpt9",
        "trailing.",
        "-rf",
        ".hidden",
        "tab\there",
        "😀 emoji",
        "a..b",
        "<>:\"|?*",
        " "
      })
  void safe_makesHostileTextOneHarmlessFolderName(String hostile) {
    assertSafe(Names.safe(hostile));
  }

  @Test
  void safe_cutsLongNamesWithAHashSuffixThatKeepsThemDistinct() {
    String a = "x".repeat(10_000);
    String b = "x".repeat(9_999) + "y";
    String safeA = Names.safe(a);
    assertThat(safeA).hasSize(Names.MAX_LENGTH).matches("x{83}~[0-9a-f]{16}");
    assertThat(Names.safe(b)).isNotEqualTo(safeA);
    assertSafe(safeA);
  }

  @Test
  void safe_keepsOrdinaryNamesAsTheyAre() {
    assertThat(Names.safe("lr=0.1,wd=1e-04")).isEqualTo("lr=0.1,wd=1e-04");
  }

  @Property(seed = "7", tries = 2000)
  void safe_isAlwaysSafe(@ForAll("hostileText") String text) {
    assertSafe(Names.safe(text));
  }

  @Provide
  Arbitrary<String> hostileText() {
    return Arbitraries.strings()
        .withCharRange('\u0000', '\u00ff')
        .withChars("./\\:*?\"<>|~😀")
        .ofMinLength(0)
        .ofMaxLength(300);
  }

  @Test
  void safeNames_createExactlyOneFolderInsideTheParent(@TempDir Path parent) throws Exception {
    for (String hostile :
        List.of("../../escape", "/etc/passwd", "a/../../b", "..", "x\u0000y", "😀".repeat(200))) {
      Path dir = parent.resolve(Names.safe(hostile));
      Files.createDirectory(dir);
      assertThat(dir.getParent()).isEqualTo(parent);
      assertThat(dir.normalize()).isEqualTo(dir);
    }
    try (var children = Files.list(parent)) {
      assertThat(children.count()).isEqualTo(6);
    }
  }

  static void assertSafe(String name) {
    assertThat(name)
        .matches("[A-Za-z0-9._,=+~-]+")
        .doesNotContain("..")
        .doesNotStartWith(".")
        .doesNotStartWith("-")
        .doesNotEndWith(".");
    assertThat(name.length()).isLessThanOrEqualTo(Names.MAX_LENGTH);
    String stem =
        (name.contains(".") ? name.substring(0, name.indexOf('.')) : name).toUpperCase(Locale.ROOT);
    assertThat(WINDOWS_DEVICES.contains(stem) || stem.matches("(COM|LPT)[0-9]")).as(name).isFalse();
  }
}
