package dev.sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.config.Config;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The progress line as a function of the counts, the width and the colour flag: plain lines as
 * before, live lines cut to the width, the least important parts first.
 */
class ProgressLineTest {
  private static final String RED = "\u001b[31m";
  private static final String RESET = "\u001b[0m";
  private static final String TIME = "\\[\\d\\d:\\d\\d:\\d\\d] ";

  /** 12 of 40 done, 2 running, 1 pruned, 1 failed, the best error 0.0251 from trial 21. */
  private static ProgressCounts counts(long pruned, long failed) {
    return new ProgressCounts(
        40,
        12,
        2,
        pruned,
        failed,
        "running",
        Optional.of(new ProgressCounts.Best("error", 0.0251, 21)),
        Duration.ofSeconds(65),
        Optional.of(Duration.ofSeconds(130)));
  }

  @Test
  void plain_withoutPruned_readsAsBefore() {
    assertThat(ProgressLine.plain(counts(0, 1)))
        .isEqualTo(
            "12/40 done, 2 running, 1 failed; best error=0.0251 (trial 21); 1m05s, ETA 2m10s");
  }

  @Test
  void plain_withPruned_countsThemBeforeTheFailed() {
    assertThat(ProgressLine.plain(counts(3, 1)))
        .isEqualTo(
            "12/40 done, 2 running, 3 pruned, 1 failed; best error=0.0251 (trial 21); 1m05s, ETA 2m10s");
  }

  @Test
  void plain_beforeAnyTrialEnded_hasNoBestAndNoEta() {
    ProgressCounts c =
        new ProgressCounts(
            3,
            0,
            0,
            0,
            0,
            "queued or running",
            Optional.empty(),
            Duration.ofMillis(149),
            Optional.empty());
    assertThat(ProgressLine.plain(c)).isEqualTo("0/3 done, 0 queued or running, 0 failed; 149ms");
  }

  @Test
  void live_at200_showsEveryPartAndTheWidestBar() {
    assertThat(ProgressLine.live(counts(1, 1), 200, false))
        .isEqualTo(
            "12/40 done [#########.....................] 2 running, 1 pruned, 1 failed;"
                + " best error=0.0251 (trial 21); 1m05s, ETA 2m10s");
  }

  @Test
  void live_at80_dropsTheElapsedTimeAndTheBestTrialsIdAndShrinksTheBar() {
    String line = ProgressLine.live(counts(1, 1), 80, false);
    assertThat(line)
        .isEqualTo(
            "12/40 done [#.....] 2 running, 1 pruned, 1 failed; best error=0.0251; ETA 2m10s");
    assertThat(line).hasSizeLessThan(80);
  }

  @Test
  void live_at40_keepsDoneRunningAndFailed() {
    String line = ProgressLine.live(counts(1, 1), 40, false);
    assertThat(line).isEqualTo("12/40 done [#.....] 2 running, 1 failed");
    assertThat(line).hasSizeLessThan(40);
  }

  @Test
  void live_at40_dropsZeroCountsBeforeThePrunedOnes() {
    ProgressCounts c =
        new ProgressCounts(
            40, 12, 0, 5, 0, "running", Optional.empty(), Duration.ofSeconds(65), Optional.empty());
    assertThat(ProgressLine.live(c, 40, false))
        .isEqualTo("12/40 done [#####............] 5 pruned");
  }

  @Test
  void live_narrowerThanDoneTotal_isCutNeverWrapped() {
    assertThat(ProgressLine.live(counts(1, 1), 6, false)).isEqualTo("12/40");
  }

  @Test
  void live_inColour_coloursTheCountsAndTakesNoWidth() {
    String coloured = ProgressLine.live(counts(1, 1), 80, true);
    assertThat(coloured).contains(RED + "1 failed" + RESET).contains("\u001b[33m1 pruned" + RESET);
    assertThat(coloured.replaceAll("\u001b\\[[0-9;]*m", ""))
        .isEqualTo(ProgressLine.live(counts(1, 1), 80, false));
  }

  @Test
  void live_inColour_leavesZeroCountsUncoloured() {
    assertThat(ProgressLine.live(counts(0, 0), 200, true))
        .contains(", 0 pruned, 0 failed;")
        .doesNotContain(RED);
  }

  @Test
  void colour_noColorSet_turnsColourOff() {
    assertThat(Terminal.colour(Map.of("NO_COLOR", "1"), true)).isFalse();
    assertThat(Terminal.colour(Map.of("NO_COLOR", ""), true)).isTrue(); // no-color.org: non-empty
    assertThat(Terminal.colour(Map.of(), true)).isTrue();
    assertThat(Terminal.colour(Map.of(), false))
        .isFalse(); // picocli: not a terminal, or -Dpicocli.ansi=false
  }

  @Test
  void columns_fromTheVariable_onlyWhenAPositiveNumber() {
    assertThat(Terminal.columns("132")).hasValue(132);
    assertThat(Terminal.columns(" 40\n")).hasValue(40);
    assertThat(Terminal.columns("0")).isEmpty();
    assertThat(Terminal.columns("wide")).isEmpty();
    assertThat(Terminal.columns(null)).isEmpty();
  }

  @Test
  void progress_plainMode_countsPrunedTrialsAndPrintsATimeStampedLine() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (Progress progress =
        new Progress(
            new PrintWriter(out),
            new PrintWriter(err),
            Progress.Mode.PLAIN,
            Objective.minimize("error"),
            "running")) {
      progress.start(4, 1, 0, 1, Optional.empty());
      progress.trialFinished(record(1, TrialStatus.PRUNED, 0.5));
      progress.trialFinished(record(2, TrialStatus.COMPLETED, 0.25));
      ProgressCounts c = progress.counts();
      assertThat(List.of(c.done(), c.pruned(), c.failed(), c.running()))
          .containsExactly(3L, 2L, 0L, 0L);
      assertThat(c.best()).hasValue(new ProgressCounts.Best("error", 0.25, 2));
    }
    // a line at the start and at each tenth of the trials (here each trial)
    assertThat(out.toString().lines())
        .satisfiesExactly(
            l -> assertThat(l).matches(TIME + "1/4 done, 0 running, 1 pruned, 0 failed; \\S+"),
            l ->
                assertThat(l)
                    .matches(TIME + "2/4 done, 0 running, 2 pruned, 0 failed; \\S+, ETA \\S+"),
            l ->
                assertThat(l)
                    .matches(
                        TIME
                            + "3/4 done, 0 running, 2 pruned, 0 failed;"
                            + " best error=0.25 \\(trial 2\\); \\S+, ETA \\S+"));
    assertThat(err.toString()).isEmpty();
  }

  private static TrialRecord record(long id, TrialStatus status, double error) {
    return new TrialRecord(
        id,
        "x=" + id,
        Map.of(),
        Config.empty(),
        status,
        Map.of("error", error),
        List.of(),
        Optional.empty(),
        Instant.EPOCH,
        Duration.ZERO);
  }
}
