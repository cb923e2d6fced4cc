/**
 * Where runs record their trials: {@link dev.sweep.store.SweepStore} is what a run records into and
 * resumes from; {@link dev.sweep.store.SweepFolder}, the durable one, keeps a sweep's definition,
 * an append-only journal of trial events (the single source of truth, replayed to resume), the
 * trials' own folders, and an operating-system lock that a killed driver cannot leave behind;
 * {@link dev.sweep.internal.AtomicFiles} writes whole files or nothing.
 *
 * <pre>{@code
 * Sweep.builder(space, runner).directory(Path.of("sweeps/lr-wd")).maxTrials(200).build().run();
 * // killed? run the same code again: finished trials are kept, the rest run in their old folders
 * Population so_far = SweepFolder.population(Path.of("sweeps/lr-wd"), Objective.minimize("error"));
 * }</pre>
 */
package dev.sweep.store;
