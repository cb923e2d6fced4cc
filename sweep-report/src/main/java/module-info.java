/** The self-contained HTML analysis of one or more populations. */
module dev.sweep.report {
  requires transitive dev.sweep.core;

  exports dev.sweep.report;
}
