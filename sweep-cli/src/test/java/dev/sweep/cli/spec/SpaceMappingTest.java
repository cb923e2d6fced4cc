package dev.sweep.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.config.Config;
import dev.sweep.sampler.GridSampler;
import dev.sweep.sampler.RandomSampler;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler.Sampling;
import dev.sweep.space.ChoiceDomain;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each YAML form becomes the builder call it names: checked by the domain and by what it samples.
 */
class SpaceMappingTest {
  private static final int DRAWS = 2000;

  @TempDir Path dir;

  private SweepSpec spec(String yaml) throws IOException {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, yaml);
    return SweepSpec.read(file);
  }

  /** A spec whose only parameter is {@code x: <form>}. */
  private Space space(String form) throws IOException {
    return spec("trials: 1\ncommand: [/bin/true]\nparameters:\n  x: " + form + "\n").space();
  }

  private static String describe(Space space) {
    return ((Space.Param) space.nodes().get(0)).domain().describe();
  }

  /** Values of {@code path} in many seeded samples. */
  private static List<Object> draws(Space space, String path) {
    SplittableRandom rng = new SplittableRandom(7);
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < DRAWS; i++) {
      out.add(space.sample(rng).get(path));
    }
    return out;
  }

  private static List<Double> doubles(Space space) {
    return draws(space, "x").stream().map(v -> ((Number) v).doubleValue()).toList();
  }

  @Test
  void uniform_drawsInRange() throws IOException {
    Space s = space("{uniform: [0.8, 0.99]}");
    assertThat(describe(s)).isEqualTo("uniform[0.8, 0.99]");
    assertThat(doubles(s)).allSatisfy(v -> assertThat(v).isBetween(0.8, 0.99));
  }

  @Test
  void uniformWithStep_drawsMultiplesOfTheStep() throws IOException {
    Space s = space("{uniform: [0.8, 0.99], step: 0.01}");
    assertThat(describe(s)).isEqualTo("uniform[0.8, 0.99] step 0.01");
    assertThat(doubles(s))
        .allSatisfy(v -> assertThat(Math.abs(v * 100 - Math.rint(v * 100))).isLessThan(1e-9));
    assertThat(new HashSet<>(doubles(s))).hasSize(20); // 0.80 … 0.99
  }

  @Test
  void logUniform_spreadsOverTheDecades() throws IOException {
    Space s = space("{log_uniform: [1.0e-4, 1.0e-1]}");
    assertThat(describe(s)).isEqualTo("logUniform[1.0E-4, 0.1]");
    List<Double> v = doubles(s);
    assertThat(v).allSatisfy(x -> assertThat(x).isBetween(1e-4, 1e-1));
    long firstDecade = v.stream().filter(x -> x < 1e-3).count();
    assertThat(firstDecade).isBetween(DRAWS / 3L - 100, DRAWS / 3L + 100);
  }

  @Test
  void logUniformWithGrid_keepsTheGridPointsForAGrid() throws IOException {
    SweepSpec spec =
        spec(
            """
        sampler: grid
        command: [/bin/true]
        parameters:
          optim.wd: {log_uniform: [1.0e-6, 1.0e-2], grid: [1.0e-5, 1.0e-4]}
        """);
    assertThat(spec.sampler()).isInstanceOf(GridSampler.class);
    assertThat(spec.sweepBuilder().build().totalTrials()).isEqualTo(2);
    Sampling sampling = spec.sampler().start(spec.space());
    assertThat(sampling.ask(0).params()).containsEntry("optim.wd", 1e-5);
    assertThat(sampling.ask(1).params()).containsEntry("optim.wd", 1e-4);
  }

  @Test
  void normal_isTruncatedToMinMax() throws IOException {
    Space s = space("{normal: {mean: 1, sd: 0.2, min: 0.5, max: 1.5}}");
    assertThat(describe(s)).isEqualTo("normal(1.0, 0.2)[0.5, 1.5]");
    List<Double> v = doubles(s);
    assertThat(v).allSatisfy(x -> assertThat(x).isBetween(0.5, 1.5));
    assertThat(v.stream().mapToDouble(Double::doubleValue).average().orElseThrow())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.02));
  }

  @Test
  void logNormal_isTruncatedToMinMax() throws IOException {
    Space s = space("{log_normal: {mu: -4, sigma: 1, min: 1.0e-4, max: 1}}");
    assertThat(describe(s)).isEqualTo("logNormal(-4.0, 1.0)[1.0E-4, 1.0]");
    assertThat(doubles(s)).allSatisfy(x -> assertThat(x).isBetween(1e-4, 1.0));
  }

  @Test
  void intForms_drawIntegersOfTheirKind() throws IOException {
    Space range = space("{int: [10, 30]}");
    assertThat(describe(range)).isEqualTo("intRange[10, 30]");
    assertThat(new HashSet<>(draws(range, "x")))
        .hasSize(21)
        .allSatisfy(v -> assertThat((Long) v).isBetween(10L, 30L));

    Space log = space("{int_log: [1, 1000]}");
    assertThat(describe(log)).isEqualTo("intLog[1, 1000]");
    assertThat(draws(log, "x")).allSatisfy(v -> assertThat((Long) v).isBetween(1L, 1000L));

    Space pow = space("{power_of_two: [16, 256]}");
    assertThat(describe(pow)).isEqualTo("powerOfTwo[16, 256]");
    assertThat(new HashSet<>(draws(pow, "x"))).containsExactlyInAnyOrder(16L, 32L, 64L, 128L, 256L);

    Space mult = space("{multiple_of: {of: 8, min: 16, max: 40}}");
    assertThat(describe(mult)).isEqualTo("multipleOf(8)[16, 40]");
    assertThat(new HashSet<>(draws(mult, "x"))).containsExactlyInAnyOrder(16L, 24L, 32L, 40L);
  }

  @Test
  void choiceForms_drawTheirValues() throws IOException {
    assertThat(new HashSet<>(draws(space("{choice: [16, 32, 64]}"), "x")))
        .containsExactlyInAnyOrder(16L, 32L, 64L);

    Space weighted = space("{choice: {none: 1, flip: 3}}");
    assertThat(((ChoiceDomain) ((Space.Param) weighted.nodes().get(0)).domain()).probabilities())
        .containsExactly(0.25, 0.75);
    long flips = draws(weighted, "x").stream().filter("flip"::equals).count();
    assertThat(flips).isBetween(DRAWS * 3 / 4L - 100, DRAWS * 3 / 4L + 100);

    Space parallel = space("{choice: [16, 32], weights: [1, 3]}");
    assertThat(((ChoiceDomain) ((Space.Param) parallel.nodes().get(0)).domain()).probabilities())
        .containsExactly(0.25, 0.75);
    assertThat(new HashSet<>(draws(parallel, "x"))).containsExactlyInAnyOrder(16L, 32L);

    assertThat(new HashSet<>(draws(space("{bool: true}"), "x")))
        .containsExactlyInAnyOrder(true, false);
  }

  @Test
  void constants_bareOrExplicit() throws IOException {
    assertThat(new HashSet<>(draws(space("10"), "x"))).containsExactly(10L);
    assertThat(new HashSet<>(draws(space("sgd"), "x"))).containsExactly("sgd");
    assertThat(new HashSet<>(draws(space("{constant: [1, 2]}"), "x")))
        .containsExactly(List.of(1L, 2L));
  }

  @Test
  void lists_ofFixedOrSampledLength() throws IOException {
    Space fixed = space("{list: {int: [16, 64]}, length: 4}");
    assertThat(describe(fixed)).isEqualTo("list(intRange[16, 64], length intRange[4, 4])");
    assertThat(draws(fixed, "x"))
        .allSatisfy(
            v ->
                assertThat((List<?>) v)
                    .hasSize(4)
                    .allSatisfy(i -> assertThat((Long) i).isBetween(16L, 64L)));

    Space sampled = space("{list: {choice: [3, 5]}, length: {int: [1, 3]}}");
    Set<Integer> lengths = new HashSet<>();
    draws(sampled, "x").forEach(v -> lengths.add(((List<?>) v).size()));
    assertThat(lengths).containsExactlyInAnyOrder(1, 2, 3);
  }

  @Test
  void nesting_andDottedKeys_giveTheSamePaths() throws IOException {
    SweepSpec spec =
        spec(
            """
        trials: 1
        command: [/bin/true]
        parameters:
          optim.lr: {log_uniform: [1.0e-4, 1.0e-1]}
          optim:
            wd: {log_uniform: [1.0e-6, 1.0e-2]}
          model:
            stage.width: {power_of_two: [16, 64]}
        """);
    assertThat(spec.space().paramPaths())
        .containsExactly("optim.lr", "optim.wd", "model.stage.width");
    Config c = spec.space().toConfig(spec.space().sample(new SplittableRandom(1)));
    assertThat(c.getDouble("optim.wd")).isBetween(1e-6, 1e-2);
    assertThat(c.getLong("model.stage.width")).isIn(16L, 32L, 64L);
  }

  @Test
  void branches_onlyTheChosenBranchsParametersExist() throws IOException {
    Space s =
        spec("""
        trials: 1
        command: [/bin/true]
        parameters:
          model:
            branches:
              resnet: {depth: {int: [18, 50]}}
              vit: {patch: {choice: [8, 16]}}
              linear:
            key: arch
            weights: {resnet: 1, vit: 1, linear: 2}
        """)
            .space();
    assertThat(s.nodes().get(0)).isInstanceOf(Space.OneOf.class);
    Map<Object, Integer> byArch = new HashMap<>();
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < DRAWS; i++) {
      Map<String, Object> p = s.sample(rng);
      Object arch = p.get("model.arch");
      byArch.merge(arch, 1, Integer::sum);
      switch ((String) arch) {
        case "resnet" -> assertThat(p).containsOnlyKeys("model.arch", "model.depth");
        case "vit" -> assertThat(p).containsOnlyKeys("model.arch", "model.patch");
        default -> assertThat(p).containsOnlyKeys("model.arch");
      }
    }
    assertThat(byArch.get("linear")).isBetween(DRAWS / 2 - 100, DRAWS / 2 + 100);
  }

  @Test
  void coupled_takesWholeAssignments() throws IOException {
    Space s =
        spec("""
        trials: 1
        command: [/bin/true]
        parameters:
          data:
            coupled: [{name: cifar10, classes: 10}, {name: imagenet, classes: 1000, size: 224}]
            labels: [small, big]
        """)
            .space();
    SplittableRandom rng = new SplittableRandom(5);
    Set<Map<String, Object>> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      seen.add(s.sample(rng));
    }
    assertThat(seen)
        .containsExactlyInAnyOrder(
            Map.of("data.name", "cifar10", "data.classes", 10L),
            Map.of("data.name", "imagenet", "data.classes", 1000L, "data.size", 224L));
    assertThat(((Space.CoupledValues) s.nodes().get(0)).labels()).containsExactly("small", "big");
  }

  @Test
  void base_fromAFileOrInline_isUnderTheSampledValues() throws IOException {
    Files.writeString(
        dir.resolve("base.yaml"), "optim: {lr: 0.1, momentum: 0.9}\ntrain: {epochs: 90}\n");
    SweepSpec fromFile =
        spec(
            """
        trials: 1
        base: base.yaml
        command: [/bin/true]
        parameters:
          optim.lr: {choice: [0.01]}
        """);
    Config c = fromFile.space().toConfig(fromFile.space().sample(new SplittableRandom(1)));
    assertThat(c.getDouble("optim.lr")).isEqualTo(0.01);
    assertThat(c.getDouble("optim.momentum")).isEqualTo(0.9);
    assertThat(c.getLong("train.epochs")).isEqualTo(90);

    SweepSpec inline = spec("trials: 1\nbase: {train: {epochs: 5}}\ncommand: [/bin/true]\n");
    assertThat(inline.space().base().getLong("train.epochs")).isEqualTo(5);
  }

  @Test
  void sweepOptions_mapOntoTheBuilder() throws IOException {
    SweepSpec spec =
        spec(
            """
        name: digits
        objective: {metric: accuracy, goal: maximize}
        sampler: {type: random, seed: 42, distinct: true, max_attempts: 50}
        trials: 40
        retries: 2
        directory: out/here
        parameters:
          x: {choice: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40]}
        steps:
          - {name: train, command: "python3 train.py --x {x} --out {_output}"}
          - name: test
            command: cat {_output}/log.txt | tail -1
            shell: true
        slots: ["0", "1", "2,3"]
        slot_variable: HIP_VISIBLE_DEVICES
        timeout: 1h30m
        grace: 5s
        env: {OMP_NUM_THREADS: 1}
        parse: {loss: 'loss=([0-9.]+)'}
        """);
    assertThat(spec.name()).isEqualTo("digits");
    assertThat(spec.objective()).isEqualTo(Objective.maximize("accuracy"));
    assertThat(spec.sampler())
        .isInstanceOf(RandomSampler.class)
        .hasToString("random(seed=42, distinct)");
    assertThat(spec.trials()).hasValue(40);
    assertThat(spec.retries()).isEqualTo(2);
    assertThat(spec.threads()).isEqualTo(3);
    assertThat(spec.directory()).isEqualTo(dir.toAbsolutePath().resolve("out/here"));
    assertThat(spec.runner().toString())
        .isEqualTo(
            "ProcessRunner[train: python3 train.py --x {x} --out {_output}; "
                + "test: cat {_output}/log.txt | tail -1; slots [0, 1, 2,3] in HIP_VISIBLE_DEVICES; timeout 1 h 30 min; grace 5 s]");
    // distinct: 40 trials over 40 values take every value once
    Sampling sampling = spec.sampler().start(spec.space());
    Set<Object> xs = new HashSet<>();
    for (long i = 0; i < 40; i++) {
      Sample s = sampling.ask(i);
      xs.add(s.params().get("x"));
    }
    assertThat(xs).hasSize(40);
  }

  @Test
  void defaults_nameAndFolderAfterTheFile_oneThread_randomSeedZero() throws IOException {
    SweepSpec spec = spec("trials: 3\ncommand: [/bin/true]\n");
    assertThat(spec.name()).isEqualTo("s");
    assertThat(spec.directory()).isEqualTo(dir.toAbsolutePath().resolve("s"));
    assertThat(spec.threads()).isEqualTo(1);
    assertThat(spec.sampler()).hasToString("random(seed=0)");
    assertThat(spec.objective()).isEqualTo(Objective.minimize("value"));
  }

  @Test
  void asRunCopy_readsBackToTheSameSweep() throws IOException {
    Files.writeString(dir.resolve("base.yaml"), "train: {epochs: 90}\n");
    SweepSpec spec =
        spec(
            """
        trials: 3
        base: base.yaml
        command: >-
          python3 -c "print('a: b', 'x')" {x}
        parameters:
          x: {log_uniform: [1.0e-4, 1.0e-1]}
        timeout: 90s
        """);
    Path folder = Files.createDirectories(spec.directory());
    Files.writeString(folder.resolve(SweepSpec.COPY), spec.asRunYaml());
    SweepSpec copy = SweepSpec.read(folder.resolve(SweepSpec.COPY));
    assertThat(copy.directory()).isEqualTo(spec.directory());
    assertThat(copy.name()).isEqualTo("s");
    assertThat(copy.runner().toString()).isEqualTo(spec.runner().toString());
    assertThat(copy.space().base()).isEqualTo(spec.space().base());
    Sampling a = spec.sampler().start(spec.space());
    Sampling b = copy.sampler().start(copy.space());
    for (long i = 0; i < 3; i++) {
      assertThat(b.ask(i).config().hash()).isEqualTo(a.ask(i).config().hash());
    }
  }

  @Test
  void durations_inUnits() {
    Map<String, Duration> cases =
        Map.of(
            "90s",
            Duration.ofSeconds(90),
            "2h",
            Duration.ofHours(2),
            "1h30m",
            Duration.ofMinutes(90),
            "500ms",
            Duration.ofMillis(500),
            "1.5h",
            Duration.ofMinutes(90),
            "2d",
            Duration.ofDays(2),
            "10min",
            Duration.ofMinutes(10));
    cases.forEach(
        (text, expected) -> assertThat(Fields.parseDuration(text)).as(text).hasValue(expected));
    for (String bad : List.of("", "90", "h", "1h 30m", "2 hours", "-1s")) {
      assertThat(Fields.parseDuration(bad)).as(bad).isEmpty();
    }
  }
}
