package dev.sweep.postgres;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a run (an agent) takes part in a shared sweep: how often it beats, after how long without a
 * beat (by the database's clock) its trials are taken over by others, the folder its trials get
 * their work folders under ({@code trials/<id>-<name>}, recorded per attempt with the host and
 * pid), and for how long a call retries a database that does not answer before the run stops.
 *
 * <pre>{@code
 * Agent agent = Agent.defaults().withTrialRoot(Path.of("runs/lr")).withRetryFor(Duration.ofMinutes(10));
 * }</pre>
 */
public record Agent(
    Duration heartbeat, Duration staleAfter, Optional<Path> trialRoot, Duration retryFor) {

  public Agent {
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(staleAfter, "staleAfter");
    Objects.requireNonNull(trialRoot, "trialRoot");
    Objects.requireNonNull(retryFor, "retryFor");
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("heartbeat " + heartbeat + ": must be positive");
    }
    // the run stops an attempt once its last beat is older than half the timeout: a beat must fit
    // twice
    if (staleAfter.compareTo(heartbeat.multipliedBy(4)) < 0) {
      throw new IllegalArgumentException(
          "staleAfter "
              + staleAfter
              + " with heartbeat "
              + heartbeat
              + ": the timeout must be at least 4 heartbeats");
    }
    if (retryFor.isNegative()) {
      throw new IllegalArgumentException("retryFor " + retryFor + ": must not be negative");
    }
  }

  /**
   * A beat every 10 s, taken over after 60 s without one, no trial folders, retries for 3 minutes.
   */
  public static Agent defaults() {
    return new Agent(
        Duration.ofSeconds(10), Duration.ofSeconds(60), Optional.empty(), Duration.ofMinutes(3));
  }

  public Agent withHeartbeat(Duration heartbeat, Duration staleAfter) {
    return new Agent(heartbeat, staleAfter, trialRoot, retryFor);
  }

  public Agent withTrialRoot(Path root) {
    return new Agent(
        heartbeat, staleAfter, Optional.of(root.toAbsolutePath().normalize()), retryFor);
  }

  public Agent withRetryFor(Duration retryFor) {
    return new Agent(heartbeat, staleAfter, trialRoot, retryFor);
  }
}
