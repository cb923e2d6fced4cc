/**
 * The sweep file: YAML that maps one to one onto the builder API of {@code sweep-core}. {@link
 * dev.sweep.cli.spec.SweepSpec#read} parses it once into a tree that remembers each node's line and
 * column, reads each field into a builder call ({@code parameters} into {@code Space.Builder.add},
 * {@code probe} into {@code Space.Builder.probe} ({@code CommandProbe}, or {@code PyclsComplexity},
 * pycls's model complexity ported to Java), {@code command} or {@code steps} into {@code
 * ProcessRunner.Builder.step}, the rest into {@code Sweep.Builder}), and reports the first problem
 * as a {@link dev.sweep.cli.spec.SpecException}: {@code FILE:LINE:COLUMN: FIELD: problem}, with
 * what is allowed and a "did you mean" where a key is misspelt. The format is in the module's
 * README and in {@code sweep.schema.json}.
 */
package dev.sweep.cli.spec;
