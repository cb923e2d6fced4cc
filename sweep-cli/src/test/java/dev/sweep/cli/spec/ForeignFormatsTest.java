package dev.sweep.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which format reads a file: the first of {@link ForeignFormats#all} that recognizes it, or none
 * for a native file.
 */
class ForeignFormatsTest {
  private static final Map<String, String> TOOL_NAMES =
      Map.of("wandb", "W&B", "gml", "GML", "mlrunner", "mlrunner", "pycls", "pycls");

  private static List<ForeignFormat> formats() {
    return ForeignFormats.all(
        new Fields("test.yaml"), FixtureEnvironment.get(), FixtureEnvironment.NOW);
  }

  private static List<String> recognizing(Path file) throws IOException {
    List<Node> documents = NodeReader.readAll(Files.readString(file), file.toString());
    return formats().stream()
        .filter(f -> f.recognizes(documents))
        .map(ForeignFormat::name)
        .toList();
  }

  @Test
  void theFormatsAreTriedMlrunnerFirst_itsFilesAloneHoldSeveralDocuments() {
    assertThat(formats())
        .extracting(ForeignFormat::name)
        .containsExactly("mlrunner", "dysweep", "W&B", "GML", "pycls");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.sweep.cli.spec.FormatFixturesTest#good")
  void aToolsFile_isRecognizedByItsFormatAlone_andItsNativeEquivalentByNone(Path file)
      throws IOException {
    String tool = file.getParent().getParent().getFileName().toString();
    assertThat(recognizing(file)).containsExactly(TOOL_NAMES.get(tool));
    Path converted =
        file.resolveSibling(file.getFileName().toString().replace(".yaml", ".native.yaml"));
    assertThat(recognizing(converted)).isEmpty();
  }

  @Test
  void aSecondDocument_isMlrunnersOnly() {
    List<Node> twoWandb = NodeReader.readAll("method: grid\n---\nmethod: grid\n", "test.yaml");
    assertThat(formats()).noneMatch(f -> f.recognizes(twoWandb));
  }
}
