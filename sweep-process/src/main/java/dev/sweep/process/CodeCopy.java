package dev.sweep.process;

import dev.sweep.internal.AtomicFiles;
import dev.sweep.internal.Json;
import dev.sweep.internal.Trees;
import dev.sweep.store.SweepFolder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Takes a runner's {@link Snapshot} into a sweep's folder, once per folder: {@value #NAME}/, made
 * in a temporary sibling and renamed into place, so that it is whole or absent; a later run of the
 * same folder (a resume) finds it and runs it again, never the live tree. Thread-safe.
 */
final class CodeCopy {
  /** The copy's name in the sweep folder. */
  static final String NAME = "code";

  /** What was copied, from where, at which commit. */
  static final String RECORD = "code.json";

  /** A git work tree's uncommitted changes when the copy was taken. */
  static final String PATCH = "code.patch";

  private static final long GIT_SECONDS = 60;

  private final Snapshot snapshot;
  private final Path workingDirectory; // absolute: the runner's, or the JVM's
  private final Path source; // absolute: what is copied; holds the working directory
  private final Map<Path, Path> taken = new ConcurrentHashMap<>();

  /**
   * @throws IllegalStateException if the working directory is not in the snapshot's source
   */
  CodeCopy(Snapshot snapshot, Path workingDirectory) {
    this.snapshot = snapshot;
    this.workingDirectory =
        (workingDirectory == null ? Path.of("") : workingDirectory).toAbsolutePath().normalize();
    this.source =
        snapshot.source().map(p -> p.toAbsolutePath().normalize()).orElse(this.workingDirectory);
    if (!this.workingDirectory.startsWith(source)) {
      throw new IllegalStateException(
          "the working directory "
              + this.workingDirectory
              + " is not in the snapshot's source "
              + source
              + "; trials run in the copy of the working directory, so snapshot a folder that holds it");
    }
  }

  Snapshot snapshot() {
    return snapshot;
  }

  /**
   * The folder the steps of the trial whose folder is {@code trialDir} run in: the copy of the
   * working directory in its sweep's {@value #NAME}/, taken first if this sweep has none.
   */
  Path workingDirectory(Path trialDir) throws IOException {
    Path sweep = sweepFolder(trialDir);
    Path code = taken.get(sweep);
    if (code == null) {
      synchronized (this) {
        code = taken.get(sweep);
        if (code == null) {
          code = take(sweep);
          taken.put(sweep, code);
        }
      }
    }
    return code.resolve(source.relativize(workingDirectory));
  }

  /** The sweep folder a trial folder is in ({@code <sweep>/trials/<trial>}). */
  private static Path sweepFolder(Path trialDir) throws IOException {
    Path dir = trialDir.toAbsolutePath().normalize();
    Path parent = dir.getParent();
    if (parent == null
        || parent.getFileName() == null
        || !parent.getFileName().toString().equals(SweepFolder.TRIALS)
        || parent.getParent() == null) {
      throw new IOException(
          "cannot snapshot the code: the trial folder "
              + dir
              + " is not in a sweep folder's "
              + SweepFolder.TRIALS
              + "/");
    }
    return parent.getParent();
  }

  private Path take(Path sweep) throws IOException {
    Path code = sweep.resolve(NAME);
    if (Files.isSymbolicLink(code)) {
      throw new IOException(code + " is a symbolic link; the sweep makes its copy itself");
    }
    if (Files.isDirectory(code, LinkOption.NOFOLLOW_LINKS)) {
      return code; // taken by an earlier run of this folder: a resume runs what it ran
    }
    removeUnfinished(sweep);
    Path tmp =
        sweep.resolve(NAME + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    Files.createDirectory(tmp);
    try {
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("source", source.toString());
      record.put("taken", Instant.now().toString());
      Git git = snapshot.git() ? Git.at(source) : null;
      Copier copier = new Copier(tmp, sweep);
      if (git != null) {
        String commit = git.commit();
        record.put("commit", commit);
        byte[] patch =
            commit == null ? new byte[0] : git.run("diff", "HEAD", "--binary", "--", ".");
        record.put("dirty", patch.length > 0);
        if (patch.length > 0) {
          AtomicFiles.write(sweep.resolve(PATCH), patch);
          record.put("patch", PATCH);
        }
        record.put(
            "untracked", split(git.run("ls-files", "-z", "--others", "--exclude-standard")).size());
        for (String file : split(git.run("ls-files", "-z", "--cached"))) {
          copier.file(Path.of(file));
        }
      } else {
        copier.walk();
      }
      record.put("files", copier.files);
      record.put("bytes", copier.bytes);
      record.put("linked", copier.linked);
      AtomicFiles.write(sweep.resolve(RECORD), Json.writePretty(record) + "\n");
      try {
        Files.move(tmp, code, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
        Trees.delete(tmp); // another run of this folder took it meanwhile: that copy is the one
      }
      return code;
    } catch (IOException | RuntimeException e) {
      Trees.delete(tmp);
      throw e;
    }
  }

  /** Copies files into the copy by the snapshot's globs. */
  private final class Copier {
    private final Path into;
    private final Path sweep;
    private final List<PathMatcher> include = matchers("include", snapshot.include());
    private final List<PathMatcher> exclude = matchers("exclude", snapshot.exclude());
    private final List<PathMatcher> link = matchers("link", snapshot.link());
    private final List<String> linked = new ArrayList<>();
    private long files;
    private long bytes;

    Copier(Path into, Path sweep) {
      this.into = into;
      this.sweep = sweep.toAbsolutePath().normalize();
    }

    /** A file git lists, relative to the source: its first linked or excluded folder decides. */
    void file(Path rel) throws IOException {
      Path from = source.resolve(rel).normalize();
      if (!from.startsWith(source) || sweep.equals(from) || from.startsWith(sweep)) {
        return;
      }
      for (int n = 1; n <= rel.getNameCount(); n++) {
        Path prefix = rel.subpath(0, n);
        if (matches(exclude, prefix)) {
          return;
        }
        if (matches(link, prefix)) {
          link(prefix);
          return;
        }
      }
      if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
        return; // tracked, deleted in the work tree: the patch records it
      }
      if (include.isEmpty() || matches(include, rel)) {
        copy(rel);
      }
    }

    /** Every file of the source, but the sweep's folder and {@code .git}. */
    void walk() throws IOException {
      Files.walkFileTree(
          source,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              if (dir.equals(source)) {
                return FileVisitResult.CONTINUE;
              }
              Path rel = source.relativize(dir);
              if (sweep.startsWith(dir) || rel.toString().equals(".git") || matches(exclude, rel)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              if (matches(link, rel)) {
                link(rel);
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Path rel = source.relativize(file);
              if (!(attrs.isRegularFile() || attrs.isSymbolicLink()) || matches(exclude, rel)) {
                return FileVisitResult.CONTINUE;
              }
              if (matches(link, rel)) {
                link(rel);
              } else if (include.isEmpty() || matches(include, rel)) {
                copy(rel);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    }

    private void copy(Path rel) throws IOException {
      Path to = target(rel);
      Files.createDirectories(to.getParent());
      Files.copy(
          source.resolve(rel),
          to,
          LinkOption.NOFOLLOW_LINKS, // a link is copied as a link
          StandardCopyOption.COPY_ATTRIBUTES);
      files++;
      bytes +=
          Files.readAttributes(to, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
    }

    private void link(Path rel) throws IOException {
      Path to = target(rel);
      if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
        return; // a folder linked for an earlier file of it
      }
      Files.createDirectories(to.getParent());
      Files.createSymbolicLink(to, source.resolve(rel));
      linked.add(rel.toString());
    }

    private Path target(Path rel) throws IOException {
      Path to = into.resolve(rel).normalize();
      if (!to.startsWith(into) || to.equals(into)) {
        throw new IOException("'" + rel + "' is not a path inside the source " + source);
      }
      return to;
    }
  }

  private static List<PathMatcher> matchers(String what, List<String> globs) {
    List<PathMatcher> out = new ArrayList<>();
    globs.forEach(g -> out.add(Snapshot.matcher(what, g)));
    return out;
  }

  private static boolean matches(List<PathMatcher> matchers, Path rel) {
    Predicate<PathMatcher> hit = m -> m.matches(rel);
    return matchers.stream().anyMatch(hit);
  }

  private static List<String> split(byte[] nulSeparated) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < nulSeparated.length; i++) {
      if (nulSeparated[i] == 0) {
        if (i > start) {
          out.add(new String(nulSeparated, start, i - start, StandardCharsets.UTF_8));
        }
        start = i + 1;
      }
    }
    return out;
  }

  /** Copies left by a run killed while taking one. */
  private static void removeUnfinished(Path sweep) throws IOException {
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(sweep, NAME + ".tmp-*")) {
      for (Path p : stale) {
        Trees.delete(p);
      }
    }
  }

  /** The git of a work tree: its commands run as argument vectors. */
  private record Git(Path dir) {
    /** The git work tree holding {@code dir}, or null when it is in none or git is absent. */
    static Git at(Path dir) {
      Git git = new Git(dir);
      try {
        return new String(git.run("rev-parse", "--is-inside-work-tree"), StandardCharsets.UTF_8)
                .strip()
                .equals("true")
            ? git
            : null;
      } catch (IOException notGit) {
        return null;
      }
    }

    /** The commit checked out; null in a repository without one. */
    String commit() {
      try {
        return new String(run("rev-parse", "HEAD"), StandardCharsets.UTF_8).strip();
      } catch (IOException noCommit) {
        return null;
      }
    }

    byte[] run(String... args) throws IOException {
      List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString()));
      argv.addAll(List.of(args));
      Process p =
          new ProcessBuilder(argv)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      byte[] out;
      try (InputStream in = p.getInputStream()) {
        out = in.readAllBytes();
      }
      try {
        if (!p.waitFor(GIT_SECONDS, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IOException(
              "git " + String.join(" ", args) + " did not end in " + GIT_SECONDS + " s");
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while running git", e);
      }
      if (p.exitValue() != 0) {
        throw new IOException("git " + String.join(" ", args) + " exited with " + p.exitValue());
      }
      return out;
    }
  }
}
