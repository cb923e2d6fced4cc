package dev.sweep;

import dev.sweep.sampler.Sample;
import dev.sweep.store.SharedStore;
import dev.sweep.trial.CurvePoint;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One sweep's shared state in memory, as a database would hold it in tables, and the stores of the
 * runs that share it ({@link #agent}): enough of a shared store to specify how runs on one behave.
 * Attempts that {@link #lose} marks lost are claimed again, as stale ones are in a real store.
 */
final class SharedBoard {
  final long total;
  private long next;
  private boolean cancelled;
  private final Map<Long, Trial> trials = new TreeMap<>();
  private final List<Event> events = new ArrayList<>();
  final List<String> attempts =
      new ArrayList<>(); // "id/attempt by agent", in the order they started
  final Map<Long, Integer> finals = new HashMap<>(); // how many final outcomes each trial got

  private static final class Trial {
    Map<String, Object> params;
    String holder; // the agent running it; null when open or done
    int attempts;
    boolean done;
    Optional<String> failure = Optional.empty();
    int lost;
    Optional<String> lastLost = Optional.empty();
  }

  private record Event(String agent, SharedStore.Change change) {}

  SharedBoard(long total) {
    this.total = total;
  }

  synchronized void cancel() {
    cancelled = true;
  }

  /**
   * The attempts of {@code agent} are lost (its heartbeat lapsed): their trials are claimed again.
   */
  synchronized void lose(String agent) {
    for (Trial t : trials.values()) {
      if (agent.equals(t.holder)) {
        t.holder = null;
        t.failure = Optional.empty();
        t.lost++;
        t.lastLost = Optional.of("lost: " + agent + " stopped beating");
      }
    }
  }

  synchronized Map<Long, Map<String, Object>> params() {
    Map<Long, Map<String, Object>> all = new TreeMap<>();
    trials.forEach((id, t) -> all.put(id, t.params));
    return all;
  }

  /** The store of one run, as agent {@code agent}. */
  SharedStore agent(String agent) {
    return new Agent(agent);
  }

  private final class Agent implements SharedStore {
    private final String agent;
    private int seen;

    Agent(String agent) {
      this.agent = agent;
    }

    @Override
    public Claim claim() {
      synchronized (SharedBoard.this) {
        if (cancelled) {
          return new Claim.Done();
        }
        for (Map.Entry<Long, Trial> e : trials.entrySet()) {
          Trial t = e.getValue();
          if (!t.done && t.holder == null && t.params != null) {
            t.holder = agent;
            return new Claim.Again(
                e.getKey(), t.params, t.attempts, Map.of(), t.failure, t.lost, t.lastLost);
          }
        }
        if (next < total) {
          Trial t = new Trial();
          t.holder = agent;
          trials.put(next, t);
          return new Claim.Fresh(next++);
        }
        boolean running = trials.values().stream().anyMatch(t -> !t.done);
        return running ? new Claim.Wait(Duration.ofMillis(5)) : new Claim.Done();
      }
    }

    @Override
    public List<Change> changes() {
      synchronized (SharedBoard.this) {
        List<Change> mine = new ArrayList<>();
        for (; seen < events.size(); seen++) {
          if (!events.get(seen).agent().equals(agent)) {
            mine.add(events.get(seen).change());
          }
        }
        return mine;
      }
    }

    @Override
    public boolean holds(long id, int attempt) {
      synchronized (SharedBoard.this) {
        Trial t = trials.get(id);
        return t != null && agent.equals(t.holder) && t.attempts == attempt;
      }
    }

    @Override
    public boolean isCancelled() {
      synchronized (SharedBoard.this) {
        return cancelled;
      }
    }

    @Override
    public void created(Sample sample) {
      synchronized (SharedBoard.this) {
        trials.get(sample.index()).params = new LinkedHashMap<>(sample.params());
        events.add(new Event(agent, new Change.Created(sample.index(), sample.params())));
      }
    }

    @Override
    public void started(long id, int attempt) {
      synchronized (SharedBoard.this) {
        Trial t = trials.get(id);
        t.attempts = attempt;
        t.holder = agent;
        attempts.add(id + "/" + attempt + " by " + agent);
      }
    }

    @Override
    public void reported(long id, int attempt, CurvePoint point) {
      synchronized (SharedBoard.this) {
        events.add(new Event(agent, new Change.Reported(id, point)));
      }
    }

    @Override
    public void note(long id, String key, Map<String, ?> value) {}

    @Override
    public void finished(TrialRecord record, int attempt, boolean retrying) {
      synchronized (SharedBoard.this) {
        Trial t = trials.get(record.id());
        if (!agent.equals(t.holder)) {
          return; // another agent took it over: this attempt is not recorded
        }
        t.attempts = Math.max(t.attempts, attempt);
        t.failure = record.failure().filter(f -> record.status() == TrialStatus.FAILED);
        if (retrying) {
          return;
        }
        t.holder = null;
        t.done = record.status() != TrialStatus.CANCELLED;
        if (t.done) {
          finals.merge(record.id(), 1, Integer::sum);
          events.add(new Event(agent, new Change.Finished(record, attempt)));
        }
      }
    }

    @Override
    public String description() {
      return "board as " + agent;
    }

    @Override
    public void close() {}
  }
}
