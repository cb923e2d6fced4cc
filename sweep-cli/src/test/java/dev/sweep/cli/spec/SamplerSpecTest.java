package dev.sweep.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.sampler.search.AutoSampler;
import dev.sweep.sampler.search.CmaEsSampler;
import dev.sweep.sampler.search.GpSampler;
import dev.sweep.sampler.search.LatinHypercubeSampler;
import dev.sweep.sampler.search.Nsga2Sampler;
import dev.sweep.sampler.search.SobolSampler;
import dev.sweep.sampler.search.TpeSampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sampler:} maps one to one onto the quasi-random and adaptive samplers, with clear errors.
 */
class SamplerSpecTest {
  private static final String REST = "command: [/bin/true]\nparameters:\n  x: {uniform: [0, 1]}\n";

  @TempDir Path dir;

  private SweepSpec read(String yaml) throws IOException {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, yaml);
    return SweepSpec.read(file);
  }

  private void fails(String yaml, String message) throws IOException {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, yaml);
    assertThatThrownBy(() -> SweepSpec.read(file))
        .isInstanceOf(SpecException.class)
        .hasMessage(file + ":" + message);
  }

  @Test
  void tpe_withEverySetting() throws IOException {
    assertThat(read("sampler: tpe\ntrials: 20\n" + REST).sampler()).hasToString("tpe(seed=0)");
    TpeSampler tpe =
        (TpeSampler)
            read("sampler: {type: tpe, seed: 4, multivariate: true, startup_trials: 5, "
                    + "candidates: 48, constant_liar: false, prior_weight: 2, max_attempts: 9}\ntrials: 20\n"
                    + REST)
                .sampler();
    assertThat(tpe.seed()).isEqualTo(4);
    assertThat(tpe.multivariate()).isTrue();
    assertThat(tpe.startupTrials()).isEqualTo(5);
    assertThat(tpe.candidates()).isEqualTo(48);
    assertThat(tpe.constantLiar()).isFalse();
    assertThat(tpe.priorWeight()).isEqualTo(2.0);
    assertThat(tpe.maxAttempts()).isEqualTo(9);
    TpeSampler flat =
        (TpeSampler)
            read("sampler: {type: tpe, multivariate: true, best_weight: 1}\ntrials: 20\n" + REST)
                .sampler();
    assertThat(flat.bestWeight()).isEqualTo(1.0);
    assertThat(flat).hasToString("tpe(seed=0, multivariate, bestWeight=1.0)");
    assertThat(((TpeSampler) read("sampler: tpe\ntrials: 20\n" + REST).sampler()).bestWeight())
        .isEqualTo(6.0);
  }

  @Test
  void gp_withEverySetting() throws IOException {
    assertThat(read("sampler: gp\ntrials: 20\n" + REST).sampler())
        .isInstanceOf(GpSampler.class)
        .hasToString("gp(seed=0)");
    GpSampler gp =
        (GpSampler)
            read("sampler: {type: gp, seed: 4, startup_trials: 5, candidates: 300, "
                    + "constant_liar: false, max_attempts: 9}\ntrials: 20\n"
                    + REST)
                .sampler();
    assertThat(gp.seed()).isEqualTo(4);
    assertThat(gp.startupTrials()).isEqualTo(5);
    assertThat(gp.candidates()).isEqualTo(300);
    assertThat(gp.constantLiar()).isFalse();
    assertThat(gp.maxAttempts()).isEqualTo(9);
    fails(
        "sampler: {type: gp, multivariate: true}\ntrials: 5\n" + REST,
        "1:21: sampler: unknown key 'multivariate' (allowed: type, seed, startup_trials, candidates, constant_liar, "
            + "max_attempts)");
    fails(
        "sampler: {type: gp, startup_trials: 1}\ntrials: 5\n" + REST,
        "1:37: sampler.startup_trials: wanted an integer >= 2, found 1");
  }

  @Test
  void nsga2_withEverySetting_andMotpe_theTpeByTheNameOfWhatItDoes() throws IOException {
    assertThat(read("sampler: nsga2\ntrials: 20\n" + REST).sampler())
        .isInstanceOf(Nsga2Sampler.class)
        .hasToString("nsga2(seed=0)");
    Nsga2Sampler nsga =
        (Nsga2Sampler)
            read("sampler: {type: nsga2, seed: 4, population_size: 20, crossover: sbx, "
                    + "crossover_probability: 0.8, mutation_probability: 0.1, "
                    + "swapping_probability: 0.4, max_attempts: 9}\ntrials: 20\n"
                    + REST)
                .sampler();
    assertThat(nsga.seed()).isEqualTo(4);
    assertThat(nsga.populationSize()).isEqualTo(20);
    assertThat(nsga.crossover()).isEqualTo(Nsga2Sampler.Crossover.SBX);
    assertThat(nsga.crossoverProbability()).isEqualTo(0.8);
    assertThat(nsga.mutationProbability()).isEqualTo(0.1);
    assertThat(nsga.swappingProbability()).isEqualTo(0.4);
    assertThat(nsga.maxAttempts()).isEqualTo(9);
    fails(
        "sampler: {type: nsga2, population_size: 1}\ntrials: 5\n" + REST,
        "1:41: sampler.population_size: wanted an integer >= 2, found 1");
    fails(
        "sampler: {type: nsga2, crossover: blend}\ntrials: 5\n" + REST,
        "1:35: sampler.crossover: wanted uniform or sbx, found 'blend'");
    fails(
        "sampler: {type: nsga2, mutation_probability: 1.5}\ntrials: 5\n" + REST,
        "1:46: sampler.mutation_probability: wanted a finite number in [0, 1], found 1.5");
    assertThat(
            read("sampler: {type: motpe, seed: 3, multivariate: true}\ntrials: 20\n" + REST)
                .sampler())
        .isInstanceOf(TpeSampler.class)
        .hasToString("tpe(seed=3, multivariate)");
  }

  @Test
  void cmaEs_withEverySetting_andLocatedErrors() throws IOException {
    assertThat(read("sampler: cmaes\ntrials: 20\n" + REST).sampler())
        .isInstanceOf(CmaEsSampler.class)
        .hasToString("cmaes(seed=0)");
    CmaEsSampler cma =
        (CmaEsSampler)
            read("sampler: {type: cmaes, seed: 4, sigma: 0.3, population_size: 12, "
                    + "restarts: none, independent: tpe, margin: false, max_attempts: 9}\ntrials: 20\n"
                    + REST)
                .sampler();
    assertThat(cma.seed()).isEqualTo(4);
    assertThat(cma.sigma()).isEqualTo(0.3);
    assertThat(cma.populationSize()).isEqualTo(12);
    assertThat(cma.restarts()).isEqualTo(CmaEsSampler.Restarts.NONE);
    assertThat(cma.independentSampler()).isInstanceOf(TpeSampler.class);
    assertThat(cma.maxAttempts()).isEqualTo(9);
    assertThat(cma.margin()).isFalse();
    fails(
        "sampler: {type: cmaes, sigma: 0}\ntrials: 5\n" + REST,
        "1:31: sampler.sigma: wanted a finite number in (0, 1], found 0.0");
    fails(
        "sampler: {type: cmaes, population_size: 3}\ntrials: 5\n" + REST,
        "1:41: sampler.population_size: wanted an integer >= 4, found 3");
    fails(
        "sampler: {type: cmaes, restarts: bipop}\ntrials: 5\n" + REST,
        "1:34: sampler.restarts: wanted ipop or none, found 'bipop'");
    fails(
        "sampler: {type: cmaes, independent: gp}\ntrials: 5\n" + REST,
        "1:37: sampler.independent: wanted random or tpe, found 'gp'");
  }

  @Test
  void auto_withItsSeed_andTheFilesTrialsAsItsBudget_andLocatedErrors() throws IOException {
    assertThat(read("sampler: auto\ntrials: 20\n" + REST).sampler())
        .isInstanceOf(AutoSampler.class)
        .hasToString("auto(seed=0, budget=20)");
    fails(
        "sampler: auto\n" + REST,
        "1:10: trials: missing; an auto sampler has no end, so say how many trials to run"
            + " (trials: 40)");
    AutoSampler auto =
        (AutoSampler)
            read("sampler: {type: auto, seed: 4, budget: 2000}\ntrials: 20\n" + REST).sampler();
    assertThat(auto.seed()).isEqualTo(4);
    assertThat(auto.budget()).hasValue(2000);
    fails(
        "sampler: {type: auto, budget: 0}\ntrials: 5\n" + REST,
        "1:31: sampler.budget: wanted an integer >= 1, found 0");
    fails(
        "sampler: {type: auto, budget: many}\ntrials: 5\n" + REST,
        "1:31: sampler.budget: wanted an integer, found the string 'many'");
    fails(
        "sampler: {type: auto, sigma: 0.3}\ntrials: 5\n" + REST,
        "1:23: sampler: unknown key 'sigma' (allowed: type, seed, budget)");
  }

  @Test
  void sobol_andLatinHypercube() throws IOException {
    assertThat(read("sampler: {type: sobol, seed: 3}\ntrials: 16\n" + REST).sampler())
        .isInstanceOf(SobolSampler.class)
        .hasToString("sobol(seed=3)");
    assertThat(read("sampler: {type: latin_hypercube, seed: 3}\ntrials: 16\n" + REST).sampler())
        .isInstanceOf(LatinHypercubeSampler.class)
        .hasToString("latinHypercube(trials=16, seed=3)");
  }

  @Test
  void stoppingRules() throws IOException {
    assertThat(read("stopping: asha\ntrials: 5\n" + REST).stopping())
        .hasValueSatisfying(r -> assertThat(r).hasToString("asha(minSteps=1, reduction=4)"));
    assertThat(
            read("stopping: {type: asha, min_steps: 2, reduction: 3}\ntrials: 5\n" + REST)
                .stopping()
                .orElseThrow())
        .hasToString("asha(minSteps=2, reduction=3)");
    assertThat(
            read("stopping: {type: median, startup_trials: 3, warmup_steps: 2}\ntrials: 5\n" + REST)
                .stopping()
                .orElseThrow())
        .hasToString("median(startupTrials=3, warmupSteps=2)");
    assertThat(
            read("stopping: {type: hyperband, max_steps: 81}\ntrials: 5\n" + REST)
                .stopping()
                .orElseThrow())
        .hasToString("hyperband(minSteps=1, maxSteps=81, reduction=3)");
    assertThat(read("trials: 5\n" + REST).stopping()).isEmpty();
    fails(
        "stopping: {type: ashaa}\ntrials: 5\n" + REST,
        "1:18: stopping.type: unknown rule 'ashaa'; did you mean 'asha'? (allowed: median, asha, hyperband, wandb_hyperband)");
    fails(
        "stopping: {type: hyperband}\ntrials: 5\n" + REST,
        "1:11: stopping: 'max_steps' is missing; Hyperband spreads its brackets up to the longest run: say how many steps "
            + "a full trial reports (max_steps: 81)");
    fails(
        "stopping: {type: hyperband, min_steps: 9, max_steps: 3}\ntrials: 5\n" + REST,
        "1:54: stopping.max_steps: wanted an integer >= min_steps (9), found 3; max_steps is the step of a full trial's "
            + "last report");
    fails(
        "stopping: {type: asha, reduction: 1}\ntrials: 5\n" + REST,
        "1:35: stopping.reduction: wanted an integer >= 2, found 1");
  }

  @Test
  void maxSteps_ofAshaAndTheMedianRule_isTheLastStep_whereNoTrialIsStopped() throws IOException {
    assertThat(
            read("stopping: {type: asha, min_steps: 1, reduction: 3, max_steps: 27}\ntrials: 5\n"
                    + REST)
                .stopping())
        .hasValueSatisfying(
            r -> assertThat(r).hasToString("asha(minSteps=1, reduction=3, maxSteps=27)"));
    assertThat(read("stopping: {type: median, max_steps: 10}\ntrials: 5\n" + REST).stopping())
        .hasValueSatisfying(
            r -> assertThat(r).hasToString("median(startupTrials=5, warmupSteps=0, maxSteps=10)"));
    fails(
        "stopping: {type: asha, min_steps: 3, max_steps: 2}\ntrials: 5\n" + REST,
        "1:49: stopping.max_steps: wanted an integer >= min_steps (3), found 2; max_steps is the step of a full trial's "
            + "last report");
    fails(
        "stopping: {type: asha, max_steps: 2.5}\ntrials: 5\n" + REST,
        "1:35: stopping.max_steps: wanted an integer, found the number 2.5");
    fails(
        "stopping: {type: asha, max_steps: many}\ntrials: 5\n" + REST,
        "1:35: stopping.max_steps: wanted an integer, found the string 'many'");
    fails(
        "stopping: {type: median, max_steps: 0}\ntrials: 5\n" + REST,
        "1:37: stopping.max_steps: wanted an integer >= 1, found 0");
    fails(
        "stopping: {type: asha, max_step: 27}\ntrials: 5\n" + REST,
        "1:24: stopping: unknown key 'max_step'; did you mean 'max_steps'? (allowed: type, min_steps, reduction, max_steps)");
  }

  @Test
  void errors_nameTheFieldAndWhatIsAllowed() throws IOException {
    fails(
        "sampler: {type: tpee}\ntrials: 5\n" + REST,
        "1:17: sampler.type: unknown sampler 'tpee'; did you mean 'tpe'? (allowed: random, grid, sobol, latin_hypercube, tpe, gp, nsga2, motpe, cmaes, auto)");
    fails(
        "sampler: {type: tpe, multivariat: true}\ntrials: 5\n" + REST,
        "1:22: sampler: unknown key 'multivariat'; did you mean 'multivariate'? (allowed: type, seed, multivariate, "
            + "startup_trials, candidates, constant_liar, prior_weight, best_weight, max_attempts)");
    fails(
        "sampler: {type: tpe, prior_weight: 0}\ntrials: 5\n" + REST,
        "1:36: sampler.prior_weight: wanted a finite number > 0, found 0.0");
    fails(
        "sampler: {type: tpe, best_weight: 0.5}\ntrials: 5\n" + REST,
        "1:35: sampler.best_weight: wanted a finite number >= 1, found 0.5");
    fails(
        "sampler: {type: tpe, startup_trials: 0}\ntrials: 5\n" + REST,
        "1:38: sampler.startup_trials: wanted an integer >= 1, found 0");
    fails(
        "sampler: {type: latin_hypercube}\n" + REST,
        "1:17: trials: missing; a Latin hypercube spreads a known number of trials, so say how many (trials: 40)");
    fails(
        "sampler: tpe\n" + REST,
        "1:10: trials: missing; a tpe sampler has no end, so say how many trials to run (trials: 40)");
  }
}
