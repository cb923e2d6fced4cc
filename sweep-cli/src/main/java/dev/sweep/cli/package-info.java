/**
 * The {@code sweep} command: a sweep from a YAML file, run into a sweep folder, collected and
 * analysed. Not yet implemented: see the project's issues.
 */
package dev.sweep.cli;
