package dev.sweep.slurm;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder of one job array, {@code <sweep>/slurm/b0001/}: its script {@code job.sh}, its job id
 * once submitted, and {@code tasks/<index>}, a link to the trial folder of each array task, so that
 * {@code --output=.../tasks/%a/slurm.out} writes the job's log into the trial's own folder.
 */
record Batch(Path dir, String name, String jobName) {

  /** A new batch folder under {@code slurmDir}, named after the last one there plus one. */
  static Batch create(Path slurmDir, String jobNamePrefix) throws IOException {
    Files.createDirectories(slurmDir);
    int next = 1;
    try (var existing = Files.list(slurmDir)) {
      next +=
          existing
              .map(p -> p.getFileName().toString())
              .filter(n -> n.matches("b[0-9]{4,9}"))
              .mapToInt(n -> Integer.parseInt(n.substring(1)))
              .max()
              .orElse(0);
    }
    while (true) {
      String name = String.format(java.util.Locale.ROOT, "b%04d", next);
      try {
        Path dir = Files.createDirectory(slurmDir.resolve(name));
        Files.createDirectory(dir.resolve("tasks"));
        return new Batch(dir, name, jobNamePrefix + "-" + name);
      } catch (FileAlreadyExistsException taken) {
        next++;
      }
    }
  }

  Path script() {
    return dir.resolve("job.sh");
  }

  /** {@code tasks/<index>}: links array task {@code index} to its trial folder. */
  void link(int index, Path trialDir) throws IOException {
    Path link = dir.resolve("tasks").resolve(Integer.toString(index));
    Files.createSymbolicLink(link, link.getParent().relativize(trialDir.toAbsolutePath()));
  }

  /**
   * {@code --output} for the array: each task's log in its trial folder. A {@code %} of the
   * folder's own path is doubled, so that sbatch reads it as itself and only {@code %a} as the task
   * index.
   */
  String outputPattern() {
    return dir.resolve("tasks").toString().replace("%", "%%") + "/%a/" + JobScript.JOB_LOG;
  }
}
