package dev.sweep.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error names the file, line, column and field, the bad value and what is allowed. */
class SpecErrorTest {
  private static final String DISTRIBUTIONS =
      "(distributions: uniform, log_uniform, normal, log_normal, beta, int, int_log, "
          + "power_of_two, multiple_of, choice, bool, constant, list; also branches, coupled)";

  @TempDir Path dir;

  /** Asserts that reading {@code yaml} fails with {@code FILE:message}. */
  private void fails(String yaml, String message) throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, yaml);
    assertThatThrownBy(() -> SweepSpec.read(file))
        .isInstanceOf(SpecException.class)
        .hasMessage(file + ":" + message);
  }

  @Test
  void unknownKey_hintsTheClosest() throws IOException {
    fails(
        "trials: 2\nsampeler: {type: random}\ncommand: [/bin/true]\n",
        "2:1: sweep: unknown key 'sampeler'; did you mean 'sampler'? (allowed: name, objective, objectives, outcome_constraints, sampler, stopping, trials, "
            + "retries, retention, fail_fast, threads, directory, base, parameters, constraints, probe, command, steps, shell, slots, slot_variable, timeout, "
            + "grace, env, prologue, working_directory, job_folders, snapshot, parse, value_format, wandb_shim, slurm, analyze, enqueue, warm_start)");
  }

  @Test
  void unknownDistribution_hintsTheClosest() throws IOException {
    fails(
        "trials: 2\ncommand: [/bin/true]\nparameters:\n  optim.lr: {loguniform: [1.0e-4, 0.1]}\n",
        "4:14: optim.lr: unknown distribution 'loguniform'; did you mean 'log_uniform'? "
            + DISTRIBUTIONS);
  }

  @Test
  void misspeltDistributionWithArguments_isNotTakenForNesting() throws IOException {
    fails(
        "trials: 2\ncommand: [/bin/true]\nparameters:\n  init: {normall: {mean: 1, sd: 0.2, min: 0.5, max: 1.5}}\n",
        "4:10: init: unknown distribution 'normall'; did you mean 'normal'? " + DISTRIBUTIONS);
  }

  @Test
  void unknownModifier_hintsTheClosest() throws IOException {
    fails(
        "trials: 2\ncommand: [/bin/true]\nparameters:\n  optim.momentum: {uniform: [0.8, 0.99], stpe: 0.01}\n",
        "4:42: optim.momentum: unknown key 'stpe'; did you mean 'step'? (allowed: uniform, step, grid, ints)");
  }

  @Test
  void wrongArity() throws IOException {
    fails(
        "trials: 2\ncommand: [/bin/true]\nparameters:\n  x: {uniform: [0, 1, 2]}\n",
        "4:16: x: wanted 2 numbers [lo, hi], found 3");
  }

  @Test
  void minAboveMax_isTheCoresMessageAtTheParameter() throws IOException {
    fails(
        "trials: 2\ncommand: [/bin/true]\nparameters:\n  model.depth: {int: [30, 10]}\n",
        "4:16: model.depth: intRange[30, 10] needs lo <= hi, got [30, 10]");
    fails(
        "trials: 2\ncommand: [/bin/true]\nparameters:\n  optim.lr: {log_uniform: [0, 0.1]}\n",
        "4:13: optim.lr: logUniform[0.0, 0.1] needs 0 < lo < hi, got [0.0, 0.1]");
  }

  @Test
  void coreErrorInABranch_namesTheFullPath() throws IOException {
    fails(
        "trials: 2\ncommand: [/bin/true]\nparameters:\n  model:\n    branches:\n      resnet: {depth: {power_of_two: [3, 64]}}\n",
        "6:23: model.depth: powerOfTwo[3, 64] needs powers of two 1 <= lo <= hi, got [3, 64]");
  }

  @Test
  void missingCommand() throws IOException {
    fails(
        "trials: 2\nparameters:\n  x: {int: [1, 3]}\n",
        "1:1: command: missing; give the command that runs one trial, e.g. command: python3 train.py --lr {optim.lr} "
            + "--out {_output}, or steps: [{name: train, command: …}, …]");
  }

  @Test
  void unknownPlaceholder_hintsTheClosestPath() throws IOException {
    fails(
        "trials: 2\ncommand: python3 train.py --lr {optim.lrr}\nparameters:\n  optim.lr: {log_uniform: [1.0e-4, 0.1]}\n  optim.wd: 0.1\n",
        "2:10: command: unknown placeholder 'optim.lrr': no parameter or base value has that path; did you mean "
            + "'optim.lr'? (known: optim.lr, optim.wd)");
  }

  @Test
  void unknownFlag_hintsThePathWithTheSameLastSegment() throws IOException {
    fails(
        "trials: 2\ncommand: python3 train.py [amp]\nparameters:\n  train.amp: {bool: true}\n",
        "2:10: command: unknown placeholder 'amp': no parameter or base value has that path; did you mean "
            + "'train.amp'? (known: train.amp)");
  }

  @Test
  void unknownReservedPlaceholder() throws IOException {
    fails(
        "trials: 2\ncommand: python3 train.py --out {_outptu}\n",
        "2:10: command: template 'python3 train.py --out {_outptu}': unknown reserved placeholder {_outptu}; the "
            + "reserved ones are {_output}, {_name}, {_id}, {_config}, {_config_json}, {_metrics}, {_slot}");
  }

  @Test
  void slotPlaceholderWithoutSlots_saysHowInThisFilesWords() throws IOException {
    fails(
        "trials: 2\ncommand: echo {_slot}\n",
        "2:10: command: step 'run' uses {_slot}, but the runner has no slots; give them with slots: [\"0\", \"1\"]");
  }

  @Test
  void yamlSyntaxAndDuplicateKeys() throws IOException {
    fails(
        "trials: 2\ncommand: [/bin/true\n",
        "3:1: YAML syntax: expected ',' or ']', but got <stream end> (while parsing a flow sequence at line 2, column 10)");
    fails(
        "trials: 2\ntrials: 3\ncommand: [/bin/true]\n",
        "2:1: the key 'trials' appears twice in one mapping (first at line 1); keep one");
    fails(
        "- a\n- b\n",
        "1:1: a sweep file is a mapping of fields (name, parameters, command, …), found a list");
  }

  @Test
  void randomWithoutTrials_andGridOverAContinuousDomain() throws IOException {
    fails(
        "command: [/bin/true]\nparameters:\n  x: {uniform: [0, 1]}\n",
        "1:1: trials: missing; a random sampler has no end, so say how many trials to run (trials: 40)");
    fails(
        "sampler: grid\ncommand: [/bin/true]\nparameters:\n  x: {uniform: [0, 1]}\n",
        "4:6: x: the grid sampler needs a finite list of values, but uniform[0.0, 1.0] is continuous; add grid: "
            + "[...] or step: …, or use sampler: {type: random, seed: …}");
  }

  @Test
  void wrongTypes_sayWhatWasFoundAndWanted() throws IOException {
    fails(
        "trials: many\ncommand: [/bin/true]\n",
        "1:9: trials: wanted an integer, found the string 'many'");
    fails(
        "trials: 2\ncommand: [/bin/true]\nsampler: {type: random, seed: 1.5}\n",
        "3:31: sampler.seed: wanted an integer, found the number 1.5");
    fails(
        "trials: 2\ncommand: [/bin/true]\ntimeout: 2 hours\n",
        "3:10: timeout: wanted a duration such as 90s, 30m, 2h, 1h30m or 500ms, found the string '2 hours'");
    fails(
        "trials: 2\nobjective: {metric: error, goal: minimise}\ncommand: [/bin/true]\n",
        "2:34: objective.goal: unknown goal 'minimise'; did you mean 'minimize'? (allowed: minimize, maximize)");
  }

  @Test
  void ambiguousForms_areRefusedWithTheFix() throws IOException {
    fails(
        "trials: 2\ncommand: [/bin/true]\nparameters:\n  x: [1, 2]\n",
        "4:6: x: a bare list is not a parameter; write {choice: [...]} to pick one of the values, or {constant: [...]} "
            + "for a constant list");
    fails(
        "trials: 2\ncommand: [/bin/true]\nparameters:\n  x: {bool: false}\n",
        "4:13: x: write {bool: true} for a sampled true or false, or a bare true or false for a constant; found the "
            + "boolean false");
    fails(
        "trials: 2\ncommand: [/bin/true]\nparameters:\n  x: {int: [1, 2]}\n  x.y: 3\n",
        "5:8: x.y: path 'x.y' conflicts with 'x'; one cannot be both a value and a map");
  }

  @Test
  void runnerOptions_areCheckedByTheRunnersBuilder() throws IOException {
    fails(
        "trials: 2\nsteps:\n  - {name: \"bad name\", command: [/bin/true]}\n",
        "3:12: steps[0].name: step name 'bad name' is not allowed; it names the step's log files, so use letters, "
            + "digits, _ and - (at most 64, starting with a letter or digit)");
    fails(
        "trials: 2\ncommand: [/bin/true]\nbase: nothere.yaml\n",
        "3:7: base: no such file: " + dir.resolve("nothere.yaml"));
    fails(
        "trials: 2\ncommand: [/bin/true]\nparameters:\n  model:\n    branches: {a: {d: {int: [1, 2]}}, b: {}}\n    weights: {a: 1}\n",
        "6:14: model.weights: 'b' is missing; give every branch a weight");
  }

  @Test
  void missingFile() {
    Path file = dir.resolve("none.yaml");
    assertThatThrownBy(() -> SweepSpec.read(file))
        .isInstanceOf(SpecException.class)
        .hasMessage(file + ":1:1: no such file");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void retention_unknownPolicy_hintsTheClosest() throws IOException {
    fails(
        "trials: 2\ncommand: [/bin/true]\nretention: {keep: lats, files: [\"ckpt/*.pt\"]}\n",
        "3:19: retention.keep: unknown policy 'lats'; did you mean 'last'? "
            + "(allowed: all, last, none, {best: K})");
  }

  @Test
  void retention_globOutsideTheTrialFolder_isLocatedAtTheFiles() throws IOException {
    fails(
        "trials: 2\ncommand: [/bin/true]\nretention: {keep: none, files: [\"../ckpt/*.pt\"]}\n",
        "3:32: retention: retention glob '../ckpt/*.pt' has a '..' part; "
            + "retention never leaves the trial folder");
    fails(
        "trials: 2\ncommand: [/bin/true]\nretention: {keep: {best: 0}, files: \"*.pt\"}\n",
        "3:26: retention.keep.best: wanted an integer >= 1, found 0");
  }

  @Test
  void prologue_thatIsNoShellLines_saysWhatIsWanted() throws IOException {
    fails(
        "trials: 2\ncommand: [/bin/true]\nprologue: {module: cuda}\n",
        "3:11: prologue: wanted shell lines, a string or a list of strings such as "
            + "[\"module load cuda\", \"source venv/bin/activate\"], found a mapping");
  }
}
