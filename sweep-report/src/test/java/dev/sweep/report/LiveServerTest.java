package dev.sweep.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.Result;
import dev.sweep.Sweep;
import dev.sweep.internal.Json;
import dev.sweep.sampler.Samplers;
import dev.sweep.space.Floats;
import dev.sweep.space.Space;
import dev.sweep.trial.Objective;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The live server over real HTTP, on a folder that a real sweep writes while the test reads. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LiveServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static LiveServer.Running serve(Path... dirs) {
    LiveServer.Builder b = LiveServer.builder().port(0).pollInterval(Duration.ofMillis(50));
    for (Path d : dirs) {
      b.folder(d);
    }
    return b.build().start();
  }

  @Test
  void api_showsCountsRunningTrialAndBest(@TempDir Path tmp) throws Exception {
    try (LiveSweep sweep = new LiveSweep(tmp.resolve("live"));
        LiveServer.Running live = serve(sweep.dir)) {
      assertThat(live.uri().toString()).startsWith("http://127.0.0.1:").endsWith("/");
      sweep.finishOne();
      JsonNode s = awaitSnapshot(live, n -> n.path("counts").path("completed").asInt() == 1);
      assertThat(s.path("name").asText()).isEqualTo("live");
      assertThat(s.path("objective").path("metric").asText()).isEqualTo("error");
      assertThat(s.path("best").path("id").asLong()).isZero();
      assertThat(s.path("params").findValuesAsText("name"))
          .containsExactly("optim.lr", "optim.name");
      assertThat(s.path("params").get(0).path("log").asBoolean())
          .as("optim.lr is log-uniform")
          .isTrue();
      assertThat(s.path("trials").get(0).path("curve")).hasSize(5);
      assertThat(
              s.path("counts").path("pending").asInt() + s.path("counts").path("running").asInt())
          .isEqualTo(LiveSweep.TRIALS - 1);

      JsonNode running =
          awaitSnapshot(live, n -> n.path("running").path(0).path("step").asInt() == 5)
              .path("running")
              .get(0);
      assertThat(running.path("id").asLong()).isEqualTo(1);
      assertThat(running.path("latest").path("error").asDouble())
          .as("the running trial's last step, from its metrics.jsonl")
          .isPositive();

      JsonNode trial =
          Json.reader().readTree(get(live.uri().resolve("api/sweep/live/trial/0")).body());
      assertThat(trial.path("status").asText()).isEqualTo("completed");
      assertThat(trial.path("config").path("optim").path("name").isTextual()).isTrue();
      assertThat(trial.path("curves").path("error")).hasSize(5);
    }
  }

  @Test
  void events_pushASnapshotWhenATrialFinishes(@TempDir Path tmp) throws Exception {
    try (LiveSweep sweep = new LiveSweep(tmp.resolve("live"));
        LiveServer.Running live = serve(sweep.dir)) {
      HttpResponse<InputStream> stream =
          http.send(
              HttpRequest.newBuilder(live.uri().resolve("api/events")).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(stream.headers().firstValue("Content-Type"))
          .hasValue("text/event-stream; charset=utf-8");
      try (BufferedReader events =
          new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
        sweep.finishOne();
        long completed = 0;
        for (String line; completed < 1 && (line = events.readLine()) != null; ) {
          if (line.startsWith("data: ")) {
            completed =
                Json.reader().readTree(line.substring(6)).path("counts").path("completed").asLong();
          }
        }
        assertThat(completed)
            .as("a snapshot with the finished trial came down the stream")
            .isEqualTo(1);
      }
    }
  }

  @Test
  void server_isReadOnlyAndLocal(@TempDir Path tmp) throws Exception {
    try (LiveServer.Running live = serve(tmp.resolve("not-yet"))) {
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(live.uri()).POST(HttpRequest.BodyPublishers.noBody()).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");

      assertThat(get(live.uri()).body()).contains("<script src=\"vendor/echarts.min.js\">");
      assertThat(get(live.uri().resolve("vendor/echarts.min.js")).body()).contains("echarts");
      assertThat(get(live.uri().resolve("licenses/echarts")).body()).contains("Apache License");
      assertThat(get(live.uri().resolve("api/sweep/nope")).statusCode()).isEqualTo(404);
      assertThat(
              Json.reader()
                  .readTree(get(live.uri().resolve("api/sweep/not-yet")).body())
                  .path("waiting")
                  .asText())
          .isEqualTo("no sweep.json yet: the sweep has not started");

      assertThat(LiveRoutes.localHost("evil.example:8040")).isFalse();
      assertThat(LiveRoutes.localHost("127.0.0.1:8040")).isTrue();
      assertThat(LiveRoutes.localHost("localhost")).isTrue();
      assertThat(LiveRoutes.localHost("[::1]:80")).isTrue();
    }
  }

  @Test
  void builder_checksItsArguments() {
    assertThatThrownBy(() -> LiveServer.builder().port(70000))
        .hasMessage("port must be in [0, 65535], got 70000");
    assertThatThrownBy(() -> LiveServer.builder().host(" "))
        .hasMessage("host is blank: give an address such as 127.0.0.1");
    assertThatThrownBy(() -> LiveServer.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "no sweep to follow: add a folder with folder(path) or a source with source(source)");
  }

  @Test
  void snapshot_ofABigSweep_sendsTheCurvesOfTheBestOnly(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("big");
    int trials = LiveSnapshot.CURVES + 50;
    Sweep.builder(
            Space.builder().add("x", Floats.uniform(0, 1)).build(),
            t -> {
              double x = t.config().getDouble("x");
              t.report(1, Map.of("error", x + 1));
              return Result.of("error", x);
            })
        .objective(Objective.minimize("error"))
        .maxTrials(trials)
        .directory(dir)
        .build()
        .run();
    try (LiveServer.Running live = serve(dir)) {
      JsonNode s = awaitSnapshot(live, n -> n.path("counts").path("completed").asInt() == trials);
      double worstWithCurve = Double.NEGATIVE_INFINITY;
      double bestWithout = Double.POSITIVE_INFINITY;
      int withCurve = 0;
      for (JsonNode t : s.path("trials")) {
        double v = t.path("value").asDouble();
        if (t.path("curve").isEmpty()) {
          bestWithout = Math.min(bestWithout, v);
        } else {
          withCurve++;
          worstWithCurve = Math.max(worstWithCurve, v);
        }
      }
      assertThat(withCurve).isEqualTo(LiveSnapshot.CURVES);
      assertThat(worstWithCurve).isLessThanOrEqualTo(bestWithout);
    }
  }

  @Test
  void plots_contourTheTwoParametersTheErrorDependsOn(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("bowl");
    int trials = 120;
    bowl(dir, trials);
    try (LiveServer.Running live = serve(dir)) {
      JsonNode s = awaitSnapshot(live, n -> n.path("counts").path("completed").asInt() == trials);
      JsonNode plots = s.path("plots");
      assertThat(plots.path("domains").path("optim.lr").path("log").asBoolean()).isTrue();
      assertThat(plots.path("domains").path("optim.lr").path("lo").asDouble()).isEqualTo(1e-4);
      assertThat(plots.path("domains").path("x").path("hi").asDouble()).isEqualTo(1.0);
      JsonNode importance = plots.path("importance");
      assertThat(importance).hasSize(3);
      assertThat(
              List.of(
                  importance.get(0).path("param").asText(),
                  importance.get(1).path("param").asText()))
          .containsExactlyInAnyOrder("x", "optim.lr");
      assertThat(importance.get(2).path("param").asText()).isEqualTo("noise");
      assertThat(importance.get(0).path("rank").asInt()).isEqualTo(1);
      assertThat(importance.get(2).path("rank").asInt()).isEqualTo(3);

      JsonNode c = plots.path("contour");
      assertThat(List.of(c.path("x").asText(), c.path("y").asText()))
          .containsExactlyInAnyOrder("x", "optim.lr");
      assertThat(c.path("method").asText()).contains("kernel smoother").contains("120 completed");
      assertThat(c.path("x_edges")).hasSize(LivePlots.GRID + 1);
      assertThat(c.path("y_edges")).hasSize(LivePlots.GRID + 1);
      JsonNode z = c.path("z");
      assertThat(z).hasSize(LivePlots.GRID);
      boolean xFirst = c.path("x").asText().equals("x");
      JsonNode lrEdges = xFirst ? c.path("y_edges") : c.path("x_edges");
      assertThat(c.path(xFirst ? "y_log" : "x_log").asBoolean()).isTrue();
      assertThat(lrEdges.get(0).asDouble()).isCloseTo(1e-4, Offset.offset(1e-9));
      assertThat(lrEdges.get(LivePlots.GRID).asDouble()).isCloseTo(1e-1, Offset.offset(1e-9));
      // the smoothed bowl's lowest cell lies near its true bottom, x = 0.3, lr = 1e-2
      int bi = -1;
      int bj = -1;
      double lowest = Double.POSITIVE_INFINITY;
      for (int j = 0; j < LivePlots.GRID; j++) {
        for (int i = 0; i < LivePlots.GRID; i++) {
          JsonNode cell = z.get(j).get(i);
          if (!cell.isNull() && cell.asDouble() < lowest) {
            lowest = cell.asDouble();
            bi = i;
            bj = j;
          }
        }
      }
      double bottomX = xFirst ? centre(c.path("x_edges"), bi) : centre(c.path("y_edges"), bj);
      double bottomLr = xFirst ? centre(c.path("y_edges"), bj) : centre(c.path("x_edges"), bi);
      assertThat(bottomX).isBetween(0.1, 0.5);
      assertThat(Math.log10(bottomLr)).isBetween(-3.0, -1.0);
    }
  }

  /**
   * A finished random sweep whose error is a bowl in {@code x} and {@code log10(optim.lr)}, lowest
   * at 0.3 and 1e-2, with a third parameter, {@code noise}, that it does not depend on.
   */
  static void bowl(Path dir, int trials) {
    Sweep.builder(
            Space.builder()
                .add("x", Floats.uniform(0, 1))
                .add("optim.lr", Floats.logUniform(1e-4, 1e-1))
                .add("noise", Floats.uniform(0, 1))
                .build(),
            t -> {
              double x = t.config().getDouble("x");
              double lr = Math.log10(t.config().getDouble("optim.lr"));
              return Result.of("error", 4 * (x - 0.3) * (x - 0.3) + 0.5 * (lr + 2) * (lr + 2));
            })
        .objective(Objective.minimize("error"))
        .sampler(Samplers.random(11))
        .maxTrials(trials)
        .directory(dir)
        .build()
        .run();
  }

  private static double centre(JsonNode edges, int i) {
    return (edges.get(i).asDouble() + edges.get(i + 1).asDouble()) / 2;
  }

  @Test
  void keyed_makesFolderNamesUrlSafeAndDistinct() {
    assertThat(LiveFolder.keyed(List.of(Path.of("/a/runs 1"), Path.of("/b/runs 1"))))
        .extracting(LiveFolder::key)
        .containsExactly("runs_1", "runs_1-2");
  }

  private JsonNode awaitSnapshot(LiveServer.Running live, Predicate<JsonNode> ready)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonNode s;
    do {
      Thread.sleep(50);
      s = Json.reader().readTree(get(live.uri().resolve("api/sweeps")).body()).get(0);
    } while (!ready.test(s) && System.nanoTime() < deadline);
    assertThat(ready.test(s))
        .as(
            "snapshot %s of %s",
            s, Files.readString(Path.of(s.path("folder").asText(), "journal.jsonl")))
        .isTrue();
    return s;
  }
}
