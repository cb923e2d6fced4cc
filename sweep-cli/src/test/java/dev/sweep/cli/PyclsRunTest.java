package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.cli.spec.PyclsStages;
import dev.sweep.population.Population;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep run} of a pycls sweep config: each config runs pycls's {@code tools/run_net.py} (a
 * stand-in here, printing json_stats lines as pycls does) with the config file and OUT_DIR, and is
 * ranked by the {@code min_top1_err} of its test epochs.
 */
class PyclsRunTest {
  /**
   * Reads the config pycls gets, prints two test epochs whose error depends on the learning rate.
   */
  static final String RUN_NET =
      """
      import json, sys
      args = sys.argv[1:]
      cfg = json.load(open(args[args.index('--cfg') + 1]))
      out = args[args.index('OUT_DIR') + 1]
      lr, epochs = cfg['OPTIM']['BASE_LR'], cfg['OPTIM']['MAX_EPOCH']
      json.dump(cfg, open(out + '/cfg_seen.json', 'w'))
      for e, err in [(1, 50.0 + lr), (2, 40.0 + lr)]:
          stats = {'_type': 'test_epoch', 'epoch': '%d/%d' % (e, epochs), 'min_top1_err': err, 'top1_err': err}
          print('json_stats: ' + json.dumps(stats, sort_keys=True))
      """;

  @TempDir Path dir;

  @Test
  void eachConfigRunsRunNet_withItsConfig_andIsRankedByMinTop1Err() throws IOException {
    Files.createDirectories(dir.resolve("tools"));
    Files.writeString(dir.resolve("tools/run_net.py"), RUN_NET);
    Path file =
        Files.writeString(
            dir.resolve("optim.yaml"),
            """
        NAME: cifar/optim
        ROOT_DIR: sweeps
        SETUP:
          NUM_CONFIGS: 4
          SAMPLERS:
            OPTIM.BASE_LR: {TYPE: float_sampler, RAND_TYPE: log_uniform, RANGE: [0.25, 5.0], QUANTIZE: 1.0e-10}
          BASE_CFG:
            OPTIM: {BASE_LR: 1.0, MAX_EPOCH: 2}
            MODEL: {TYPE: anynet}
        sweep:
          slots: ["0", "1"]
        """);
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    Path folder = dir.resolve("sweeps/cifar/optim");
    Population p = SweepFolder.population(folder, Objective.minimize("min_top1_err"));
    assertThat(p.trials())
        .hasSize(4)
        .allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED));
    for (TrialRecord t : p.trials()) {
      double lr = t.config().getDouble("OPTIM.BASE_LR");
      assertThat(lr).isBetween(0.25, 5.0);
      assertThat(t.metrics().get("min_top1_err"))
          .isCloseTo(40.0 + lr, org.assertj.core.data.Offset.offset(1e-9));
      Map<?, ?> seen =
          new ObjectMapper()
              .readValue(
                  SweepFolder.trialDir(folder, t.id(), t.name()).resolve("cfg_seen.json").toFile(),
                  Map.class);
      assertThat(seen.get("MODEL"))
          .isEqualTo(Map.of("TYPE", "anynet")); // the BASE_CFG, with the sampled value
    }
  }

  @Test
  void condaEnv_isActivatedBeforeTheJob_withoutConda_byItsBinFolder_andTheLastCheckpointStays()
      throws IOException {
    Files.createDirectories(dir.resolve("tools"));
    Files.writeString(
        dir.resolve("tools/run_net.py"),
        """
        import json, os, sys
        out = sys.argv[sys.argv.index('OUT_DIR') + 1]
        seen = {k: os.environ.get(k) for k in ['FROM_FAKE_ENV', 'CONDA_PREFIX']}
        json.dump(seen, open(out + '/env_seen.json', 'w'))
        os.makedirs(out + '/checkpoints')
        for epoch in [1, 2, 3]:
            open(out + '/checkpoints/model_epoch_%04d.pyth' % epoch, 'w').write('weights')
        stats = {'_type': 'test_epoch', 'epoch': '1/1', 'min_top1_err': 1.0}
        print('json_stats: ' + json.dumps(stats, sort_keys=True))
        """);
    Path env = Files.createDirectories(dir.resolve("envs/it's $(env)"));
    Files.createDirectories(env.resolve("bin"));
    for (String name : List.of("python", "python3")) { // whichever the format names
      Path stub = env.resolve("bin").resolve(name);
      Files.writeString(
          stub, "#!/bin/sh\nexport FROM_FAKE_ENV=yes\nexec /usr/bin/python3 \"$@\"\n");
      Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Path file =
        Files.writeString(
            dir.resolve("conda.yaml"),
            """
            NAME: conda
            ROOT_DIR: sweeps
            SETUP:
              NUM_CONFIGS: 1
              SAMPLERS:
                OPTIM.BASE_LR: {TYPE: float_sampler, RAND_TYPE: uniform, RANGE: [0.25, 0.25]}
            LAUNCH: {CONDA_ENV: "%s"}
            sweep: {slots: ["0"], env: {OTHER: kept}}
            """
                .formatted(env));

    Cli.Run run = sweep("run", "-q", file.toString());

    assertThat(run.code()).as(run.toString()).isZero();
    Path folder = dir.resolve("sweeps/conda");
    Population p = SweepFolder.population(folder, Objective.minimize("min_top1_err"));
    TrialRecord t = p.trials().get(0);
    Map<?, ?> seen =
        new ObjectMapper()
            .readValue(
                SweepFolder.trialDir(folder, t.id(), t.name()).resolve("env_seen.json").toFile(),
                Map.class);
    assertThat(seen).isEqualTo(Map.of("FROM_FAKE_ENV", "yes", "CONDA_PREFIX", env.toString()));
    Path checkpoints = SweepFolder.trialDir(folder, t.id(), t.name()).resolve("checkpoints");
    try (Stream<Path> left = Files.list(checkpoints)) { // COLLECT.CHECKPOINTS_KEEP: last
      assertThat(left.map(f -> f.getFileName().toString()))
          .containsExactly("model_epoch_0003.pyth");
    }
  }

  @Test
  void condaEnv_thatIsNoFolder_failsTheTrial_sayingWhy() throws IOException {
    Files.createDirectories(dir.resolve("tools"));
    Files.writeString(dir.resolve("tools/run_net.py"), RUN_NET);
    Path file =
        Files.writeString(
            dir.resolve("conda.yaml"),
            """
            NAME: conda
            ROOT_DIR: sweeps
            SETUP:
              NUM_CONFIGS: 1
              SAMPLERS:
                OPTIM.BASE_LR: {TYPE: float_sampler, RAND_TYPE: uniform, RANGE: [0.25, 0.25]}
            LAUNCH: {CONDA_ENV: /no/such/env}
            sweep: {slots: ["0"]}
            """);

    sweep("run", "-q", file.toString());

    Population p =
        SweepFolder.population(dir.resolve("sweeps/conda"), Objective.minimize("min_top1_err"));
    assertThat(p.trials().get(0).status()).isEqualTo(TrialStatus.FAILED);
    assertThat(p.trials().get(0).failure().orElse(""))
        .contains(
            "sweep: cannot activate LAUNCH.CONDA_ENV '/no/such/env': conda is not on the PATH,"
                + " and it is no folder with a bin/ in it");
  }

  /**
   * pycls's own cifar_regnet sweep, verbatim: its CX bounds hold on every config by the built-in
   * complexity, whose values are the population's and trials.csv's flops, params and acts columns.
   * Each config is found within 2,000 draws (SETUP.NUM_SAMPLES, per trial here), 64,000 in all, far
   * under the 1,000,000 pycls allows the whole setup.
   */
  @Test
  void theSeedCifarRegnet_runsConfigsWithinItsComplexityBounds() throws Exception {
    Files.createDirectories(dir.resolve("tools"));
    Files.writeString(
        dir.resolve("tools/run_net.py"),
        """
        import json
        print('json_stats: ' + json.dumps({'_type': 'test_epoch', 'min_top1_err': 7.5}))
        """);
    String seed =
        Files.readString(
            Path.of(
                PyclsRunTest.class
                    .getResource("/formats/pycls/good/seed-cifar-regnet.yaml")
                    .toURI()));
    assertThat(seed).contains("  NUM_CONFIGS: 32\n").doesNotContain("ROOT_DIR", "NUM_SAMPLES");
    Path file =
        Files.writeString(
            dir.resolve("cifar_regnet.yaml"),
            seed.replace("  NUM_CONFIGS: 32\n", "  NUM_CONFIGS: 32\n  NUM_SAMPLES: 2000\n")
                + "ROOT_DIR: sweeps\n" // not /checkpoint/<user>/sweeps
                + "sweep:\n  slots: [\"0\", \"1\"]\n");
    Cli.Run run = sweep("run", "-q", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    Path folder = dir.resolve("sweeps/cifar/cifar_regnet");
    Population p = SweepFolder.population(folder, Objective.minimize("min_top1_err"));
    assertThat(p.parameterNames()).contains("flops", "params", "acts");
    assertThat(p.trials()).hasSize(32);
    for (TrialRecord t : p.trials()) {
      assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED);
      assertThat(((Number) t.params().get("flops")).doubleValue()).isBetween(0.12e9, 0.13e9);
      assertThat(((Number) t.params().get("params")).doubleValue()).isLessThanOrEqualTo(2e6);
      assertThat(((Number) t.params().get("acts")).doubleValue()).isLessThanOrEqualTo(1e6);
      assertThat(t.config().has("flops")).as("pycls gets no key it does not know").isFalse();
      assertThat(PyclsStages.of(t.config()))
          .as("distinct widths, stages spanned")
          .containsExactly(2, 2);
    }
    assertThat(sweep("collect", folder.toString()).code()).isZero();
    List<String> csv = Files.readAllLines(folder.resolve("trials.csv"));
    assertThat(csv).hasSize(33);
    assertThat(csv.get(0).split(",")).contains("flops", "params", "acts");
  }
}
