package dev.sweep.cli;

import picocli.CommandLine.Option;

/** {@code --force-unlock}: the option of the commands that take a sweep folder's lock. */
final class UnlockOption {
  @Option(
      names = "--force-unlock",
      description =
          "Take over the folder's lock though its text names a driver on another host; only once no driver "
              + "runs there (that host's processes cannot be seen from here). A lock that a running driver holds is "
              + "never taken.")
  boolean force;
}
