package dev.sweep.report;

import dev.sweep.Result;
import dev.sweep.Sweep;
import dev.sweep.config.Config;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Not a test: measures what {@code sweep serve} costs on a big folder (docs/benchmarks.md). Writes
 * a sweep of TRIALS in-JVM trials of STEPS reported steps into DIR with the real store unless DIR
 * has one, then times a first look (page load: the whole snapshot) and looks after appending one
 * finished trial to the journal (LOOKS first looks, 3, and ROUNDS updates, 10, if not given).
 *
 * <pre>{@code
 * java -cp "$(cat cp.txt):sweep-report/target/test-classes:sweep-report/target/classes" \
 *     dev.sweep.report.LiveScale /tmp/live-100k 100000 20
 * }</pre>
 */
final class LiveScale {
  private LiveScale() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long trials = Long.parseLong(args[1]);
    int steps = Integer.parseInt(args[2]);
    if (!Files.exists(dir.resolve(SweepFolder.DEFINITION))) {
      long t0 = System.nanoTime();
      Sweep.builder(
              Space.builder()
                  .add("x", Floats.uniform(0, 1))
                  .add("lr", Floats.logUniform(1e-5, 1e-1))
                  .build(),
              t -> {
                double x = t.config().getDouble("x");
                for (int s = 1; s <= steps; s++) {
                  t.report(s, Map.of("error", x + 1.0 / s));
                }
                return Result.of("error", x);
              })
          .objective(Objective.minimize("error"))
          .maxTrials(trials)
          .directory(dir)
          .build()
          .run();
      System.out.printf("wrote %d trials in %.1f s%n", trials, (System.nanoTime() - t0) / 1e9);
    }
    System.out.printf("journal: %.1f MB%n", Files.size(dir.resolve(SweepFolder.JOURNAL)) / 1e6);
    int looks = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    for (int i = 0; i < looks; i++) {
      LiveFolder cold = new LiveFolder("scale", dir);
      long t0 = System.nanoTime();
      String s = cold.poll().orElseThrow();
      System.out.printf(
          "first look (page load): %.0f ms, %.2f MB%n",
          (System.nanoTime() - t0) / 1e6, s.getBytes(StandardCharsets.UTF_8).length / 1e6);
    }
    if (rounds == 0) {
      return;
    }
    LiveFolder live = new LiveFolder("scale", dir);
    live.poll();
    long next = SweepFolder.replay(dir).lastId() + 1;
    double[] ms = new double[rounds];
    int bytes = 0;
    for (int i = 0; i < rounds; i++) {
      append(dir, next + i, steps);
      long t0 = System.nanoTime();
      String s = live.poll().orElseThrow();
      ms[i] = (System.nanoTime() - t0) / 1e6;
      bytes = s.getBytes(StandardCharsets.UTF_8).length;
    }
    Arrays.sort(ms);
    System.out.printf(
        "update (one trial appended): median %.0f ms, max %.0f ms, %.2f MB%n",
        ms[rounds / 2], ms[rounds - 1], bytes / 1e6);
  }

  static void append(Path dir, long id, int steps) {
    try (SweepFolder folder = SweepFolder.open(dir, Map.of())) {
      Map<String, Object> params = Map.of("x", 0.5, "lr", 1e-3);
      Config config = Config.ofFlat(params);
      folder.created(id, "t" + id, params, config);
      folder.started(id, 1);
      List<CurvePoint> curve = new ArrayList<>();
      for (int s = 1; s <= steps; s++) {
        curve.add(new CurvePoint(s, Map.of("error", 0.5 + 1.0 / s)));
      }
      folder.finished(
          new TrialRecord(
              id,
              "t" + id,
              params,
              config,
              TrialStatus.COMPLETED,
              Map.of("error", 0.5),
              curve,
              Optional.empty(),
              Instant.now(),
              Duration.ofSeconds(1)),
          1);
    }
  }
}
