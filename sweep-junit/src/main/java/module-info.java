/** Sweeps as JUnit 5 dynamic tests. */
module dev.sweep.junit {
  requires transitive dev.sweep.core;
  requires transitive org.junit.jupiter.api;

  exports dev.sweep.junit;
}
