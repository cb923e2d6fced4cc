package dev.sweep;

import dev.sweep.SweepRun.Pending;
import dev.sweep.sampler.Sample;
import dev.sweep.sampler.Sampler.Sampling;
import dev.sweep.stopping.StoppingRule;
import dev.sweep.store.SharedStore;
import dev.sweep.store.SharedStore.Change;
import dev.sweep.store.SharedStore.Claim;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a run on a {@link SharedStore} keeps in step with the other runs: its sampling, which learns
 * every run's results and counts every run's running trials, and its stopping rule, which hears
 * every run's reports. Turns the store's claims into trials to run. Guarded by the run's lock.
 *
 * <p>A sampler that does not adapt gives trial {@code i} the same config in every run, as long as
 * each run asks for the indices in order: this one passes over the indices other runs claimed
 * ({@link Sampling#skip}).
 */
final class SharedTrials {
  private final Plan plan;
  private final Sampling sampling;
  private final StoppingRule.Stopper stopper;
  private final SharedStore store;
  private final Consumer<TrialRecord> takeUp;
  private final BitSet known = new BitSet(); // adaptive: trials the sampling asked for or adopted
  private final BitSet heard = new BitSet(); // trials whose reports the stopper heard as they came
  private long asked; // not adaptive: the sampling asked for every index below

  /** {@code takeUp} takes a final result into the run's population and tells the sampling. */
  SharedTrials(
      Plan plan,
      Sampling sampling,
      StoppingRule.Stopper stopper,
      SharedStore store,
      Consumer<TrialRecord> takeUp) {
    this.plan = plan;
    this.sampling = sampling;
    this.stopper = stopper;
    this.store = store;
    this.takeUp = takeUp;
  }

  /**
   * Whether the run follows the other runs as it goes, before each claim: its sampler adapts, or a
   * stopping rule or a target decides on every run's trials. Otherwise it takes up what they did
   * once, at its end, for its population: reading and decoding every other run's results before
   * each trial would cost more than the trial, where trials are short.
   */
  boolean follows() {
    return sampling.adaptive()
        || plan.stopping() != NoStopping.RULE
        || plan.target().value().isPresent();
  }

  /** Takes up what other runs recorded. */
  void takeUp(List<Change> changes) {
    for (Change change : changes) {
      if (change instanceof Change.Created c) {
        adopt(c.id(), c.params());
      } else if (change instanceof Change.Reported r) {
        Double value = r.point().metrics().get(plan.objective().metric());
        if (value != null && fits(r.id())) {
          stopper.report(r.id(), r.point().step(), value);
          heard.set((int) r.id());
        }
      } else if (change instanceof Change.Finished f) {
        TrialRecord record = f.record();
        adopt(record.id(), record.params());
        if (!fits(record.id()) || !heard.get((int) record.id())) {
          for (CurvePoint point : record.curve()) {
            Double value = point.metrics().get(plan.objective().metric());
            if (value != null) {
              stopper.report(record.id(), point.step(), value);
            }
          }
        }
        stopper.finished(record.id(), record.status());
        takeUp.accept(record);
      }
    }
  }

  /**
   * The trial a claim hands this run; null when there is none to run: a trial that failed past its
   * retries (its run stopped before retrying it) or was lost three times is recorded failed
   * instead.
   */
  Pending pending(Claim claim) {
    if (claim instanceof Claim.Fresh fresh) {
      Sample sample = sample(fresh.index());
      if (fresh.attempts()
          >= Claim.Again.MAX_LOST) { // its runs died before they could even record it
        store.created(sample);
        giveUp(
            sample,
            fresh.attempts() + 1,
            "lost "
                + fresh.attempts()
                + " times, each time with the run that ran it, "
                + "before it was recorded (the config may be what kills them)");
        return null;
      }
      store.created(sample);
      return new Pending(sample, fresh.attempts() + 1, Map.of());
    }
    Claim.Again again = (Claim.Again) claim;
    Sample sample =
        new Sample(again.id(), again.params(), plan.space().toConfig(again.params()), plan.space());
    adopt(again.id(), again.params());
    if (again.failure().isPresent() && again.attempts() > plan.retries()) {
      giveUp(
          sample,
          again.attempts(),
          again.failure().get()
              + " (attempt "
              + again.attempts()
              + " of "
              + (plan.retries() + 1)
              + ")");
      return null;
    }
    if (again.lost() >= Claim.Again.MAX_LOST) {
      giveUp(
          sample,
          again.attempts(),
          "lost "
              + again.lost()
              + " times, each time with the run that ran it (the config may be what "
              + "kills them); the last: "
              + again.lastLost().orElse("?"));
      return null;
    }
    return new Pending(sample, again.attempts() + 1, again.notes());
  }

  /**
   * The sample of a fresh trial, asking for the indices before it in order where the sampler does
   * not adapt.
   */
  private Sample sample(long index) {
    if (sampling.adaptive()) {
      Sample sample = sampling.ask(index);
      if (fits(index)) {
        known.set((int) index);
      }
      return sample;
    }
    if (index
        < asked) { // a trial claimed before whose run died before sampling it: ask a sampling of
      // its own
      Sampling again = plan.sampler().start(plan.space(), plan.objectives());
      for (long i = 0; i < index; i++) {
        again.ask(i);
      }
      return again.ask(index);
    }
    for (; asked < index; asked++) {
      sampling.skip(asked);
    }
    asked++;
    return sampling.ask(index);
  }

  /** An adaptive sampling counts a trial another run sampled as running, until told of its end. */
  private void adopt(long id, Map<String, Object> params) {
    if (sampling.adaptive() && fits(id) && !known.get((int) id)) {
      sampling.adopt(id, params);
      known.set((int) id);
    }
  }

  /**
   * Records a trial that failed as often as the retries allow, or was lost too often: failed,
   * {@code why}, without running it again.
   */
  private void giveUp(Sample sample, int attempts, String why) {
    TrialRecord record =
        new TrialRecord(
            sample.index(),
            sample.name(),
            sample.columns(),
            sample.config(),
            TrialStatus.FAILED,
            Map.of(),
            List.of(),
            Optional.of(why),
            Instant.now(),
            Duration.ZERO);
    store.finished(record, attempts, false);
    stopper.finished(record.id(), record.status());
    takeUp.accept(record);
  }

  private static boolean fits(long id) {
    return id <= Integer.MAX_VALUE;
  }
}
