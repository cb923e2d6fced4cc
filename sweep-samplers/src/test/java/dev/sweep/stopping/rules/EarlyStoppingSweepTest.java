package dev.sweep.stopping.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Result;
import dev.sweep.Runner;
import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.process.ProcessRunner;
import dev.sweep.sampler.search.SearchSamplers;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping rules in real sweeps: in this JVM through shouldStop(), and real processes by signal and
 * file.
 */
class EarlyStoppingSweepTest {
  private static final Space SPACE = Space.builder().add("q", Floats.uniform(0, 1)).build();

  @TempDir Path dir;

  @Test
  void inTheJvm_prunedTrialsStopAtARung_keepTheirCurve_andTheBestRunToTheEnd() {
    AtomicInteger sawStop = new AtomicInteger();
    Runner runner =
        trial -> {
          double q = trial.config().getDouble("q");
          double loss = 0;
          for (int step = 1; step <= 27; step++) {
            loss = q + 1.0 / step;
            trial.report(step, "loss", loss);
            if (trial.shouldStop()) {
              sawStop.incrementAndGet();
              throw new IllegalStateException("stopped"); // a runner may end any way it likes
            }
          }
          return Result.of("loss", loss);
        };
    Population population =
        Sweep.builder(SPACE, runner)
            .objective(Objective.minimize("loss"))
            .sampler(SearchSamplers.tpe(1))
            .stopping(StoppingRules.asha(1, 3))
            .maxTrials(40)
            .threads(2)
            .directory(dir)
            .build()
            .run();

    List<TrialRecord> pruned =
        population.trials().stream().filter(t -> t.status() == TrialStatus.PRUNED).toList();
    assertThat(pruned).hasSizeGreaterThan(15).hasSize(sawStop.get());
    assertThat(pruned)
        .allSatisfy(
            t -> {
              // stopped at a rung: 27 too, as ASHA without maxSteps does not know that a trial's
              // last step is its 27th
              assertThat(t.curve().size()).isIn(1, 3, 9, 27);
              assertThat(t.failure())
                  .hasValueSatisfying(
                      f ->
                          assertThat(f)
                              .startsWith("stopped at step ")
                              .contains(" values at rung ")
                              .contains(") by asha("));
              assertThat(t.metrics()).containsKey("loss");
            });
    TrialRecord best = population.best().orElseThrow();
    assertThat(best.status()).isEqualTo(TrialStatus.COMPLETED);
    assertThat(best.curve()).hasSize(27);
    // the folder says the same: pruned trials stand on a resume
    Population again =
        Sweep.builder(SPACE, runner)
            .objective(Objective.minimize("loss"))
            .sampler(SearchSamplers.tpe(1))
            .stopping(StoppingRules.asha(1, 3))
            .maxTrials(40)
            .threads(2)
            .directory(dir)
            .build()
            .run();
    assertThat(again.trials().stream().filter(t -> t.status() == TrialStatus.PRUNED))
        .hasSize(pruned.size());
    assertThat(sawStop.get()).isEqualTo(pruned.size()); // nothing ran again
  }

  @Test
  void aProcess_getsItsStopFile_thenSigterm_andIsPrunedWithItsCurve() throws IOException {
    // reports loss = 10 - step for q >= 0.5 (bad) and 1 / step otherwise, 20 steps, 50 ms apart;
    // on SIGTERM it notes whether the stop file was there, and exits
    Path script = dir.resolve("train.py");
    Files.writeString(
        script,
        """
        import json, os, signal, sys, time
        q = float(sys.argv[1])
        def term(signum, frame):
            with open(os.path.join(os.environ['SWEEP_TRIAL_DIR'], 'term.txt'), 'w') as f:
                f.write('stop file there: %s' % os.path.exists(os.environ['SWEEP_STOP_FILE']))
            sys.exit(143)
        signal.signal(signal.SIGTERM, term)
        for step in range(1, 21):
            loss = 10 - step * 0.01 if q >= 0.5 else 1.0 / step
            with open(os.environ['SWEEP_METRICS'], 'a') as f:
                f.write(json.dumps({'step': step, 'loss': loss}) + '\\n')
            time.sleep(0.05)
        """);
    Space space =
        Space.builder().add("q", dev.sweep.space.Choices.of(0.1, 0.2, 0.3, 0.4, 0.9)).build();
    ProcessRunner runner =
        ProcessRunner.builder()
            .step("train", "/usr/bin/python3 " + script + " {q}")
            .grace(Duration.ofSeconds(5))
            .build();
    Population population =
        Sweep.builder(space, runner)
            .objective(Objective.minimize("loss"))
            .sampler(dev.sweep.sampler.Samplers.grid())
            .stopping(MedianStopping.builder().startupTrials(2).build())
            .threads(1)
            .directory(dir.resolve("sweep"))
            .build()
            .run();

    TrialRecord bad = population.trials().get(4);
    assertThat(bad.params()).containsEntry("q", 0.9);
    assertThat(bad.status()).as(bad.toString()).isEqualTo(TrialStatus.PRUNED);
    assertThat(bad.curve()).isNotEmpty().hasSizeLessThan(20);
    Path folder = SweepFolder.trialDir(dir.resolve("sweep"), 4, bad.name());
    assertThat(folder.resolve(SweepFolder.STOP_FILE))
        .content()
        .startsWith(
            "stopped at step 1 (loss 9.99; its best 9.99 "
                + "is worse than 1.0, the median of the 4 completed trials at step 1)");
    assertThat(folder.resolve("term.txt")).hasContent("stop file there: True");
    assertThat(population.trials().subList(0, 4))
        .allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED));
  }
}
