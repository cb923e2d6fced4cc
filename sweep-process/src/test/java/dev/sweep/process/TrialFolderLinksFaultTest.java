package dev.sweep.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import dev.sweep.store.StoreWriteException;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial that leaves links in its folder, or replaces or deletes folders, cannot make the driver
 * write or read outside the sweep folder, and a sweep whose folder vanishes does not report
 * success.
 */
class TrialFolderLinksFaultTest {
  private static final String SECRET = "the contents of a file outside the sweep\n";
  private static final List<String> FILES =
      List.of("run.cmd", "run.out", "run.err", "metrics.jsonl", "config.json", "result.json");

  @TempDir Path tmp;
  private Path outside;
  private final Space space = Space.builder().add("i", Ints.range(0, 0)).build();

  @BeforeEach
  void filesOutside() throws Exception {
    outside = Files.createDirectories(tmp.resolve("outside"));
    for (String name : FILES) {
      Files.writeString(outside.resolve(name), SECRET);
    }
  }

  private Population run(String shellScript, int retries) {
    ProcessRunner runner =
        ProcessRunner.builder()
            .step(
                "run",
                CommandTemplate.of(
                    List.of("/bin/sh", "-c", shellScript.replace("{", "{{").replace("}", "}}"))))
            .build();
    return Sweep.builder(space, runner)
        .objective(Objective.minimize("loss"))
        .sampler(Samplers.grid())
        .directory(tmp.resolve("sweep"))
        .retries(retries)
        .build()
        .run();
  }

  private void assertOutsideUntouched() throws Exception {
    for (String name : FILES) {
      assertThat(outside.resolve(name))
          .as("%s outside the sweep folder", name)
          .hasContent(SECRET.strip());
    }
  }

  @Test
  void aRetryOrResume_removesTheLinksAnAttemptLeft_insteadOfWritingThroughThem() throws Exception {
    String linkEverything =
        "for f in "
            + String.join(" ", FILES)
            + "; do ln -sfn '"
            + outside
            + "'/$f \"$SWEEP_TRIAL_DIR/$f\"; done; ";
    // attempt 1 leaves links and fails; attempt 2 (the retry) fails the same way
    Population failed = run(linkEverything + "exit 3", 1);

    assertThat(failed.trials())
        .singleElement()
        .extracting(TrialRecord::status)
        .isEqualTo(TrialStatus.FAILED);
    assertOutsideUntouched();
    // a later run, given more retries, prepares the folder once more: still nothing outside is
    // touched
    Population resumed = run("echo '{\"loss\": 1}' >> \"$SWEEP_METRICS\"", 2);
    assertThat(resumed.trials())
        .singleElement()
        .extracting(TrialRecord::status)
        .isEqualTo(TrialStatus.COMPLETED);
    assertOutsideUntouched();
  }

  @Test
  void aLogThatATrialMadeALink_isNotQuotedInItsFailure() throws Exception {
    Population p =
        run(
            "ln -sfn '"
                + outside
                + "/run.err' \"$SWEEP_TRIAL_DIR/run.err\"; "
                + "ln -sfn '"
                + outside
                + "/metrics.jsonl' \"$SWEEP_METRICS\"; exit 1",
            0);

    TrialRecord trial = p.trials().get(0);
    assertThat(trial.status()).isEqualTo(TrialStatus.FAILED);
    assertThat(trial.failure().orElseThrow())
        .doesNotContain(SECRET.strip())
        .contains("symbolic link");
    assertOutsideUntouched();
  }

  @Test
  void aTrialFolderReplacedByALink_getsNothingWrittenThroughIt_byTheResultOrTheRetry()
      throws Exception {
    // each attempt moves its folder away, leaves a link to the outside in its place, and fails
    Population p =
        run(
            "d=\"$SWEEP_TRIAL_DIR\"; mv \"$d\" \"$d.moved-$$\"; ln -s '"
                + outside
                + "' \"$d\"; exit 1",
            1);

    assertThat(p.trials())
        .singleElement()
        .extracting(TrialRecord::status)
        .isEqualTo(TrialStatus.FAILED);
    assertOutsideUntouched();
  }

  @Test
  void aTrialThatDeletesTheSweepFolder_endsTheSweepWithAClearError() {
    assertThatThrownBy(
            () ->
                run(
                    "rm -rf \"$(dirname \"$(dirname \"$SWEEP_TRIAL_DIR\")\")\"; echo '{\"loss\": 1}' > /dev/null",
                    0))
        .isInstanceOf(StoreWriteException.class)
        .hasMessageContaining(SweepFolder.JOURNAL)
        .hasMessageContaining("gone or was replaced while the sweep ran");
  }
}
