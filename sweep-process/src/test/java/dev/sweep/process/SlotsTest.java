package dev.sweep.process;

import static dev.sweep.process.Programs.PYTHON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slots: one trial per slot at a time, each with its slot in CUDA_VISIBLE_DEVICES. */
class SlotsTest {
  @TempDir Path tmp;

  /**
   * Holds an exclusive lock file named after its slot for 0.3 s (failing if another trial holds
   * it), then reports its slot, CUDA_VISIBLE_DEVICES, {_slot} and when it ran.
   */
  private static final String HOLD_SLOT =
      """
          import json, os, sys, time
          slot, exclusive = sys.argv[1], sys.argv[2] == 'exclusive'
          lock = os.path.join(sys.argv[3], 'slot-' + slot)
          if exclusive:
              os.close(os.open(lock, os.O_CREAT | os.O_EXCL))  # raises if the slot is busy
          start = time.time()
          time.sleep(0.3)
          end = time.time()
          if exclusive:
              os.remove(lock)
          with open(os.environ['SWEEP_METRICS'], 'a') as f:
              f.write(json.dumps({'slot': int(os.environ['SWEEP_SLOT']), 'cuda': int(os.environ['CUDA_VISIBLE_DEVICES']),
                                  'arg': int(slot), 'start': start, 'end': end}) + '\\n')
          """;

  private Population sweep(List<String> slots, int threads, boolean exclusive) throws Exception {
    String script = Programs.write(tmp, "hold.py", HOLD_SLOT);
    Path locks = Files.createDirectories(tmp.resolve("locks"));
    ProcessRunner runner =
        ProcessRunner.builder()
            .step(
                "hold",
                PYTHON
                    + " "
                    + script
                    + " {_slot} "
                    + (exclusive ? "exclusive" : "shared")
                    + " "
                    + locks)
            .slots(slots)
            .build();
    Space space = Space.builder().add("x", Ints.range(1, 6)).build();
    return Sweep.builder(space, runner)
        .objective(Objective.minimize("slot"))
        .sampler(Samplers.grid())
        .directory(tmp.resolve("sweep"))
        .threads(threads)
        .build()
        .run();
  }

  @Test
  void twoThreadsOnTwoSlots_neverShareASlot_andEachSeesItsSlot() throws Exception {
    Population population = sweep(List.of("0", "1"), 2, true);

    assertThat(population.trials())
        .hasSize(6)
        .allSatisfy(
            t -> {
              assertThat(t.status()).as(t.failure().orElse("")).isEqualTo(TrialStatus.COMPLETED);
              assertThat(t.metrics().get("slot")).isIn(0.0, 1.0);
              assertThat(t.metrics().get("cuda")).isEqualTo(t.metrics().get("slot"));
              assertThat(t.metrics().get("arg")).isEqualTo(t.metrics().get("slot"));
            });
    assertThat(population.trials()).extracting(t -> t.metrics().get("slot")).contains(0.0, 1.0);
    assertThat(maxOverlap(population.trials())).isEqualTo(2);
  }

  @Test
  void moreThreadsThanSlots_trialsWaitForASlot() throws Exception {
    Population population = sweep(List.of("0", "1"), 3, true);

    assertThat(population.trials())
        .extracting(TrialRecord::status)
        .containsOnly(TrialStatus.COMPLETED);
    assertThat(maxOverlap(population.trials())).isEqualTo(2);
  }

  @Test
  void aRepeatedSlot_runsTwoTrialsOnItAtOnce() throws Exception {
    Population population = sweep(List.of("0", "0"), 2, false);

    assertThat(population.trials())
        .extracting(TrialRecord::status)
        .containsOnly(TrialStatus.COMPLETED);
    assertThat(population.trials()).extracting(t -> t.metrics().get("cuda")).containsOnly(0.0);
    assertThat(maxOverlap(population.trials())).isEqualTo(2);
  }

  /** The most trials that ran at the same moment. */
  private static int maxOverlap(List<TrialRecord> trials) {
    int max = 0;
    for (TrialRecord t : trials) {
      double at = t.metrics().get("start") + 0.01;
      int running =
          (int)
              trials.stream()
                  .filter(o -> o.metrics().get("start") <= at && at < o.metrics().get("end"))
                  .count();
      max = Math.max(max, running);
    }
    return max;
  }

  @Test
  void pool_handsOutEachSlotOnce_andRefusesADoubleRelease() throws Exception {
    Slots slots = new Slots(List.of("0", "2,3"));
    String a = slots.acquire(() -> false);
    String b = slots.acquire(() -> false);
    assertThat(List.of(a, b)).containsExactlyInAnyOrder("0", "2,3");
    assertThat(slots.acquire(() -> true)).isNull(); // none free, and told to stop
    slots.release(a);
    slots.release(b);
    assertThatThrownBy(() -> slots.release("0"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("slot '0' released twice; the pool [0, 2,3] is full");
  }

  @Test
  void pool_refusesNoSlotsAndBlankSlots() {
    assertThatThrownBy(() -> new Slots(List.of()))
        .hasMessage("slots is empty; give at least one, e.g. [\"0\", \"1\"] for two GPUs");
    assertThatThrownBy(() -> new Slots(Arrays.asList("0", " ")))
        .hasMessage("slot 1 of [0,  ] is ' '; a slot is a value such as \"0\" or \"2,3\"");
    assertThatThrownBy(() -> new Slots(Arrays.asList("0", null)))
        .hasMessage("slot 1 of [0, null] is null; a slot is a value such as \"0\" or \"2,3\"");
  }
}
