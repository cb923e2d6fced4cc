package dev.sweep.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module README's sweep files read as they say, its error examples are what the reader reports,
 * and the JSON Schema knows the same fields and distributions as the reader.
 */
class ReadmeExamplesTest {
  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);

  @TempDir Path dir;

  private static String readme() throws IOException {
    return Files.readString(Path.of("README.md"));
  }

  /** The README's yaml blocks that are whole sweep files (they have trials: or sampler:). */
  private static List<String> sweepFiles() throws IOException {
    List<String> files = new ArrayList<>();
    Matcher m = YAML_BLOCK.matcher(readme());
    while (m.find()) {
      if (m.group(1).lines().anyMatch(l -> l.startsWith("trials:") || l.startsWith("sampler:"))) {
        files.add(m.group(1));
      }
    }
    return files;
  }

  /** The yaml blocks that are whole sweep files in the project's README and in docs/. */
  private static List<String> sweepFilesOfTheDocs() throws IOException {
    List<Path> documents = new ArrayList<>(List.of(Path.of("..", "README.md")));
    try (var walk = Files.walk(Path.of("..", "docs"))) {
      walk.filter(f -> f.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    List<String> files = new ArrayList<>();
    for (Path document : documents) {
      Matcher m = YAML_BLOCK.matcher(Files.readString(document));
      while (m.find()) {
        if (m.group(1).lines().anyMatch(l -> l.startsWith("trials:") || l.startsWith("sampler:"))) {
          files.add(m.group(1));
        }
      }
    }
    return files;
  }

  private Path write(String yaml) throws IOException {
    Files.writeString(dir.resolve("base.yaml"), "train: {epochs: 90}\n");
    Path file = dir.resolve("digits.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void everySweepFileOfTheReadme_reads() throws IOException {
    List<String> files = sweepFiles();
    assertThat(files).isNotEmpty();
    for (String yaml : files) {
      SweepSpec spec = SweepSpec.read(write(yaml));
      assertThat(spec.space().paramPaths()).isNotEmpty();
    }
  }

  @Test
  void everySweepFileOfTheProjectReadmeAndTheGuide_reads() throws IOException {
    List<String> files = sweepFilesOfTheDocs();
    assertThat(files).hasSizeGreaterThanOrEqualTo(2);
    for (String yaml : files) {
      SweepSpec spec = SweepSpec.read(write(yaml));
      assertThat(spec.space().paramPaths()).as(yaml).isNotEmpty();
    }
  }

  @Test
  void theReadmesErrorExamples_areWhatTheReaderSays() throws IOException {
    String example = sweepFiles().get(0);
    Map<String, String[]> mutations =
        Map.of(
            "optim.lr", new String[] {"optim.lr: {log_uniform:", "optim.lr: {loguniform:"},
            "optim.momentum", new String[] {"step: 0.01}", "stpe: 0.01}"},
            "model.depth", new String[] {"{int: [10, 30]}", "{int: [30, 10]}"},
            "command", new String[] {"[train.amp]", "[amp]"},
            "missing", new String[] {"command: python3", "nocommand: python3"});
    String readme = readme();
    for (Map.Entry<String, String[]> e : mutations.entrySet()) {
      String bad =
          e.getKey().equals("missing")
              ? example.replaceAll("(?m)^command: .*\n", "")
              : example.replace(e.getValue()[0], e.getValue()[1]);
      assertThat(bad).as(e.getKey()).isNotEqualTo(example);
      Path file = write(bad);
      String message = null;
      try {
        SweepSpec.read(file);
      } catch (SpecException ex) {
        message = ex.getMessage().replace(file.toString(), "digits.yaml");
      }
      assertThat(message).as(e.getKey()).isNotNull();
      int cut = message.indexOf(" (");
      String shown = cut < 0 ? message : message.substring(0, cut);
      if (e.getKey().equals("missing")) {
        shown = message.substring(0, message.indexOf(", or steps"));
      }
      assertThat(readme).as(e.getKey()).contains(shown);
    }
  }

  @Test
  void theSchema_knowsTheReadersFieldsAndDistributions() throws IOException {
    JsonNode schema = Json.reader().readTree(getClass().getResourceAsStream("/sweep.schema.json"));
    assertThat(names(schema.path("properties").fieldNames()))
        .isEqualTo(new TreeSet<>(SpecReader.KEYS));
    TreeSet<String> distributions = new TreeSet<>();
    for (JsonNode d : schema.path("definitions").path("distribution").path("oneOf")) {
      if (d.has(
          "required")) { // the first required key names the distribution; the int ones are below
        distributions.add(d.path("required").get(0).asText());
      }
    }
    for (JsonNode d : schema.path("definitions").path("intDomain").path("oneOf")) {
      distributions.add(d.path("required").get(0).asText());
    }
    assertThat(distributions).isEqualTo(new TreeSet<>(SpaceReader.DISTRIBUTIONS));
  }

  @Test
  void aMisspeltExample_isStillCaught() throws IOException {
    Path file = write(sweepFiles().get(0).replace("slots:", "slot:"));
    assertThatThrownBy(() -> SweepSpec.read(file))
        .hasMessageContaining("unknown key 'slot'; did you mean 'slots'?");
  }

  private static SortedSet<String> names(Iterator<String> it) {
    TreeSet<String> out = new TreeSet<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
