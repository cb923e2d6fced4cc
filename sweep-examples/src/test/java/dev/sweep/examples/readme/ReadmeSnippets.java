package dev.sweep.examples.readme;

import dev.sweep.Result;
import dev.sweep.Runner;
import dev.sweep.RunningSweep;
import dev.sweep.Sweep;
import dev.sweep.SweepListener;
import dev.sweep.config.Config;
import dev.sweep.population.ParameterStatistics;
import dev.sweep.population.ParameterStatistics.Bin;
import dev.sweep.population.ParameterStatistics.Binning;
import dev.sweep.population.ParameterStatistics.Range;
import dev.sweep.population.Population;
import dev.sweep.population.Population.Importance;
import dev.sweep.postgres.Stores;
import dev.sweep.postgres.SweepDatabase;
import dev.sweep.process.ProcessRunner;
import dev.sweep.report.Report;
import dev.sweep.sampler.Samplers;
import dev.sweep.sampler.search.SearchSamplers;
import dev.sweep.slurm.SlurmRunner;
import dev.sweep.space.Choices;
import dev.sweep.space.Floats;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.stopping.rules.StoppingRules;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Java code blocks of the root README and docs/GUIDE.md, line for line, in code that compiles
 * against today's API ({@link ReadmeSnippetsTest} checks that each block's lines are here, in
 * order). Only what a block leaves to the reader (a model, a view, a folder) is declared around it.
 * Nothing here runs.
 */
@SuppressWarnings({"unused", "UnusedAssignment"})
final class ReadmeSnippets {
  private ReadmeSnippets() {}

  /** What the blocks take for granted: the reader's own model, view and folders. */
  interface Model {
    double trainEpoch(double lr, int batch);

    double validationError();
  }

  @SuppressWarnings(
      "DoNotCallSuggester") // a stand-in for the reader's own code, which the snippets call
  static Model newModel(int hidden) {
    throw new UnsupportedOperationException("the reader's model");
  }

  static void aSweepInJava() throws IOException {
    Space space =
        Space.builder()
            .add("optim.lr", Floats.logUniform(1e-3, 1.0))
            .add("optim.wd", Floats.logUniform(1e-6, 1e-2))
            .add("model.hidden", Ints.powerOfTwo(16, 128))
            .add("train.batch", Choices.of(16, 32, 64, 128))
            .derive("optim.lr_per_sample", c -> c.getDouble("optim.lr") / c.getInt("train.batch"))
            .constraint("lr / batch <= 0.004", c -> c.getDouble("optim.lr_per_sample") <= 0.004)
            .build();

    Runner runner =
        trial -> {
          Config c = trial.config();
          Model model = newModel(c.getInt("model.hidden"));
          for (int epoch = 1; epoch <= 10 && !trial.shouldStop(); epoch++) {
            double loss = model.trainEpoch(c.getDouble("optim.lr"), c.getInt("train.batch"));
            trial.report(epoch, "loss", loss);
          }
          return Result.of("error", model.validationError());
        };

    Population population =
        Sweep.builder(space, runner)
            .objective(Objective.minimize("error"))
            .sampler(Samplers.random(42))
            .maxTrials(100)
            .threads(2)
            .build()
            .run();

    population.top(5).forEach(t -> System.out.println(t.name() + " " + t.metrics()));
    double median = population.quantile(0.5);
    population.writeCsv(Path.of("trials.csv"));
  }

  static void earlyStopping(Space space, Runner runner) {
    Sweep.builder(space, runner)
        .objective(Objective.minimize("loss"))
        .sampler(SearchSamplers.tpe(42))
        .stopping(StoppingRules.asha(1, 3, 27))
        .maxTrials(200)
        .threads(4)
        .build()
        .run();
  }

  static void sweepFolders(Space space, Runner runner) {
    Sweep.builder(space, runner)
        .directory(Path.of("sweeps/digits"))
        .retries(2)
        .maxTrials(200)
        .build()
        .run();
  }

  static void processPool(Space space) {
    ProcessRunner runner =
        ProcessRunner.builder()
            .step(
                "train",
                "python3 train.py --lr {optim.lr} --epochs {train.epochs} [train.amp] --out {_output}")
            .step("test", "python3 test.py --checkpoint {_output}/model.json")
            .slots(List.of("0", "1"))
            .timeout(Duration.ofHours(2))
            .build();
    Sweep.builder(space, runner)
        .objective(Objective.minimize("error"))
        .directory(Path.of("runs/lr"))
        .threads(2)
        .maxTrials(20)
        .build()
        .run();
  }

  static void slurm(Space space) {
    SlurmRunner runner =
        SlurmRunner.builder()
            .command(ProcessRunner.of("python3 train.py --lr {optim.lr} --out {_output}"))
            .partition("gpu")
            .time(Duration.ofHours(4))
            .memory("16G")
            .cpusPerTask(4)
            .gpus(1)
            .throttle(50)
            .warning(Duration.ofMinutes(5))
            .requeues(3)
            .build();
    Sweep.builder(space, runner)
        .objective(Objective.minimize("error"))
        .directory(Path.of("runs/lr"))
        .threads(1000)
        .maxTrials(1000)
        .build()
        .run();
  }

  static void population(Population population) {
    ParameterStatistics lr = population.parameter("optim.lr");
    List<Bin> bins = lr.bins(10, Binning.LOG);
    double rho = lr.correlation().spearman();
    Range good = lr.goodRange(1000, 0.25, 42);
    List<Importance> importance = population.importance();
    List<TrialRecord> front =
        population.paretoFront(List.of(Objective.minimize("error"), Objective.minimize("seconds")));
  }

  static void report(Population population, Population baseline, Path dir) throws IOException {
    Report.builder()
        .sweep("lr sweep", population, Files.readString(dir.resolve("sweep.yaml")))
        .sweep("baseline", baseline)
        .split("optim.name")
        .filter("wide", population.filter("model.width", w -> ((Number) w).longValue() >= 64))
        .build()
        .write(Path.of("analysis.html"));
  }

  // As the guide shows it: a host hands the result to its UI and does not wait for that.
  @SuppressWarnings("FutureReturnValueIgnored")
  static void embedding(Space space, Runner runner, Path dir, SweepListener progressView) {
    ExecutorService ui = Executors.newSingleThreadExecutor();
    try (RunningSweep running =
        Sweep.builder(space, runner)
            .maxTrials(200)
            .threads(4)
            .directory(dir)
            .listener(progressView, ui)
            .build()
            .start()) {
      running.result().thenAcceptAsync(p -> show(p.best()), ui);
      Population soFar = running.snapshot();
      running.cancel();
    }
  }

  static Population shared(Space space, Runner runner) {
    try (SweepDatabase db = Stores.postgres("postgresql://sweep@db.lab:5432/sweeps")) {
      Population population =
          Sweep.builder(space, runner)
              .objective(Objective.minimize("loss"))
              .maxTrials(500)
              .threads(4)
              .store(db.sweep("lr-search"))
              .build()
              .run();
      return population;
    }
  }

  static void show(Object best) {}
}
