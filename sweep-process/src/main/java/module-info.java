/**
 * Trials as processes on this machine: command templates, slots (GPUs), logs, metrics, containment.
 */
module dev.sweep.process {
  requires transitive dev.sweep.core;

  exports dev.sweep.process;
}
