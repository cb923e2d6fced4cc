package dev.sweep.sampler;

import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A sampler whose first trials are given configs ({@code enqueue}, Optuna's {@code enqueue_trial}),
 * then another sampler's. Trial {@code i < k} is enqueued config {@code i}. After them, a sampler
 * that does not adapt gives trial {@code k + j} its sample {@code j}, so a grid runs every point
 * after the enqueued ones (k + grid size trials; a point equal to an enqueued config runs again);
 * an adaptive one adopts the enqueued configs as pending trials, is told their results like any
 * other's, and is asked for trial {@code k + j} by that index.
 */
final class EnqueuedSampler implements Sampler {
  private final Sampler inner;
  private final List<Map<String, Object>> enqueued;

  EnqueuedSampler(Sampler inner, List<Map<String, Object>> enqueued) {
    this.inner = inner;
    this.enqueued = List.copyOf(enqueued);
  }

  @Override
  public Sampling start(Space space) {
    return new Queue(inner.start(space), space);
  }

  @Override
  public Sampling start(Space space, Objective objective) {
    return new Queue(inner.start(space, objective), space);
  }

  // Forwarded whole, so that a multi-objective sampler after enqueued trials sees every objective.
  @Override
  public Sampling start(Space space, Objectives objectives) {
    return new Queue(inner.start(space, objectives), space);
  }

  @Override
  public String toString() {
    return inner + " after " + enqueued.size() + " enqueued";
  }

  private final class Queue implements Sampling {
    private final Sampling sampling;
    private final Space space;
    private final List<Sample> samples = new ArrayList<>();

    Queue(Sampling sampling, Space space) {
      this.sampling = sampling;
      this.space = space;
      for (Map<String, Object> params : enqueued) {
        long i = samples.size();
        // Checked when the sweep was built; here the values take this space's form.
        Map<String, Object> member = space.asSample(params);
        samples.add(new Sample(i, member, space.toConfig(member), space));
      }
    }

    private int k() {
      return samples.size();
    }

    @Override
    public Sample ask(long index) {
      if (index < k()) {
        return enqueued(index);
      }
      if (sampling.adaptive()) {
        return sampling.ask(index);
      }
      Sample s = sampling.ask(index - k());
      return new Sample(index, s.params(), s.config(), space);
    }

    /** Enqueued trial {@code index}; an adaptive sampler observes it pending until told. */
    private Sample enqueued(long index) {
      Sample s = samples.get((int) index);
      if (sampling.adaptive()) {
        sampling.adopt(index, s.params());
      }
      return s;
    }

    @Override
    public void skip(long index) {
      if (index < k()) {
        return; // another run's enqueued trial: the same config in every run
      }
      sampling.skip(sampling.adaptive() ? index : index - k());
    }

    @Override
    public void tell(TrialRecord record) {
      sampling.tell(record);
    }

    @Override
    public void learn(TrialRecord earlier) {
      sampling.learn(earlier);
    }

    @Override
    public boolean adaptive() {
      return sampling.adaptive();
    }

    @Override
    public void adopt(long index, Map<String, Object> params) {
      sampling.adopt(index, params);
    }

    /**
     * An enqueued trial is sampled anew, so its hash shows whether the folder enqueued the same.
     */
    @Override
    public Sample resume(long index, Map<String, Object> earlier, Space space) {
      if (index < k()) {
        return enqueued(index);
      }
      return sampling.adaptive() ? sampling.resume(index, earlier, space) : ask(index);
    }

    @Override
    public OptionalLong size() {
      OptionalLong size = sampling.size();
      return size.isPresent() ? OptionalLong.of(size.getAsLong() + k()) : size;
    }
  }
}
