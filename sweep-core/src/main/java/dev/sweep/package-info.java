/**
 * Running sweeps: {@link dev.sweep.Sweep} asks a sampler for configs, runs each through the user's
 * {@link dev.sweep.Runner} on threads in this JVM, tells {@link dev.sweep.SweepListener}s what
 * happens, and returns the {@link dev.sweep.population.Population}.
 *
 * <pre>{@code
 * Population population = Sweep.builder(space, trial -> Result.of("error", train(trial.config())))
 *     .objective(Objective.minimize("error"))
 *     .sampler(Samplers.random(42))
 *     .maxTrials(100)
 *     .threads(4)
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>The other packages are the rooms of the design: {@code space} (what to try), {@code sampler}
 * (how to choose), {@code config} (the values a trial sees), {@code population} (what happened).
 */
package dev.sweep;
