/**
 * Sweep's core: spaces, configs, samplers' and stopping rules' interfaces, the in-JVM sweep, its
 * stores and the population of trials.
 */
module dev.sweep.core {
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.yaml.snakeyaml;
  requires com.google.common;
  requires commons.math3;
  requires transitive org.slf4j;

  exports dev.sweep;
  exports dev.sweep.config;
  exports dev.sweep.population;
  exports dev.sweep.sampler;
  exports dev.sweep.space;
  exports dev.sweep.stopping;
  exports dev.sweep.store;
  exports dev.sweep.trial;

  // JSON and YAML, atomic files: shared by Sweep's own modules, not part of the API
  exports dev.sweep.internal to
      dev.sweep.process,
      dev.sweep.report,
      dev.sweep.slurm,
      dev.sweep.samplers,
      dev.sweep.junit,
      dev.sweep.postgres;
}
