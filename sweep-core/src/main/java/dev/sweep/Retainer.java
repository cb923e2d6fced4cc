package dev.sweep;

import dev.sweep.Retention.Keep;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's {@link Retention}: which ended trials lose files, and the deleting, counted. The sweep
 * asks {@link #toFree} under its lock and calls {@link #free} outside it. Thread-safe.
 */
final class Retainer {
  private static final Logger log = LoggerFactory.getLogger(Sweep.class);

  private final Retention retention;
  private final Objective objective;
  private final String sweep;
  private final List<PathMatcher> matchers = new ArrayList<>();
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  Retainer(Retention retention, Objective objective, String sweep) {
    this.retention = retention;
    this.objective = objective;
    this.sweep = sweep;
    retention
        .files()
        .forEach(g -> matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + g)));
  }

  /**
   * The trials that lose files now that {@code ended} has ended, {@code finished} being every trial
   * ended so far, {@code ended} among them: {@code ended} itself, or with {@link Keep#BEST} also
   * the trial it pushed out of the best.
   */
  List<TrialRecord> toFree(TrialRecord ended, List<TrialRecord> finished) {
    if (retention.keep() == Keep.ALL || !applies(ended)) {
      return List.of();
    }
    if (retention.keep() != Keep.BEST) {
      return List.of(ended);
    }
    List<TrialRecord> ranked = ranked(finished);
    int rank = ranked.indexOf(ended);
    if (rank < 0 || rank >= retention.best()) {
      return List.of(ended);
    }
    return ranked.size() > retention.best() ? List.of(ranked.get(retention.best())) : List.of();
  }

  /** Applies the policy to every ended trial in {@code sweepDir}, once the run has ended. */
  void sweepEnded(Path sweepDir, List<TrialRecord> trials) {
    if (retention.keep() == Keep.ALL) {
      return;
    }
    List<TrialRecord> ended = trials.stream().filter(Retainer::applies).toList();
    if (retention.keep() == Keep.BEST) {
      Set<Long> best = new HashSet<>();
      ranked(ended).stream().limit(retention.best()).forEach(t -> best.add(t.id()));
      ended.stream().filter(t -> !best.contains(t.id())).forEach(t -> free(sweepDir, t));
    } else {
      ended.forEach(t -> free(sweepDir, t));
    }
    if (files.get() > 0) {
      log.info(
          "sweep '{}': retention ({}) freed {} files, {} bytes",
          sweep,
          retention,
          files.get(),
          bytes.get());
    }
  }

  /**
   * Deletes the trial's matching files ({@link Keep#LAST}: all but the last per glob), never
   * following a link; a trial folder that is a link or missing is left alone.
   */
  void free(Path sweepDir, TrialRecord trial) {
    Path dir = SweepFolder.trialDir(sweepDir, trial.id(), trial.name());
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<NavigableMap<String, Long>> matched = match(dir);
    long freedFiles = 0;
    long freedBytes = 0;
    for (NavigableMap<String, Long> byName : matched) {
      if (retention.keep() == Keep.LAST && !byName.isEmpty()) {
        byName.remove(byName.lastKey());
      }
      for (Map.Entry<String, Long> file : byName.entrySet()) {
        try {
          Files.delete(dir.resolve(file.getKey())); // a regular file when seen: a link is never one
          freedFiles++;
          freedBytes += file.getValue();
        } catch (IOException e) {
          log.warn(
              "sweep '{}': retention could not delete {} of trial {}: {}",
              sweep,
              file.getKey(),
              trial.id(),
              e.toString());
        }
      }
    }
    if (freedFiles > 0) {
      files.addAndGet(freedFiles);
      bytes.addAndGet(freedBytes);
      log.debug(
          "sweep '{}': retention freed {} files, {} bytes of trial {}",
          sweep,
          freedFiles,
          freedBytes,
          trial.id());
    }
  }

  /** Files freed so far by this run. */
  long freedFiles() {
    return files.get();
  }

  /** Bytes freed so far by this run. */
  long freedBytes() {
    return bytes.get();
  }

  /**
   * Per glob, the regular files under {@code dir} that match it first, by relative path in name
   * order, with their sizes. Links are not followed: a link to a folder is not entered, and a link
   * is never a match.
   */
  private List<NavigableMap<String, Long>> match(Path dir) {
    List<NavigableMap<String, Long>> matched = new ArrayList<>();
    matchers.forEach(m -> matched.add(new TreeMap<>()));
    FileVisitor<Path> visitor =
        new FileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              Path relative = dir.relativize(file);
              for (int i = 0; i < matchers.size(); i++) {
                if (matchers.get(i).matches(relative)) {
                  matched.get(i).put(relative.toString(), attrs.size());
                  break;
                }
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE; // unreadable: not ours to judge
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) {
            return FileVisitResult.CONTINUE;
          }
        };
    try {
      Files.walkFileTree(dir, visitor); // no FOLLOW_LINKS: links are visited as themselves
    } catch (IOException e) {
      log.warn("sweep '{}': retention could not read {}: {}", sweep, dir, e.toString());
    }
    return matched;
  }

  /**
   * Whether the trial's files are the policy's: it ended for good. A cancelled trial runs again on
   * a resume, which may continue from its files.
   */
  private static boolean applies(TrialRecord t) {
    return t.status() == TrialStatus.COMPLETED
        || t.status() == TrialStatus.FAILED
        || t.status() == TrialStatus.PRUNED;
  }

  /** The trials with a finite objective that the policy applies to, best first, then by id. */
  private List<TrialRecord> ranked(List<TrialRecord> trials) {
    String metric = objective.metric();
    Comparator<TrialRecord> better =
        (a, b) -> objective.compare(a.metric(metric).getAsDouble(), b.metric(metric).getAsDouble());
    return trials.stream()
        .filter(Retainer::applies)
        .filter(
            t -> {
              OptionalDouble v = t.metric(metric);
              return v.isPresent() && Double.isFinite(v.getAsDouble());
            })
        .sorted(better.thenComparingLong(TrialRecord::id))
        .toList();
  }
}
