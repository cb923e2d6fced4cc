/**
 * Deprecated forwarders, kept so that programs written against version 0.1 still compile: the
 * samplers moved to {@link dev.sweep.sampler.search} ({@link
 * dev.sweep.sampler.search.SearchSamplers}), the stopping rules to {@link dev.sweep.stopping.rules}
 * ({@link dev.sweep.stopping.rules.StoppingRules}). Each class here wraps its new namesake and goes
 * in a later release.
 */
package dev.sweep.samplers;
