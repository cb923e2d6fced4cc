package dev.sweep;

import static java.util.Objects.requireNonNull;

import java.nio.file.FileSystems;
import java.util.List;
import java.util.Locale;
import java.util.regex.PatternSyntaxException;

/**
 * Which of the files that trials leave in their folders a sweep keeps: the files that match {@code
 * files} (globs relative to each trial folder, such as {@code checkpoints/*.pyth}) are kept all,
 * the last per trial, only in the best trials, or none. Other files are never touched.
 *
 * <pre>{@code
 * Sweep.builder(space, runner)
 *     .directory(Path.of("runs/lr"))
 *     .retention(Retention.last(List.of("checkpoints/model_epoch_*.pyth")))
 *     .build();
 * }</pre>
 *
 * <p>A sweep applies it to a trial when the trial ends (after its last attempt, so never while its
 * program runs) and to every ended trial of its folder when the run ends; a trial that was
 * cancelled keeps its files, since a resume runs it again and may continue from them. A sweep
 * without a folder has no files to free. The files are found without following links: a link (to a
 * file or a folder) is left alone, and nothing outside the trial folder is visited. The run logs
 * how many files and bytes it freed.
 *
 * @param keep what is kept of the matching files
 * @param best with {@link Keep#BEST}, how many of the best trials keep theirs; else 0
 * @param files the globs, relative to a trial folder ({@code **} crosses folders); empty only for
 *     {@link Keep#ALL}
 */
public record Retention(Keep keep, int best, List<String> files) {
  /** Keeps every file: the default. */
  public static final Retention ALL = new Retention(Keep.ALL, 0, List.of());

  /** What a {@link Retention} keeps of the files that match its globs. */
  public enum Keep {
    /** Every file. */
    ALL,
    /**
     * Per trial and glob, the file whose path (relative to the trial folder) comes last in name
     * order, as pycls picks its last checkpoint: {@code model_epoch_0010.pyth} after {@code
     * model_epoch_0009.pyth}. Name order, not modification time: it does not change when a file is
     * copied or touched, and numbered names are zero-padded by the programs that write them.
     */
    LAST,
    /**
     * Every file of the {@link Retention#best} trials with the best objective; the other trials
     * (and those without an objective) keep none.
     */
    BEST,
    /** No file. */
    NONE;

    /** The name in sweep files: {@code all}, {@code last}, {@code best}, {@code none}. */
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Checks the policy.
   *
   * @throws IllegalArgumentException if {@code best} does not fit {@code keep}, there are no globs
   *     (for a policy other than {@link Keep#ALL}), or a glob is blank, absolute, has a {@code ..}
   *     part or does not parse
   * @throws NullPointerException if an argument or a glob is null
   */
  public Retention {
    requireNonNull(keep, "keep == null");
    files = List.copyOf(requireNonNull(files, "files == null"));
    if (keep == Keep.BEST ? best < 1 : best != 0) {
      throw new IllegalArgumentException(
          "retention keep "
              + keep
              + (keep == Keep.BEST
                  ? " needs the number of best trials >= 1, got " + best
                  : " takes no number of best trials, got " + best));
    }
    if (keep != Keep.ALL && files.isEmpty()) {
      throw new IllegalArgumentException(
          "retention keep " + keep + " needs the files it applies to, e.g. checkpoints/*.pyth");
    }
    files.forEach(Retention::checkGlob);
  }

  /** Keeps the last file per trial of those that match {@code files} (see {@link Keep#LAST}). */
  public static Retention last(List<String> files) {
    return new Retention(Keep.LAST, 0, files);
  }

  /** Keeps the files that match {@code files} in the {@code n} best trials only. */
  public static Retention best(int n, List<String> files) {
    return new Retention(Keep.BEST, n, files);
  }

  /** Deletes every file that matches {@code files} when its trial ends. */
  public static Retention none(List<String> files) {
    return new Retention(Keep.NONE, 0, files);
  }

  private static void checkGlob(String glob) {
    requireNonNull(glob, "a glob of files is null");
    String problem = null;
    if (glob.isBlank()) {
      problem = "is blank";
    } else if (glob.startsWith("/")) {
      problem = "is absolute; give it relative to the trial folder";
    } else if (List.of(glob.split("/", -1)).contains("..")) {
      problem = "has a '..' part; retention never leaves the trial folder";
    } else if (glob.indexOf('\0') >= 0) {
      problem = "holds a NUL character";
    } else {
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + glob);
      } catch (PatternSyntaxException e) {
        problem = "does not parse: " + e.getDescription();
      }
    }
    if (problem != null) {
      throw new IllegalArgumentException("retention glob '" + glob + "' " + problem);
    }
  }

  /** {@code keep last of [checkpoints/*.pyth]}, {@code keep best 3 of [...]}. */
  @Override
  public String toString() {
    return "keep " + keep + (keep == Keep.BEST ? " " + best : "") + " of " + files;
  }
}
