package dev.sweep.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Dotted paths ({@code optim.lr}): checked once, split once. */
public final class Paths {
  private Paths() {}

  /**
   * Splits a dotted path into its segments.
   *
   * @throws IllegalArgumentException if the path is empty, has an empty segment or a control
   *     character
   */
  public static List<String> split(String path) {
    // Hand-rolled: this runs for every dotted access of every trial, so no regex and one pass.
    check(path);
    int dot = path.indexOf('.');
    if (dot < 0) {
      return List.of(path);
    }
    List<String> segments = new ArrayList<>(4);
    int start = 0;
    while (dot >= 0) {
      segments.add(path.substring(start, dot));
      start = dot + 1;
      dot = path.indexOf('.', start);
    }
    segments.add(path.substring(start));
    return Collections.unmodifiableList(segments);
  }

  /** Checks that {@code path} is a well-formed dotted path and returns it. */
  public static String check(String path) {
    if (path == null) {
      throw new NullPointerException("path == null");
    }
    if (path.isEmpty()) {
      throw new IllegalArgumentException(
          "path is empty; a path is dotted segments like 'optim.lr'");
    }
    for (int i = 0; i < path.length(); i++) {
      if (Character.isISOControl(path.charAt(i))) {
        throw new IllegalArgumentException(
            "path '"
                + path.replaceAll("\\p{Cntrl}", "?")
                + "' has a control character at index "
                + i
                + "; a path is dotted segments like 'optim.lr'");
      }
    }
    if (path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
      throw new IllegalArgumentException(
          "path '" + path + "' has an empty segment; a path is dotted segments like 'optim.lr'");
    }
    return path;
  }

  /** {@code prefix.path}, or {@code path} when the prefix is empty. */
  public static String join(String prefix, String path) {
    return prefix.isEmpty() ? path : prefix + "." + path;
  }
}
