package dev.sweep.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live server's endpoints: the page and its scripts from the class path, the JSON API and the
 * event stream. Read-only: anything but GET and HEAD is refused.
 */
final class LiveRoutes {
  private static final Pattern SWEEP = Pattern.compile("/api/sweep/([A-Za-z0-9._-]+)");
  private static final Pattern TRIAL =
      Pattern.compile("/api/sweep/([A-Za-z0-9._-]+)/trial/(\\d{1,18})");

  /** The page's own files, beside this class. */
  private static final Map<String, String> PAGE =
      Map.of(
          "/", "live/index.html",
          "/index.html", "live/index.html",
          "/live.js", "live/live.js",
          "/live.css", "live/live.css");

  /** The webjar's files, under the version it has on the class path. */
  private static final String ECHARTS = "META-INF/resources/webjars/echarts/";

  private final List<Followed> folders;
  private final LiveEvents events;
  private final boolean loopback;

  private LiveRoutes(List<Followed> folders, LiveEvents events, boolean loopback) {
    this.folders = folders;
    this.events = events;
    this.loopback = loopback;
  }

  static void install(HttpServer server, List<Followed> folders, LiveEvents events) {
    InetAddress bound = server.getAddress().getAddress();
    LiveRoutes routes = new LiveRoutes(folders, events, bound.isLoopbackAddress());
    server.createContext("/", routes::handle);
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String method = x.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        x.getResponseHeaders().set("Allow", "GET, HEAD");
        text(x, 405, "read-only: " + method + " is not answered, only GET and HEAD");
        return;
      }
      if (loopback && !localHost(x.getRequestHeaders().getFirst("Host"))) {
        // a page on another site that resolves its name to 127.0.0.1 (DNS rebinding) reads nothing
        text(
            x,
            403,
            "this server answers only requests addressed to this machine (Host: 127.0.0.1 or localhost)");
        return;
      }
      route(x, x.getRequestURI().getPath());
    }
  }

  private void route(HttpExchange x, String path) throws IOException {
    x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    String page = PAGE.get(path);
    if (page != null) {
      resource(x, LiveRoutes.class.getResourceAsStream(page), type(page));
      return;
    }
    switch (path) {
      case "/vendor/echarts.min.js" -> resource(x, echarts("dist/echarts.min.js"), type(path));
      case "/licenses/echarts" -> resource(x, echarts("LICENSE"), "text/plain; charset=utf-8");
      case "/api/sweeps" ->
          json(x, "[" + String.join(",", folders.stream().map(Followed::snapshot).toList()) + "]");
      case "/api/events" -> stream(x);
      default -> api(x, path);
    }
  }

  private void api(HttpExchange x, String path) throws IOException {
    Matcher trial = TRIAL.matcher(path);
    if (trial.matches()) {
      Optional<String> body =
          folder(trial.group(1)).flatMap(f -> f.trial(Long.parseLong(trial.group(2))));
      if (body.isPresent()) {
        json(x, body.get());
      } else {
        text(x, 404, "no trial " + trial.group(2) + " in sweep '" + trial.group(1) + "'");
      }
      return;
    }
    Matcher sweep = SWEEP.matcher(path);
    Optional<Followed> f = sweep.matches() ? folder(sweep.group(1)) : Optional.empty();
    if (f.isPresent()) {
      json(x, f.get().snapshot());
    } else {
      text(x, 404, "nothing at " + path + "; the sweeps are listed at /api/sweeps");
    }
  }

  private Optional<Followed> folder(String key) {
    return folders.stream().filter(f -> f.key().equals(key)).findFirst();
  }

  private void stream(HttpExchange x) throws IOException {
    x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    x.getResponseHeaders().set("Cache-Control", "no-store");
    x.sendResponseHeaders(200, 0);
    if (x.getRequestMethod().equals("HEAD")) {
      return;
    }
    StringBuilder opening = new StringBuilder();
    for (Followed f : folders) {
      opening.append("event: sweep\ndata: ").append(f.snapshot()).append("\n\n");
    }
    try (OutputStream out = x.getResponseBody()) {
      events.stream(out, opening.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the browser went away: its stream ends here
    }
  }

  static InputStream echarts(String file) {
    ClassLoader loader = LiveRoutes.class.getClassLoader();
    Properties pom = new Properties();
    try (InputStream in =
        loader.getResourceAsStream("META-INF/maven/org.webjars.npm/echarts/pom.properties")) {
      if (in == null) {
        return null;
      }
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return loader.getResourceAsStream(ECHARTS + pom.getProperty("version") + "/" + file);
  }

  private static void resource(HttpExchange x, InputStream in, String type) throws IOException {
    if (in == null) {
      text(
          x, 404, "not on the class path: " + x.getRequestURI().getPath() + " (a packaging error)");
      return;
    }
    try (in) {
      byte[] bytes = in.readAllBytes();
      x.getResponseHeaders().set("Content-Type", type);
      x.getResponseHeaders().set("Cache-Control", "no-cache");
      send(x, 200, bytes);
    }
  }

  private static void json(HttpExchange x, String body) throws IOException {
    x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    x.getResponseHeaders().set("Cache-Control", "no-store");
    send(x, 200, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void text(HttpExchange x, int code, String body) throws IOException {
    x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(x, code, (body + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange x, int code, byte[] body) throws IOException {
    boolean head = x.getRequestMethod().equals("HEAD");
    x.sendResponseHeaders(code, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String type(String path) {
    if (path.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (path.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    return path.endsWith(".css") ? "text/css; charset=utf-8" : "application/octet-stream";
  }

  /** Whether a Host header names this machine: 127.0.0.1, localhost or [::1], any port. */
  static boolean localHost(String header) {
    if (header == null) {
      return true; // HTTP/1.0 clients send none; a browser always does
    }
    String h = header.toLowerCase(Locale.ROOT);
    String name =
        h.startsWith("[") ? h.substring(0, h.indexOf(']') + 1) : h.replaceFirst(":\\d*$", "");
    return name.equals("localhost") || name.equals("[::1]") || name.startsWith("127.");
  }
}
