/**
 * Quasi-random samplers (Sobol, Latin hypercube) and the adaptive TPE sampler, all through
 * {@link dev.sweep.samplers.MoreSamplers}. They work with constraints, branches and every backend.
 */
package dev.sweep.samplers;
