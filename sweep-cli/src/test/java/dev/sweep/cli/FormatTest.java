package dev.sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FormatTest {
  @Test
  void number_fourSignificantDigits() {
    assertThat(Format.number(0.025123)).isEqualTo("0.02512");
    assertThat(Format.number(12.5)).isEqualTo("12.5");
    assertThat(Format.number(1024)).isEqualTo("1024");
    assertThat(Format.number(3.1e-5)).isEqualTo("3.1e-05");
    assertThat(Format.number(Double.NaN)).isEqualTo("NaN");
  }

  @Test
  void duration_inTheLargestUnits() {
    assertThat(Format.duration(Duration.ofMillis(450))).isEqualTo("450ms");
    assertThat(Format.duration(Duration.ofMillis(12_345))).isEqualTo("12.3s");
    assertThat(Format.duration(Duration.ofSeconds(185))).isEqualTo("3m05s");
    assertThat(Format.duration(Duration.ofMinutes(62))).isEqualTo("1h02m");
  }

  @Test
  void failure_dropsThePackage_andKeepsTheFirstLines() {
    String recorded =
        "dev.sweep.process.StepFailedException: step 'train' exited with code 1; last lines of x.err:\n"
            + "  Traceback\n  ValueError: bad";
    assertThat(Format.failure(recorded, 2))
        .isEqualTo(
            "StepFailedException: step 'train' exited with code 1; last lines "
                + "of x.err:\n  Traceback");
    assertThat(Format.failure("java.util.concurrent.TimeoutException: trial 3 timed out", 1))
        .isEqualTo("TimeoutException: trial 3 timed out");
    assertThat(Format.failure("the runner returned null instead of a Result", 1))
        .isEqualTo("the runner returned null instead of a Result");
  }
}
