package dev.sweep.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.process.ProcessRunner;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Choices;
import dev.sweep.space.Space;
import dev.sweep.testing.Cluster;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Values with control characters on a real cluster: sbatch refuses a script with a carriage return
 * before a line break, so a value that reached the script's text would fail its whole batch. Each
 * value must reach the program byte for byte, and a trial whose value no program can receive (a
 * NUL) fails alone while the rest of its batch runs.
 */
class SlurmValuesFaultTest extends ClusterTest {
  /** Writes its arguments, then the variables HOSTILE and JSON, as NUL-ended bytes to seen.bin. */
  static final String RECORD =
      """
          import json, os, sys
          out = b''.join(os.fsencode(a) + b'\\0' for a in sys.argv[1:])
          out += os.environb[b'HOSTILE'] + b'\\0' + os.environb[b'JSON'] + b'\\0'
          open(os.path.join(os.environ['SWEEP_TRIAL_DIR'], 'seen.bin'), 'wb').write(out)
          open(os.environ['SWEEP_METRICS'], 'a').write(json.dumps({'error': len(sys.argv[1])}) + '\\n')
          """;

  static final List<String> VALUES =
      List.of(
          "plain",
          "dos\r\nline break",
          "lone\rreturn",
          "tab\there, \u0001 \u0002 \u001b[31m \u007f, 'single' \"double\" \\ $(touch pwned-1) `touch pwned-2` ${HOME} naïve ✓ 𝔘",
          "ends with a line break\n",
          "-n",
          "");
  static final String NUL = "nul\0byte";

  @Test
  void controlCharacters_reachTheProgramByteForByte_andABadTrialFailsAlone() throws Exception {
    Path bin = Cluster.countingCommands(tmp);
    Path record = Files.writeString(tmp.resolve("record.py"), RECORD);
    Path dir = tmp.resolve("sweep");
    Object[] choices = Stream.concat(VALUES.stream(), Stream.of(NUL)).toArray();
    SlurmRunner runner =
        SlurmRunner.builder()
            .command(
                ProcessRunner.builder()
                    .step("run", SubmissionTest.PYTHON + " " + record + " {v} {_config_json}")
                    .env("HOSTILE", "{v}")
                    .env("JSON", "{_config_json}")
                    .workingDirectory(tmp)
                    .build())
            .commands(bin)
            .time(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(500), Duration.ofSeconds(2))
            .build();

    Population population =
        Sweep.builder(Space.builder().add("v", Choices.of(choices)).build(), runner)
            .objective(Objective.minimize("error"))
            .sampler(Samplers.grid())
            .directory(dir)
            .threads(choices.length)
            .build()
            .run();

    assertThat(population.size()).isEqualTo(choices.length);
    for (TrialRecord t : population.trials()) {
      String v = t.config().getString("v");
      if (v.equals(NUL)) {
        assertThat(t.status()).isEqualTo(TrialStatus.FAILED);
        assertThat(t.failure().orElseThrow())
            .contains(
                "trial "
                    + t.id()
                    + ": the value of variable HOSTILE, 'nul\\0byte', holds a NUL character");
        continue;
      }
      assertThat(t.status())
          .as(visible(v) + ": " + t.failure().orElse(""))
          .isEqualTo(TrialStatus.COMPLETED);
      byte[] seen = Files.readAllBytes(LifecycleTest.trialDir(dir, t).resolve("seen.bin"));
      String json = t.config().toJson();
      assertThat(visible(seen)).as(visible(v)).isEqualTo(visible(nulEnded(v, json, v, json)));
    }
    // The trials that could run went out together, in one array; the NUL one never reached sbatch.
    assertThat(Cluster.calls(bin, "sbatch")).hasSize(1);
    String script = Files.readString(dir.resolve(SlurmRunner.FOLDER).resolve("b0001/job.sh"));
    assertThat(script).doesNotContain("line break", "lone", "pwned", "naïve", "\r");
    try (Stream<Path> files = Files.walk(tmp)) {
      assertThat(files.filter(p -> p.getFileName().toString().startsWith("pwned"))).isEmpty();
    }
  }

  private static byte[] nulEnded(String... fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String f : fields) {
      out.writeBytes(f.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    return out.toByteArray();
  }

  /** Bytes as text a failure message can show: every byte outside printable ASCII as \xNN. */
  private static String visible(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      int c = b & 0xff;
      s.append(
          c >= 0x20 && c < 0x7f && c != '\\'
              ? String.valueOf((char) c)
              : String.format("\\x%02x", c));
    }
    return s.toString();
  }

  private static String visible(String value) {
    return visible(value.getBytes(StandardCharsets.UTF_8));
  }
}
