package dev.sweep.store;

import dev.sweep.sampler.Sample;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;
import java.util.Map;

/**
 * The store of a sweep without a folder ({@link SweepStore#inMemory()}): it keeps nothing, since
 * the run holds its trials' records itself, and it replays nothing, so each run starts afresh. It
 * holds no state, so one instance serves every run.
 */
enum MemoryStore implements SweepStore {
  INSTANCE;

  @Override
  public Map<Long, TrialState> replay() {
    return Map.of();
  }

  @Override
  public void created(Sample sample) {}

  @Override
  public void started(long id, int attempt) {}

  @Override
  public void reported(long id, int attempt, CurvePoint point) {}

  @Override
  public void note(long id, String key, Map<String, ?> value) {}

  @Override
  public void finished(TrialRecord record, int attempt) {}

  @Override
  public String description() {
    return "memory";
  }

  @Override
  public void close() {}
}
