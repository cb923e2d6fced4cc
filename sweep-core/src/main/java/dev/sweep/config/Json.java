package dev.sweep.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.yaml.snakeyaml.LoaderOptions;

/** The shared, thread-safe Jackson mappers of the library. */
public final class Json {
  private Json() {}

  /**
   * JSON in insertion order. Doubles with an exponent carry its sign ({@code 1.0E+7}, not
   * {@code 1.0E7}): JSON reads both, and YAML 1.1 readers such as PyYAML, with which programs
   * (pycls's configs among them) often load a trial's config.json, read only the first as a number.
   */
  public static final ObjectMapper JSON = JsonMapper.builder().addModule(signedExponents()).build();

  /** JSON with map keys sorted at every level: the canonical form. */
  public static final ObjectMapper CANONICAL =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  /**
   * Block-style YAML without the leading document marker. It parses in time linear in the text's
   * length, and reads up to {@link InputLimits#MAX_FILE_BYTES} code points (SnakeYAML's default is 3 M).
   */
  public static final ObjectMapper YAML = YAMLMapper.builder(yamlFactory(StreamReadConstraints.defaults())).build();

  /** JSON as {@link #JSON}, refusing documents nested deeper than {@link InputLimits#MAX_CONFIG_DEPTH}: for files people write. */
  static final ObjectMapper JSON_FILE = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(InputLimits.MAX_CONFIG_DEPTH).build())
          .build())
      .build();

  /** YAML as {@link #YAML}, refusing documents nested deeper than {@link InputLimits#MAX_CONFIG_DEPTH}: for files people write. */
  static final ObjectMapper YAML_FILE = YAMLMapper.builder(yamlFactory(
          StreamReadConstraints.builder().maxNestingDepth(InputLimits.MAX_CONFIG_DEPTH).build()))
      .build();

  private static YAMLFactory yamlFactory(StreamReadConstraints constraints) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(InputLimits.MAX_FILE_BYTES);
    return new LinearYamlFactory(YAMLFactory.builder()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .loaderOptions(options)
        .streamReadConstraints(constraints));
  }

  private static SimpleModule signedExponents() {
    JsonSerializer<Double> doubles = new StdSerializer<>(Double.class) {
      @Override
      public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        if (!Double.isFinite(value)) {
          gen.writeNumber(value);
          return;
        }
        String text = Double.toString(value);
        int e = text.indexOf('E');
        gen.writeNumber(e < 0 || text.charAt(e + 1) == '-' ? text : text.substring(0, e + 1) + "+" + text.substring(e + 1));
      }
    };
    return new SimpleModule("signed-exponents").addSerializer(Double.class, doubles).addSerializer(double.class, doubles);
  }

  /** Writes {@code value} with {@code mapper}; our values always serialise. */
  public static String write(ObjectMapper mapper, Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
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
