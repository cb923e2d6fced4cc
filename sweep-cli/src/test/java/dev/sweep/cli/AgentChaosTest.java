package dev.sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sweep.postgres.Attempt;
import dev.sweep.postgres.Stores;
import dev.sweep.postgres.SweepDatabase;
import dev.sweep.store.TrialState;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Six real agents ({@code sweep agent} in JVMs of their own) share one sweep of 1,000 short trials
 * on a real PostgreSQL server, with TPE and ASHA; every few seconds one of them is killed with
 * {@code kill -9} and a new one started, and the server is restarted once. Afterwards every trial
 * has exactly one final result, none is lost, and no attempt of a trial ran while another did:
 * neither by the store's own attempt records nor by the trial folders, where each attempt holds an
 * exclusive {@code flock} on its trial for as long as it runs.
 */
class AgentChaosTest {
  private static final int TRIALS = 1_000;
  private static final int AGENTS = 6;

  @TempDir Path dir;
  private TestDatabase database;
  private final List<Process> agents = new ArrayList<>();

  @BeforeEach
  void onLinuxWithFlockAndPostgres() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/flock")), "needs flock");
    database = TestDatabase.require();
  }

  @AfterEach
  void stopAgents() throws Exception {
    agents.forEach(Process::destroyForcibly);
    if (database != null) {
      database.close();
    }
  }

  @Test
  @Timeout(600)
  void killedAgentsAndARestartedDatabase_loseNoResult_andNeverRunATrialTwiceAtOnce()
      throws Exception {
    Path spec = spec();
    Cli.Run created = Cli.sweep("create", spec.toString(), "--store", database.url());
    assertThat(created.code()).as(created.toString()).isZero();
    String id = created.out().trim();
    Path log = dir.resolve("agents.log");
    for (int k = 0; k < AGENTS; k++) {
      agents.add(agent(id, log));
    }

    Random random = new Random(22);
    int started = AGENTS;
    boolean restarted = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(420);
    while (finished(id) < TRIALS && System.nanoTime() < deadline) {
      Thread.sleep(2_000 + random.nextInt(2_000));
      int victim = random.nextInt(agents.size());
      agents
          .get(victim)
          .destroyForcibly(); // SIGKILL: no shutdown hook runs, its trials are left to go stale
      agents.get(victim).waitFor(30, TimeUnit.SECONDS);
      agents.set(victim, agent(id, log));
      started++;
      if (!restarted && finished(id) > TRIALS / 3) {
        restart(); // mid-sweep: agents retry with backoff, and lose nothing
        restarted = true;
      }
    }
    for (Process agent : agents) {
      assertThat(agent.waitFor(120, TimeUnit.SECONDS))
          .as("an agent ends once no trial is left")
          .isTrue();
    }

    assertThat(restarted).as("the database was restarted mid-sweep").isTrue();
    assertThat(dir.resolve("locks/violations"))
        .as("no trial folder saw two attempts at once")
        .doesNotExist();
    try (SweepDatabase db = Stores.postgres(database.url())) {
      Map<Long, TrialState> trials = db.trials(id);
      assertThat(trials).as("every trial, once").hasSize(TRIALS);
      assertThat(trials.values())
          .allSatisfy(t -> assertThat(t.last()).as("trial %d's result", t.id()).isPresent());
      List<Attempt> all = db.attempts(id);
      assertThat(trials.values().stream().map(t -> t.last().get().status()).distinct())
          .as(
              "completed or pruned by ASHA; none failed or lost; the attempts of any that did: %s",
              all.stream()
                  .filter(
                      a ->
                          trials.get(a.trial()).last().get().status() == TrialStatus.FAILED
                              || trials.get(a.trial()).last().get().status()
                                  == TrialStatus.CANCELLED)
                  .toList())
          .containsAnyOf(TrialStatus.COMPLETED)
          .doesNotContain(TrialStatus.FAILED, TrialStatus.CANCELLED);
      Map<Long, List<Attempt>> byTrial =
          all.stream()
              .collect(Collectors.groupingBy(Attempt::trial, TreeMap::new, Collectors.toList()));
      for (List<Attempt> attempts : byTrial.values()) {
        attempts.sort(Comparator.comparing(Attempt::started));
        assertThat(attempts.stream().filter(a -> isResult(a.status())).count())
            .as("final results of trial %d: %s", attempts.get(0).trial(), attempts)
            .isEqualTo(1);
        for (int k = 1; k < attempts.size(); k++) {
          Instant endOfEarlier = attempts.get(k - 1).ended().orElseThrow();
          assertThat(attempts.get(k).started())
              .as("trial %d's attempts %s", attempts.get(0).trial(), attempts)
              .isAfterOrEqualTo(endOfEarlier);
        }
      }
      int attempts = byTrial.values().stream().mapToInt(List::size).sum();
      System.out.printf(
          "%d agents started, %d attempts for %d trials, %d lost%n",
          started,
          attempts,
          TRIALS,
          byTrial.values().stream()
              .flatMap(List::stream)
              .filter(a -> a.status().equals("LOST"))
              .count());
      assertThat(attempts).as("some attempts were lost and run again").isGreaterThan(TRIALS);
    }
  }

  private static boolean isResult(String status) {
    return status.equals(TrialStatus.COMPLETED.name()) || status.equals(TrialStatus.PRUNED.name());
  }

  /** Trials with a final result so far. */
  private long finished(String id) {
    try (SweepDatabase db = Stores.postgres(database.url())) {
      return db.trials(id).values().stream()
          .filter(
              t ->
                  t.last()
                      .map(TrialRecord::status)
                      .filter(s -> s == TrialStatus.COMPLETED || s == TrialStatus.PRUNED)
                      .isPresent())
          .count();
    } catch (RuntimeException e) {
      return 0; // the server restarts
    }
  }

  private Process agent(String id, Path log) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "agent",
            id,
            "--store",
            database.url(),
            "--dir",
            dir.resolve("trials").toString(),
            "--heartbeat",
            "0.5",
            "--lost-after",
            "3",
            "-q")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private static void restart() throws Exception {
    Process p =
        new ProcessBuilder("bash", "scripts/postgres.sh", "restart")
            .directory(repositoryRoot().toFile())
            .inheritIO()
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("scripts/postgres.sh restart").isZero();
  }

  static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("scripts/postgres.sh"))) {
      p = p.getParent();
    }
    return p;
  }

  /**
   * 1,000 trials of three steps of 0.1 s, each reporting a loss, stopped by ASHA; each attempt
   * holds its trial's lock in {@code locks/} and says so when it finds it taken.
   */
  private Path spec() throws IOException {
    Path locks = Files.createDirectories(dir.resolve("locks"));
    Path script = dir.resolve("trial.sh");
    Files.writeString(
        script,
        """
        #!/bin/sh
        exec 9>"%1$s/$1"
        flock -n 9 || echo "trial $1: pid $$ started while an earlier attempt still ran" >> "%1$s/violations"
        for k in 1 2 3; do
          echo "{\\"step\\": $k, \\"loss\\": $2}" >> "$SWEEP_METRICS"
          sleep 0.1
        done
        echo "{\\"loss\\": $2}" >> "$SWEEP_METRICS"
        """
            .formatted(locks));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path file = dir.resolve("chaos.yaml");
    Files.writeString(
        file,
        """
        name: chaos
        sampler: {type: tpe, seed: 3}
        objective: {metric: loss}
        stopping: {type: asha, min_steps: 1, reduction: 3, max_steps: 3}
        trials: %d
        retries: 20
        parameters:
          x: {uniform: [0, 1]}
        command: [%s, "{_id}", "{x}"]
        threads: 2
        grace: 1s
        """
            .formatted(TRIALS, script));
    return file;
  }
}
