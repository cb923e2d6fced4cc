package dev.sweep.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where a shared sweep's database is: {@code postgresql://[user@]host[:port]/db[?params]}, also
 * written {@code postgres://…} or {@code jdbc:postgresql://…}; the user may be given as {@code
 * ?user=}. Immutable; {@link #toString()} is the URL as written minus nothing secret.
 *
 * <p>A password is never part of a URL: URLs end up in shell histories, process lists, sweep files
 * and logs, so one written there ({@code user:secret@} or {@code ?password=}) is refused, and the
 * message shows the URL with the password masked. The password comes from {@code PGPASSWORD}, else
 * from the password file (the PostgreSQL driver reads {@code PGPASSFILE}, else {@code ~/.pgpass},
 * in PostgreSQL's documented format).
 */
public final class StoreUrl {
  static final int DEFAULT_PORT = 5432;
  private static final String FORMS =
      "postgresql://[user@]host[:port]/database[?params] (or postgres://…, jdbc:postgresql://…)";

  private final String host;
  private final int port;
  private final String database;
  private final Optional<String> user;
  private final Map<String, String> params;

  private StoreUrl(
      String host, int port, String database, Optional<String> user, Map<String, String> params) {
    this.host = host;
    this.port = port;
    this.database = database;
    this.user = user;
    this.params = Collections.unmodifiableMap(params);
  }

  /**
   * Parses a URL of one of the accepted forms.
   *
   * @throws IllegalArgumentException naming the value and what is allowed: another scheme, no host
   *     or database, a port that is not a number in 1..65535, or a password in the URL
   */
  public static StoreUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("no database URL: expected " + FORMS);
    }
    String text = url.strip();
    String rest = null;
    for (String scheme : new String[] {"jdbc:postgresql://", "postgresql://", "postgres://"}) {
      if (text.regionMatches(true, 0, scheme, 0, scheme.length())) {
        rest = text.substring(scheme.length());
        break;
      }
    }
    if (rest == null) {
      int colon = text.indexOf(':');
      String scheme = colon < 0 ? "none" : "'" + text.substring(0, colon) + "'";
      throw new IllegalArgumentException(
          "unsupported database URL '"
              + masked(text)
              + "' (scheme "
              + scheme
              + "): expected "
              + FORMS);
    }
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String database = slash < 0 ? "" : decode(rest.substring(slash + 1));
    Optional<String> user = Optional.empty();
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      if (userInfo.contains(":")) {
        throw passwordRefused(text);
      }
      user = Optional.of(decode(userInfo)).filter(u -> !u.isEmpty());
      authority = authority.substring(at + 1);
    }
    String host = authority;
    int port = DEFAULT_PORT;
    int colon = authority.lastIndexOf(':');
    if (colon >= 0 && !authority.endsWith("]")) {
      host = authority.substring(0, colon);
      port = port(authority.substring(colon + 1), text);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException(
          "database URL '" + masked(text) + "' names no host: expected " + FORMS);
    }
    if (database.isEmpty() || database.contains("/")) {
      throw new IllegalArgumentException(
          "database URL '"
              + masked(text)
              + "' names no database"
              + (database.isEmpty() ? "" : " ('" + database + "' is not a database name)")
              + ": expected "
              + FORMS);
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (key.equalsIgnoreCase("password")) {
        throw passwordRefused(text);
      }
      if (key.equals("user")) {
        if (user.isPresent() && !user.get().equals(value)) {
          throw new IllegalArgumentException(
              "database URL '"
                  + masked(text)
                  + "' names two users, '"
                  + user.get()
                  + "' and '"
                  + value
                  + "': give one");
        }
        user = Optional.of(value).filter(u -> !u.isEmpty());
        continue;
      }
      params.put(key, value);
    }
    return new StoreUrl(host, port, database, user, params);
  }

  private static int port(String text, String url) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException(
        "database URL '"
            + masked(url)
            + "' has port '"
            + text
            + "': a port is a number from 1 to 65535");
  }

  private static IllegalArgumentException passwordRefused(String url) {
    return new IllegalArgumentException(
        "database URL '"
            + masked(url)
            + "' contains a password: URLs end up in"
            + " logs, process lists and shell histories, so give the password in PGPASSWORD or in ~/.pgpass"
            + " (PGPASSFILE) instead");
  }

  /** The URL with any password replaced by {@code ***}: what messages about a refused URL show. */
  static String masked(String url) {
    String s = url.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      int start = scheme + 3;
      int end = s.length();
      for (char c : new char[] {'/', '?'}) {
        int i = s.indexOf(c, start);
        if (i >= 0 && i < end) {
          end = i;
        }
      }
      int at = s.lastIndexOf('@', end - 1);
      if (at >= start) {
        int colon = s.indexOf(':', start);
        if (colon >= 0 && colon < at) {
          s = s.substring(0, colon + 1) + "***" + s.substring(at);
        }
      }
    }
    return s;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String database() {
    return database;
  }

  /** The user named in the URL; without one the driver's default, the system user, logs in. */
  public Optional<String> user() {
    return user;
  }

  /**
   * The driver's parameters given in the URL ({@code sslmode=require}), user and password excluded.
   */
  public Map<String, String> params() {
    return params;
  }

  /**
   * A data source for this URL, whose password is {@code password} where given (PGPASSWORD's), else
   * left to the driver, which reads PGPASSFILE or ~/.pgpass.
   */
  PGSimpleDataSource dataSource(Optional<String> password) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {host});
    ds.setPortNumbers(new int[] {port});
    ds.setDatabaseName(database);
    user.ifPresent(ds::setUser);
    password.ifPresent(ds::setPassword);
    ds.setApplicationName("sweep");
    for (Map.Entry<String, String> e : params.entrySet()) {
      try {
        ds.setProperty(e.getKey(), e.getValue());
      } catch (java.sql.SQLException ex) {
        throw new IllegalArgumentException(
            "database URL '" + this + "': parameter " + e.getKey() + ": " + ex.getMessage(), ex);
      }
    }
    return ds;
  }

  /** {@code postgresql://user@host:port/db?params}: the URL without secrets, for messages. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("postgresql://");
    user.ifPresent(u -> s.append(u).append('@'));
    s.append(host.contains(":") ? "[" + host + "]" : host)
        .append(':')
        .append(port)
        .append('/')
        .append(database);
    String sep = "?";
    for (Map.Entry<String, String> e : params.entrySet()) {
      s.append(sep).append(e.getKey()).append('=').append(e.getValue());
      sep = "&";
    }
    return s.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoreUrl u && u.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
