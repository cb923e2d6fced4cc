package dev.sweep.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The open server-sent-event streams of a {@link LiveServer}: each client has its own queue, which
 * its handler thread drains into the response, so a slow client never holds up the poller or the
 * others. Thread-safe.
 */
final class LiveEvents {
  /** Events a client may fall behind by before it is dropped (it reconnects and starts afresh). */
  static final int MAX_BEHIND = 256;

  /** Ends a stream; compared by identity. */
  private static final byte[] END = new byte[0];

  private final CopyOnWriteArrayList<BlockingQueue<byte[]>> clients = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /** Queues {@code event} with the one-line JSON {@code data} for every open stream. */
  void publish(String event, String data) {
    if (data.indexOf('\n') >= 0) {
      throw new IllegalArgumentException(
          "event data must be one line, got " + data.length() + " chars with a newline");
    }
    send(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
  }

  /** A comment line, which keeps proxies and the browser from timing an idle stream out. */
  void keepAlive() {
    send(": \n\n".getBytes(StandardCharsets.UTF_8));
  }

  private void send(byte[] bytes) {
    for (BlockingQueue<byte[]> q : clients) {
      if (!q.offer(bytes)) {
        clients.remove(q); // too far behind: its stream ends, the browser reconnects
        q.clear();
        q.offer(END);
      }
    }
  }

  /**
   * Streams to {@code out} until the client leaves or the server closes: first {@code opening} (the
   * current snapshots, so a client that connects late misses nothing), then each event.
   */
  void stream(OutputStream out, byte[] opening) throws IOException {
    BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>(MAX_BEHIND);
    clients.add(queue);
    try {
      out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
      out.write(opening);
      out.flush();
      while (true) {
        byte[] next = queue.poll(1, TimeUnit.SECONDS);
        if (next == END || (next == null && closed)) {
          return;
        }
        if (next != null) {
          out.write(next);
          out.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      clients.remove(queue);
    }
  }

  /** How many streams are open. */
  int size() {
    return clients.size();
  }

  /** Ends every stream, once what is queued for it is sent. */
  void close() {
    closed = true;
    for (BlockingQueue<byte[]> q : clients) {
      if (!q.offer(END)) {
        q.clear(); // too far behind to wait for
        q.offer(END);
      }
    }
  }
}
