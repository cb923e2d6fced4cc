package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Mapping;
import java.util.List;

/**
 * Another tool's sweep file format, which {@code sweep run} and {@code sweep convert} take as it
 * is: how to tell its files from native ones, and the native document such a file means. Each node
 * of that document keeps the line and column it came from, so that the native reader's errors point
 * into the tool's file. One instance reads one file ({@link ForeignFormats#all}).
 */
interface ForeignFormat {
  /** The tool, as the docs name it: W&amp;B, {@code GML}, {@code pycls}, {@code mlrunner}. */
  String name();

  /**
   * Whether {@code documents} (a file's YAML documents, at least one) are this tool's sweep file: a
   * key that native files never have.
   */
  boolean recognizes(List<Node> documents);

  /**
   * The native document that {@code documents} mean; called only when {@link #recognizes} is true.
   *
   * @throws SpecException at the first problem, in the tool's terms
   */
  Mapping toNative(List<Node> documents);
}
