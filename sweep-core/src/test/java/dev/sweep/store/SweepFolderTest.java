package dev.sweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where a sweep folder puts its trials. */
class SweepFolderTest {
  @Test
  void trialFolders_areTheIdInSixDigits_thenTheReadableName() {
    Path dir = Path.of("/runs/lr");
    assertThat(SweepFolder.trialDir(dir, 7, "lr=0.1")).isEqualTo(Path.of("/runs/lr/trials/000007-lr=0.1"));
    assertThat(SweepFolder.trialDir(dir, 0, "a=1")).isEqualTo(Path.of("/runs/lr/trials/000000-a=1"));
    assertThat(SweepFolder.trialDir(dir, 123456, "a=1")).isEqualTo(Path.of("/runs/lr/trials/123456-a=1"));
    assertThat(SweepFolder.trialDir(dir, 12345678, "a=1")).isEqualTo(Path.of("/runs/lr/trials/12345678-a=1"));
  }
}
