package dev.sweep.benchmarks.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.space.Ints;
import dev.sweep.space.Space;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The suite's "real ML" problems: a scikit-learn model's cross-validated error on one of
 * scikit-learn's bundled datasets, computed once over a grid of its hyperparameters by
 * bench/suite_tabular.py and committed as tabular.json beside this class. The space is one {@link
 * Ints#range} index per axis of the grid (0 = the axis's first value, in the order the file lists
 * them: increasing), so a trial is a lookup; the regret is the error minus the grid's best error.
 */
final class SuiteTabular {
  private SuiteTabular() {}

  static List<SuiteProblem> problems() {
    JsonNode doc;
    try (InputStream in = SuiteTabular.class.getResourceAsStream("tabular.json")) {
      if (in == null) {
        throw new IllegalStateException("tabular.json is not on the class path");
      }
      doc = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<SuiteProblem> out = new ArrayList<>();
    for (JsonNode t : doc.get("problems")) {
      List<String> names = new ArrayList<>();
      List<Integer> sizes = new ArrayList<>();
      Space.Builder space = Space.builder();
      for (JsonNode a : t.get("axes")) {
        names.add(a.get("name").asText());
        sizes.add(a.get("values").size());
        space.add(a.get("name").asText(), Ints.range(0, a.get("values").size() - 1L));
      }
      double[] errors = new double[t.get("errors").size()];
      int best = 0;
      for (int i = 0; i < errors.length; i++) {
        errors[i] = t.get("errors").get(i).asDouble();
        if (errors[i] < errors[best]) {
          best = i;
        }
      }
      Map<String, Object> at = new LinkedHashMap<>();
      int rest = best;
      for (int k = names.size() - 1; k >= 0; k--) {
        at.put(names.get(k), (long) (rest % sizes.get(k)));
        rest /= sizes.get(k);
      }
      Map<String, Object> ordered = new LinkedHashMap<>();
      for (String n : names) {
        ordered.put(n, at.get(n));
      }
      out.add(
          new SuiteProblem(
              t.get("name").asText(),
              "tabular",
              space.build(),
              c -> {
                int idx = 0;
                for (int k = 0; k < names.size(); k++) {
                  idx = idx * sizes.get(k) + (int) c.getLong(names.get(k));
                }
                return errors[idx];
              },
              errors[best],
              ordered,
              false,
              false,
              Optional.empty(),
              Optional.empty()));
    }
    return out;
  }
}
