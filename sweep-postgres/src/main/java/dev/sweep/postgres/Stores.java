package dev.sweep.postgres;

import java.util.Optional;
import javax.sql.DataSource;

/**
 * Where shared sweeps are stored: a PostgreSQL database, by URL or by data source.
 *
 * <pre>{@code
 * try (SweepDatabase db = Stores.postgres("postgresql://sweep@db.lab/sweeps")) { // password: PGPASSWORD or ~/.pgpass
 *   String id = db.create(definition, specText);
 *   Sweep.builder(space, runner).store(db.join(id, Agent.defaults())).build().run();
 * }
 * }</pre>
 */
public final class Stores {
  private Stores() {}

  /**
   * The database at {@code url} ({@code postgresql://[user@]host[:port]/db[?params]}, or {@code
   * postgres://…}, {@code jdbc:postgresql://…}). The password comes from the environment's {@code
   * PGPASSWORD}, else the driver reads {@code PGPASSFILE} or {@code ~/.pgpass}; one written in the
   * URL is refused. Nothing connects until the database is used.
   *
   * @throws IllegalArgumentException if the URL is not of those forms (the message says why)
   */
  public static SweepDatabase postgres(String url) {
    StoreUrl parsed = StoreUrl.parse(url);
    Optional<String> password =
        Optional.ofNullable(System.getenv("PGPASSWORD")).filter(p -> !p.isEmpty());
    return new SweepDatabase(parsed.dataSource(password), parsed.toString(), null);
  }

  /**
   * The database behind {@code source}, which the caller configured and closes (a pool, say). Each
   * run opened on it holds two of its connections for the whole run.
   */
  public static SweepDatabase postgres(DataSource source) {
    return new SweepDatabase(
        source, "PostgreSQL data source " + source.getClass().getSimpleName(), null);
  }
}
