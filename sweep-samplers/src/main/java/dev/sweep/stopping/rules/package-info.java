/**
 * Early-stopping rules: the median rule, asynchronous successive halving, Hyperband and W&amp;B's
 * hyperband, all made by {@link dev.sweep.stopping.rules.StoppingRules}.
 */
package dev.sweep.stopping.rules;
