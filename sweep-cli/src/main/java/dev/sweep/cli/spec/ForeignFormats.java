package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sweep files of other tools that {@code sweep run} takes as they are ({@link ForeignFormat}),
 * told apart by a key native files never have: the {@code template:} of mlrunner's first document
 * ({@link MlrunnerFormat}), dysweep's {@code base_config:} or {@code sweep_configuration:} ({@link
 * DysweepFormat}), W&amp;B's {@code method:} ({@link WandbFormat}), GML's {@code task:} ({@link
 * GmlFormat}) and pycls's {@code SETUP:} ({@link PyclsFormat}); and what their translations share.
 */
final class ForeignFormats {
  /**
   * The native fields a foreign file may set under {@code sweep:}: where and how trials run, not
   * what they are.
   */
  static final List<String> OPTIONS =
      SpecReader.KEYS.stream()
          .filter(
              k ->
                  !List.of(
                          "name",
                          "objective",
                          "sampler",
                          "stopping",
                          "trials",
                          "parameters",
                          "command",
                          "steps",
                          "shell",
                          "base",
                          "value_format")
                      .contains(k))
          .toList();

  private ForeignFormats() {}

  /**
   * Every format, in the order they are tried on a file: the first that recognizes it translates
   * it. mlrunner comes first because its files alone hold several documents; the others look at one
   * mapping, and the order settles a file with two tools' keys as it always has. dysweep comes
   * before W&amp;B: its files may hold dysweep's own top-level {@code method:}.
   */
  static List<ForeignFormat> all(
      Fields fields, Function<String, String> environment, LocalDateTime now) {
    return List.of(
        new MlrunnerFormat(fields, now),
        new DysweepFormat(fields, environment),
        new WandbFormat(fields, environment),
        new GmlFormat(fields),
        new PyclsFormat(fields, environment));
  }

  /**
   * The file's document in the native format: what another tool's sweep file means, else the file's
   * one document, which must be a mapping.
   */
  static Mapping toNative(
      List<Node> documents,
      Fields fields,
      Function<String, String> environment,
      LocalDateTime now) {
    for (ForeignFormat format : all(fields, environment, now)) {
      if (format.recognizes(documents)) {
        return format.toNative(documents);
      }
    }
    if (documents.size() > 1) {
      throw new SpecException(
          fields.file(),
          documents.get(1).at(),
          "a sweep file holds one YAML document; this one "
              + "has a second (after '---'); only mlrunner's files, whose first document has template:, hold several");
    }
    Node root = documents.get(0);
    if (!(root instanceof Mapping map)) {
      throw new SpecException(
          fields.file(),
          root.at(),
          "a sweep file is a mapping of fields (name, parameters, "
              + "command, …), found "
              + root.describe());
    }
    return map;
  }

  /**
   * Whether {@code documents} are one mapping that has {@code key}: how a one-document format is
   * told.
   */
  static boolean oneMappingWith(List<Node> documents, String key) {
    return documents.size() == 1
        && documents.get(0) instanceof Mapping m
        && m.entries().containsKey(key);
  }

  /**
   * For tools that rank nothing (GML without pavi, mlrunner): the objective {@code value}, not
   * required, so that a job that ends well completes; an {@code objective} under {@code sweep:}
   * replaces it.
   */
  static void unranked(Mapping root, MappingBuilder out) {
    out.put(
        "objective",
        new MappingBuilder(root.at())
            .put("metric", new Scalar("value", root.at()))
            .put("required", new Scalar(false, root.at()))
            .build());
  }

  /**
   * Values reach the program as Python's {@code str()} prints them, as the other tools pass them.
   */
  static void pythonValues(Mapping root, MappingBuilder out) {
    out.put("value_format", new Scalar("python", root.at()));
  }

  /**
   * Copies the native options of {@code root}'s {@code sweep:} mapping, if any, into {@code out}.
   */
  static void options(Fields fields, Mapping root, MappingBuilder out) {
    options(fields, root, out, List.of());
  }

  /**
   * As {@link #options(Fields, Mapping, MappingBuilder)}, allowing {@code also} too (fields the
   * format lacks).
   */
  static void options(Fields fields, Mapping root, MappingBuilder out, List<String> also) {
    fields
        .optional(root, "sweep")
        .ifPresent(
            n -> {
              Mapping options =
                  fields.mapping(
                      n,
                      "sweep",
                      "a mapping of native fields: {slots: [\"0\", \"1\"], directory: runs}");
              List<String> allowed = new ArrayList<>(also);
              allowed.addAll(OPTIONS);
              fields.onlyKeys(options, "sweep", allowed);
              options.entries().values().forEach(e -> out.put(e.key(), e.keyAt(), e.value()));
            });
  }

  /**
   * What the tools' {@code python} is here: {@code python}, else {@code python3}, from the PATH.
   */
  static Optional<String> python(Function<String, String> environment) {
    return onPath("python", environment).or(() -> onPath("python3", environment));
  }

  private static Optional<String> onPath(String program, Function<String, String> environment) {
    String path = environment.apply("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator, -1)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return Optional.of(program);
      }
    }
    return Optional.empty();
  }
}
