package dev.sweep.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DysweepFormatTest {
  @Test
  void print() throws Exception {
    Path file = Path.of(getClass().getResource("/formats/dysweep/config1.yaml").toURI());
    String out = SpecReader.convert(file, FixtureEnvironment.get(), FixtureEnvironment.NOW);
    System.out.println(out);
    assertThat(out).isNotEmpty();
  }
}
