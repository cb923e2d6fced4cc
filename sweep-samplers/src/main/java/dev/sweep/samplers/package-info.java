/**
 * Quasi-random (Sobol, Latin hypercube) and adaptive (TPE) samplers and early-stopping schedulers
 * (median, ASHA, Hyperband). Not yet implemented: see the project's issues.
 */
package dev.sweep.samplers;
