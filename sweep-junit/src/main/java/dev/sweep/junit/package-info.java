/**
 * Sweeps as JUnit 5 tests: {@link dev.sweep.junit.DynamicSweep} turns a sweep into the dynamic
 * tests of a {@code @TestFactory}, one per trial named by its config, then one per expectation on
 * the population. This module brings junit-jupiter-api; nothing else in the library touches JUnit.
 */
package dev.sweep.junit;
