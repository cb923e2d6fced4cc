package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sweep serve} over real HTTP, on the folder of a real {@code sweep run}. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ServeCommandTest {
  private static final String SPEC =
      """
      name: served
      objective: {metric: error}
      sampler: {type: grid}
      parameters:
        x: {choice: [1, 2, 3]}
      command:
        - /usr/bin/python3
        - -c
        - >-
          import json, os, sys; x = int(sys.argv[1]);
          f = open(os.environ['SWEEP_METRICS'], 'a');
          [f.write(json.dumps(dict(step=s, error=abs(x - 2) + 1.0 / s)) + chr(10)) for s in range(1, 4)];
          f.write(json.dumps(dict(error=abs(x - 2))) + chr(10))
        - "{x}"
      """;

  @TempDir Path dir;

  @Test
  void serve_answersTheFolderAsJson_untilStopped() throws Exception {
    Path file = Files.writeString(dir.resolve("served.yaml"), SPEC);
    Cli.Run run = sweep("run", "--quiet", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    AtomicInteger code = new AtomicInteger(-1);
    String[] args = {
      "serve", "--port", "0", dir.resolve("served").toString(), dir.resolve("later").toString()
    };
    Thread serving =
        new Thread(
            () -> {
              CommandLine cl = SweepCommand.commandLine(args);
              cl.setOut(new PrintWriter(out, true));
              cl.setErr(new PrintWriter(err, true));
              code.set(cl.execute(args));
            });
    serving.start();
    URI uri = awaitUri(out);
    assertThat(err.toString())
        .isEqualTo(
            "sweep serve: "
                + dir.resolve("later")
                + " has no sweep.json yet; the page shows it once a run makes it\n");

    JsonNode sweeps = Json.reader().readTree(get(uri.resolve("api/sweeps")));
    assertThat(sweeps.findValuesAsText("key")).contains("served", "later");
    JsonNode served = sweeps.get(0);
    assertThat(served.path("counts").path("completed").asInt()).isEqualTo(3);
    assertThat(served.path("best").path("params").path("x").asInt()).isEqualTo(2);
    assertThat(served.path("trials").get(0).path("curve"))
        .as("the steps; the last line is the result")
        .hasSize(3);
    assertThat(get(uri)).contains("<title>sweep serve</title>");

    serving.interrupt();
    serving.join(10_000);
    assertThat(serving.isAlive()).as("serve stopped when interrupted").isFalse();
    assertThat(code.get()).isZero();
  }

  @Test
  void serve_refusesABadPort() {
    Cli.Run run = sweep("serve", "--port", "70000", dir.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("port must be in [0, 65535], got 70000");
  }

  private static URI awaitUri(StringWriter out) throws InterruptedException {
    Pattern url = Pattern.compile("sweep serve: (http://\\S+/) \\(Ctrl-C stops\\)");
    for (int i = 0; i < 600; i++) {
      Matcher m = url.matcher(out.toString());
      if (m.find()) {
        return URI.create(m.group(1));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("serve printed no address: " + out);
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
