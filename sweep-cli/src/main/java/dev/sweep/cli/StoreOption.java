package dev.sweep.cli;

import dev.sweep.postgres.Stores;
import dev.sweep.postgres.SweepDatabase;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --store URL}: the shared store (a PostgreSQL database) that holds sweeps by id, for the
 * commands that create, run or inspect a shared sweep; {@value #VARIABLE} when the option is not
 * given. Passwords come from {@code PGPASSWORD} or {@code ~/.pgpass}, never from the command line.
 */
final class StoreOption {
  /** The environment variable that names the store when {@code --store} does not. */
  static final String VARIABLE = "SWEEP_STORE";

  @Option(
      names = "--store",
      paramLabel = "URL",
      description =
          "The shared store: postgresql://[user@]host[:port]/database (default: $"
              + VARIABLE
              + "). "
              + "The password comes from PGPASSWORD or ~/.pgpass.")
  String url;

  /** The store's URL, if the option or the variable gives one. */
  Optional<String> url() {
    return Optional.ofNullable(url)
        .or(() -> Optional.ofNullable(System.getenv(VARIABLE)))
        .filter(u -> !u.isBlank());
  }

  /**
   * Whether a store is named: then a command's SWEEP argument is a sweep id in it, not a folder.
   */
  boolean isSet() {
    return url().isPresent();
  }

  /** Connects to the store; the caller closes it. */
  SweepDatabase open() {
    String u =
        url()
            .orElseThrow(
                () ->
                    CliException.usage(
                        "no store: give --store postgresql://host/database or set " + VARIABLE));
    try {
      return Stores.postgres(u);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--store: " + e.getMessage());
    }
  }
}
