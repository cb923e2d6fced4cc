/**
 * Search samplers beyond the grid and random ones of {@link dev.sweep.sampler}: quasi-random
 * (Sobol, Latin hypercube) and adaptive (TPE, a Gaussian process, CMA-ES, and for several
 * objectives NSGA-II and TPE as MOTPE), all made by {@link
 * dev.sweep.sampler.search.SearchSamplers}, which also makes {@link
 * dev.sweep.sampler.search.AutoSampler}, the choice among them by the space, the objectives and the
 * budget. They work with constraints, branches and every backend, and share one encoding of a space
 * as points.
 */
package dev.sweep.sampler.search;
