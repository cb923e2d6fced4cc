package dev.sweep.report;

import static java.util.Objects.requireNonNull;

import dev.sweep.population.Population;

/** A sweep in the report: its label, population and definition (the YAML it ran, or null). */
record ReportedSweep(String label, Population population, String definition) {
  ReportedSweep {
    requireNonNull(label, "label == null");
    requireNonNull(population, "population == null");
  }
}
