package dev.sweep.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.internal.Json;
import dev.sweep.population.Population;
import dev.sweep.store.LockHolder;
import dev.sweep.store.Replay;
import dev.sweep.store.StoreException;
import dev.sweep.store.SweepFolder;
import dev.sweep.store.TrialState;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialStatus;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A sweep folder as the commands read it, without taking its lock: its definition, its journal
 * replayed, and who drives it. Reading is safe while a driver runs.
 */
final class SweepDir {
  /** The file {@code sweep cancel} writes and a running driver polls. */
  static final String CANCEL = "cancel";

  private final Path dir;
  private final JsonNode definition;

  private SweepDir(Path dir, JsonNode definition) {
    this.dir = dir;
    this.definition = definition;
  }

  /**
   * The sweep folder {@code dir}.
   *
   * @throws CliException if it has no {@code sweep.json}
   */
  static SweepDir open(Path dir) {
    Path file = dir.resolve(SweepFolder.DEFINITION);
    if (!Files.isRegularFile(file)) {
      throw CliException.usage(
          dir
              + " is not a sweep folder: it has no "
              + SweepFolder.DEFINITION
              + " (`sweep run SWEEP.yaml` or `sweep setup SWEEP.yaml` makes one)");
    }
    return new SweepDir(dir, definition(file));
  }

  /**
   * The folder's {@code sweep.json}, which the first run wrote.
   *
   * @throws CliException naming its line and column if it is not a JSON object
   */
  static JsonNode definition(Path file) {
    JsonNode definition;
    try (InputStream in = new FileInputStream(file.toFile())) {
      definition = Json.reader().readTree(in);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw CliException.usage(
          file
              + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
              + ": not JSON: "
              + e.getOriginalMessage()
              + "; it is the sweep folder's definition: put it back, "
              + "or delete it and `sweep run` writes it again");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (definition == null || !definition.isObject()) {
      throw CliException.usage(
          file
              + ":1:1: not a JSON object; it is the sweep folder's definition: put it back, "
              + "or delete it and `sweep run` writes it again");
    }
    return definition;
  }

  Path dir() {
    return dir;
  }

  String name() {
    return definition.path("name").asText(dir.getFileName().toString());
  }

  /**
   * The space as the definition describes it: {@code Space[optim.lr: logUniform[1.0E-4, 0.1], …]}.
   */
  String space() {
    return definition.path("space").asText("");
  }

  String sampler() {
    return definition.path("sampler").asText("?");
  }

  /** How many trials the sweep runs, as its definition says. */
  long total() {
    return definition.path("trials").asLong(0);
  }

  Objective objective() {
    return Objective.read(definition.path("objective"));
  }

  /** The sweep's objectives and outcome constraints; its one objective for a sweep of one. */
  Objectives objectives() {
    return Objectives.read(definition);
  }

  Replay replay() {
    return SweepFolder.replay(dir);
  }

  Population population(Objective objective) {
    return replay().population(objective);
  }

  Path trialDir(TrialState t) {
    return SweepFolder.trialDir(dir, t.id(), t.name());
  }

  /**
   * The driver that holds the folder, as its lock file says; empty when none does. Its text is
   * checked against this host's processes: a pid that is gone, or that another process has taken
   * since, holds nothing. A driver on another host cannot be checked and is taken to run.
   */
  Optional<LockHolder> holder() {
    return holder(dir);
  }

  static Optional<LockHolder> holder(Path dir) {
    return LockHolder.read(dir).filter(h -> !h.isLocal() || h.runsHere());
  }

  /**
   * Refuses, before a command writes anything, a folder whose lock it could not take (see {@link
   * SweepFolder#checkLock}); says on {@code err} when it will take over a stale one.
   */
  static void checkLock(Path dir, boolean forceUnlock, PrintWriter err) {
    try {
      SweepFolder.checkLock(dir, forceUnlock)
          .ifPresent(
              stale -> {
                err.println("sweep folder " + dir + ": " + stale.takeOverNote());
                err.flush();
              });
    } catch (StoreException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /** Whether the trial's last attempt stands, as the sweep decides on a resume. */
  static boolean stands(TrialState t, int retries) {
    if (t.last().isEmpty()) {
      return false;
    }
    TrialStatus s = t.last().get().status();
    return s == TrialStatus.COMPLETED
        || s == TrialStatus.PRUNED
        || (s == TrialStatus.FAILED && t.attempts() > retries && !t.failedFast());
  }
}
