package dev.sweep.slurm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs SLURM's commands ({@code sbatch}, {@code squeue}, {@code scontrol}, {@code scancel}) as
 * argument vectors, never through a shell, and returns what they printed. They are found in the
 * configured folder, or on the {@code PATH}. Thread-safe.
 */
final class SlurmCommands {
  private static final Logger log = LoggerFactory.getLogger(SlurmCommands.class);
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  /** What a command printed, and its exit code. */
  record Output(List<String> argv, int code, String out, String err) {
    boolean ok() {
      return code == 0;
    }

    /** For error messages: the command, its exit code and what it said on stderr. */
    String describe() {
      String said = err.isBlank() ? out.strip() : err.strip();
      return String.join(" ", argv) + " exited with " + code + (said.isEmpty() ? "" : ": " + said);
    }
  }

  /**
   * A command that cannot run at all (not installed, not on the PATH, not executable; a wrapper
   * that exits 126 or 127), as against one that ran and failed: trying again will not help.
   */
  static final class MissingCommand extends IOException {
    private static final long serialVersionUID = 1L;
    final String command;

    MissingCommand(String command, String message, Throwable cause) {
      super(message, cause);
      this.command = command;
    }
  }

  private final Path directory; // null: PATH

  SlurmCommands(Path directory) {
    this.directory = directory;
  }

  /** Runs {@code command} (e.g. {@code squeue}) with {@code args}; waits at most two minutes. */
  Output run(String command, List<String> args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>();
    argv.add(directory == null ? command : directory.resolve(command).toString());
    argv.addAll(args);
    Process process;
    try {
      process =
          new ProcessBuilder(argv)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
    } catch (IOException e) {
      throw new MissingCommand(
          command,
          "cannot run "
              + argv.get(0)
              + " (is SLURM installed"
              + (directory == null ? " and on the PATH" : " in " + directory)
              + "?): "
              + e.getMessage(),
          e);
    }
    CompletableFuture<String> err =
        CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    String out = read(process.getInputStream());
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(
          String.join(" ", argv) + " did not answer within " + TIMEOUT.toSeconds() + " s");
    }
    Output output = new Output(List.copyOf(argv), process.exitValue(), out, err.join());
    log.debug("{} -> {}", argv, output.code());
    if (output.code() == 126 || output.code() == 127) { // the shell's "cannot execute", "not found"
      throw new MissingCommand(command, "cannot run " + output.describe(), null);
    }
    return output;
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
