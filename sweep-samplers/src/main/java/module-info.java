/**
 * Quasi-random and model-based samplers (Sobol, Latin hypercube, TPE and MOTPE, Gaussian process,
 * CMA-ES, NSGA-II) and early-stopping rules (median, ASHA, Hyperband, W&amp;B's Hyperband).
 */
module dev.sweep.samplers {
  requires transitive dev.sweep.core;
  requires com.google.common;
  requires commons.math3;
  requires org.slf4j;

  exports dev.sweep.sampler.search;
  exports dev.sweep.stopping.rules;
  exports dev.sweep.samplers; // the former names, deprecated
}
