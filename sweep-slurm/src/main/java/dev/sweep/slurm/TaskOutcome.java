package dev.sweep.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.Result;
import dev.sweep.process.StepFailedException;
import dev.sweep.process.TrialOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * What an ended array task means for its trial: its metrics, or the exception that says why it has
 * none. SLURM's state says how the task ended; the exit marker that the job script writes in the
 * trial folder says which step ended it, and with what code.
 */
final class TaskOutcome {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LOG_LINES = 10;

  private TaskOutcome() {}

  /**
   * The trial's result, read by the payload's rules.
   *
   * @param timeLimit the tasks' time limit, for the message of one that hit it; null: none set
   * @throws dev.sweep.process.StepFailedException if a step exited with a code other than 0
   * @throws TimeoutException if the task hit its time limit
   * @throws CancellationException if it was cancelled, or vanished from the queue
   * @throws IllegalStateException if it failed otherwise, or reported no metric
   */
  static Result of(TaskHandle handle, JobState state, TrialOutput output, Duration timeLimit)
      throws Exception {
    Optional<JsonNode> marker = marker(handle.dir);
    String job =
        handle.arrayJob() == null
            ? "trial " + handle.trialId + " (never submitted)"
            : "job " + handle.taskId();
    switch (state) {
      case COMPLETED, FAILED -> {
        return ended(job, state, marker, handle.dir, output);
      }
      case TIMEOUT ->
          throw new TimeoutException(
              job
                  + " hit its time limit"
                  + (timeLimit == null ? "" : " of " + SlurmSettings.slurmTime(timeLimit))
                  + logTail(handle.dir));
      case CANCELLED ->
          throw new CancellationException(
              job
                  + " was cancelled"
                  + (handle.reason().isEmpty() || handle.reason().equals("None")
                      ? ""
                      : " (SLURM's reason: " + handle.reason() + ")"));
      case VANISHED -> throw new CancellationException(job + " " + state.meaning());
      default ->
          throw new IllegalStateException(
              job + " " + state.meaning() + " (" + state + ")" + logTail(handle.dir));
    }
  }

  /**
   * A task that ran to its end (COMPLETED or FAILED): its steps' outcome, as the exit marker tells
   * it.
   */
  private static Result ended(
      String job, JobState state, Optional<JsonNode> marker, Path dir, TrialOutput output)
      throws StepFailedException {
    if (marker.isEmpty()) {
      throw new IllegalStateException(
          job + " " + state.meaning() + " without running its steps to the end" + logTail(dir));
    }
    String step = marker.get().path("step").asText();
    int code = marker.get().path("code").asInt();
    if (step.equals("requeue")) {
      throw new IllegalStateException(job + ": " + marker.get().path("reason").asText());
    }
    if (code != 0) {
      throw output.stepFailed(step, code);
    }
    return output.result();
  }

  private static Optional<JsonNode> marker(Path dir) throws IOException {
    try {
      return Optional.of(
          JSON.readTree(
              Files.readString(dir.resolve(JobScript.EXIT_MARKER), StandardCharsets.UTF_8)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static String logTail(Path dir) {
    List<String> lines = TrialOutput.lastLines(dir.resolve(JobScript.JOB_LOG), LOG_LINES);
    return lines.isEmpty()
        ? ""
        : "; last lines of "
            + dir.resolve(JobScript.JOB_LOG)
            + ":\n  "
            + String.join("\n  ", lines);
  }
}
