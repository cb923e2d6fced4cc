package dev.sweep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.Result;
import dev.sweep.Runner;
import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest {
  private final Space space = CrashTestDriver.space();

  private Sweep.Builder sweep(Path dir, Runner runner) {
    return Sweep.builder(space, runner)
        .objective(Objective.minimize("error"))
        .sampler(Samplers.random(5))
        .maxTrials(10)
        .directory(dir);
  }

  private static Result error(dev.sweep.Trial t) {
    return Result.of("error", t.config().getDouble("optim.lr"));
  }

  @Test
  void folder_holdsDefinitionJournalAndTrialFiles(@TempDir Path dir) throws Exception {
    sweep(
            dir,
            t -> {
              Files.writeString(t.workDir().resolve("model.txt"), "weights");
              return error(t);
            })
        .build()
        .run();

    assertThat(
            Journal.JSON
                .readTree(dir.resolve("sweep.json").toFile())
                .get("objective")
                .get("metric")
                .asText())
        .isEqualTo("error");
    List<JsonNode> events = Journal.read(dir.resolve("journal.jsonl"));
    assertThat(events)
        .hasSize(30)
        .extracting(e -> e.get("event").asText())
        .containsOnly("created", "started", "finished");
    TrialRecord first = SweepFolder.population(dir, Objective.minimize("error")).trials().get(0);
    Path trialDir = SweepFolder.trialDir(dir, 0, first.name());
    assertThat(trialDir.resolve("config.json")).exists();
    assertThat(trialDir.resolve("model.txt")).hasContent("weights");
    assertThat(
            Journal.JSON.readTree(trialDir.resolve("result.json").toFile()).get("status").asText())
        .isEqualTo("COMPLETED");
    assertThat(dir.resolve("sweep.lock")).as("released").isEmptyFile();
    Object width = first.params().get("model.width");
    Path link =
        dir.resolve("tree")
            .resolve("model.width")
            .resolve(dev.sweep.config.Names.format(width))
            .resolve(trialDir.getFileName());
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readSymbolicLink(link).toString())
        .isEqualTo("../../../trials/" + trialDir.getFileName());
    assertThat(link.resolve("model.txt")).hasContent("weights");
    assertThat(dir.resolve("tree").resolve("optim.lr"))
        .as("a continuous parameter has no folder per value")
        .doesNotExist();
  }

  @Test
  @SuppressWarnings("deprecation") // Sweep.cancel(): a runner's way to cancel the run() it is in
  void resume_runsOnlyWhatIsUnfinished_inTheSameWorkFolders(@TempDir Path dir) throws Exception {
    Set<Long> ranFirst = ConcurrentHashMap.newKeySet();
    Sweep[] first = new Sweep[1];
    first[0] =
        sweep(
                dir,
                t -> {
                  ranFirst.add(t.id());
                  Files.writeString(t.workDir().resolve("checkpoint"), "epoch 3");
                  if (t.id() == 4) {
                    first[0].cancel(); // a driver stopping mid-sweep
                    throw new InterruptedException("stopped at epoch 3");
                  }
                  return error(t);
                })
            .build();
    Population before = first[0].run();
    assertThat(before.statusCounts())
        .containsEntry(TrialStatus.COMPLETED, 4L)
        .containsEntry(TrialStatus.CANCELLED, 1L);

    Set<Long> ranSecond = ConcurrentHashMap.newKeySet();
    Map<Long, String> checkpoints = new ConcurrentHashMap<>();
    Population after =
        sweep(
                dir,
                t -> {
                  ranSecond.add(t.id());
                  Path checkpoint = t.workDir().resolve("checkpoint");
                  if (Files.exists(checkpoint)) {
                    checkpoints.put(t.id(), Files.readString(checkpoint));
                  }
                  return error(t);
                })
            .build()
            .run();

    assertThat(ranSecond).containsExactlyInAnyOrder(4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(checkpoints)
        .as("trial 4 finds its own checkpoint")
        .containsExactly(Map.entry(4L, "epoch 3"));
    assertThat(after.size()).isEqualTo(10);
    assertThat(after.statusCounts()).containsEntry(TrialStatus.COMPLETED, 10L);
    assertThat(after.trials().subList(0, 4)).isEqualTo(before.trials().subList(0, 4));
  }

  @Test
  void failedTrials_areRetriedUpToTheBound_atOnceAndOnResume(@TempDir Path dir) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Runner failsTrialTwice =
        t -> {
          if (t.id() == 2) {
            calls.incrementAndGet();
            throw new IllegalStateException("out of memory on the GPU");
          }
          return error(t);
        };
    Population once = sweep(dir, failsTrialTwice).retries(1).build().run();
    assertThat(calls).hasValue(2);
    assertThat(once.trials().get(2).failure())
        .hasValue("java.lang.IllegalStateException: out of memory on the GPU");

    calls.set(0);
    sweep(dir, failsTrialTwice).retries(1).build().run();
    assertThat(calls).as("two attempts already used up the bound").hasValue(0);

    Population third = sweep(dir, t -> error(t)).retries(2).build().run();
    assertThat(third.trials().get(2).status()).isEqualTo(TrialStatus.COMPLETED);
    assertThat(SweepFolder.replay(dir).get(2L).attempts()).isEqualTo(3);
  }

  @Test
  void rerun_runsAFinishedTrialAgainAndKeepsTheNewResult(@TempDir Path dir) {
    sweep(dir, t -> error(t)).build().run();
    AtomicInteger calls = new AtomicInteger();
    Population again =
        sweep(
                dir,
                t -> {
                  calls.incrementAndGet();
                  return Result.of("error", 42.0);
                })
            .rerun(3)
            .build()
            .run();
    assertThat(calls).hasValue(1);
    assertThat(again.trials().get(3).metrics()).containsEntry("error", 42.0);
    assertThat(SweepFolder.population(dir, Objective.minimize("error")).trials().get(3).metrics())
        .containsEntry("error", 42.0);
  }

  @Test
  void folderOfAnotherSweep_isRefusedNamingTheTrialAndBothConfigs(@TempDir Path dir) {
    sweep(dir, t -> error(t)).build().run();
    Sweep other =
        Sweep.builder(space, t -> error(t))
            .objective(Objective.minimize("error"))
            .sampler(Samplers.random(6))
            .maxTrials(10)
            .directory(dir)
            .build();
    assertThatThrownBy(other::run)
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            "sweep folder " + dir + " was made by another sweep: its trial 0 has config {")
        .hasMessageEndingWith("; use a new folder, or the same space, sampler and seed");
  }

  @Test
  void tornLastLine_isIgnoredAndCutOffOnResume(@TempDir Path dir) throws Exception {
    sweep(dir, t -> error(t)).build().run();
    Path journal = dir.resolve("journal.jsonl");
    Files.writeString(
        journal,
        "{\"event\":\"finished\",\"id\":3,\"sta",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    assertThat(SweepFolder.replay(dir)).hasSize(10);
    sweep(dir, t -> error(t)).build().run();
    assertThat(Files.readString(journal)).endsWith("\n").doesNotContain("\"sta{");
    assertThat(Journal.read(journal)).hasSize(30);
  }

  @Test
  void damagedCompleteLine_namesFileAndLine(@TempDir Path dir) throws Exception {
    Path journal = dir.resolve("journal.jsonl");
    Files.writeString(journal, "{\"event\":\"created\",\"id\":0}\nnot json\n");
    assertThatThrownBy(() -> SweepFolder.replay(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(journal + ":2:1: not a JSON event: not JSON: ")
        .hasMessageContaining("`sweep repair " + dir + "`");
  }
}
