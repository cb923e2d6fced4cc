/** Early stopping: the {@link dev.sweep.stopping.StoppingRule} interface that sweeps consult. */
package dev.sweep.stopping;
