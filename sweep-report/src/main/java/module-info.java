/**
 * The self-contained HTML analysis of one or more populations, and the live page that follows
 * running sweeps ({@code LiveServer}).
 */
module dev.sweep.report {
  requires transitive dev.sweep.core;
  requires jdk.httpserver;

  exports dev.sweep.report;
}
