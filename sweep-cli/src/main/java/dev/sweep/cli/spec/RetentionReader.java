package dev.sweep.cli.spec;

import dev.sweep.Retention;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code retention: {keep: last, files: [checkpoints/*.pyth]}}, read into a {@link Retention}:
 * {@code keep} is {@code all}, {@code last}, {@code none} or {@code {best: K}}; {@code files} a
 * glob or a list of globs, relative to each trial folder.
 */
final class RetentionReader {
  static final List<String> KEEP = List.of("all", "last", "none", "{best: K}");

  private final Fields fields;

  RetentionReader(Fields fields) {
    this.fields = fields;
  }

  Retention read(Node node) {
    Mapping m =
        fields.mapping(
            node, "retention", "a mapping such as {keep: last, files: [\"checkpoints/*.pyth\"]}");
    fields.onlyKeys(m, "retention", List.of("keep", "files"));
    Node keepNode =
        fields.required(m, "keep", "retention", "say what to keep: " + String.join(", ", KEEP));
    Optional<Node> filesNode = fields.optional(m, "files");
    List<String> files = filesNode.map(this::files).orElse(List.of());
    Node at = filesNode.orElse(m); // where a glob's or a missing files' error points
    if (keepNode instanceof Mapping best) {
      fields.onlyKeys(best, "retention.keep", List.of("best"));
      Node k = fields.required(best, "best", "retention.keep", "give how many trials keep theirs");
      int n = fields.intAtLeast(k, "retention.keep.best", 1);
      return make(at, () -> Retention.best(n, files));
    }
    String keep = fields.string(keepNode, "retention.keep");
    return switch (keep) {
      case "all" ->
          files.isEmpty()
              ? Retention.ALL
              : make(at, () -> new Retention(Retention.Keep.ALL, 0, files));
      case "last" -> make(at, () -> Retention.last(files));
      case "none" -> make(at, () -> Retention.none(files));
      default ->
          throw fields.error(
              keepNode,
              "retention.keep",
              "unknown policy '"
                  + keep
                  + "'"
                  + Hints.didYouMean(keep, List.of("all", "last", "none", "best"))
                  + " (allowed: "
                  + String.join(", ", KEEP)
                  + ")");
    };
  }

  private List<String> files(Node node) {
    List<String> out = new ArrayList<>();
    if (node instanceof Sequence s) {
      for (int i = 0; i < s.items().size(); i++) {
        out.add(fields.string(s.items().get(i), "retention.files[" + i + "]"));
      }
    } else if (node instanceof Scalar sc && sc.value() instanceof String glob) {
      out.add(glob);
    } else {
      throw fields.error(
          node,
          "retention.files",
          "wanted a glob or a list of globs such as [\"checkpoints/*.pyth\"], found "
              + node.describe());
    }
    return out;
  }

  /** The retention {@code make} gives, its check's message located at {@code at}. */
  private Retention make(Node at, Supplier<Retention> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw fields.error(at, "retention", e.getMessage());
    }
  }
}
