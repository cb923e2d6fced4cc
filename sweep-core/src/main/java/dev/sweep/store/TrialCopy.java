package dev.sweep.store;

import static java.util.Objects.requireNonNull;

import dev.sweep.internal.AtomicFiles;
import dev.sweep.internal.Trees;
import dev.sweep.trial.TrialRecord;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A trial's folder (config, logs, checkpoints) taken out of its sweep folder: copied whole, or
 * linked. The usual end of a sweep: the best trial, where it is used next.
 *
 * <pre>{@code
 * Population population = SweepFolder.population(dir, Objective.minimize("error"));
 * TrialCopy copy = TrialCopy.copy(dir, population.best().orElseThrow(), Path.of("models/best"));
 * System.out.println(copy);   // copied 12 files (48213 bytes) from runs/lr/trials/000014-lr=0.03 to models/best
 * }</pre>
 *
 * <p>Links are never followed: a link inside the trial's folder whose target stays inside it is
 * made again in the copy, one that points out of it (or is absolute) is skipped and named in {@link
 * #skipped()}; a trial folder that is itself a link is refused. A copy is written beside the
 * destination and renamed into place, so that a crash leaves the destination as it was, never half
 * a trial.
 *
 * @param from the trial's folder, absolute
 * @param to the copy, or the link made to {@code from}
 * @param linked whether {@code to} is a link rather than a copy
 * @param files how many regular files were copied
 * @param bytes their total size
 * @param skipped what was not copied, relative to the folder: links that point out of it (or are
 *     absolute), and special files such as pipes
 */
public record TrialCopy(
    Path from, Path to, boolean linked, long files, long bytes, List<String> skipped) {

  public TrialCopy {
    requireNonNull(from, "from == null");
    requireNonNull(to, "to == null");
    skipped = List.copyOf(skipped);
  }

  /**
   * Copies the folder of {@code trial} in the sweep folder {@code sweepDir} to {@code to}, which
   * must not exist or be an empty folder; its parent must exist.
   *
   * @throws FileAlreadyExistsException if {@code to} is a file, a link or a folder that is not
   *     empty
   * @throws NoSuchFileException if the trial has no folder, or {@code to}'s parent does not exist
   * @throws IOException if the trial's folder is a link, or reading or writing fails; nothing is
   *     left at {@code to} then
   */
  public static TrialCopy copy(Path sweepDir, TrialRecord trial, Path to) throws IOException {
    Path from = source(sweepDir, trial);
    Path target = to.toAbsolutePath().normalize();
    refuseTaken(target);
    Path parent = target.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new NoSuchFileException(
          to.toString(), null, "its parent folder does not exist; make it first");
    }
    Path temporary =
        parent.resolve(
            "." + target.getFileName() + "." + UUID.randomUUID() + AtomicFiles.TEMP_SUFFIX);
    try {
      Copier copier = new Copier(from, temporary);
      Files.walkFileTree(from, copier); // without FOLLOW_LINKS: a link is visited, not entered
      try {
        // an empty folder was refused nothing: it goes, as rename(2) would replace it where it can
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          Files.delete(target); // fails if something was written there meanwhile
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        throw taken(target, "appeared while the trial was copied"); // another process wrote there
      }
      return new TrialCopy(from, to, false, copier.files, copier.bytes, copier.skipped);
    } finally {
      Trees.delete(temporary); // what is left of a copy that failed; nothing once it was renamed
    }
  }

  /**
   * Makes {@code to} a link to the folder of {@code trial} in {@code sweepDir} (an absolute path),
   * for a trial too large to copy. The link dangles once the sweep folder is gone.
   *
   * @throws FileAlreadyExistsException if {@code to} exists (whatever it is)
   * @throws NoSuchFileException if the trial has no folder
   * @throws IOException if the trial's folder is a link, or the link cannot be made
   */
  public static TrialCopy link(Path sweepDir, TrialRecord trial, Path to) throws IOException {
    Path from = source(sweepDir, trial);
    if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
      throw taken(to, "exists; a link is made only where nothing is");
    }
    Files.createSymbolicLink(to, from);
    return new TrialCopy(from, to, true, 0, 0, List.of());
  }

  /** What was done, for people: {@code copied 12 files (48213 bytes) from … to …}. */
  @Override
  public String toString() {
    if (linked) {
      return "linked " + to + " -> " + from;
    }
    return "copied "
        + files
        + (files == 1 ? " file (" : " files (")
        + bytes
        + " bytes) from "
        + from
        + " to "
        + to
        + (skipped.isEmpty()
            ? ""
            : "; skipped (links out of the trial's folder, never followed): "
                + String.join(", ", skipped));
  }

  /** The trial's folder: refused if it is missing or a link. */
  private static Path source(Path sweepDir, TrialRecord trial) throws IOException {
    requireNonNull(sweepDir, "sweepDir == null");
    requireNonNull(trial, "trial == null");
    Path from =
        SweepFolder.trialDir(sweepDir, trial.id(), trial.name()).toAbsolutePath().normalize();
    if (Files.isSymbolicLink(from)) {
      throw new IOException(from + ": trial " + trial.id() + "'s folder is a link; not followed");
    }
    if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(
          from.toString(),
          null,
          "trial " + trial.id() + " has no folder (its runner never asked for one)");
    }
    return from;
  }

  /** Refuses a destination that holds anything: a file, a link, a folder that is not empty. */
  private static void refuseTaken(Path to) throws IOException {
    if (Files.isSymbolicLink(to)) {
      throw taken(to, "is a link; not followed, not replaced");
    }
    if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> entries = Files.list(to)) {
        if (entries.findAny().isPresent()) {
          throw taken(to, "is a folder that is not empty; copy the trial elsewhere or empty it");
        }
      }
    } else if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
      throw taken(to, "is a file; copy the trial elsewhere or remove it");
    }
  }

  private static FileAlreadyExistsException taken(Path to, String why) {
    return new FileAlreadyExistsException(to.toString(), null, why);
  }

  /** Copies a trial's folder file by file; links are made again or skipped, never followed. */
  private static final class Copier extends SimpleFileVisitor<Path> {
    private final Path from;
    private final Path to;
    private final List<String> skipped = new ArrayList<>();
    private long files;
    private long bytes;

    Copier(Path from, Path to) {
      this.from = from;
      this.to = to;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
        throws IOException {
      Files.createDirectory(to.resolve(from.relativize(dir).toString()));
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
      Path relative = from.relativize(file);
      Path copy = to.resolve(relative.toString());
      if (attrs.isSymbolicLink()) {
        Path target = Files.readSymbolicLink(file);
        if (staysInside(file, target)) {
          Files.createSymbolicLink(copy, target);
        } else {
          skipped.add(relative.toString());
        }
      } else if (attrs.isRegularFile()) {
        Files.copy(file, copy, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        files++;
        bytes += attrs.size();
      } else {
        skipped.add(relative.toString()); // a pipe or a socket: nothing to copy
      }
      return FileVisitResult.CONTINUE;
    }

    /** Whether a relative link's target, read as written, stays inside the trial's folder. */
    private boolean staysInside(Path link, Path target) {
      return !target.isAbsolute() && link.getParent().resolve(target).normalize().startsWith(from);
    }
  }
}
