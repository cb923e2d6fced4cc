/**
 * Sweeps as JUnit 5 tests: {@link dev.sweep.junit.SweepTest} turns a sweep into the dynamic tests
 * of a {@code @TestFactory}, one per trial named by its config, then one per expectation on the
 * population. Needs junit-jupiter-api, an optional dependency of sweep-core; nothing else in the
 * library touches JUnit.
 */
package dev.sweep.junit;
