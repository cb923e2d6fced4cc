package dev.sweep.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each step leads a session of its own, so that a terminal's Ctrl-C, sent to the driver's process
 * group, does not reach it: whether its program is named absolutely, found on the PATH, or named
 * relative to the working directory.
 */
class OwnSessionTest {
  /** Writes "PID SID" of the step's process to {@code session} in its trial folder. */
  private static final String SESSION =
      "#!/bin/sh\nread -r s < /proc/$$/stat; set -- ${s##*) }; echo \"$$ $4\" > \"$SWEEP_TRIAL_DIR/session\"\n";

  @TempDir Path tmp;

  @BeforeEach
  void onLinuxWithSetsid() {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/setsid")) && Files.isDirectory(Path.of("/proc/self")));
  }

  private String[] session(ProcessRunner runner) throws Exception {
    TestTrial trial = TestTrial.of(Map.of(), tmp);
    runner.toBuilder().requireMetrics(false).build().run(trial);
    return Files.readString(trial.workDir().resolve("session")).strip().split(" ");
  }

  private Path script(Path dir) throws Exception {
    Files.createDirectories(dir);
    Path file = dir.resolve("session.sh");
    Files.writeString(file, SESSION);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @Test
  void aProgramNamedAbsolutely_leadsItsSession() throws Exception {
    String[] pidAndSid =
        session(
            ProcessRunner.builder()
                .step("run", CommandTemplate.of(List.of(script(tmp.resolve("bin")).toString())))
                .build());
    assertThat(pidAndSid[1]).isEqualTo(pidAndSid[0]);
    assertThat(pidAndSid[1]).isNotEqualTo(Long.toString(ProcessHandle.current().pid()));
  }

  @Test
  void aProgramNamedRelativeToTheWorkingDirectory_leadsItsSession() throws Exception {
    Path work = tmp.resolve("work");
    script(work.resolve("tools"));
    String[] pidAndSid =
        session(
            ProcessRunner.builder()
                .step("run", CommandTemplate.of(List.of("./tools/session.sh")))
                .workingDirectory(work)
                .build());
    assertThat(pidAndSid[1]).isEqualTo(pidAndSid[0]);
  }

  @Test
  void aShellScriptStep_leadsItsSession() throws Exception {
    String[] pidAndSid =
        session(
            ProcessRunner.builder()
                .step("run", CommandTemplate.shell(SESSION.substring(SESSION.indexOf('\n') + 1)))
                .build());
    assertThat(pidAndSid[1]).isEqualTo(pidAndSid[0]);
  }
}
