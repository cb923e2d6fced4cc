package dev.sweep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.Result;
import dev.sweep.Runner;
import dev.sweep.Sweep;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Choices;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner's notes on a trial (where it runs, say) go into the journal, carry over from attempt to
 * attempt, and come back to the next run of the sweep on the folder.
 */
class NotesTest {
  @TempDir Path dir;

  /** Notes how many attempts it has seen; the first attempt of each run fails. */
  private static Runner counting(List<Object> seen) {
    return trial -> {
      Object before = trial.noted("count").map(n -> n.get("n")).orElse(0);
      seen.add(before);
      int n = ((Number) before).intValue() + 1;
      trial.note("count", Map.of("n", n, "job", "411_" + n));
      if (n % 2 == 1) {
        throw new IllegalStateException("attempt " + n + " fails");
      }
      return Result.of("error", n);
    };
  }

  private Sweep sweep(Runner runner, long... rerun) {
    Sweep.Builder b =
        Sweep.builder(Space.builder().add("x", Choices.of(1)).build(), runner)
            .objective(Objective.minimize("error"))
            .sampler(Samplers.grid())
            .retries(1)
            .directory(dir);
    for (long id : rerun) {
      b.rerun(id);
    }
    return b.build();
  }

  @Test
  void notes_carryOverAttempts_andRuns_throughTheJournal() {
    List<Object> seen = new CopyOnWriteArrayList<>();
    sweep(counting(seen)).run();
    assertThat(seen).containsExactly(0, 1); // the retry saw the first attempt's note

    assertThat(SweepFolder.replay(dir).get(0L).notes())
        .isEqualTo(Map.of("count", Map.of("n", 2, "job", "411_2")));
    sweep(counting(seen), 0).run();
    assertThat(seen).containsExactly(0, 1, 2); // the next run began where the journal ended
  }

  @Test
  void withoutAFolder_notesLastForTheRun() {
    List<Object> seen = new CopyOnWriteArrayList<>();
    Sweep.builder(Space.builder().add("x", Choices.of(1)).build(), counting(seen))
        .objective(Objective.minimize("error"))
        .sampler(Samplers.grid())
        .retries(1)
        .build()
        .run();
    assertThat(seen).containsExactly(0, 1);
  }

  @Test
  void aTrialOfAnotherKind_keepsNoNotes() {
    dev.sweep.Trial plain =
        new dev.sweep.Trial() { // a runner's own Trial, written before notes existed
          @Override
          public long id() {
            return 0;
          }

          @Override
          public String name() {
            return "x=1";
          }

          @Override
          public dev.sweep.config.Config config() {
            return dev.sweep.config.Config.empty();
          }

          @Override
          public Map<String, Object> params() {
            return Map.of();
          }

          @Override
          public Path workDir() {
            return dir;
          }

          @Override
          public void report(long step, Map<String, ? extends Number> metrics) {}

          @Override
          public boolean shouldStop() {
            return false;
          }
        };
    assertThat(plain.noted("count")).isEmpty();
    assertThatThrownBy(() -> plain.note("count", Map.of("n", 1)))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("trial 0 keeps no notes; cannot note 'count'");
  }
}
