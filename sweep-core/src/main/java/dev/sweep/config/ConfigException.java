package dev.sweep.config;

/**
 * A config value is missing, has the wrong type, or a config document cannot be read. The message
 * names the dotted path (and the file, line and column where there is one), what was found and what
 * was wanted.
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
