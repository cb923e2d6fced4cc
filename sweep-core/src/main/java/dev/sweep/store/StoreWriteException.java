package dev.sweep.store;

/**
 * The sweep folder could not be written (a full disk, a folder deleted while the sweep ran): the
 * sweep stops, and what was recorded before stays, for a later run to resume from.
 */
public final class StoreWriteException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  public StoreWriteException(String message, String reason, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** What the operating system said, e.g. {@code No space left on device}. */
  public String reason() {
    return reason;
  }
}
