package dev.sweep.process;

import static java.util.Objects.requireNonNull;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a sweep copies of the code it runs, once, before its first trial ({@link
 * ProcessRunner.Builder#snapshot}), so that an edit made while it runs does not leak into later
 * trials, as pycls copies itself into its sweep folder and GML's {@code search-init} copies the
 * workspace. The copy is {@code code/} in the sweep's folder; every trial (and every resume) runs
 * there, in the copy of the working directory.
 *
 * <p>In a git work tree the copy holds the files git tracks, as they are in the work tree (so
 * uncommitted edits are in it); {@code code.json} beside it records the commit, and {@code
 * code.patch} the uncommitted changes. Elsewhere it holds every file of the folder. Either way
 * {@link Builder#include include} globs narrow the files, {@link Builder#exclude exclude} globs
 * leave files or folders out, and {@link Builder#link link} globs name large entries (data) that
 * are linked to, not copied, as GML's {@code --symlinks}. Globs match paths relative to the source,
 * with {@code /} between names ({@code data}, {@code *.ckpt}, {@code logs/**}). A symbolic link in
 * the source is copied as a link, never followed.
 *
 * <pre>{@code
 * ProcessRunner runner = ProcessRunner.builder()
 *     .step("train", "python3 train.py --lr {lr}")
 *     .snapshot(Snapshot.builder().link("data").exclude("*.ckpt").build())
 *     .build();
 * }</pre>
 *
 * @see ProcessRunner.Builder#snapshot(Snapshot)
 */
public final class Snapshot {
  private final Path source;
  private final List<String> include;
  private final List<String> exclude;
  private final List<String> link;
  private final boolean git;

  private Snapshot(Builder b) {
    this.source = b.source;
    this.include = List.copyOf(b.include);
    this.exclude = List.copyOf(b.exclude);
    this.link = List.copyOf(b.link);
    this.git = b.git;
  }

  /** A snapshot of the runner's working directory with the defaults. */
  public static Snapshot of() {
    return builder().build();
  }

  /** A builder; every option is optional. */
  public static Builder builder() {
    return new Builder();
  }

  /** The folder copied; empty: the runner's working directory. */
  public Optional<Path> source() {
    return Optional.ofNullable(source);
  }

  /** The globs a file must match one of to be copied; empty: every file. */
  public List<String> include() {
    return include;
  }

  /** The globs of files and folders left out. */
  public List<String> exclude() {
    return exclude;
  }

  /** The globs of files and folders linked to instead of copied. */
  public List<String> link() {
    return link;
  }

  /** Whether a git work tree's tracked files are what is copied (the default). */
  public boolean git() {
    return git;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("Snapshot[");
    text.append(source == null ? "working directory" : source);
    if (!include.isEmpty()) {
      text.append(", include ").append(include);
    }
    if (!exclude.isEmpty()) {
      text.append(", exclude ").append(exclude);
    }
    if (!link.isEmpty()) {
      text.append(", link ").append(link);
    }
    return text.append(git ? "" : ", not git").append(']').toString();
  }

  /** Builds a {@link Snapshot}. */
  public static final class Builder {
    private Path source;
    private final List<String> include = new ArrayList<>();
    private final List<String> exclude = new ArrayList<>();
    private final List<String> link = new ArrayList<>();
    private boolean git = true;

    private Builder() {}

    /**
     * The folder to copy (default: the runner's working directory, which must then be in it).
     *
     * @return this builder
     */
    public Builder source(Path folder) {
      this.source = requireNonNull(folder, "folder == null");
      return this;
    }

    /**
     * Copies only files matching one of these globs (default: every file).
     *
     * @return this builder
     * @throws IllegalArgumentException showing the glob if it is blank or not a glob
     */
    public Builder include(String... globs) {
      return add(include, "include", globs);
    }

    /**
     * Leaves out the files and folders matching these globs.
     *
     * @return this builder
     * @throws IllegalArgumentException showing the glob if it is blank or not a glob
     */
    public Builder exclude(String... globs) {
      return add(exclude, "exclude", globs);
    }

    /**
     * Links to the files and folders matching these globs instead of copying them (large data).
     *
     * @return this builder
     * @throws IllegalArgumentException showing the glob if it is blank or not a glob
     */
    public Builder link(String... globs) {
      return add(link, "link", globs);
    }

    /**
     * Whether, in a git work tree, the files git tracks are what is copied (default {@code true});
     * with {@code false} every file of the folder is.
     *
     * @return this builder
     */
    public Builder git(boolean tracked) {
      this.git = tracked;
      return this;
    }

    public Snapshot build() {
      return new Snapshot(this);
    }

    private Builder add(List<String> to, String what, String... globs) {
      requireNonNull(globs, what + " globs == null");
      for (String glob : globs) {
        matcher(what, glob);
        to.add(glob);
      }
      return this;
    }
  }

  /** The matcher of {@code glob}, checked: what an option calls it is in the message. */
  static PathMatcher matcher(String what, String glob) {
    requireNonNull(glob, what + " glob == null");
    if (glob.isBlank() || glob.startsWith("/")) {
      throw new IllegalArgumentException(
          what
              + " glob '"
              + glob
              + "' is not a relative glob; give one such as data, *.ckpt or logs/**");
    }
    try {
      return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          what + " glob '" + glob + "' is not a glob: " + e.getMessage(), e);
    }
  }
}
