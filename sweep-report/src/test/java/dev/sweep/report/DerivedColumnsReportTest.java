package dev.sweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.Result;
import dev.sweep.Sweep;
import dev.sweep.population.Population;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A derived value (pycls's favourite, lr·wd) is a column of the population read back from the
 * folder, so the page plots the error against it as against a sampled parameter.
 */
class DerivedColumnsReportTest {
  @Test
  void errorAgainstADerivedValue_isPlotted(@TempDir Path dir) {
    Space space =
        Space.builder()
            .add("optim.lr", Floats.logUniform(1e-3, 1))
            .add("optim.wd", Floats.logUniform(1e-5, 1e-2))
            .derive("optim.lr_wd", c -> c.getDouble("optim.lr") * c.getDouble("optim.wd"))
            .build();
    Objective error = Objective.minimize("error");
    Sweep.builder(
            space,
            t -> Result.of("error", Math.abs(Math.log10(t.config().getDouble("optim.lr_wd")) + 4)))
        .objective(error)
        .sampler(Samplers.random(7))
        .maxTrials(30)
        .directory(dir)
        .build()
        .run();

    Population p = SweepFolder.population(dir, error);
    assertThat(p.parameterNames()).contains("optim.lr", "optim.wd", "optim.lr_wd");
    double lrWd = ((Number) p.trials().get(0).params().get("optim.lr_wd")).doubleValue();
    assertThat(lrWd)
        .isCloseTo(
            p.trials().get(0).config().getDouble("optim.lr")
                * p.trials().get(0).config().getDouble("optim.wd"),
            org.assertj.core.data.Offset.offset(1e-15));

    String html = Report.builder().sweep("s", p).build().html();
    assertThat(html).contains("optim.lr_wd");
    assertThat(p.importance().get(0).param())
        .as("the error depends on lr·wd alone")
        .isEqualTo("optim.lr_wd");
  }
}
