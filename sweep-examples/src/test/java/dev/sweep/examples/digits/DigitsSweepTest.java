package dev.sweep.examples.digits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.population.Population;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitsSweepTest {

  @Test
  void exampleSweep_trainsRealModelsAndFindsAGoodOne(@TempDir Path out) throws Exception {
    Population population = DigitsSweep.run(8, 2, out);

    assertThat(population.size()).isEqualTo(8);
    assertThat(population.statusCounts()).containsEntry(TrialStatus.COMPLETED, 8L);
    for (TrialRecord t : population.trials()) {
      assertThat(t.config().getDouble("optim.lr") / t.config().getInt("train.batch"))
          .as("the constraint holds")
          .isLessThanOrEqualTo(0.004);
      assertThat(t.curve()).as("one report per epoch").hasSize(10);
    }
    assertThat(population.best().orElseThrow().metrics().get("error")).isLessThan(0.10);
    assertThat(Files.readAllLines(out.resolve("trials.csv"))).hasSize(9);
    assertThat(out.resolve("trials.json")).isNotEmptyFile();

    ByteArrayOutputStream text = new ByteArrayOutputStream();
    DigitsSweep.print(population, new PrintStream(text, true, StandardCharsets.UTF_8));
    assertThat(text.toString(StandardCharsets.UTF_8))
        .contains("Top 5 of 8 trials", "EDF of the error", "50%:", "Error by batch size");
  }
}
