package dev.sweep.examples.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedSweepsTest {
  @Test
  void threeSweepsRunAtOnceTheirEventsOnTheHostsThreadAndNoneOfTheirThreadsOutlivesThem(
      @TempDir Path out) throws Exception {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    EmbeddedSweeps.Outcome o =
        EmbeddedSweeps.run(out, new PrintStream(text, true, StandardCharsets.UTF_8));

    assertThat(o.first().completed().size()).isEqualTo(12);
    assertThat(o.second().completed().size()).isEqualTo(12);
    assertThat(o.first().trials())
        .extracting(TrialRecord::config)
        .doesNotContainAnyElementsOf(
            o.second().trials().stream().map(TrialRecord::config).toList());
    assertThat(o.cancelled().size()).isBetween(4, 20);
    // the trial in flight at the cancel ends CANCELLED, or COMPLETED if it finished first: none
    // failed
    assertThat(o.cancelled().trials())
        .extracting(TrialRecord::status)
        .isSubsetOf(TrialStatus.COMPLETED, TrialStatus.CANCELLED);
    assertThat(EmbeddedSweeps.sweepThreads()).isEmpty();
    String console = text.toString(StandardCharsets.UTF_8);
    assertThat(console.lines().filter(l -> l.startsWith("[")))
        .hasSizeGreaterThanOrEqualTo(28)
        .allMatch(l -> l.matches("\\[host-ui\\] (random|more-random|cancelled): trial \\d+ .*"));
    assertThat(console)
        .contains(
            "first sweep done: best ", "cancelled the third sweep after ", "second sweep: best ");
  }
}
