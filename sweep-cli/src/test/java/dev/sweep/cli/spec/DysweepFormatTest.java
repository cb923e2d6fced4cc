package dev.sweep.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dysweep config as the native document it means: each merge rule of dysweep, and each refusal at
 * its line and column.
 */
class DysweepFormatTest {
  @TempDir Path dir;

  private static final String BASE =
      """
      base_config:
        data:
          batch: 64
          transforms: [flip, crop, norm]
        optim: {name: sgd, args: {lr: 0.1}}
      """;
  private static final String COMMAND = "sweep: {command: [/bin/true, \"{_config}\"]}\n";

  @Test
  void aScalarValue_landsAtItsPathAsANativeParameter() throws IOException {
    Map<String, Object> doc =
        convert(
            BASE
                + """
        sweep_configuration:
          data: {batch: {sweep: true, values: [32, 128]}}
        """
                + COMMAND);
    assertThat(path(doc, "parameters"))
        .isEqualTo(Map.of("data.batch", Map.of("choice", List.of(32, 128))));
    assertThat(path(doc, "objective"))
        .isEqualTo(Map.of("metric", "dysweep_default", "required", false));
    assertThat(doc.get("sampler")).isEqualTo("grid");
  }

  @Test
  void aMappingValue_mergesIntoTheBase_theAliasesLabellingTheChoices() throws IOException {
    Map<String, Object> doc =
        convert(
            BASE
                + """
        sweep_configuration:
          optim:
            sweep: true
            sweep_alias: [adam, plain]
            values: [{name: adam, args: {wd: 0.1}}, {}]
        """
                + COMMAND);
    assertThat(path(doc, "parameters.optim"))
        .isEqualTo(
            Map.of(
                "coupled",
                List.of(
                    Map.of("optim.name", "adam", "optim.args.wd", 0.1),
                    Map.of("optim.name", "sgd")),
                "labels",
                List.of("adam", "plain"),
                "root",
                true));
  }

  @Test
  void dyUpsert_mergesItsEntriesIntoTheMappingThatHoldsIt_namedByItsIdentifier()
      throws IOException {
    Map<String, Object> doc =
        convert(
            BASE
                + """
        sweep_configuration:
          dy__upsert:
            - {data: {batch: 8}}
            - sweep: true
              sweep_identifier: size
              values: [{data: {batch: 16}, optim: {args: {lr: 0.5}}}, {optim: {name: adam}}]
        """
                + COMMAND);
    assertThat(path(doc, "base.data.batch")).isEqualTo(8); // the fixed entry
    assertThat(path(doc, "parameters.size.coupled"))
        .isEqualTo(
            List.of(
                Map.of("data.batch", 16, "optim.args.lr", 0.5, "optim.name", "sgd"),
                Map.of("data.batch", 8, "optim.args.lr", 0.1, "optim.name", "adam")));
  }

  @Test
  void listOperations_insertOverwriteAndRemove_asPythonsIndices() throws IOException {
    Map<String, Object> doc =
        convert(
            BASE
                + """
        sweep_configuration:
          data:
            transforms:
              sweep: true
              values:
                - dy__list__operations: [{dy__remove: -1}]
                - dy__list__operations: [{dy__insert: [0, resize]}, {dy__insert: [-1, last]}]
                - dy__list__operations: [{dy__overwrite: [1, blur]}]
        """
                + COMMAND);
    assertThat(param(doc, "data.transforms").get("coupled"))
        .isEqualTo(
            List.of(
                Map.of("data.transforms", List.of("flip", "crop")),
                Map.of("data.transforms", List.of("resize", "flip", "crop", "norm", "last")),
                Map.of("data.transforms", List.of("flip", "blur", "norm"))));
  }

  @Test
  void dyOverwriteOfAPosition_mergesTheRestOfTheMappingIntoThatItem() throws IOException {
    Map<String, Object> doc =
        convert(
            """
        base_config:
          layers: [{width: 8}, {width: 16, act: relu}]
        sweep_configuration:
          layers:
            sweep: true
            values:
              - {dy__list__operations: [{dy__overwrite: 1}], act: gelu}
        """
                + COMMAND);
    assertThat(path(doc, "parameters.layers.coupled"))
        .isEqualTo(
            List.of(
                Map.of("layers", List.of(Map.of("width", 8), Map.of("act", "gelu", "width", 16)))));
  }

  @Test
  void aValueThatNamesAnAlias_becomesTheAliasedValue_asDysweepDecompressesIt() throws IOException {
    Map<String, Object> doc =
        convert(
            BASE
                + """
        sweep_configuration:
          optim: {sweep: true, sweep_alias: [fast], values: [{args: {lr: 1}}]}
          data: {batch: {sweep: true, values: [fast, 7]}}
        """
                + COMMAND);
    assertThat(param(doc, "data.batch").get("coupled"))
        .isEqualTo(
            List.of(
                Map.of("data.batch", Map.of("args", Map.of("lr", 1))), Map.of("data.batch", 7)));
  }

  @Test
  void aFullWandbConfig_givesMethodMetricAndRunCap() throws IOException {
    Map<String, Object> doc =
        convert(
            BASE
                + """
        sweep_configuration:
          name: s
          method: random
          metric: {name: loss, goal: maximize}
          run_cap: 5
          parameters:
            optim: {args: {lr: {sweep: true, min: 0.001, max: 0.1}}}
        """
                + COMMAND);
    assertThat(doc)
        .containsEntry("name", "s")
        .containsEntry("trials", 5)
        .containsEntry("sampler", "random");
    assertThat(path(doc, "objective")).isEqualTo(Map.of("metric", "loss", "goal", "maximize"));
    assertThat(path(doc, "parameters"))
        .isEqualTo(Map.of("optim.args.lr", Map.of("uniform", List.of(0.001, 0.1))));
  }

  @Test
  void errors_nameTheLineColumnFieldAndWhy() {
    fails(
        BASE
            + "sweep_configuration:\n  optim: {args: {lr: {dy__eval: {expression: x}}}}\n"
            + COMMAND,
        "7:23: sweep_configuration.optim.args.lr.dy__eval: dysweep runs dy__eval as Python code");
    fails(
        BASE + "sweep_configuration:\n  optim: {name: \"dy__eval(lambda x: x)\"}\n" + COMMAND,
        "7:17: sweep_configuration.optim.name: dysweep runs dy__eval as Python code");
    fails(
        BASE + "sweep_configuration:\n  data: {batch: {sweep: true, values: [1]}}\n",
        "1:1: sweep.command: missing; dysweep calls a Python function");
    fails(
        "base_config: {a: 1}\n" + COMMAND, "1:1: dysweep config: 'sweep_configuration' is missing");
    fails(
        "sweep_configuration: {a: {sweep: true, values: [1]}}\n" + COMMAND,
        "1:1: dysweep config: 'base_config' is missing");
    fails(
        "base_config: {a: 1}\nsweep_configuration: {a: 2}\n" + COMMAND,
        "2:22: sweep_configuration.parameters: has no parameter");
    fails(
        "base_config: {a: {sweep: 1}}\nsweep_configuration: {a: {sweep: true, values: [1]}}\n"
            + COMMAND,
        "1:19: base_config.a.sweep: 'sweep' is a key dysweep reserves");
    fails(
        BASE
            + "sweep_configuration:\n  method: grid\n  data: {batch: {sweep: true, values: [1]}}\n"
            + COMMAND,
        "7:3: sweep_configuration: has 'method' but not all of method, metric, parameters and name");
    fails(
        BASE
            + "sweep_id: abc\nsweep_configuration: {data: {batch: {sweep: true, values: [1]}}}\n"
            + COMMAND,
        "6:1: sweep_id: dysweep's 'sweep_id' names a run or sweep on W&B's servers");
    fails(
        BASE
            + "sweep_configuration: {data: {batch: {sweep: true, values: [1]}}}\nmethod: random\n"
            + COMMAND,
        "7:9: run_cap: missing; a random sweep has no end of its own");
    fails(
        BASE
            + "sweep_configuration:\n  optim: {sweep: true, sweep_alias: [a, b], values: [{name: x}]}\n"
            + COMMAND,
        "7:37: optim.sweep_alias: names each of values");
    fails(
        BASE
            + "sweep_configuration:\n  optim: {sweep: true, sweep_alias: [a], values: [{name: x}]}\n"
            + "  data: {sweep: true, sweep_alias: [a], values: [{batch: 1}]}\n"
            + COMMAND,
        "8:37: data.sweep_alias: the alias 'a' is already used in the sweep");
    fails(
        BASE
            + "sweep_configuration:\n  data:\n    transforms: {sweep: true, values: [[a, b]]}\n"
            + COMMAND,
        "8:40: data.transforms.values: dysweep merges a list into the list at 'data.transforms' item by item");
    fails(
        BASE
            + "sweep_configuration:\n  data:\n    transforms: {sweep: true, values: [{dy__list__operations: [{dy__insert: 0}]}]}\n"
            + COMMAND,
        "dy__insert: 0 at 'data.transforms': dysweep inserts the mapping around the operation");
    fails(
        BASE
            + "sweep_configuration:\n  data:\n    transforms: {sweep: true, values: [{dy__list__operations: [{dy__remove: 5}]}]}\n"
            + COMMAND,
        "dy__remove: 5 is outside the list at 'data.transforms' (3 items)");
    fails(
        BASE
            + "sweep_configuration:\n  data:\n    transforms:\n      dy__list__operations: [{dy__overwrite: [0, x]}]\n"
            + "    batch: {sweep: true, values: [1]}\n"
            + COMMAND,
        "dy__overwrite at 'data.transforms' takes [position, item]");
    fails(
        BASE
            + "sweep_configuration:\n  optim: {sweep: true, values: [{args: {lr: 1}}]}\n"
            + "  dy__upsert: [{sweep: true, values: [{optim: {args: {lr: 2}}}]}]\n"
            + COMMAND,
        "changes 'optim.args.lr', and parameter optim changes 'optim.args.lr'");
    fails(
        BASE
            + "method: random\ncount: 3\nsweep_configuration:\n  dy__upsert: [{sweep: true, min: 0.1, max: 1.0}]\n"
            + COMMAND,
        "9:16: dy__upsert.0: dysweep cannot merge a number into the mapping at the top of base_config");
    fails(
        BASE
            + "sweep_configuration:\n  dy__upsert: [{sweep: true, values: [{}, {new: 1}]}]\n"
            + COMMAND,
        "this value leaves new out of the config, which other values add");
  }

  @Test
  void aNativeFileWithBaseConfig_isReadAsDysweepAndToldWhatItLacks() {
    fails(
        "base_config: {a: 1}\nparameters: {a: {choice: [1, 2]}}\ncommand: [/bin/true]\n",
        "1:1: dysweep config: 'sweep_configuration' is missing; a file with base_config is read as a dysweep config");
    fails(
        "method: grid\nbase_config: {a: 1}\nparameters: {a: {values: [1]}}\n",
        "1:1: dysweep config: 'sweep_configuration' is missing; a file with base_config is read as a dysweep config");
    fails(
        "base_config: {a: 1}\nsweep_configuration: {a: {sweep: true, values: [2]}}\nparameters: {}\n"
            + COMMAND,
        "3:1: dysweep config: unknown key 'parameters'");
  }

  private void fails(String yaml, String message) {
    assertThatThrownBy(() -> convert(yaml))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(message);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> convert(String yaml) throws IOException {
    Path file = dir.resolve("dy.yaml");
    Files.writeString(file, yaml);
    return (Map<String, Object>)
        SweepSpec.YAML.readValue(
            SpecReader.convert(file, FixtureEnvironment.get(), FixtureEnvironment.NOW), Map.class);
  }

  private static Map<?, ?> param(Map<String, Object> doc, String name) {
    return (Map<?, ?>) ((Map<?, ?>) doc.get("parameters")).get(name);
  }

  private static Object path(Map<String, Object> doc, String path) {
    Object node = doc;
    for (String key : path.split("\\.", -1)) {
      node = ((Map<?, ?>) node).get(key);
    }
    return node;
  }
}
