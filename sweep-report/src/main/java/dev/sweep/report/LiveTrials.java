package dev.sweep.report;

import dev.sweep.store.Replay;
import dev.sweep.store.SweepFolder;
import dev.sweep.store.TrialState;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The trials of one look at a sweep, as a {@link LiveSnapshot} reads them: a folder's journal
 * replayed ({@link #of(Replay, Path, boolean)}: its cheap questions, no record read back for them)
 * or a {@link LiveSource}'s look ({@link #of(LiveSource.Look)}).
 */
interface LiveTrials {
  /** Every trial by id, in id order: a folder's {@link Replay} or a look's map. */
  Map<Long, TrialState> all();

  default int size() {
    return all().size();
  }

  /** The ids, in id order. */
  default Iterable<Long> ids() {
    return all().keySet();
  }

  default TrialState get(long id) {
    return all().get(id);
  }

  /** The trial's state as the page names it ({@link LiveSnapshot#STATES}). */
  String status(long id);

  /** Whether the trial's row can be kept until its trial changes: its last attempt ended. */
  boolean ended(long id);

  /** When the running trial's attempt started. */
  Optional<Instant> started(long id);

  /**
   * The points the running trial reported so far; {@code watched} gets the files they come from,
   * whose changes the poller looks for.
   */
  List<CurvePoint> reported(long id, Consumer<Path> watched);

  /** The running trial's folder, where there is one on this machine. */
  Optional<Path> folder(long id);

  /** A folder's journal: running trials are those started and not ended while its driver runs. */
  static LiveTrials of(Replay trials, Path dir, boolean driverRunning) {
    return new LiveTrials() {
      @Override
      public Map<Long, TrialState> all() {
        return trials;
      }

      @Override
      public String status(long id) {
        return LiveSnapshot.status(trials, id, driverRunning);
      }

      @Override
      public boolean ended(long id) {
        return trials.lastStatus(id).isPresent();
      }

      @Override
      public Optional<Instant> started(long id) {
        return trials.lastStart(id);
      }

      @Override
      public List<CurvePoint> reported(long id, Consumer<Path> watched) {
        Path trialDir = SweepFolder.trialDir(dir, id, trials.get(id).name());
        TrialFiles.STEP_FILES.forEach(f -> watched.accept(trialDir.resolve(f)));
        return TrialFiles.metrics(trialDir);
      }

      @Override
      public Optional<Path> folder(long id) {
        return Optional.of(SweepFolder.trialDir(dir, id, trials.get(id).name()));
      }
    };
  }

  /**
   * A source's look: a trial with a running attempt runs (unfinished while no run is alive), else
   * it is as its last attempt ended; one that never started is pending.
   */
  static LiveTrials of(LiveSource.Look look) {
    Map<Long, TrialState> trials = look.trials();
    return new LiveTrials() {
      @Override
      public Map<Long, TrialState> all() {
        return trials;
      }

      @Override
      public String status(long id) {
        if (look.running().containsKey(id)) {
          return look.live() ? "running" : "unfinished";
        }
        TrialState t = trials.get(id);
        Optional<TrialStatus> last = t.last().map(r -> r.status());
        if (last.isPresent()) {
          return last.get().name().toLowerCase(Locale.ROOT);
        }
        return t.attempts() == 0 ? "pending" : "unfinished";
      }

      @Override
      public boolean ended(long id) {
        return false; // each look is read whole: no row is kept from one to the next
      }

      @Override
      public Optional<Instant> started(long id) {
        return Optional.ofNullable(look.running().get(id)).map(LiveSource.Run::started);
      }

      @Override
      public List<CurvePoint> reported(long id, Consumer<Path> watched) {
        LiveSource.Run run = look.running().get(id);
        return run == null ? List.of() : run.reported();
      }

      @Override
      public Optional<Path> folder(long id) {
        return Optional.empty(); // its runs' folders are on their machines
      }
    };
  }
}
