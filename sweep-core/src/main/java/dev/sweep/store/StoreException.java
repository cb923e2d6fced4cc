package dev.sweep.store;

/**
 * A sweep folder cannot be used: it is locked by another driver, was made for another sweep, or
 * holds a damaged file. The message names the folder or file and what to do.
 */
public final class StoreException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
