/** Trials as SLURM job arrays, and the worker entry point each array task runs. */
module dev.sweep.slurm {
  requires transitive dev.sweep.core;
  requires transitive dev.sweep.process;
  requires jdk.unsupported; // sun.misc.Signal: a worker stops its trial on SLURM's SIGTERM

  exports dev.sweep.slurm;
}
