/**
 * The SLURM backend: trials submitted as job arrays, polled in one query per interval, requeued on
 * preemption, and the worker entry point that runs a Java runner inside a job. Not yet implemented:
 * see the project's issues.
 */
package dev.sweep.slurm;
