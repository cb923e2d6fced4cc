package dev.sweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LivePlotsTest {
  @Test
  void domains_areReadFromTheDefinitionsSpace() {
    Map<String, LivePlots.Domain> d =
        LivePlots.domains(
            "Space[optim.lr: logUniform[1.0E-4, 0.1], x: uniform[-1.0, 1.0], batch: powerOfTwo[16,"
                + " 256], depth: intRange[2, 8], w: logNormal(0.0, 1.0)[0.01, 100.0],"
                + " k: multipleOf(8)[8, 64], name: choice[sgd, adam]]");
    assertThat(d.keySet()).containsExactly("optim.lr", "x", "batch", "depth", "w", "k");
    assertThat(d.get("optim.lr")).isEqualTo(new LivePlots.Domain(1e-4, 0.1, true));
    assertThat(d.get("x")).isEqualTo(new LivePlots.Domain(-1, 1, false));
    assertThat(d.get("batch").log()).isTrue();
    assertThat(d.get("depth").log()).isFalse();
    assertThat(d.get("w")).isEqualTo(new LivePlots.Domain(0.01, 100, true));
    assertThat(d.get("k")).isEqualTo(new LivePlots.Domain(8, 64, false));
  }

  @Test
  void contour_ofManyTrials_poolsThemAndStillFindsTheBottom(@TempDir Path tmp) {
    Path dir = tmp.resolve("bowl");
    int trials = LivePlots.BINNED + 1000;
    LiveServerTest.bowl(dir, trials);
    Map<String, Object> plots =
        LivePlots.of(
            LiveFolder.definition(dir), Objective.minimize("error"), SweepFolder.replay(dir));
    @SuppressWarnings("unchecked")
    Map<String, Object> c = (Map<String, Object>) plots.get("contour");
    assertThat(c.get("n")).isEqualTo(trials);
    assertThat((String) c.get("method")).contains(trials + " completed");
    @SuppressWarnings("unchecked")
    List<List<Double>> z = (List<List<Double>>) c.get("z");
    int bi = 0;
    int bj = 0;
    for (int j = 0; j < LivePlots.GRID; j++) {
      for (int i = 0; i < LivePlots.GRID; i++) {
        assertThat(z.get(j).get(i)).as("no cell is far from 3,000 trials").isNotNull();
        if (z.get(j).get(i) < z.get(bj).get(bi)) {
          bi = i;
          bj = j;
        }
      }
    }
    boolean xFirst = c.get("x").equals("x");
    int xCell = xFirst ? bi : bj;
    int lrCell = xFirst ? bj : bi;
    // x = 0.3 is cell 7 of 24; log10(lr) = -2 is 2/3 of the way, cell 16
    assertThat(xCell).isBetween(5, 9);
    assertThat(lrCell).isBetween(14, 18);
  }
}
