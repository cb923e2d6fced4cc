package dev.sweep.slurm;

import dev.sweep.config.Names;
import dev.sweep.process.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a {@link SlurmRunner} was built with, as one immutable value with its defaults applied: the
 * {@link JobTracker} that submits and polls is given this, not the runner. It also says what the
 * settings mean to SLURM: sbatch's options, the job names, the jobs' working directory.
 *
 * @param payload the steps each task runs
 * @param partition {@code --partition}; null: the cluster's default
 * @param time {@code --time}; null: the partition's limit
 * @param memory {@code --mem}; null: the cluster's default
 * @param cpusPerTask {@code --cpus-per-task}; 0: not asked for
 * @param gpus {@code --gpus}; 0: not asked for
 * @param gres {@code --gres}; null: none
 * @param account {@code --account}; null: the user's default
 * @param qos {@code --qos}; null: the default
 * @param constraint {@code --constraint}; null: none
 * @param extraOptions more sbatch options, passed as they are, after the others
 * @param throttle the array's {@code %N}; 0: no limit
 * @param maxArraySize the largest array to submit; 0: what the cluster's MaxArraySize allows
 * @param requeues how often a task may requeue itself; 0: never ({@code --requeue} is not given)
 * @param warning how long before the time limit the warning signal comes; null: none
 * @param pollInterval how often squeue is asked, while tasks change
 * @param maxPollInterval the longest interval the back-off reaches
 * @param batchWindow how long the submitter waits for more trials before an sbatch
 * @param jobName the jobs' name before the folder token; null: {@code sweep-<folder name>}
 */
record SlurmSettings(
    ProcessRunner payload,
    String partition,
    Duration time,
    String memory,
    int cpusPerTask,
    int gpus,
    String gres,
    String account,
    String qos,
    String constraint,
    List<String> extraOptions,
    int throttle,
    int maxArraySize,
    int requeues,
    Duration warning,
    Duration pollInterval,
    Duration maxPollInterval,
    Duration batchWindow,
    String jobName) {

  SlurmSettings {
    extraOptions = List.copyOf(extraOptions);
  }

  /** The working directory of the jobs: the payload's, else the driver's. */
  Path workingDirectory() {
    return payload.workingDirectory().orElse(Path.of("").toAbsolutePath());
  }

  /** The job name prefix of a sweep folder's arrays: readable, and unique to the folder. */
  String jobNamePrefix(Path sweepDir) {
    String base =
        jobName != null ? jobName : "sweep-" + sweepDir.toAbsolutePath().normalize().getFileName();
    String token = Integer.toHexString(sweepDir.toAbsolutePath().normalize().toString().hashCode());
    return Names.safe(base).replace('=', '-').replace(',', '-') + "-" + token;
  }

  /**
   * sbatch's options for an array of {@code n} tasks, after array job {@code after} (or none): the
   * array and its logs, then the resources asked for, then the extra options as given.
   */
  List<String> sbatchOptions(Batch batch, int n, String after) {
    List<String> o = new ArrayList<>();
    o.add("--parsable");
    o.add("--job-name=" + batch.jobName());
    o.add("--array=0-" + (n - 1) + (throttle > 0 ? "%" + throttle : ""));
    String output = batch.outputPattern();
    o.add("--output=" + output);
    o.add("--error=" + output);
    o.add("--open-mode=append");
    o.add("--chdir=" + workingDirectory());
    if (requeues > 0) {
      o.add("--requeue");
    }
    if (after != null) {
      o.add("--dependency=afterany:" + after);
    }
    addResources(o);
    o.addAll(extraOptions);
    return o;
  }

  /** The options of the resources and limits that were set, in a fixed order. */
  private void addResources(List<String> o) {
    if (partition != null) {
      o.add("--partition=" + partition);
    }
    if (time != null) {
      o.add("--time=" + slurmTime(time));
    }
    if (memory != null) {
      o.add("--mem=" + memory);
    }
    if (cpusPerTask > 0) {
      o.add("--cpus-per-task=" + cpusPerTask);
    }
    if (gpus > 0) {
      o.add("--gpus=" + gpus);
    }
    if (gres != null) {
      o.add("--gres=" + gres);
    }
    if (account != null) {
      o.add("--account=" + account);
    }
    if (qos != null) {
      o.add("--qos=" + qos);
    }
    if (constraint != null) {
      o.add("--constraint=" + constraint);
    }
    if (warning != null) {
      o.add("--signal=B:USR1@" + Math.max(1, warning.toSeconds()));
    }
  }

  /** {@code D-HH:MM:SS}, rounded up to the minute as SLURM counts. */
  static String slurmTime(Duration d) {
    long minutes = Math.max(1, (d.toSeconds() + 59) / 60);
    return String.format(
        Locale.ROOT, "%d-%02d:%02d:00", minutes / 1440, minutes / 60 % 24, minutes % 60);
  }
}
