/**
 * The {@code sweep} command: a sweep file in, a sweep folder out.
 *
 * <pre>
 * sweep run digits.yaml                 create or resume runs/digits and run its trials
 * sweep setup digits.yaml               write every config for inspection, run nothing
 * sweep status runs/digits              counts by state, running trials, failures with their logs
 * sweep show runs/digits --top 5        the best trials, and the spread of the objective
 * sweep collect runs/digits             trials.json and trials.csv
 * sweep rerun runs/digits --failed      run failed trials again (or --trial 3)
 * sweep cancel runs/digits              stop the running driver and its trials
 * </pre>
 *
 * <p>{@link dev.sweep.cli.SweepCommand} is the command line; {@link dev.sweep.cli.Main} runs it and
 * exits. The sweep file itself is read by {@link dev.sweep.cli.spec.SweepSpec}. Only this module
 * prints; the libraries log through slf4j, which this application binds to slf4j-simple (warnings
 * only unless {@code --verbose}).
 */
package dev.sweep.cli;
