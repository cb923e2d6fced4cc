package dev.sweep.space;

import static dev.sweep.space.Stats.ALPHA;
import static dev.sweep.space.Stats.DRAWS;
import static dev.sweep.space.Stats.chiSquareP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.sweep.config.Config;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** What a space samples and the configs it builds from the samples. */
class SpaceTest {
  private static final Space RESNET = Space.builder().add("depth", Ints.range(18, 50)).build();
  private static final Space VIT =
      Space.builder().add("patch", Choices.of(8, 16)).add("heads", Ints.powerOfTwo(4, 16)).build();

  @Test
  void toConfig_dottedPathsBuildNestedMaps() {
    Space space =
        Space.builder()
            .add("optim.lr", Floats.logUniform(1e-4, 1e-1))
            .add("optim.wd", Floats.logUniform(1e-6, 1e-2))
            .add("model.depth", Ints.range(10, 30))
            .add("seed", Choices.constant(7))
            .build();

    Map<String, Object> params = space.sample(new SplittableRandom(1));
    Config config = space.toConfig(params);

    assertThat(params).containsOnlyKeys("optim.lr", "optim.wd", "model.depth", "seed");
    assertThat(config.toMap()).containsOnlyKeys("optim", "model", "seed");
    assertThat(config.getConfig("optim").toMap())
        .containsExactly(entry("lr", params.get("optim.lr")), entry("wd", params.get("optim.wd")));
    assertThat(config.getLong("model.depth")).isEqualTo(params.get("model.depth"));
    assertThat(config.getLong("seed")).isEqualTo(7L);
  }

  @Test
  void sample_valuesComeInDeclarationOrder() {
    Space space =
        Space.builder()
            .add("z", Choices.of(1))
            .add("a.y", Choices.of(2))
            .add("m", Choices.of(3))
            .add("a.b", Choices.of(4))
            .build();

    assertThat(space.sample(new SplittableRandom(1)).keySet())
        .containsExactly("z", "a.y", "m", "a.b");
    assertThat(space.paramPaths()).containsExactly("z", "a.y", "m", "a.b");
  }

  @Test
  void sample_isAFunctionOfTheRandomStream() {
    Space space =
        Space.builder()
            .add("lr", Floats.logUniform(1e-4, 1e-1))
            .add("model", Branches.of("resnet", RESNET, "vit", VIT))
            .build();

    for (long seed = 0; seed < 20; seed++) {
      assertThat(space.sample(new SplittableRandom(seed)))
          .isEqualTo(space.sample(new SplittableRandom(seed)));
    }
  }

  @Test
  void toConfig_laysSampledValuesOverTheBase() {
    Config base =
        Config.fromYaml("optim: {lr: 0.1, momentum: 0.9}\ndata: {name: cifar10}\nepochs: 10\n");
    Space space =
        Space.builder()
            .base(base)
            .add("optim.lr", Floats.logUniform(1e-4, 1e-2))
            .add("epochs", Ints.range(20, 30))
            .add("model.width", Ints.powerOfTwo(16, 64))
            .build();

    Map<String, Object> params = space.sample(new SplittableRandom(3));
    Config config = space.toConfig(params);

    assertThat(config.getDouble("optim.lr")).isEqualTo(params.get("optim.lr")).isLessThan(1e-2);
    assertThat(config.getLong("epochs")).isEqualTo(params.get("epochs"));
    assertThat(config.getDouble("optim.momentum")).as("base key kept").isEqualTo(0.9);
    assertThat(config.getString("data.name")).as("base key kept").isEqualTo("cifar10");
    assertThat(config.getLong("model.width")).isEqualTo(params.get("model.width"));
    assertThat(base.getDouble("optim.lr")).as("base unchanged").isEqualTo(0.1);
    assertThat(space.base()).isEqualTo(base);
  }

  @Test
  void branches_onlyTheChosenBranchsParametersExist() {
    Space space =
        Space.builder()
            .add("lr", Floats.logUniform(1e-4, 1e-1))
            .add("model", Branches.of("resnet", RESNET, "vit", VIT))
            .build();
    Set<String> seen = new HashSet<>();

    SplittableRandom rng = new SplittableRandom(42);
    for (int i = 0; i < 200; i++) {
      Map<String, Object> params = space.sample(rng);
      Config config = space.toConfig(params);
      String type = config.getString("model.type");
      seen.add(type);
      if (type.equals("resnet")) {
        assertThat(params).containsOnlyKeys("lr", "model.type", "model.depth");
        assertThat(config.getConfig("model").toMap()).containsOnlyKeys("type", "depth");
      } else {
        assertThat(type).isEqualTo("vit");
        assertThat(params).containsOnlyKeys("lr", "model.type", "model.patch", "model.heads");
        assertThat(config.getConfig("model").toMap()).containsOnlyKeys("type", "patch", "heads");
      }
    }
    assertThat(seen).containsExactlyInAnyOrder("resnet", "vit");
  }

  @Test
  void branches_customKeyNamesTheBranch() {
    Space space = Space.builder().add("model", Branches.of("resnet", RESNET).key("arch")).build();

    Config config = space.toConfig(space.sample(new SplittableRandom(1)));

    assertThat(config.getString("model.arch")).isEqualTo("resnet");
    assertThat(config.has("model.type")).isFalse();
  }

  @Test
  void branches_unweighted_areEquallyLikely() {
    Space space =
        Space.builder()
            .add("model", Branches.of("a", RESNET, "b", VIT, "c", Space.builder().build()))
            .build();

    assertThat(chiSquareP(Stats.uniform(3), branchCounts(space, List.of("a", "b", "c"))))
        .isGreaterThan(ALPHA);
  }

  @Test
  void branches_weighted_frequenciesMatchTheWeights() {
    Space space =
        Space.builder()
            .add(
                "model",
                Branches.of("a", RESNET, "b", VIT, "c", Space.builder().build()).weighted(1, 3, 6))
            .build();

    long[] observed = branchCounts(space, List.of("a", "b", "c"));

    assertThat(chiSquareP(new double[] {0.1, 0.3, 0.6}, observed)).isGreaterThan(ALPHA);
    assertThat(chiSquareP(Stats.uniform(3), observed)).as("power: not uniform").isLessThan(1e-6);
  }

  @Test
  void branches_zeroWeight_isNeverChosen() {
    Space space =
        Space.builder()
            .add("model", Branches.of("a", RESNET, "b", VIT, "c", RESNET).weighted(1, 2, 0))
            .build();

    long[] observed = branchCounts(space, List.of("a", "b", "c"));

    assertThat(observed[2]).isZero();
  }

  @Test
  void branches_zeroWeight_isNeverChosen_evenWhenRoundingLeavesARemainder() {
    // The largest double below 1: 0.1 + 0.2 + 0.7 subtracted from u = 0.99…9 × total leaves 0, not
    // < 0.
    RandomGenerator top = () -> -1L;
    Space empty = Space.builder().build();
    Space space =
        Space.builder()
            .add(
                "model",
                Branches.of("a", empty, "b", empty, "c", empty, "never", empty)
                    .weighted(0.1, 0.2, 0.7, 0))
            .build();

    assertThat(top.nextDouble()).isEqualTo(Math.nextDown(1.0));
    assertThat(space.sample(top)).containsExactly(entry("model.type", "c"));
  }

  @Test
  void branches_emptyBranch_setsOnlyTheKey() {
    Space space =
        Space.builder().add("sched", Branches.of("none", Space.builder().build())).build();

    assertThat(space.sample(new SplittableRandom(1))).containsExactly(entry("sched.type", "none"));
  }

  @Test
  void branches_nestedInBranches_placeTheirParametersUnderBothPaths() {
    Space adam = Space.builder().add("beta1", Choices.of(0.9)).build();
    Space sgd = Space.builder().add("momentum", Choices.of(0.9)).build();
    Space trainer = Space.builder().add("optim", Branches.of("adam", adam, "sgd", sgd)).build();
    Space space = Space.builder().add("train", Branches.of("fast", trainer)).build();

    Map<String, Object> params = space.sample(new SplittableRandom(1));

    assertThat(space.paramPaths())
        .containsExactly(
            "train.type", "train.optim.type", "train.optim.beta1", "train.optim.momentum");
    assertThat(params.keySet()).hasSize(3).contains("train.type", "train.optim.type");
  }

  @Test
  void coupled_eachSampleTakesOneWholeAssignment() {
    Map<String, Object> cifar = Map.of("name", "cifar10", "classes", 10L, "size", 32L);
    Map<String, Object> imagenet = Map.of("name", "imagenet", "classes", 1000L, "size", 224L);
    Space space = Space.builder().add("data", Coupled.of(cifar, imagenet)).build();
    Set<Map<String, Object>> seen = new HashSet<>();

    SplittableRandom rng = new SplittableRandom(42);
    for (int i = 0; i < 100; i++) {
      Map<String, Object> data = space.toConfig(space.sample(rng)).getConfig("data").toMap();
      assertThat(data).isIn(cifar, imagenet);
      seen.add(data);
    }
    assertThat(seen).hasSize(2);
  }

  @Test
  void coupled_atTheRoot_keysArePathsFromTheRoot() {
    Space space =
        Space.builder()
            .add(
                Coupled.of(
                    Map.of("data.name", "cifar10", "model.classes", 10),
                    Map.of("data.name", "imagenet", "model.classes", 1000)))
            .build();

    SplittableRandom rng = new SplittableRandom(42);
    for (int i = 0; i < 50; i++) {
      Config config = space.toConfig(space.sample(rng));
      assertThat(config.getString("data.name") + "/" + config.getLong("model.classes"))
          .isIn("cifar10/10", "imagenet/1000");
    }
    assertThat(space.paramPaths()).containsExactlyInAnyOrder("data.name", "model.classes");
  }

  @Test
  void coupled_nestedMapsInAnAssignment_becomeDottedPaths() {
    Space space =
        Space.builder()
            .add("data", Coupled.of(Map.of("aug", Map.of("flip", true, "crop", 24))))
            .build();

    assertThat(space.sample(new SplittableRandom(1)))
        .containsOnly(entry("data.aug.flip", true), entry("data.aug.crop", 24L));
  }

  @Test
  void coupled_assignmentsMayLeaveKeysOut() {
    Space space =
        Space.builder()
            .add(
                "sched", Coupled.of(Map.of("name", "cosine"), Map.of("name", "step", "gamma", 0.1)))
            .build();

    assertThat(space.paramPaths()).containsExactly("sched.name", "sched.gamma");
    SplittableRandom rng = new SplittableRandom(42);
    for (int i = 0; i < 50; i++) {
      Config config = space.toConfig(space.sample(rng));
      assertThat(config.has("sched.gamma"))
          .isEqualTo(config.getString("sched.name").equals("step"));
    }
  }

  @Test
  void derived_computedInOrder_andVisibleToLaterDerivationsAndConstraints() {
    List<Config> seenByConstraint = new ArrayList<>();
    Space space =
        Space.builder()
            .add("optim.lr", Floats.logUniform(1e-4, 1e-1))
            .add("optim.wd", Floats.logUniform(1e-6, 1e-2))
            .derive("optim.lr_wd", c -> c.getDouble("optim.lr") * c.getDouble("optim.wd"))
            .derive("optim.log_lr_wd", c -> Math.log10(c.getDouble("optim.lr_wd")))
            .constraint("seen", c -> seenByConstraint.add(c))
            .build();

    Map<String, Object> params = space.sample(new SplittableRandom(5));
    Config config = space.toConfig(params);

    double lr = (Double) params.get("optim.lr");
    double wd = (Double) params.get("optim.wd");
    assertThat(config.getDouble("optim.lr_wd")).isEqualTo(lr * wd);
    assertThat(config.getDouble("optim.log_lr_wd")).isEqualTo(Math.log10(lr * wd));
    assertThat(params).as("derived values are not sampled values").doesNotContainKey("optim.lr_wd");
    assertThat(space.constraints())
        .singleElement()
        .satisfies(c -> assertThat(c.allows(config)).isTrue());
    assertThat(seenByConstraint)
        .singleElement()
        .satisfies(c -> assertThat(c.getDouble("optim.log_lr_wd")).isEqualTo(Math.log10(lr * wd)));
  }

  @Test
  void derived_mayReadTheBaseConfig() {
    Space space =
        Space.builder()
            .base(Config.ofFlat(Map.of("train.epochs", 10)))
            .add("train.steps_per_epoch", Choices.of(100))
            .derive(
                "train.steps", c -> c.getLong("train.epochs") * c.getLong("train.steps_per_epoch"))
            .build();

    assertThat(space.toConfig(space.sample(new SplittableRandom(1))).getLong("train.steps"))
        .isEqualTo(1_000L);
  }

  @Test
  void derived_throwing_namesThePathAndTheConfig() {
    Space space =
        Space.builder()
            .add("a", Choices.of(1))
            .derive("b", c -> Math.floorDiv(c.getLong("a"), 0L))
            .build();

    assertThatThrownBy(() -> space.toConfig(Map.of("a", 1L)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "derived value 'b' threw java.lang.ArithmeticException: / by zero on config {\"a\":1}")
        .hasCauseInstanceOf(ArithmeticException.class);
  }

  @Test
  void constraint_throwing_namesTheConstraintAndTheConfig() {
    Constraint constraint = new Constraint("positive", c -> c.getDouble("missing") > 0);

    assertThatThrownBy(() -> constraint.allows(Config.ofFlat(Map.of("a", 1))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "constraint 'positive' threw dev.sweep.config.ConfigException: missing:")
        .hasMessageEndingWith(" on config {\"a\":1}");
  }

  @Test
  void name_ofLabelledCoupledValues_isTheLabel_first() {
    Space space =
        Space.builder()
            .add("seed", Choices.of(1, 2))
            .add(
                "run",
                Coupled.of(
                        Map.of("norm", "new", "moment", 0.1),
                        Map.of("norm", "batch", "moment", 0.1))
                    .labels("Norm_new", "Norm_batch"))
            .add("data", Coupled.of(Map.of("name", "cifar10"), Map.of("name", "imagenet")))
            .build();
    Map<String, Object> params = new java.util.LinkedHashMap<>();
    params.put("seed", 2L);
    params.put("run.norm", "batch");
    params.put("run.moment", 0.1);
    params.put("data.name", "imagenet");
    assertThat(space.name(params))
        .isEqualTo("Norm_batch,seed=2,name=imagenet"); // unlabelled values keep key=value
    params.remove("run.norm");
    assertThat(space.name(params))
        .isEqualTo("seed=2,moment=0.1,name=imagenet"); // no option matches: no label
  }

  @Test
  void nestedSpace_addsItsParametersUnderThePath() {
    Space optim =
        Space.builder()
            .add("lr", Floats.logUniform(1e-4, 1e-1))
            .add(
                "sched",
                Branches.of(
                        "cosine",
                        Space.builder().build(),
                        "step",
                        Space.builder().add("gamma", Choices.of(0.1, 0.5)).build())
                    .weighted(1, 2))
            .add(
                "warmup",
                Coupled.of(Map.of("steps", 0), Map.of("steps", 500)).labels("none", "short"))
            .build();
    Space space = Space.builder().add("optim", optim).add("seed", Choices.of(1, 2)).build();

    assertThat(space.paramPaths())
        .containsExactly(
            "optim.lr", "optim.sched.type", "optim.sched.gamma", "optim.warmup.steps", "seed");
    Config config = space.toConfig(space.sample(new SplittableRandom(4)));
    assertThat(config.getConfig("optim").toMap()).containsKeys("lr", "sched", "warmup");
    assertThat(space.nodes())
        .filteredOn(n -> n instanceof Space.OneOf)
        .singleElement()
        .satisfies(n -> assertThat(((Space.OneOf) n).weights()).containsExactly(1, 2));
  }

  @Test
  void branchWeights_readFromTheSpace_areACopy_soTheSpaceStaysImmutable() {
    Space space =
        Space.builder()
            .add("model", Branches.of("resnet", RESNET, "vit", VIT).weighted(1, 0))
            .build();
    Space.OneOf node = (Space.OneOf) space.nodes().get(0);
    node.weights()[1] = 1e9; // before: this wrote into the space's own array
    assertThat(node.weights()).containsExactly(1, 0);
    for (int i = 0; i < 50; i++) {
      assertThat(space.toConfig(space.sample(new SplittableRandom(i))).getString("model.type"))
          .isEqualTo("resnet");
    }
    assertThat(node)
        .isEqualTo(
            new Space.OneOf(
                node.path(), node.key(), node.names(), node.spaces(), new double[] {1, 0}));
  }

  @Test
  void nestedSpace_coupledValuesAtItsRoot_goUnderThePath() {
    Space data =
        Space.builder()
            .add(
                Coupled.of(
                    Map.of("name", "cifar10", "size", 32), Map.of("name", "imagenet", "size", 224)))
            .build();
    Space space = Space.builder().add("data", data).build();

    assertThat(space.paramPaths()).containsExactlyInAnyOrder("data.name", "data.size");
    Config config = space.toConfig(space.sample(new SplittableRandom(1)));
    assertThat(config.getString("data.name") + "/" + config.getLong("data.size"))
        .isIn("cifar10/32", "imagenet/224");
  }

  @Test
  void paramPaths_coverEveryBranchInDeclarationOrderButNotDerivedValues() {
    Space space =
        Space.builder()
            .add("lr", Floats.logUniform(1e-4, 1e-1))
            .add("model", Branches.of("resnet", RESNET, "vit", VIT, "wide", RESNET))
            .add("seed", Choices.of(1, 2))
            .derive("lr2", c -> 2 * c.getDouble("lr"))
            .build();

    assertThat(space.paramPaths())
        .containsExactly("lr", "model.type", "model.depth", "model.patch", "model.heads", "seed");
  }

  @Test
  void emptySpace_samplesAnEmptyConfig() {
    Space space = Space.builder().build();

    assertThat(space.sample(new SplittableRandom(1))).isEmpty();
    assertThat(space.toConfig(Map.of()).isEmpty()).isTrue();
    assertThat(space.paramPaths()).isEmpty();
  }

  private static long[] branchCounts(Space space, List<String> names) {
    Map<String, Long> counts = new LinkedHashMap<>();
    SplittableRandom rng = new SplittableRandom(42);
    for (int i = 0; i < DRAWS; i++) {
      counts.merge((String) space.sample(rng).get("model.type"), 1L, Long::sum);
    }
    return names.stream().mapToLong(n -> counts.getOrDefault(n, 0L)).toArray();
  }
}
