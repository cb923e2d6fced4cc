package dev.sweep.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sweep.config.InputLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The library's JSON and YAML, shared by Sweep's own modules (not exported to users): readers and
 * writers are immutable and thread-safe, the mappers behind them are never handed out.
 */
public final class Json {
  private Json() {}

  /**
   * JSON in insertion order. Doubles with an exponent carry its sign ({@code 1.0E+7}, not {@code
   * 1.0E7}): JSON reads both, and YAML 1.1 readers such as PyYAML, with which programs (pycls's
   * configs among them) often load a trial's config.json, read only the first as a number.
   */
  private static final ObjectMapper JSON =
      JsonMapper.builder().addModule(signedExponents()).build();

  /** JSON with map keys sorted at every level: the canonical form. */
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  /**
   * Block-style YAML without the leading document marker. It parses in time linear in the text's
   * length, and reads up to {@link InputLimits#MAX_FILE_BYTES} code points (SnakeYAML's default is
   * 3 M).
   */
  private static final ObjectMapper YAML =
      YAMLMapper.builder(yamlFactory(StreamReadConstraints.defaults())).build();

  /**
   * JSON as {@link #JSON}, refusing documents nested deeper than {@link
   * InputLimits#MAX_CONFIG_DEPTH}: for files people write.
   */
  private static final ObjectMapper JSON_FILE =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(InputLimits.MAX_CONFIG_DEPTH)
                          .build())
                  .build())
          .build();

  /**
   * YAML as {@link #YAML}, refusing documents nested deeper than {@link
   * InputLimits#MAX_CONFIG_DEPTH}: for files people write.
   */
  private static final ObjectMapper YAML_FILE =
      YAMLMapper.builder(
              yamlFactory(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(InputLimits.MAX_CONFIG_DEPTH)
                      .build()))
          .build();

  /** Reads JSON. */
  public static ObjectReader reader() {
    return JSON.reader();
  }

  /** Writes compact JSON in insertion order, exponents signed. */
  public static ObjectWriter writer() {
    return JSON.writer();
  }

  /** Writes JSON with map keys sorted at every level: the canonical form. */
  public static ObjectWriter canonicalWriter() {
    return CANONICAL.writer();
  }

  /** Reads YAML, in time linear in the text's length. */
  public static ObjectReader yamlReader() {
    return YAML.reader();
  }

  /** Writes block-style YAML without the leading document marker. */
  public static ObjectWriter yamlWriter() {
    return YAML.writer();
  }

  /**
   * Reads a JSON file that people write: nested at most {@link InputLimits#MAX_CONFIG_DEPTH}
   * levels.
   */
  public static ObjectReader jsonFileReader() {
    return JSON_FILE.reader();
  }

  /**
   * Reads a YAML file that people write: nested at most {@link InputLimits#MAX_CONFIG_DEPTH}
   * levels.
   */
  public static ObjectReader yamlFileReader() {
    return YAML_FILE.reader();
  }

  private static YAMLFactory yamlFactory(StreamReadConstraints constraints) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(InputLimits.MAX_FILE_BYTES);
    return new LinearYamlFactory(
        YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .loaderOptions(options)
            .streamReadConstraints(constraints));
  }

  private static SimpleModule signedExponents() {
    JsonSerializer<Double> doubles =
        new StdSerializer<>(Double.class) {
          @Override
          public void serialize(Double value, JsonGenerator gen, SerializerProvider provider)
              throws IOException {
            if (!Double.isFinite(value)) {
              gen.writeNumber(value);
              return;
            }
            String text = Double.toString(value);
            int e = text.indexOf('E');
            gen.writeNumber(
                e < 0 || text.charAt(e + 1) == '-'
                    ? text
                    : text.substring(0, e + 1) + "+" + text.substring(e + 1));
          }
        };
    return new SimpleModule("signed-exponents")
        .addSerializer(Double.class, doubles)
        .addSerializer(double.class, doubles);
  }

  /** Writes {@code value} with {@code writer}; our values always serialise. */
  public static String write(ObjectWriter writer, Object value) {
    try {
      return writer.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compact JSON: {@code write(writer(), value)}. */
  public static String write(Object value) {
    return write(writer(), value);
  }

  /** Indented JSON. */
  public static String writePretty(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
