/**
 * Samplers choose configs from a space: {@link dev.sweep.sampler.Samplers#grid()} and {@link
 * dev.sweep.sampler.Samplers#random(long)} here, quasi-random and adaptive ones in {@code
 * sweep-samplers}. A {@link dev.sweep.sampler.Sampler} is an immutable description; its {@link
 * dev.sweep.sampler.Sampler.Sampling} is the state of one sweep, asked for trial indices in order
 * and told the outcomes.
 */
package dev.sweep.sampler;
