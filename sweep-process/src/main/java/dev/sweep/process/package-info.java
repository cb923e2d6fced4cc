/**
 * The local process backend: trials as programs on this machine, one or more steps each, with a
 * pool of resource slots (GPUs) and the file protocol that out-of-process trials report through.
 * {@link dev.sweep.process.ProcessRunner} is a {@link dev.sweep.Runner}, so the in-JVM {@link
 * dev.sweep.Sweep} runs it on as many threads as there are slots.
 *
 * <pre>{@code
 * ProcessRunner runner = ProcessRunner.builder()
 *     .step("train", "python3 train.py --lr {optim.lr} --depth {model.depth} [amp] --out {_output}")
 *     .step("test", "python3 test.py --checkpoint {_output}/model.pt")
 *     .slots(List.of("0", "1"))
 *     .timeout(Duration.ofHours(4))
 *     .build();
 * Sweep.builder(space, runner).directory(Path.of("runs/depth")).threads(2).maxTrials(40).build().run();
 * }</pre>
 *
 * <h2>Command templates</h2>
 *
 * A step is a {@link dev.sweep.process.CommandTemplate}: a command line split into words without a
 * shell ({@code parse}), an argument vector ({@code of}), or an explicit {@code /bin/sh} script
 * ({@code shell}).
 *
 * <ul>
 *   <li>{@code {optim.lr}}: the config value at that dotted path. A word is one argument whatever
 *       the value holds; inside a word ({@code --lr={optim.lr}}) it is replaced in place. A missing
 *       or null value fails the trial before any step runs, naming the placeholder, the template
 *       and the keys that do exist.
 *   <li>{@code [optim.amp]} as a word of its own: {@code --amp value}, named by the path's last
 *       segment; for a boolean {@code --amp} when true, nothing when false; nothing when the path
 *       is missing or null.
 *   <li>{@code {_output}} (trial folder), {@code {_name}}, {@code {_id}}, {@code {_config}}, {@code
 *       {_config_json}}, {@code {_metrics}}, {@code {_slot}}. Other {@code {_…}} names are refused
 *       when parsing.
 *   <li><code>{{</code> and <code>}}</code> are literal braces; single-quoted text is literal.
 *   <li>Values as text: strings as they are, numbers and booleans as in JSON, lists and maps as
 *       compact JSON ({@code [64,128]}).
 * </ul>
 *
 * No shell runs unless a step is {@code CommandTemplate.shell(…)}. Even then values are never shell
 * code: they are passed to {@code sh} as positional parameters ({@code "${1}"}), so {@code $(touch
 * x)}, {@code ; rm -rf ~}, backticks and newlines stay text.
 *
 * <h2>What a process gets</h2>
 *
 * Its trial folder holds {@code config.json} ({@code $SWEEP_CONFIG}), no {@code metrics.jsonl}
 * ({@code $SWEEP_METRICS}: the program's first append makes it; an earlier attempt's is removed),
 * {@code attempt.json} (which driver and process run it), and per step {@code <step>.out}, {@code
 * <step>.err} and {@code <step>.cmd} (reruns the step by hand). The environment adds {@code
 * SWEEP_TRIAL_ID}, {@code SWEEP_TRIAL_NAME}, {@code SWEEP_TRIAL_DIR}, {@code SWEEP_STEP}, {@code
 * SWEEP_DRIVER}, {@code SWEEP_GRACE_MS}, and with slots {@code SWEEP_SLOT} and {@code
 * CUDA_VISIBLE_DEVICES}.
 *
 * <h2>The metrics file</h2>
 *
 * One JSON object per line, appended by the program while it runs; lines are read as they are
 * completed, so curves are live.
 *
 * <ul>
 *   <li>A line with an integer {@code "step"} is a point of the curve: every other field that holds
 *       a number is a metric at that step ({@code {"step": 3, "loss": 0.21}}).
 *   <li>A line with {@code "final": true}, or without {@code "step"}, gives final metrics ({@code
 *       {"test_error": 0.031}}).
 *   <li>Fields that are not numbers (strings, objects, null) are ignored; {@code NaN} and {@code
 *       Infinity} as Python writes them are numbers.
 *   <li>A malformed line (not JSON, not an object, a step that is not an integer, no number) is
 *       skipped with a warning naming the file and line number; it never fails the trial.
 *   <li>The result: for each metric, the last match of its regex parser if it has one, else its
 *       value in the last final line that has it, else its last value on the curve. A trial whose
 *       steps all exit with 0 but report nothing fails.
 * </ul>
 *
 * <h2>Failures</h2>
 *
 * A step that exits with a code other than 0 stops its trial (the later steps do not run) with a
 * {@link dev.sweep.process.StepFailedException} quoting the last lines of its stderr. A timeout or
 * a cancelled sweep sends {@code SIGTERM} to the step's whole process tree, then {@code SIGKILL}
 * after the grace period.
 *
 * <h2>No process outlives its driver</h2>
 *
 * <ul>
 *   <li>Each step starts in a session of its own ({@code setsid}): a terminal's Ctrl-C and hang-up
 *       reach the driver, not the trials; the driver cancels, and the trials end CANCELLED.
 *   <li>Every process of a trial carries {@code SWEEP_DRIVER} (random, one per driver JVM) and
 *       {@code SWEEP_TRIAL_DIR} in its environment, so that a daemon that double-forked and left
 *       the session is still found in {@code /proc}: on timeout and cancel it is ended with the
 *       step's tree.
 *   <li>The first step a JVM starts also starts a reaper: a shell in its own session that checks
 *       every second that the driver still runs. When the driver ends, however it ends ({@code kill
 *       -9} included), the reaper ends every process marked with that driver: {@code SIGTERM}, then
 *       {@code SIGKILL} after the grace period ({@code SWEEP_GRACE_MS}).
 *   <li>{@code attempt.json} in the trial folder names the last attempt's driver and process (pid
 *       and start time). An attempt that finds it (a resume, a retry, a rerun) first ends every
 *       process still marked with the folder and waits for it to be gone: two attempts of a trial
 *       never run at once.
 *   <li>The sweep creates and opens the files of a trial folder without following links, so a trial
 *       that leaves links there cannot make the driver write or read outside it.
 * </ul>
 *
 * Where {@code setsid} or {@code /proc} is missing (macOS), the parts that need them are left out.
 */
package dev.sweep.process;
