/**
 * The trial vocabulary every part of Sweep shares: a finished trial's {@link
 * dev.sweep.trial.TrialRecord}, its {@link dev.sweep.trial.TrialStatus}, the points of its learning
 * curve ({@link dev.sweep.trial.CurvePoint}) and the {@link dev.sweep.trial.Objective} trials are
 * ranked by. Samplers, stopping rules and stores speak it without touching the analytics of {@code
 * dev.sweep.population}.
 */
package dev.sweep.trial;
