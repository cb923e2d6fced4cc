package dev.sweep.sampler;

import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A strategy that proposes configs: grid, random and, in {@code sweep-samplers}, quasi-random and
 * adaptive ones. A sampler is an immutable description; {@link #start(Space)} gives the stateful
 * {@link Sampling} of one sweep.
 *
 * <pre>{@code
 * Sampling sampling = Samplers.random(42).start(space);
 * Sample first = sampling.ask(0);
 * }</pre>
 */
@FunctionalInterface
public interface Sampler {

  /**
   * Starts sampling {@code space} for one sweep.
   *
   * @throws IllegalArgumentException if this sampler cannot sample the space (e.g. a grid over a
   *     continuous domain without grid points)
   */
  Sampling start(Space space);

  /**
   * Starts sampling {@code space} for a sweep that seeks {@code objective}: what adaptive samplers
   * learn from. The default ignores the objective.
   */
  default Sampling start(Space space, Objective objective) {
    return start(space);
  }

  /**
   * Starts sampling {@code space} for a sweep that seeks {@code objectives}: a multi-objective
   * sampler (NSGA-II, MOTPE) searches their Pareto front and keeps their constraints on the
   * outcome. The default is the single-objective sampler's answer: it seeks the {@linkplain
   * Objectives#primary() primary} objective alone and does not see the constraints.
   */
  default Sampling start(Space space, Objectives objectives) {
    return start(space, objectives.primary());
  }

  /** The state of a sampler within one sweep. Calls come from one thread at a time. */
  interface Sampling {
    /**
     * The sample for trial {@code index}. The sweep asks for indices 0, 1, 2, … in order, also when
     * it resumes, so a sampler may keep state between asks.
     *
     * @throws ConstraintsUnsatisfiedException if no sample satisfying the constraints was found
     * @throws java.util.NoSuchElementException if {@code index} is beyond {@link #size()}
     */
    Sample ask(long index);

    /**
     * Passes over trial {@code index}, which another run samples: a sweep that several runs share
     * asks each of them for every index in order. The default asks and drops the sample, so that a
     * sampler whose samples depend on the earlier ones stays in step; one whose sample for an index
     * depends on the seed and the index alone need do nothing.
     */
    default void skip(long index) {
      ask(index);
    }

    /** Learns a finished trial's outcome; adaptive samplers use it, the default ignores it. */
    default void tell(TrialRecord record) {}

    /**
     * Learns a trial of an earlier sweep before the first ask (a warm start): its params are a
     * sample of this space. Model-based samplers take it as an observation of no trial of this
     * sweep, so it counts towards their start-up trials and its id never meets this sweep's ids;
     * the default ignores it.
     */
    default void learn(TrialRecord earlier) {}

    /**
     * Whether samples depend on the outcomes told (TPE and other adaptive samplers). Such a
     * sampler's configs cannot be laid out before the sweep runs, and a resumed sweep hands it the
     * configs its folder holds ({@link #adopt}) instead of asking again: an earlier run asked while
     * other trials were still running, and asking now would not give the same config.
     */
    default boolean adaptive() {
      return false;
    }

    /**
     * Takes {@code params} as this sampling's sample for trial {@code index}: a resumed sweep found
     * it in its folder. Called only when {@link #adaptive()}, in index order, in place of {@link
     * #ask}; the trial is then running until told.
     */
    default void adopt(long index, Map<String, Object> params) {
      throw new UnsupportedOperationException("only adaptive samplers adopt samples");
    }

    /**
     * The sample for trial {@code index} of a resumed sweep whose folder holds {@code earlier}: an
     * adaptive sampler {@linkplain #adopt adopts} it, any other is {@linkplain #ask asked} again,
     * and the caller compares the config hashes, which shows that the folder is this sweep's.
     */
    default Sample resume(long index, Map<String, Object> earlier, Space space) {
      if (!adaptive()) {
        return ask(index);
      }
      adopt(index, earlier);
      return new Sample(index, earlier, space.toConfig(earlier), space);
    }

    /** How many samples there are, when that is finite (a grid), known before running. */
    default OptionalLong size() {
      return OptionalLong.empty();
    }
  }
}
