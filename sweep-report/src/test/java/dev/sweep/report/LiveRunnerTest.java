package dev.sweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.Result;
import dev.sweep.RunningSweep;
import dev.sweep.Sweep;
import dev.sweep.internal.Json;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java program that serves its own running sweep: an in-JVM runner's {@code trial.report} shows
 * on the live page while the trial runs, as a command trial's metrics file does.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LiveRunnerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void inJvmRunner_showsItsLatestReportedValueWhileRunning_thenCompleted(@TempDir Path tmp)
      throws Exception {
    Path dir = tmp.resolve("in-jvm");
    CountDownLatch release = new CountDownLatch(1);
    Space space = Space.builder().add("lr", Floats.uniform(0.1, 0.2)).build();
    RunningSweep running =
        Sweep.builder(
                space,
                t -> {
                  t.report(1, Map.of("loss", 0.9));
                  t.report(2, Map.of("loss", 0.5)); // the latest: what the page must show
                  if (!release.await(2, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the test never released the trial");
                  }
                  return Result.of("loss", 0.25);
                })
            .name("in-jvm")
            .objective(Objective.minimize("loss"))
            .sampler(Samplers.random(3))
            .maxTrials(1)
            .threads(1)
            .directory(dir)
            .build()
            .start();
    try (LiveServer.Running live =
        LiveServer.builder()
            .folder(dir)
            .port(0)
            .pollInterval(Duration.ofMillis(50))
            .build()
            .start()) {
      JsonNode s = await(live, n -> n.path("running").path(0).path("step").asLong() == 2);
      JsonNode trial = s.path("running").get(0);
      assertThat(trial.path("id").asLong()).isZero();
      assertThat(trial.path("latest").path("loss").asDouble())
          .as("the latest value the runner reported, while it is blocked")
          .isEqualTo(0.5);
      assertThat(s.path("counts").path("running").asInt()).isEqualTo(1);
      assertThat(
              Files.readAllLines(
                  SweepFolder.trialDir(dir, 0, s.path("trials").get(0).path("name").asText())
                      .resolve(SweepFolder.REPORTED)))
          .as("one line a report, as a command trial's metrics file")
          .containsExactly("{\"step\":1,\"loss\":0.9}", "{\"step\":2,\"loss\":0.5}");

      release.countDown();
      JsonNode done = await(live, n -> n.path("counts").path("completed").asInt() == 1);
      assertThat(done.path("running")).isEmpty();
      assertThat(done.path("best").path("value").asDouble()).isEqualTo(0.25);
      assertThat(done.path("trials").get(0).path("curve"))
          .as("the whole curve once ended, from the journal")
          .hasSize(2);
    } finally {
      release.countDown();
      running.join();
    }
  }

  private JsonNode await(LiveServer.Running live, Predicate<JsonNode> ready) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonNode s;
    do {
      Thread.sleep(50);
      String body =
          http.send(
                  HttpRequest.newBuilder(live.uri().resolve("api/sweeps")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      s = Json.reader().readTree(body).get(0);
    } while (!ready.test(s) && System.nanoTime() < deadline);
    assertThat(ready.test(s)).as("snapshot %s", s).isTrue();
    return s;
  }
}
