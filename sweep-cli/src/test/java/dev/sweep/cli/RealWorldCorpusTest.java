package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sweep.population.Population;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweep files of the real world, under {@code realworld/<tool>/}, each run through {@code sweep
 * convert} and {@code sweep run} and compared with what the tool itself does with it, as the {@code
 * sources.yaml} next to them records it (derived from the tool's code, never from Sweep).
 *
 * <p>No real training runs: the programs the files name are replaced by one stub, {@link #STUB},
 * which records each command line it gets (and the config it was handed) in {@code stub.jsonl} of
 * its trial folder and reports a metric. How it takes the program's place, per format:
 *
 * <ul>
 *   <li>a PATH shim: {@code bin/} holds executables named {@code python}, {@code python3} and the
 *       manifest's {@code shims}, each running the stub; the copy of the file gets {@code sweep:
 *       {env: {PATH: bin:...}}}, so that {@code /usr/bin/env python} (W&amp;B's {@code ${env}
 *       ${interpreter}}) and a shell (mlrunner's and GML's templates) find the shim;
 *   <li>pycls runs {@code python tools/run_net.py} from the file's folder, so the stub is also
 *       {@code tools/run_net.py} there;
 *   <li>dysweep has no command of its own: the manifest's {@code sweep: {command: ...}} runs the
 *       stub.
 * </ul>
 *
 * <p>The manifest's {@code add} (top-level keys of the tool's own format, {@code run_cap} for
 * W&amp;B) bounds a sweep that is unbounded or huge, and its {@code sweep} mapping adds Sweep's own
 * options; both go into a copy, the corpus file stays as its source has it. A token of an expected
 * command line may hold {@code <int>}, {@code <float>}, {@code <bool>}, {@code <str>}, {@code
 * <dict>} or {@code <list>} (several joined by {@code |}), the type of the value there as Python's
 * {@code str()} prints it.
 */
class RealWorldCorpusTest {
  static final List<String> TOOLS = List.of("wandb", "pycls", "dysweep", "mlrunner", "gml");

  /**
   * Records {@code [program, args...]} and the config it was given to {@code stub.jsonl} in the
   * trial folder; reports {@code value} and {@code $STUB_METRIC}, and prints a pycls {@code
   * json_stats} test line.
   */
  static final String STUB =
      """
      import json, os, sys
      args = sys.argv[1:]
      if args[:1] == ['--as']:
          prog, args = args[1], args[2:]
      else:
          prog = os.path.basename(sys.argv[0])
      def load(path):
          text = open(path).read()
          try:
              return json.loads(text)
          except ValueError:
              import yaml
              return yaml.safe_load(text)
      config = None
      for flag in ('--cfg', '--config'):
          if flag in args:
              config = load(args[args.index(flag) + 1])
      if config is None and os.environ.get('SWEEP_CONFIG'):
          config = load(os.environ['SWEEP_CONFIG'])
      line = dict(argv=[prog] + args, config=config)
      with open(os.path.join(os.environ['SWEEP_TRIAL_DIR'], 'stub.jsonl'), 'a') as f:
          f.write(json.dumps(line) + chr(10))
      metrics = {'value': 0.5, os.environ.get('STUB_METRIC', 'value'): 0.5}
      with open(os.environ['SWEEP_METRICS'], 'a') as f:
          f.write(json.dumps(metrics) + chr(10))
      stats = {'_type': 'test_epoch', 'epoch': '1/1', 'min_top1_err': 0.5, 'top1_err': 0.5}
      print('json_stats: ' + json.dumps(stats, sort_keys=True))
      """;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper BLOCK =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(
                  com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature
                      .WRITE_DOC_START_MARKER)
              .build());

  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> everyCorpusFile_convertsAndRunsAsItsToolWould()
      throws IOException, URISyntaxException {
    List<DynamicTest> tests = new ArrayList<>();
    for (String tool : TOOLS) {
      Path folder = Path.of(getClass().getResource("/realworld/" + tool).toURI());
      JsonNode manifest = YAML.readTree(folder.resolve("sources.yaml").toFile());
      for (JsonNode entry : manifest) {
        String file = entry.get("file").asText();
        assertThat(folder.resolve(file)).as("%s/sources.yaml names it", tool).exists();
        tests.add(
            DynamicTest.dynamicTest(
                tool + "/" + file, () -> check(tool, folder.resolve(file), entry)));
      }
      try (Stream<Path> files = Files.list(folder)) { // none without its expectations
        assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")))
            .as("%s: every file is in sources.yaml", tool)
            .allMatch(n -> n.equals("sources.yaml") || hasEntry(manifest, n));
      }
    }
    return tests.stream();
  }

  private static boolean hasEntry(JsonNode manifest, String file) {
    for (JsonNode e : manifest) {
      if (e.get("file").asText().equals(file)) {
        return true;
      }
    }
    return false;
  }

  private void check(String tool, Path source, JsonNode entry) throws IOException {
    Path work = Files.createDirectories(dir.resolve(tool + "-" + stem(source)));
    Path verbatim = Files.copy(source, work.resolve(source.getFileName()));
    JsonNode refused = entry.get("refused");
    Cli.Run convert = sweep("convert", verbatim.toString());
    if (refused != null) {
      assertThat(convert.code()).as(convert.toString()).isEqualTo(2);
      assertThat(convert.err())
          .as("refused at its place")
          .contains(verbatim + ":" + refused.get("at").asText() + ": ")
          .contains(refused.get("error").asText());
      if (entry.get("add") == null && entry.get("sweep") == null) { // nothing to run
        Cli.Run run = sweep("run", "-q", verbatim.toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(2);
        try (Stream<Path> left = Files.list(work)) {
          assertThat(left).containsExactly(verbatim); // a refused file writes nothing
        }
        return;
      }
    } else {
      assertThat(convert.code()).as(convert.toString()).isZero();
    }
    if (entry.path("known_difference").asBoolean()) {
      return; // Sweep refuses what the tool runs (see its notes): nothing to run until it is fixed
    }
    Path out = work.resolve("out");
    Path copy = work.resolve("run-" + source.getFileName());
    Files.writeString(copy, runnable(tool, Files.readString(source), entry, work, out));
    Files.createDirectories(work.resolve("tools"));
    Files.writeString(work.resolve("tools/run_net.py"), STUB);
    Cli.Run run = sweep("run", "-q", copy.toString());
    assertThat(run.code()).as(run.toString()).isZero();

    Population p = SweepFolder.population(out, Objective.minimize("value"));
    assertThat(p.trials())
        .as("the trial count of %s", source)
        .hasSize(entry.get("trials").asInt())
        .allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED));
    for (TrialRecord t : p.trials()) {
      List<JsonNode> lines = new ArrayList<>();
      for (String l :
          Files.readAllLines(SweepFolder.trialDir(out, t.id(), t.name()).resolve("stub.jsonl"))) {
        lines.add(JSON.readTree(l));
      }
      JsonNode commands = entry.get("commands");
      assertThat(lines).as("trial %s: one line per command", t.id()).hasSize(commands.size());
      for (int i = 0; i < lines.size(); i++) {
        List<String> argv = new ArrayList<>();
        lines.get(i).get("argv").forEach(a -> argv.add(a.asText()));
        assertMatches(argv, commands.get(i), "trial " + t.id() + " command " + i);
      }
      JsonNode types = entry.get("config_types");
      if (types != null) {
        JsonNode config = lines.get(0).get("config");
        for (Map.Entry<String, JsonNode> e : types.properties()) {
          JsonNode value = at(config, e.getKey());
          assertThat(List.of(e.getValue().asText().split("\\|")))
              .as("trial %s: the type of %s = %s in the config", t.id(), e.getKey(), value)
              .contains(typeOf(value));
        }
      }
    }
  }

  /** The file with its bound, and the sweep options that put the stub in the program's place. */
  private static String runnable(String tool, String text, JsonNode entry, Path work, Path out)
      throws IOException {
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path stub = Files.writeString(work.resolve("stub.py"), STUB);
    List<String> shims = new ArrayList<>(List.of("python", "python3"));
    if (entry.get("shims") != null) {
      entry.get("shims").forEach(s -> shims.add(s.asText()));
    }
    for (String shim : shims) {
      Path exe =
          Files.writeString(
              bin.resolve(shim),
              "#!/bin/sh\nexec /usr/bin/python3 '" + stub + "' --as " + shim + " \"$@\"\n");
      Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Map<String, Object> options = new java.util.LinkedHashMap<>();
    options.put("directory", out.toString());
    if (!tool.equals("mlrunner")) { // mlrunner's resource gives its slots
      options.put("slots", List.of("0", "1", "2", "3"));
    }
    options.put(
        "env",
        Map.of(
            "PATH",
            bin + ":/usr/local/bin:/usr/bin:/bin",
            "STUB_METRIC",
            entry.path("metric").asText("value")));
    if (entry.get("sweep") != null) {
      Map<?, ?> extra = JSON.convertValue(entry.get("sweep"), Map.class);
      extra.forEach(
          (k, v) ->
              options.put(
                  (String) k,
                  v instanceof String s ? s.replace("$STUB", stub.toString()) : stubbed(v, stub)));
    }
    Map<String, Object> top = new java.util.LinkedHashMap<>();
    if (entry.get("add") != null) {
      entry.get("add").properties().forEach(e -> top.put(e.getKey(), e.getValue()));
    }
    top.put("sweep", options);
    String added = "\n" + BLOCK.writeValueAsString(top); // in the first document (mlrunner's head)
    if (tool.equals("mlrunner")) {
      int head = text.indexOf("\n---", text.indexOf("---") + 3);
      return text.substring(0, head) + added + text.substring(head);
    }
    return text + added;
  }

  private static Object stubbed(Object value, Path stub) {
    if (value instanceof List<?> list) {
      return list.stream()
          .map(v -> v instanceof String s ? s.replace("$STUB", stub.toString()) : v)
          .toList();
    }
    return value;
  }

  private static final Pattern HOLE = Pattern.compile("<([a-z|]+)>");

  /** The command matches one of the alternatives ({@code any:}) or the one token list given. */
  static void assertMatches(List<String> argv, JsonNode expected, String what) {
    if (expected.has("any")) {
      List<String> misses = new ArrayList<>();
      for (JsonNode alternative : expected.get("any")) {
        String miss = mismatch(argv, alternative);
        if (miss == null) {
          return;
        }
        misses.add(miss);
      }
      throw new AssertionError(what + ": no alternative matches: " + misses);
    }
    String miss = mismatch(argv, expected);
    if (miss != null) {
      throw new AssertionError(what + ": " + miss);
    }
  }

  /**
   * Why {@code argv} does not match the token patterns (literal text with typed holes), or null.
   */
  static String mismatch(List<String> argv, JsonNode expected) {
    List<String> patterns = new ArrayList<>();
    expected.forEach(e -> patterns.add(e.asText()));
    if (argv.size() != patterns.size()) {
      return argv + " has " + argv.size() + " tokens, " + patterns + " " + patterns.size();
    }
    for (int i = 0; i < argv.size(); i++) {
      String pattern = patterns.get(i);
      StringBuilder regex = new StringBuilder();
      List<String> holes = new ArrayList<>();
      Matcher hole = HOLE.matcher(pattern);
      int from = 0;
      while (hole.find()) {
        regex.append(Pattern.quote(pattern.substring(from, hole.start()))).append("(.+?)");
        holes.add(hole.group(1));
        from = hole.end();
      }
      regex.append(Pattern.quote(pattern.substring(from)));
      Matcher token = Pattern.compile(regex.toString()).matcher(argv.get(i));
      if (!token.matches()) {
        return "token " + i + " '" + argv.get(i) + "' is not " + pattern + " in " + argv;
      }
      for (int h = 0; h < holes.size(); h++) {
        String type = pythonType(token.group(h + 1));
        if (!List.of(holes.get(h).split("\\|")).contains(type)) {
          return "token "
              + i
              + " '"
              + argv.get(i)
              + "': "
              + token.group(h + 1)
              + " is a "
              + type
              + ", not "
              + holes.get(h)
              + " ("
              + pattern
              + ") in "
              + argv;
        }
      }
    }
    return null;
  }

  private static final Pattern INT = Pattern.compile("-?[0-9]+");
  private static final Pattern FLOAT =
      Pattern.compile("-?([0-9]+\\.[0-9]*(e[-+][0-9]+)?|[0-9]+e[-+][0-9]+|inf|nan)");

  /** The type of a value as Python's {@code str()} printed it. */
  static String pythonType(String printed) {
    if (printed.equals("True") || printed.equals("False")) {
      return "bool";
    } else if (INT.matcher(printed).matches()) {
      return "int";
    } else if (FLOAT.matcher(printed).matches()) {
      return "float";
    } else if (printed.startsWith("{")) {
      return "dict";
    } else if (printed.startsWith("[")) {
      return "list";
    }
    return "str";
  }

  /** The type of a value of a JSON or YAML config, by Python's names. */
  static String typeOf(JsonNode value) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return "missing";
    } else if (value.isBoolean()) {
      return "bool";
    } else if (value.isIntegralNumber()) {
      return "int";
    } else if (value.isNumber()) {
      return "float";
    } else if (value.isObject()) {
      return "dict";
    } else if (value.isArray()) {
      return "list";
    }
    return "str";
  }

  private static JsonNode at(JsonNode config, String dotted) {
    JsonNode node = config;
    for (String key : com.google.common.base.Splitter.on('.').split(dotted)) {
      node = node == null ? null : node.get(key);
    }
    return node;
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.lastIndexOf('.'));
  }
}
