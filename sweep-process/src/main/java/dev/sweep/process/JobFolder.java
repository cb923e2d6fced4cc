package dev.sweep.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A trial's own working directory ({@link ProcessRunner.Builder#jobFolders}): {@value #NAME} in its
 * folder, with a link to each entry of the runner's working directory, as GML's {@code search-run
 * --symlinks} makes {@code jobs/all/<n>}. Relative inputs are found as before; a file a step
 * creates under a relative name is the trial's own.
 */
final class JobFolder {
  /** The job folder's name in the trial folder. */
  static final String NAME = "job";

  private JobFolder() {}

  /**
   * Makes (or completes, for a later attempt) the job folder of the trial folder {@code trialDir}
   * and returns it: a link to each entry of {@code project} (null: the JVM's working directory)
   * that is not there yet, except an entry that holds the trial folder (the sweep's own folder).
   */
  static Path prepare(Path trialDir, Path project) throws IOException {
    Path trial = trialDir.toAbsolutePath().normalize();
    Path job = trial.resolve(NAME);
    if (Files.isSymbolicLink(job)) {
      throw new IOException(
          job + " is a symbolic link; the sweep makes its job folder itself and follows no link");
    }
    Files.createDirectories(job);
    Path from = (project == null ? Path.of("") : project).toAbsolutePath().normalize();
    Path realTrial = real(trial);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(from)) {
      for (Path entry : entries) {
        if (realTrial.startsWith(real(entry))) {
          continue; // the sweep's folder, where the trial folders are
        }
        Path link = job.resolve(entry.getFileName().toString());
        if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
          continue; // an earlier attempt's link, or a file the job made
        }
        try {
          Files.createSymbolicLink(link, entry);
        } catch (FileAlreadyExistsException raced) {
          // made meanwhile: kept
        }
      }
    }
    return job;
  }

  private static Path real(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException brokenLink) {
      return path.toAbsolutePath().normalize();
    }
  }
}
