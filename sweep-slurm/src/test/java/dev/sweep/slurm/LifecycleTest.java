package dev.sweep.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.RunningSweep;
import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.process.ProcessRunner;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Choices;
import dev.sweep.space.Space;
import dev.sweep.store.SweepFolder;
import dev.sweep.store.TrialState;
import dev.sweep.testing.Cluster;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How SLURM's outcomes become trial states, on a real cluster: a completed task, a failing one, one
 * cancelled with scancel, one killed at its time limit, one preempted (requeued) that resumes from
 * its checkpoint in the same folder, and one that checkpoints on the warning signal before its
 * limit and requeues itself.
 */
class LifecycleTest extends ClusterTest {
  /**
   * Behaves as its first argument says; notes each run (job id, restart count) in the trial folder.
   */
  static final String LIFE =
      """
          import json, os, signal, sys, time
          kind = sys.argv[1]
          d = os.environ['SWEEP_TRIAL_DIR']
          restarts = int(os.environ.get('SLURM_RESTART_COUNT', '0'))
          open(os.path.join(d, 'runs'), 'a').write('%s %d\\n' % (os.environ.get('SLURM_JOB_ID'), restarts))
          def report(**kv):
              with open(os.environ['SWEEP_METRICS'], 'a') as f:
                  f.write(json.dumps(kv) + '\\n')
          ckpt = os.path.join(d, 'checkpoint')
          def saved_and_exit(signum, frame):
              open(ckpt, 'w').write('saved at the warning')
              sys.exit(0)
          if kind == 'ok':
              report(error=0.1)
          elif kind == 'fail':
              sys.exit(3)
          elif kind in ('timeout', 'cancel'):
              signal.signal(signal.SIGUSR1, signal.SIG_IGN)
              open(os.path.join(d, 'ready'), 'w').write('')
              time.sleep(600)
          elif os.path.exists(ckpt):
              report(error=0.2, restarts=restarts, resumed=1)
          elif kind == 'preempt':
              open(ckpt, 'w').write('step 5')
              open(os.path.join(d, 'ready'), 'w').write('')
              time.sleep(600)
          elif kind == 'warn':
              signal.signal(signal.SIGUSR1, saved_and_exit)
              for step in range(600):
                  report(step=step, loss=1.0 / (step + 1))
                  time.sleep(1)
          """;

  private SlurmRunner.Builder runner(Path bin) throws Exception {
    Path script = Files.writeString(tmp.resolve("life.py"), LIFE);
    return SlurmRunner.builder()
        .command(
            ProcessRunner.builder()
                .step("train", SubmissionTest.PYTHON + " " + script + " {kind}")
                .workingDirectory(tmp)
                .build())
        .commands(bin)
        .time(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500), Duration.ofSeconds(2));
  }

  private static Sweep sweep(Path dir, SlurmRunner runner, Object... kinds) {
    return Sweep.builder(Space.builder().add("kind", Choices.of(kinds)).build(), runner)
        .objective(Objective.minimize("error"))
        .sampler(Samplers.grid())
        .directory(dir)
        .threads(kinds.length)
        .build();
  }

  @Test
  void completed_failed_cancelled_timedOut_andPreempted_trials() throws Exception {
    Path bin = Cluster.countingCommands(tmp);
    Path dir = tmp.resolve("sweep");
    Sweep sweep = sweep(dir, runner(bin).build(), "ok", "fail", "cancel", "timeout", "preempt");
    CompletableFuture<Population> run = CompletableFuture.supplyAsync(sweep::run);

    scancel(dir, 2);
    requeue(dir, 4);
    Population population = run.get(4, TimeUnit.MINUTES);

    Map<String, TrialRecord> byKind = byKind(population);
    assertThat(byKind.get("ok").status()).isEqualTo(TrialStatus.COMPLETED);
    assertThat(byKind.get("fail").status()).isEqualTo(TrialStatus.FAILED);
    assertThat(byKind.get("fail").failure().orElseThrow())
        .contains("step 'train' exited with code 3");
    assertThat(byKind.get("cancel").status()).isEqualTo(TrialStatus.CANCELLED);
    assertThat(byKind.get("cancel").failure().orElseThrow()).contains("was cancelled");
    assertThat(byKind.get("timeout").status()).isEqualTo(TrialStatus.FAILED);
    assertThat(byKind.get("timeout").failure().orElseThrow())
        .contains("hit its time limit of 0-00:01:00");
    TrialRecord preempted = byKind.get("preempt");
    assertThat(preempted.status())
        .as(preempted.failure().orElse(""))
        .isEqualTo(TrialStatus.COMPLETED);
    assertThat(preempted.metrics()).containsEntry("resumed", 1.0).containsEntry("restarts", 1.0);
    assertThat(Files.readAllLines(trialDir(dir, preempted).resolve("runs"))).hasSize(2);
    assertThat(Cluster.calls(bin, "sbatch")).hasSize(1);
  }

  @Test
  void theWarningSignal_letsTheTrialCheckpoint_andItsJobRequeuesItself() throws Exception {
    Path bin = Cluster.countingCommands(tmp);
    Path dir = tmp.resolve("sweep");
    // The warning comes 50 s before the 1-minute limit: about 10 s in.
    Population population =
        sweep(dir, runner(bin).warning(Duration.ofSeconds(50)).build(), "warn").run();

    TrialRecord t = population.trials().get(0);
    assertThat(t.status()).as(t.failure().orElse("")).isEqualTo(TrialStatus.COMPLETED);
    assertThat(t.metrics()).containsEntry("resumed", 1.0).containsEntry("restarts", 1.0);
    assertThat(Files.readString(trialDir(dir, t).resolve("checkpoint")))
        .isEqualTo("saved at the warning");
    assertThat(t.curve()).isNotEmpty(); // read from the metrics file while the first run ran
    assertThat(Cluster.calls(bin, "sbatch")).hasSize(1);
  }

  @Test
  void aPendingTaskCancelledOnTheCluster_cancelsItsTrial_whetherSlurmKeepsARecordOrNot()
      throws Exception {
    Path bin = Cluster.countingCommands(tmp);
    Path dir = tmp.resolve("sweep");
    Sweep sweep = sweep(dir, runner(bin).throttle(1).build(), "cancel", "timeout");
    RunningSweep driver = sweep.start();
    CompletableFuture<Population> run = driver.result();
    // With a throttle of 1, one of the two runs and the other waits; which is which depends on
    // the order in which they reached the array.
    Cluster.await(
        "one trial to run",
        Duration.ofSeconds(60),
        () -> Files.exists(readyFile(dir, 0)) || Files.exists(readyFile(dir, 1)));
    long runningId = Files.exists(readyFile(dir, 0)) ? 0 : 1;
    long pendingId = 1 - runningId;
    String running = runningTask(dir, runningId);
    String pending = task(dir, pendingId);
    assertThat(Cluster.state(pending)).isEqualTo("PENDING");
    Cluster.ok(Cluster.run(List.of("scancel", pending)));
    Cluster.await(
        "the pending trial to be given up",
        Duration.ofSeconds(30),
        () -> SweepFolder.replay(dir).get(pendingId).isFinished());
    driver.cancel(); // and the running one, by the sweep
    Population population = run.get(1, TimeUnit.MINUTES);

    TrialRecord cancelled = population.trials().get((int) pendingId);
    assertThat(cancelled.status()).isEqualTo(TrialStatus.CANCELLED);
    // SLURM keeps a CANCELLED record of a cancelled pending task, or none (then it has vanished).
    assertThat(cancelled.failure().orElseThrow())
        .containsAnyOf(
            "was cancelled (SLURM's reason: JobArrayTaskLimit)",
            "vanished from the queue without a result");
    assertThat(population.trials().get((int) runningId).status()).isEqualTo(TrialStatus.CANCELLED);
    assertThat(Cluster.state(running)).isEqualTo("CANCELLED");
  }

  /** Cancels trial {@code id}'s task with scancel once its program runs. */
  private void scancel(Path dir, long id) throws Exception {
    String task = runningTask(dir, id);
    Cluster.ok(Cluster.run(List.of("scancel", task)));
  }

  /** Requeues trial {@code id}'s running task, as a preemption with requeue does. */
  private void requeue(Path dir, long id) throws Exception {
    // The task form (411_5): the bare job id of the task that started last is the array's own.
    Cluster.ok(Cluster.run(List.of("scontrol", "requeue", runningTask(dir, id))));
  }

  /** Trial {@code id}'s task ({@code 411_5}) once its program runs. */
  private String runningTask(Path dir, long id) throws Exception {
    Cluster.await(
        "trial " + id + " to run", Duration.ofSeconds(60), () -> Files.exists(readyFile(dir, id)));
    return task(dir, id);
  }

  /** Trial {@code id}'s task ({@code 411_5}), once it is submitted. */
  private static String task(Path dir, long id) throws Exception {
    String[] task = new String[1];
    Cluster.await(
        "trial " + id + " to be submitted",
        Duration.ofSeconds(60),
        () -> {
          TrialState state = SweepFolder.replay(dir).get(id);
          Map<String, Object> note = state == null ? null : state.notes().get(SlurmRunner.NOTE);
          if (note == null || note.get("array_job") == null) {
            return false;
          }
          task[0] = note.get("array_job") + "_" + note.get("task");
          return true;
        });
    return task[0];
  }

  private static Path readyFile(Path dir, long id) {
    TrialState s = SweepFolder.replay(dir).get(id);
    return s == null
        ? dir.resolve("not yet")
        : SweepFolder.trialDir(dir, id, s.name()).resolve("ready");
  }

  static Path trialDir(Path dir, TrialRecord t) {
    return SweepFolder.trialDir(dir, t.id(), t.name());
  }

  private static Map<String, TrialRecord> byKind(Population population) {
    Map<String, TrialRecord> byKind = new java.util.HashMap<>();
    population.trials().forEach(t -> byKind.put(t.config().getString("kind"), t));
    return byKind;
  }
}
