package dev.sweep.sampler.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Result;
import dev.sweep.Runner;
import dev.sweep.RunningSweep;
import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.sampler.Sampler;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.store.SweepFolder;
import dev.sweep.store.TrialState;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TPE, the Gaussian process, NSGA-II and CMA-ES inside a real sweep: parallel threads, a sweep
 * folder, a cancelled run resumed.
 */
class AdaptiveSweepTest {
  private static final Space SPACE =
      Space.builder().add("x", Floats.uniform(-5, 5)).add("lr", Floats.logUniform(1e-5, 1)).build();

  private static double loss(dev.sweep.config.Config c) {
    double x = c.getDouble("x") - 2;
    double lr = Math.log10(c.getDouble("lr")) + 2;
    return x * x + lr * lr;
  }

  @TempDir Path dir;

  @Test
  void tpe_fourThreads_aFolder_andAResumeThatKeepsEveryConfig() {
    resumes(SearchSamplers.tpe(11));
  }

  @Test
  void gp_fourThreads_aFolder_andAResumeThatKeepsEveryConfig() {
    resumes(SearchSamplers.gp(11));
  }

  @Test
  void nsga2_fourThreads_aFolder_andAResumeThatKeepsEveryConfig() {
    resumes(Nsga2Sampler.builder().seed(11).populationSize(10).build());
  }

  @Test
  void cmaEs_fourThreads_aFolder_andAResumeThatKeepsEveryConfig() {
    resumes(CmaEsSampler.builder().seed(11).populationSize(6).build());
  }

  @Test
  void auto_fourThreads_aFolder_andAResumeThatKeepsEveryConfig() {
    resumes(SearchSamplers.auto(11)); // CMA-ES, for two floats
  }

  private void resumes(Sampler sampler) {
    AtomicInteger runs = new AtomicInteger();
    CompletableFuture<RunningSweep> first = new CompletableFuture<>();
    Runner stopsHalfway =
        trial -> {
          if (runs.incrementAndGet() == 30) {
            // the driver stops: running trials end cancelled, the rest never start
            first.join().cancel();
          }
          Thread.sleep(2);
          return Result.of(loss(trial.config()));
        };
    RunningSweep running =
        Sweep.builder(SPACE, stopsHalfway)
            .sampler(sampler)
            .maxTrials(60)
            .threads(4)
            .directory(dir)
            .build()
            .start();
    first.complete(running);
    running.join();
    Map<Long, TrialState> before = SweepFolder.replay(dir);
    assertThat(before.size()).isBetween(30, 40);

    Runner runner = trial -> Result.of(loss(trial.config()));
    Population all =
        Sweep.builder(SPACE, runner)
            .sampler(sampler)
            .maxTrials(60)
            .threads(4)
            .directory(dir)
            .build()
            .run();

    assertThat(all.size()).isEqualTo(60);
    assertThat(all.trials().stream().filter(t -> t.status() == TrialStatus.COMPLETED)).hasSize(60);
    Map<Long, Map<String, Object>> params =
        all.trials().stream().collect(Collectors.toMap(TrialRecord::id, TrialRecord::params));
    before.forEach(
        (id, state) -> assertThat(params.get(id)).as("trial %d", id).isEqualTo(state.params()));
    double best =
        all.trials().stream().mapToDouble(t -> t.metrics().get("value")).min().orElseThrow();
    assertThat(best).isLessThan(1.0); // random search: about 3 in 60 trials
  }
}
