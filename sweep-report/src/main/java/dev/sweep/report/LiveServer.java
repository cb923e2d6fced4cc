package dev.sweep.report;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local, read-only web page that follows sweep folders while they run: status counts, running
 * trials, the best so far, the optimisation history, the trials' curves and one plot per parameter,
 * updated within a second of each event through server-sent events.
 *
 * <pre>{@code
 * try (LiveServer.Running live = LiveServer.builder().folder(Path.of("runs/digits")).build().start()) {
 *   System.out.println("open " + live.uri());
 *   live.await();   // until the process is stopped
 * }
 * }</pre>
 *
 * <p>A Java program serves the sweep it runs the same way: give the sweep a directory and follow
 * that folder while the run goes on. Each {@code trial.report(step, metrics)} of an in-JVM runner
 * shows as the trial's latest values while it runs (the folder keeps them in the trial's {@code
 * reported.jsonl}); a sweep without a directory has nothing to follow.
 *
 * <pre>{@code
 * Path dir = Path.of("runs/lr");
 * RunningSweep run = Sweep.builder(space, runner).maxTrials(100).threads(4).directory(dir)
 *     .build().start();
 * try (LiveServer.Running live = LiveServer.builder().folder(dir).port(0).build().start()) {
 *   System.out.println("open " + live.uri());
 *   Population population = run.join();
 * }
 * }</pre>
 *
 * <p>A sweep that is not a folder, such as one in a shared store, is followed through a {@link
 * LiveSource} ({@link Builder#source}); {@code sweep serve --store URL ID} does so.
 *
 * <p>The server is the JDK's {@code com.sun.net.httpserver}; the page and its charting library
 * (Apache ECharts) are served from the class path, so nothing is fetched from the network when the
 * page is viewed. It reads each folder as {@code sweep status} does, without its lock, and polls
 * its journal. Endpoints: {@code /} (the page), {@code /api/sweeps} (every folder's snapshot,
 * JSON), {@code /api/sweep/KEY} (one), {@code /api/sweep/KEY/trial/ID} (one trial: its config,
 * metrics, curve and log tails), {@code /api/events} ({@code text/event-stream}: an {@code event:
 * sweep} with a folder's snapshot whenever it changes). Only GET and HEAD are answered.
 *
 * <p>Immutable and thread-safe; each {@link #start()} starts another server.
 */
public final class LiveServer {
  private static final Logger log = LoggerFactory.getLogger(LiveServer.class);

  /** The default host: this machine only. */
  public static final String LOOPBACK = "127.0.0.1";

  /** How often an idle event stream gets a comment line, so that nothing between times it out. */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final List<Path> folders;
  private final List<LiveSource> sources;
  private final String host;
  private final int port;
  private final Duration poll;

  private LiveServer(Builder b) {
    this.folders = List.copyOf(b.folders);
    this.sources = List.copyOf(b.sources);
    this.host = b.host;
    this.port = b.port;
    this.poll = b.poll;
  }

  /** A builder with no folder yet; add at least one. */
  public static Builder builder() {
    return new Builder();
  }

  /** The folders followed, in the order given. */
  public List<Path> folders() {
    return folders;
  }

  /**
   * Binds the port and starts serving and polling, on daemon threads.
   *
   * @return the running server; close it to stop
   * @throws UncheckedIOException if the port cannot be bound (in use, or a privileged one)
   */
  public Running start() {
    Set<String> taken = new HashSet<>();
    List<Followed> followed = new ArrayList<>();
    for (Path d : folders) {
      followed.add(new LiveFolder(LiveFolder.key(LiveFolder.name(d), taken), d));
    }
    for (LiveSource s : sources) {
      followed.add(new LiveStored(LiveFolder.key(s.name(), taken), s));
    }
    LiveEvents events = new LiveEvents();
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    ExecutorService handlers = Executors.newCachedThreadPool(daemons("sweep-live-http"));
    server.setExecutor(handlers);
    LiveRoutes.install(server, followed, events);
    ScheduledExecutorService poller =
        Executors.newSingleThreadScheduledExecutor(daemons("sweep-live-poll"));
    long keepAliveEvery = Math.max(1, KEEP_ALIVE.toMillis() / poll.toMillis());
    AtomicLong polls = new AtomicLong();
    ScheduledFuture<?> polling =
        poller.scheduleWithFixedDelay(
            () -> {
              for (Followed f : followed) {
                try {
                  f.poll().ifPresent(snapshot -> events.publish("sweep", snapshot));
                } catch (RuntimeException e) {
                  // one bad look must not end the polling, as an escaping exception would
                  log.warn("sweep serve: cannot follow {}: {}", f.key(), e.toString());
                }
              }
              if (polls.incrementAndGet() % keepAliveEvery == 0) {
                events.keepAlive();
              }
            },
            0,
            poll.toMillis(),
            TimeUnit.MILLISECONDS);
    server.start();
    return new Running(server, handlers, poller, polling, events);
  }

  private static ThreadFactory daemons(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** A server started by {@link LiveServer#start()}: its address, and how to stop it. */
  public static final class Running implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService poller;
    private final ScheduledFuture<?> polling;
    private final LiveEvents events;

    private Running(
        HttpServer server,
        ExecutorService handlers,
        ScheduledExecutorService poller,
        ScheduledFuture<?> polling,
        LiveEvents events) {
      this.server = server;
      this.handlers = handlers;
      this.poller = poller;
      this.polling = polling;
      this.events = events;
    }

    /** The page's address, {@code http://127.0.0.1:PORT/}; the port is the bound one. */
    public URI uri() {
      InetSocketAddress a = server.getAddress();
      String h = a.getAddress().getHostAddress();
      return URI.create(
          "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort() + "/");
    }

    /** The bound port (the one chosen when the builder's port was 0). */
    public int port() {
      return server.getAddress().getPort();
    }

    /**
     * Waits until the thread is interrupted or the server is closed from another thread.
     *
     * @throws InterruptedException when interrupted
     */
    public void await() throws InterruptedException {
      poller.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
    }

    /** Stops polling, ends the open event streams and the server. Idempotent. */
    @Override
    public void close() {
      polling.cancel(true);
      poller.shutdownNow();
      events.close();
      server.stop(0);
      handlers.shutdownNow();
    }
  }

  /** Builds a {@link LiveServer}; not thread-safe, reusable. */
  public static final class Builder {
    private final Set<Path> folders = new LinkedHashSet<>();
    private final List<LiveSource> sources = new ArrayList<>();
    private String host = LOOPBACK;
    private int port = 8040;
    private Duration poll = Duration.ofMillis(500);

    private Builder() {}

    /**
     * Adds a sweep folder to follow (one with a {@code sweep.json}, or one that will have it); the
     * same folder twice counts once.
     *
     * @return this builder
     */
    public Builder folder(Path folder) {
      requireNonNull(folder, "folder == null");
      folders.add(folder.toAbsolutePath().normalize());
      return this;
    }

    /**
     * Adds a sweep to follow that is not a folder, such as one in a shared store: {@code sweep
     * serve --store URL ID} adds each stored sweep so. Shown after the folders, in the order added.
     *
     * @return this builder
     */
    public Builder source(LiveSource source) {
      requireNonNull(source, "source == null");
      sources.add(source);
      return this;
    }

    /**
     * The address to bind (default {@value #LOOPBACK}: this machine only). The page shows the
     * sweeps' configs and logs to whoever reaches it, so widen it ({@code 0.0.0.0}) knowingly.
     *
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public Builder host(String host) {
      requireNonNull(host, "host == null");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host is blank: give an address such as 127.0.0.1");
      }
      this.host = host;
      return this;
    }

    /**
     * The port (default 8040; 0 picks a free one, see {@link Running#port()}).
     *
     * @return this builder
     * @throws IllegalArgumentException if not in [0, 65535]
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * How often each journal is checked for news (default 500 ms).
     *
     * @return this builder
     * @throws IllegalArgumentException if not in [10 ms, 1 min]
     */
    public Builder pollInterval(Duration every) {
      requireNonNull(every, "every == null");
      if (every.toMillis() < 10 || every.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("poll interval must be in [10 ms, 1 min], got " + every);
      }
      this.poll = every;
      return this;
    }

    /**
     * The server as described.
     *
     * @throws IllegalStateException if no folder nor source was added
     */
    public LiveServer build() {
      if (folders.isEmpty() && sources.isEmpty()) {
        throw new IllegalStateException(
            "no sweep to follow: add a folder with folder(path) or a source with source(source)");
      }
      return new LiveServer(this);
    }
  }
}
