package dev.sweep.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The test server: {@code SWEEP_TEST_POSTGRES}, else scripts/postgres.sh's. Where it does not
 * answer, the tests are skipped, except in CI ({@code CI=true}), where they fail. Each test gets a
 * schema of its own, dropped when closed: tests never touch what they did not create.
 */
final class PostgresTestSupport implements AutoCloseable {
  static final String URL =
      Optional.ofNullable(System.getenv("SWEEP_TEST_POSTGRES"))
          .orElse("postgresql://sweep@127.0.0.1:55432/sweep");
  static final String PASSWORD = Optional.ofNullable(System.getenv("PGPASSWORD")).orElse("sweep");
  static final Agent FAST =
      Agent.defaults()
          .withHeartbeat(Duration.ofMillis(500), Duration.ofSeconds(2))
          .withRetryFor(Duration.ofSeconds(60));

  /**
   * Beats as often as {@link #FAST}, but an attempt is lost only after 30 s: for tests of claims
   * among runs that all stay alive, where a machine loaded enough to delay a beat by 2 s would
   * rightly hand a trial to another run and blur what they test.
   */
  static final Agent STEADY =
      Agent.defaults()
          .withHeartbeat(Duration.ofMillis(500), Duration.ofSeconds(30))
          .withRetryFor(Duration.ofSeconds(60));

  final String schema;
  final PGSimpleDataSource source;
  final SweepDatabase db;

  private PostgresTestSupport(String schema) {
    this.schema = schema;
    this.source = dataSource(schema);
    this.db = Stores.postgres(source);
  }

  /** A fresh schema on the test server; skips (or fails in CI) where none answers. */
  static PostgresTestSupport require() {
    PGSimpleDataSource probe = dataSource(null);
    String schema = "sweep_test_" + PostgresStore.randomId(10);
    try (Connection c = probe.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      String problem =
          "no PostgreSQL answers at "
              + URL
              + " ("
              + e.getMessage()
              + "); start one with scripts/postgres.sh start, or set SWEEP_TEST_POSTGRES";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("CI=true, but " + problem, e);
      }
      Assumptions.abort(problem);
    }
    return new PostgresTestSupport(schema);
  }

  static PGSimpleDataSource dataSource(String schema) {
    PGSimpleDataSource ds = StoreUrl.parse(URL).dataSource(Optional.of(PASSWORD));
    if (schema != null) {
      ds.setCurrentSchema(schema);
    }
    return ds;
  }

  static Map<String, Object> definition(String name, long trials) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("format", 1);
    d.put("name", name);
    d.put("objective", Map.of("metric", "loss", "direction", "minimize"));
    d.put("sampler", "random(seed=1)");
    d.put("space", "{x: uniform(0, 1)}");
    d.put("trials", trials);
    d.put("created", "2024-01-01T00:00:00Z");
    return d;
  }

  @Override
  public void close() throws SQLException {
    db.close();
    try (Connection c = dataSource(null).getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }
}
