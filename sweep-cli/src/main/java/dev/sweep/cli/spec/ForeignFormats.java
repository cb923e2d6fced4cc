package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import java.util.ArrayList;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sweep files of other tools that {@code sweep run} takes as they are, told apart by a key
 * native files never have: W&B's {@code method:} ({@link WandbFormat}), GML's {@code task:}
 * ({@link GmlFormat}), pycls's {@code SETUP:} ({@link PyclsFormat}) and the {@code template:} of
 * mlrunner's first document ({@link MlrunnerFormat}). Each becomes the native document it means.
 */
final class ForeignFormats {
  /** The native fields a foreign file may set under {@code sweep:}: where and how trials run, not what they are. */
  static final List<String> OPTIONS = SpecReader.KEYS.stream()
      .filter(k -> !List.of("name", "objective", "sampler", "stopping", "trials", "parameters", "command", "steps",
          "shell", "base", "value_format").contains(k))
      .toList();

  private ForeignFormats() {}

  /** {@code root} as a native document: translated when another tool's, else itself. */
  static Mapping toNative(Mapping root, Fields fields, Function<String, String> environment) {
    if (WandbFormat.isWandb(root)) {
      return new WandbFormat(fields, environment).translate(root);
    }
    if (GmlFormat.isGml(root)) {
      return new GmlFormat(fields).translate(root);
    }
    if (PyclsFormat.isPycls(root)) {
      return new PyclsFormat(fields, python(environment).orElse("python")).translate(root);
    }
    return root;
  }

  /**
   * For tools that rank nothing (GML without pavi, mlrunner): the objective {@code value}, not
   * required, so that a job that ends well completes; an {@code objective} under {@code sweep:}
   * replaces it.
   */
  static void unranked(Mapping root, MappingBuilder out) {
    out.put("objective", new MappingBuilder(root.at())
        .put("metric", new Scalar("value", root.at()))
        .put("required", new Scalar(false, root.at()))
        .build());
  }

  /** Values reach the program as Python's {@code str()} prints them, as the other tools pass them. */
  static void pythonValues(Mapping root, MappingBuilder out) {
    out.put("value_format", new Scalar("python", root.at()));
  }

  /** Copies the native options of {@code root}'s {@code sweep:} mapping, if any, into {@code out}. */
  static void options(Fields fields, Mapping root, MappingBuilder out) {
    options(fields, root, out, List.of());
  }

  /** As {@link #options(Fields, Mapping, MappingBuilder)}, allowing {@code also} too (fields the format lacks). */
  static void options(Fields fields, Mapping root, MappingBuilder out, List<String> also) {
    fields.optional(root, "sweep").ifPresent(n -> {
      Mapping options = fields.mapping(n, "sweep", "a mapping of native fields: {slots: [\"0\", \"1\"], directory: runs}");
      List<String> allowed = new ArrayList<>(also);
      allowed.addAll(OPTIONS);
      fields.onlyKeys(options, "sweep", allowed);
      options.entries().values().forEach(e -> out.put(e.key(), e.keyAt(), e.value()));
    });
  }

  /** What the tools' {@code python} is here: {@code python}, else {@code python3}, from the PATH. */
  static Optional<String> python(Function<String, String> environment) {
    return onPath("python", environment).or(() -> onPath("python3", environment));
  }

  private static Optional<String> onPath(String program, Function<String, String> environment) {
    String path = environment.apply("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return Optional.of(program);
      }
    }
    return Optional.empty();
  }
}
