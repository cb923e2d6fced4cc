/**
 * What happened: {@link dev.sweep.trial.TrialRecord}s gathered in a {@link
 * dev.sweep.population.Population} with its statistics (best, top-k, filters, group-by, quantiles,
 * the {@link dev.sweep.population.Edf}) and CSV/JSON export.
 */
package dev.sweep.population;
