package dev.sweep.space;

/**
 * A probe could not measure a config: it threw, or gave null or a value that is no number, text or
 * boolean. The message names the config and the probe's problem. A sweep stops on it, as the probe
 * would fail the same way on the next config.
 */
public final class ProbeException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  ProbeException(String message, Throwable cause) {
    super(message, cause);
  }
}
