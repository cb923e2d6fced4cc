package dev.sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.Result;
import dev.sweep.RunningSweep;
import dev.sweep.Sweep;
import dev.sweep.internal.Json;
import dev.sweep.postgres.Stores;
import dev.sweep.postgres.SweepDatabase;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code sweep serve --store URL ID}: the live page follows a sweep of a real PostgreSQL store
 * while a Java run of it holds its trials, over real HTTP.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ServeStoreTest {
  /** A run sends its reports in batches of this many at once (PostgresStore.REPORT_BATCH). */
  private static final int STEPS = 64;

  private TestDatabase database;

  @BeforeEach
  void database() {
    database = TestDatabase.require();
  }

  @AfterEach
  void drop() throws Exception {
    database.close();
  }

  @Test
  void serveStore_showsTheStoredTrials_theRunningOnesValues_andATrialEndingSoonAfter()
      throws Exception {
    Semaphore finish = new Semaphore(0);
    Space space = Space.builder().add("lr", Floats.uniform(0.1, 0.2)).build();
    try (SweepDatabase db = Stores.postgres(database.url())) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      String[] args = {"serve", "--port", "0", "--store", database.url(), "stored"};
      AtomicInteger code = new AtomicInteger(-1);
      Thread serving =
          new Thread(
              () -> {
                CommandLine cl = SweepCommand.commandLine(args);
                cl.setOut(new PrintWriter(out, true));
                cl.setErr(new PrintWriter(err, true));
                code.set(cl.execute(args));
              });
      serving.start();
      RunningSweep run = null;
      try {
        URI uri = awaitUri(out, err);
        await(uri, n -> n.path("waiting").asText().equals("not in the store yet"), 30);
        assertThat(err.toString()).contains("no sweep stored in ");

        run =
            Sweep.builder(
                    space,
                    t -> {
                      double lr = t.config().getDouble("lr");
                      for (int step = 1; step <= STEPS; step++) {
                        t.report(step, Map.of("loss", lr + 1.0 / step));
                      }
                      if (!finish.tryAcquire(2, TimeUnit.MINUTES)) {
                        throw new IllegalStateException(
                            "the test never let trial " + t.id() + " end");
                      }
                      return Result.of("loss", lr);
                    })
                .name("stored")
                .objective(Objective.minimize("loss"))
                .sampler(Samplers.random(11))
                .maxTrials(2)
                .threads(1)
                .store(db.sweep("stored"))
                .build()
                .start();
        JsonNode s = await(uri, n -> n.path("running").path(0).path("step").asLong() == STEPS, 30);
        assertThat(s.path("key").asText()).isEqualTo("stored");
        assertThat(s.path("name").asText()).isEqualTo("stored");
        assertThat(s.path("folder").asText()).startsWith("sweep stored in postgresql://");
        assertThat(s.path("driver").asBoolean()).as("a run of it is alive").isTrue();
        assertThat(s.path("counts").path("running").asInt()).isEqualTo(1);
        assertThat(s.path("counts").path("pending").asInt()).isEqualTo(1);
        JsonNode running = s.path("running").get(0);
        assertThat(running.path("latest").path("loss").asDouble())
            .as("the last point the run reported to the store")
            .isGreaterThan(0.1)
            .isLessThan(0.22);
        long id = running.path("id").asLong();
        JsonNode trial = Json.reader().readTree(get(uri.resolve("api/sweep/stored/trial/" + id)));
        assertThat(trial.path("status").asText()).isEqualTo("running");
        assertThat(trial.path("curves").path("loss")).hasSize(STEPS);
        assertThat(trial.path("logs").size()).as("no trial folder here").isZero();

        finish.release();
        JsonNode done = await(uri, n -> n.path("counts").path("completed").asInt() == 1, 10);
        assertThat(done.path("best").path("id").asLong()).isEqualTo(id);
        assertThat(done.path("trials").path(0).path("curve")).hasSize(STEPS);
        assertThat(get(uri.resolve("api/sweep/stored/trial/" + id))).contains("\"completed\"");
      } finally {
        serving.interrupt();
        serving.join(10_000);
        finish.release(2);
        if (run != null) {
          run.join();
        }
      }
      assertThat(serving.isAlive()).as("serve stopped when interrupted").isFalse();
      assertThat(code.get()).isZero();
    }
  }

  /** The first snapshot that is {@code ready}, asked for every 50 ms for up to {@code seconds}. */
  private static JsonNode await(URI uri, Predicate<JsonNode> ready, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    JsonNode s;
    do {
      Thread.sleep(50);
      s = Json.reader().readTree(get(uri.resolve("api/sweeps"))).get(0);
    } while (!ready.test(s) && System.nanoTime() < deadline);
    assertThat(ready.test(s)).as("snapshot %s", s).isTrue();
    return s;
  }

  private static URI awaitUri(StringWriter out, StringWriter err) throws InterruptedException {
    Pattern url = Pattern.compile("sweep serve: (http://\\S+/) \\(Ctrl-C stops\\)");
    for (int i = 0; i < 600; i++) {
      Matcher m = url.matcher(out.toString());
      if (m.find()) {
        return URI.create(m.group(1));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("serve printed no address: " + out + err);
  }

  private static String get(URI uri) throws IOException {
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
  }
}
