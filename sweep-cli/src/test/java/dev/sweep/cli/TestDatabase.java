package dev.sweep.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A schema of its own on the test PostgreSQL server ({@code SWEEP_TEST_POSTGRES}, else the one
 * scripts/postgres.sh starts), dropped when closed. Where no server answers, the test is skipped,
 * except in CI ({@code CI=true}), where it fails.
 */
final class TestDatabase implements AutoCloseable {
  private static final String HOST_DB =
      Optional.ofNullable(System.getenv("SWEEP_TEST_POSTGRES"))
          .orElse("postgresql://sweep@127.0.0.1:55432/sweep");
  private static final String PASSWORD =
      Optional.ofNullable(System.getenv("PGPASSWORD")).orElse("sweep");

  private final String schema;

  private TestDatabase(String schema) {
    this.schema = schema;
  }

  static TestDatabase require() {
    String schema = "sweep_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      String problem =
          "no PostgreSQL answers at "
              + HOST_DB
              + " ("
              + e.getMessage()
              + "); start one with scripts/postgres.sh start, or set SWEEP_TEST_POSTGRES";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("CI=true, but " + problem, e);
      }
      Assumptions.abort(problem);
    }
    return new TestDatabase(schema);
  }

  /**
   * The store URL of this schema, as {@code --store} takes it; the password comes from PGPASSWORD.
   */
  String url() {
    return HOST_DB + "?currentSchema=" + schema;
  }

  private static Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("password", PASSWORD);
    p.setProperty("connectTimeout", "5");
    String rest = HOST_DB.substring(HOST_DB.indexOf("://") + 3);
    String user = rest.contains("@") ? rest.substring(0, rest.indexOf('@')) : "sweep";
    p.setProperty("user", user);
    return DriverManager.getConnection(
        "jdbc:postgresql://" + rest.substring(rest.indexOf('@') + 1), p);
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
