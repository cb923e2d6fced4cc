package dev.sweep.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 1, unit = TimeUnit.MINUTES)
class LiveEventsTest {
  private final LiveEvents events = new LiveEvents();

  @Test
  void stream_sendsTheOpeningThenEachEvent_untilClosed() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread client = streamIn(out);
    awaitClients(1);
    events.publish("sweep", "{\"version\":2}");
    events.close();
    client.join(10_000);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("retry: 1000\n\nopening\nevent: sweep\ndata: {\"version\":2}\n\n");
    assertThat(events.size()).isZero();
  }

  @Test
  void aClientTooFarBehind_isDropped_andTheOthersGoOn() throws Exception {
    CountDownLatch stuck = new CountDownLatch(1);
    OutputStream slow =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            try {
              stuck.await(); // a browser that reads nothing
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
          }
        };
    Thread client = streamIn(slow);
    awaitClients(1);
    for (int i = 0; i <= LiveEvents.MAX_BEHIND; i++) {
      events.publish("sweep", "{}");
    }
    assertThat(events.size()).as("dropped once its queue was full").isZero();
    stuck.countDown();
    client.join(10_000);
    assertThat(client.isAlive()).isFalse();
  }

  @Test
  void publish_refusesDataOfSeveralLines() {
    assertThatThrownBy(() -> events.publish("sweep", "{\n}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event data must be one line, got 3 chars with a newline");
  }

  private Thread streamIn(OutputStream out) {
    Thread t =
        new Thread(
            () -> {
              try {
                events.stream(out, "opening\n".getBytes(StandardCharsets.UTF_8));
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    t.start();
    return t;
  }

  private void awaitClients(int n) throws InterruptedException {
    for (int i = 0; i < 1000 && events.size() < n; i++) {
      Thread.sleep(5);
    }
    assertThat(events.size()).isEqualTo(n);
  }
}
