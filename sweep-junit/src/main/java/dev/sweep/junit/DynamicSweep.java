package dev.sweep.junit;

import static java.util.Objects.requireNonNull;

import dev.sweep.RunningSweep;
import dev.sweep.Sweep;
import dev.sweep.SweepListener;
import dev.sweep.Trial;
import dev.sweep.population.Population;
import dev.sweep.trial.TrialRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * A sweep as a JUnit 5 {@code @TestFactory}: each trial is a dynamic test named by its id and
 * readable config, which fails when the trial fails (skipped when it was pruned or cancelled), and
 * each expectation on the population is a test that runs once every trial has ended.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> learningRate() {
 *   return DynamicSweep.of(Sweep.builder(space, runner).objective(minimize("error")).maxTrials(20).threads(4))
 *       .expect("the median error is below 0.1", p -> assertThat(p.quantile(0.5)).isLessThan(0.1))
 *       .expect("lr matters more than wd", p -> assertThat(share(p, "lr")).isGreaterThan(share(p, "wd")))
 *       .dynamicTests();
 * }
 * }</pre>
 *
 * <p>Any runner works: threads in this JVM, a {@code ProcessRunner}, a {@code SlurmRunner}. The
 * trials run in the background as the sweep would run them (threads, retries, stopping rules), and
 * each test waits for its trial. Unless the builder has a directory, the sweep folder is {@code
 * target/sweeps/<test class>/<method>}, emptied first so that every run of the test runs its
 * trials; a directory set on the builder is used as it is (and resumes). The test's stream closes
 * the sweep: when JUnit is done with it no trial runs on.
 *
 * <p>It lives in sweep-junit, which brings junit-jupiter-api: sweep-core itself needs no JUnit.
 */
public final class DynamicSweep {
  // the frames to skip to find the test method: this class and the deprecated name that forwards to
  // it
  private static final Set<String> ENTRY_POINTS =
      Set.of(DynamicSweep.class.getName(), "dev.sweep.junit.SweepTest");
  private final Sweep.Builder builder;
  private final String caller; // the test class and method, for the default folder
  private final List<Expectation> expectations = new ArrayList<>();
  private boolean used;

  private DynamicSweep(Sweep.Builder builder, String caller) {
    this.builder = builder;
    this.caller = caller;
  }

  /**
   * A test of the sweep that {@code builder} builds. Call it from the {@code @TestFactory}: the
   * calling class and method name the default sweep folder.
   */
  public static DynamicSweep of(Sweep.Builder builder) {
    requireNonNull(builder, "builder == null");
    String caller =
        StackWalker.getInstance()
            .walk(
                frames ->
                    frames
                        .filter(f -> !ENTRY_POINTS.contains(f.getClassName()))
                        .findFirst()
                        .map(f -> f.getClassName() + "/" + f.getMethodName())
                        .orElse("sweep"));
    return new DynamicSweep(builder, caller);
  }

  /**
   * Adds a test named {@code description} that runs {@code assertion} on the population of every
   * finished trial, after the trials.
   *
   * @return this
   */
  public DynamicSweep expect(String description, ThrowingConsumer<Population> assertion) {
    requireNonNull(description, "description == null");
    requireNonNull(assertion, "assertion == null");
    if (description.isBlank()) {
      throw new IllegalArgumentException("an expectation needs a description, got a blank one");
    }
    expectations.add(new Expectation(description, assertion));
    return this;
  }

  /** The folder a sweep built from this test's builder would use if it set none. */
  Path defaultDirectory() {
    String[] parts = caller.split("/", 2);
    return Path.of("target", "sweeps")
        .resolve(safe(parts[0]))
        .resolve(safe(parts.length > 1 ? parts[1] : "sweep"))
        .toAbsolutePath();
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /**
   * Builds the sweep and returns its tests: one per trial, in the order the trials start, then one
   * per expectation. The sweep starts when JUnit asks for the first test.
   */
  public Stream<DynamicNode> dynamicTests() {
    if (used) {
      throw new IllegalStateException(
          "dynamicTests() was already called: a DynamicSweep builds its sweep once");
    }
    used = true;
    Feed feed = new Feed();
    builder.listener(feed);
    Path fallback = defaultDirectory();
    if (builder.directoryIfAbsent(fallback)) {
      deleteRecursively(fallback);
    }
    Sweep sweep = builder.build();
    Iterator<DynamicNode> trials = new TrialTests(sweep, feed);
    Stream<DynamicNode> trialTests =
        StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(trials, Spliterator.ORDERED | Spliterator.NONNULL),
            false);
    Stream<DynamicNode> populationTests =
        expectations.stream()
            .map(
                e ->
                    DynamicTest.dynamicTest(
                        "population: " + e.description(),
                        () -> e.assertion().accept(feed.population())));
    return Stream.concat(trialTests, populationTests).onClose(feed::close);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot empty the test's sweep folder " + dir.toAbsolutePath(), e);
    }
  }

  private record Expectation(String description, ThrowingConsumer<Population> assertion) {}

  /** What the sweep tells the tests: trials as they start, their records as they end. */
  private static final class Feed implements SweepListener {
    private final BlockingQueue<Announcement> started = new LinkedBlockingQueue<>();
    private final Map<Long, CompletableFuture<TrialRecord>> finished = new ConcurrentHashMap<>();
    // what the runner threw, by trial: the failed test shows its stack trace, not just its text
    private final Map<Long, Throwable> thrown = new ConcurrentHashMap<>();
    private volatile RunningSweep running;

    @Override
    public void trialStarted(Trial trial) {
      started.add(new Announcement(trial.id(), trial.name()));
    }

    @Override
    public void trialThrew(long id, Throwable cause) {
      thrown.put(id, cause); // comes before trialFinished, so the test finds it
    }

    @Override
    public void trialFinished(TrialRecord record) {
      record(record.id()).complete(record);
    }

    CompletableFuture<TrialRecord> record(long id) {
      return finished.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    /** The final population: waits for the sweep, and fails as the sweep failed. */
    Population population() throws Throwable {
      RunningSweep r = running;
      if (r == null) {
        throw new IllegalStateException("the sweep never started: JUnit ran no trial test");
      }
      try {
        return r.result().join();
      } catch (CompletionException e) {
        throw e.getCause();
      }
    }

    void close() {
      RunningSweep r = running;
      if (r != null) {
        r.close();
      }
    }
  }

  private record Announcement(long id, String name) {}

  /** The trial tests, made as the trials start; the sweep starts with the first. */
  private static final class TrialTests implements Iterator<DynamicNode> {
    private final Sweep sweep;
    private final Feed feed;
    private final Set<Long> announced = new HashSet<>();
    private final List<TrialRecord> leftovers =
        new ArrayList<>(); // kept from an earlier run of the folder
    private boolean ended;
    private DynamicNode next;

    TrialTests(Sweep sweep, Feed feed) {
      this.sweep = sweep;
      this.feed = feed;
    }

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (feed.running == null) {
        feed.running = sweep.start();
      }
      while (next == null) {
        if (!leftovers.isEmpty()) {
          TrialRecord kept = leftovers.remove(0);
          next = test(kept.id(), kept.name());
          feed.record(kept.id()).complete(kept);
        } else if (ended) {
          return false;
        } else {
          next = poll();
        }
      }
      return true;
    }

    private DynamicNode poll() {
      try {
        Announcement a = feed.started.poll(50, TimeUnit.MILLISECONDS);
        if (a != null) {
          announced.add(a.id());
          return test(a.id(), a.name());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        feed.running.cancel();
      }
      if (feed.running.isDone() && feed.started.isEmpty()) {
        ended = true;
        if (feed.running.result().isCompletedExceptionally()) {
          return DynamicTest.dynamicTest("sweep", () -> feed.population());
        }
        for (TrialRecord r : feed.running.result().join().trials()) {
          if (!announced.contains(r.id())) {
            leftovers.add(r);
          }
        }
      }
      return null;
    }

    private DynamicTest test(long id, String name) {
      return DynamicTest.dynamicTest(
          "#" + id + " " + name, () -> verdict(feed.record(id).join(), feed.thrown.get(id)));
    }

    @Override
    public DynamicNode next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      DynamicNode n = next;
      next = null;
      return n;
    }
  }

  /**
   * Passes a completed trial, fails a failed one (with what its runner threw as the cause, if it
   * threw in this run), and skips one pruned or cancelled.
   */
  private static void verdict(TrialRecord r, Throwable thrown) {
    String what = "trial " + r.id() + " (" + r.name() + ") ";
    switch (r.status()) {
      case COMPLETED -> {}
      case FAILED ->
          Assertions.fail(what + "failed: " + r.failure().orElse("no reason given"), thrown);
      case PRUNED, CANCELLED ->
          Assumptions.abort(
              what
                  + "was "
                  + r.status().toString().toLowerCase(java.util.Locale.ROOT)
                  + r.failure().map(f -> ": " + f).orElse("")
                  + "; metrics "
                  + r.metrics());
      default -> Assertions.fail(what + "ended " + r.status());
    }
  }
}
