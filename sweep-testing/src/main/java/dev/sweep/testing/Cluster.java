package dev.sweep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * The real SLURM cluster the integration tests run on (scripts/slurm-cluster.sh starts one on
 * localhost). Without one the tests are skipped, except in CI ({@code CI=true}), where a missing
 * cluster fails them.
 */
public final class Cluster {
  private Cluster() {}

  /** Skips the calling test when no cluster answers, or fails it in CI. */
  public static void require() {
    String problem = problem();
    if (problem == null) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(
          "CI=true, but no SLURM cluster answers: "
              + problem
              + "; .ci/run starts one with scripts/slurm-cluster.sh start");
    }
    Assumptions.abort(
        "no SLURM cluster (" + problem + "); start one with scripts/slurm-cluster.sh start");
  }

  private static String problem() {
    try {
      Result r = run(List.of("sinfo", "-h", "-o", "%T"));
      if (r.code != 0) {
        return "sinfo exited with " + r.code + ": " + r.out.strip();
      }
      // "planned": the backfill scheduler has set the node aside for a pending job (SLURM 22.05):
      // busy, not broken, as after the jobs of the test before
      String state = r.out.strip();
      return state.matches("(?s).*(idle|mixed|alloc|completing|planned).*")
          ? null
          : "node state '" + state + "'";
    } catch (IOException e) {
      return "sinfo cannot run: " + e.getMessage();
    }
  }

  public record Result(int code, String out) {}

  /** Runs a command (argv, no shell) and returns its exit code and output. */
  public static Result run(List<String> argv) throws IOException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return new Result(p.exitValue(), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /**
   * A folder of wrappers for sbatch, squeue, scontrol and scancel that log each call (name and
   * arguments, one line) to {@code calls.log} beside them, then run the real command.
   */
  public static Path countingCommands(Path dir) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path log = dir.resolve("calls.log");
    for (String command : List.of("sbatch", "squeue", "scontrol", "scancel")) {
      Path real = Path.of("/usr/bin", command);
      Path wrapper = bin.resolve(command);
      Files.writeString(
          wrapper,
          "#!/bin/sh\nprintf '%s\\n' \""
              + command
              + " $*\" >> '"
              + log
              + "'\nexec '"
              + real
              + "' \"$@\"\n");
      Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return bin;
  }

  /** The calls the wrappers of {@link #countingCommands} logged, those of {@code command} only. */
  public static List<String> calls(Path bin, String command) throws IOException {
    Path log = bin.getParent().resolve("calls.log");
    List<String> calls = new ArrayList<>();
    if (Files.exists(log)) {
      for (String line : Files.readAllLines(log)) {
        if (line.startsWith(command + " ")) {
          calls.add(line);
        }
      }
    }
    return calls;
  }

  /** Waits until {@code condition} holds, checking every 200 ms; fails after {@code limit}. */
  public static void await(String what, Duration limit, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + limit.toSeconds() + " s for " + what);
      }
      Thread.sleep(200);
    }
  }

  /**
   * squeue's state of job {@code id} (an array task such as {@code 411_5}), or "" if it lists none.
   */
  public static String state(String id) {
    try {
      Result r = run(List.of("squeue", "-h", "-t", "all", "-j", id, "-o", "%T"));
      return r.code == 0 ? r.out.strip() : "";
    } catch (IOException e) {
      return "";
    }
  }

  public static void ok(Result r) {
    assertThat(r.code).as(r.out).isZero();
  }
}
