package dev.sweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.trial.MetricBound;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import java.util.ArrayList;
import java.util.List;

/**
 * What a sweep's definition ({@code sweep.json}, or a store's copy of it) says it seeks: its {@code
 * objectives} and {@code outcome_constraints} where it has them, else its one {@code objective}
 * (what every sweep before several objectives wrote).
 */
final class DefinitionObjectives {
  private DefinitionObjectives() {}

  static Objectives read(JsonNode definition) {
    List<Objective> list = new ArrayList<>();
    for (JsonNode o : definition.path("objectives")) {
      list.add(objective(o));
    }
    if (list.isEmpty()) {
      list.add(objective(definition.path("objective")));
    }
    List<MetricBound> bounds = new ArrayList<>();
    for (JsonNode b : definition.path("outcome_constraints")) {
      String metric = b.path("metric").asText("");
      if (b.path("max").isNumber()) {
        bounds.add(MetricBound.atMost(metric, b.path("max").asDouble()));
      }
      if (b.path("min").isNumber()) {
        bounds.add(MetricBound.atLeast(metric, b.path("min").asDouble()));
      }
    }
    return Objectives.of(list).subjectTo(bounds.toArray(MetricBound[]::new));
  }

  /** One {@code {metric, goal}}; a sweep that named none sought {@code minimize value}. */
  static Objective objective(JsonNode o) {
    String metric = o.path("metric").asText("value");
    return o.path("goal").asText("minimize").equals("maximize")
        ? Objective.maximize(metric)
        : Objective.minimize(metric);
  }
}
