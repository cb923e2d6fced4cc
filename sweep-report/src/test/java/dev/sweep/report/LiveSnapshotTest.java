package dev.sweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.trial.Objective;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a big sweep's snapshot sends: a bounded, deterministic sample and the EDF's quantiles. */
class LiveSnapshotTest {
  @Test
  void sample_isBounded_andKeepsTheBestTheNewestAndTheRunning() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = 0; id < 100_000; id++) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", id);
      r.put("status", id == 500 ? "running" : "completed");
      r.put("value", id == 500 ? null : (double) ((id * 7919) % 100_003));
      rows.add(r);
    }
    List<Map<String, Object>> sample =
        LiveSnapshot.sample(rows, Objective.minimize("error"), LiveSnapshot.SAMPLE);
    assertThat(sample).hasSizeLessThanOrEqualTo(LiveSnapshot.SAMPLE).hasSizeGreaterThan(1900);
    assertThat(sample).isEqualTo(LiveSnapshot.sample(rows, Objective.minimize("error"), 2000));
    List<Object> ids = sample.stream().map(r -> r.get("id")).toList();
    assertThat(ids).contains(500L, 99_999L, 0L).doesNotHaveDuplicates();
    assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare((Long) a, (Long) b));
    double bestSent =
        sample.stream()
            .filter(r -> r.get("value") != null)
            .mapToDouble(r -> (Double) r.get("value"))
            .min()
            .orElseThrow();
    assertThat(bestSent)
        .isEqualTo(
            rows.stream()
                .filter(r -> r.get("value") != null)
                .mapToDouble(r -> (Double) r.get("value"))
                .min()
                .orElseThrow());
  }

  @Test
  void edf_ofManyValues_isQuantiles_withTheEnds() {
    double[] values = new double[10_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = values.length - i;
    }
    List<List<Double>> edf = LiveSnapshot.edf(values);
    assertThat(edf).hasSize(LiveSnapshot.EDF_POINTS);
    assertThat(edf.get(0)).containsExactly(1.0, 1e-4);
    assertThat(edf.get(edf.size() - 1)).containsExactly(10_000.0, 1.0);
    assertThat(LiveSnapshot.edf(new double[] {2.0, 1.0}))
        .containsExactly(List.of(1.0, 0.5), List.of(2.0, 1.0));
  }
}
