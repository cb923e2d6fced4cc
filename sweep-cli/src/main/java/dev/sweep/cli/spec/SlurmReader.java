package dev.sweep.cli.spec;

import dev.sweep.Runner;
import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Sequence;
import dev.sweep.process.ProcessRunner;
import dev.sweep.slurm.SlurmRunner;
import java.util.List;

/** The {@code slurm:} section: the file's steps, run as array tasks (see SlurmRunner.Builder). */
final class SlurmReader {
  static final List<String> KEYS =
      List.of(
          "partition",
          "time",
          "memory",
          "cpus_per_task",
          "gpus",
          "gres",
          "account",
          "qos",
          "constraint",
          "throttle",
          "max_array_size",
          "requeues",
          "warning",
          "poll_interval",
          "max_poll_interval",
          "job_name",
          "sbatch_options");

  /** Fields of the local process pool, which SLURM replaces: its allocation and its time limit. */
  private static final List<String> LOCAL = List.of("slots", "slot_variable", "timeout");

  private final Fields fields;

  SlurmReader(Fields fields) {
    this.fields = fields;
  }

  /** Refuses, next to {@code slurm:}, the fields that only the local process pool reads. */
  void checkNoLocalFields(Mapping root) {
    for (String local : LOCAL) {
      fields
          .optional(root, local)
          .ifPresent(
              n -> {
                throw fields.error(
                    n,
                    local,
                    "applies to the local process pool, not with slurm:; "
                        + (local.equals("timeout")
                            ? "give slurm: {time: 2h}"
                            : "SLURM allocates GPUs: give slurm: {gpus: 1}"));
              });
    }
  }

  /** The runner that submits {@code steps} as SLURM array tasks, as {@code node} says. */
  Runner read(Node node, ProcessRunner steps) {
    Mapping m =
        fields.mapping(
            node, "slurm", "a mapping such as {partition: gpu, time: 2h, gpus: 1, throttle: 50}");
    fields.onlyKeys(m, "slurm", KEYS);
    SlurmRunner.Builder b = SlurmRunner.builder().command(steps);
    for (Entry e : m.entries().values()) {
      String field = "slurm." + e.key();
      fields.set(e.value(), field, () -> option(b, e.key(), e.value(), field));
    }
    try {
      return b.build();
    } catch (IllegalStateException e) {
      throw fields.error(m, "slurm", e.getMessage());
    }
  }

  private void option(SlurmRunner.Builder b, String key, Node v, String field) {
    switch (key) {
      case "partition" -> b.partition(fields.text(v, field));
      case "time" -> b.time(fields.duration(v, field));
      case "memory" -> b.memory(fields.text(v, field));
      case "cpus_per_task" -> b.cpusPerTask(fields.intAtLeast(v, field, 1));
      case "gpus" -> b.gpus(fields.intAtLeast(v, field, 1));
      case "gres" -> b.gres(fields.text(v, field));
      case "account" -> b.account(fields.text(v, field));
      case "qos" -> b.qos(fields.text(v, field));
      case "constraint" -> b.constraint(fields.text(v, field));
      case "throttle" -> b.throttle(fields.intAtLeast(v, field, 0));
      case "max_array_size" -> b.maxArraySize(fields.intAtLeast(v, field, 1));
      case "requeues" -> b.requeues(fields.intAtLeast(v, field, 0));
      case "warning" -> b.warning(fields.duration(v, field));
      case "job_name" -> b.jobName(fields.text(v, field));
      case "poll_interval" -> b.pollInterval(fields.duration(v, field));
      case "max_poll_interval" -> b.maxPollInterval(fields.duration(v, field));
      case "sbatch_options" -> {
        Sequence list =
            fields.list(v, field, "a list of sbatch options, e.g. [--exclusive, --nice=10]");
        list.items().forEach(i -> b.sbatchOptions(fields.text(i, field)));
      }
      default -> throw new AssertionError(key); // onlyKeys let no other through
    }
  }
}
