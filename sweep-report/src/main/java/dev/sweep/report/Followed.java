package dev.sweep.report;

import java.util.Optional;

/**
 * One sweep that a {@link LiveServer} follows, as its poller and its endpoints use it: a sweep
 * folder ({@link LiveFolder}) or a {@link LiveSource} ({@link LiveStored}). Thread-safe.
 */
interface Followed {
  /** The sweep's key in URLs, unique on the server. */
  String key();

  /** The latest snapshot, JSON on one line. */
  String snapshot();

  /**
   * Looks at the sweep; returns the new snapshot when anything changed since the last look. A sweep
   * that cannot be read gives a snapshot that says why, never an exception.
   */
  Optional<String> poll();

  /** One trial in full, JSON; empty if the sweep has no such trial. */
  Optional<String> trial(long id);
}
