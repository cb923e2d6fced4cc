package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Location;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import dev.sweep.cli.spec.WandbParameters.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * W&amp;B's {@code command} and {@code program} as the native command, its macros expanded as
 * W&amp;B's agent expands them.
 */
final class WandbCommand {
  private static final List<String> MACROS =
      List.of(
          "${env}",
          "${interpreter}",
          "${program}",
          "${args}",
          "${args_no_boolean_flags}",
          "${args_no_hyphens}",
          "${args_no_equals}",
          "${args_json}",
          "${args_json_file}");
  private static final Pattern ENVVAR = Pattern.compile("\\$\\{envvar:([A-Z0-9_]*)\\}");

  private final Fields fields;
  private final Function<String, String> environment;
  private final Mapping root;
  private final Optional<Node> command;
  private final Optional<Node> program;
  private final List<Param> top;

  /**
   * The command of {@code root}, whose top-level parameters {@code top} the argument macros pass in
   * their order.
   */
  WandbCommand(Fields fields, Function<String, String> environment, Mapping root, List<Param> top) {
    this.fields = fields;
    this.environment = environment;
    this.root = root;
    this.command = fields.optional(root, "command");
    this.program = fields.optional(root, "program");
    this.top = top;
  }

  /**
   * The argv of {@code command} (default {@code ${env} ${interpreter} ${program} ${args}}) with its
   * macros expanded as W&amp;B's agent does: a macro is a whole item; {@code ${envvar:NAME}} may
   * stand anywhere and becomes the variable's value, or NAME when it is unset.
   */
  Node argv() {
    Location at = command.or(() -> program).map(Node::at).orElse(root.at());
    List<Node> items = new ArrayList<>();
    if (command.isPresent()) {
      Sequence list =
          fields.list(
              command.get(),
              "command",
              "a list of words: [\"${env}\", \"${interpreter}\", \"${program}\", \"${args}\"]");
      items.addAll(list.items());
    } else {
      for (String macro : List.of("${env}", "${interpreter}", "${program}", "${args}")) {
        items.add(new Scalar(macro, at));
      }
    }
    Optional<String> python = ForeignFormats.python(environment);
    List<Node> argv = new ArrayList<>();
    for (Node item : items) {
      String word = item.plain() == null ? "None" : String.valueOf(item.plain());
      if (word.startsWith("${") && word.endsWith("}") && !ENVVAR.matcher(word).matches()) {
        macro(word, item.at(), python, argv);
      } else {
        argv.add(new Scalar(escape(envvars(word)), item.at()));
      }
    }
    return new Sequence(argv, at);
  }

  private void macro(String word, Location where, Optional<String> python, List<Node> argv) {
    switch (word) {
      case "${env}" -> argv.add(new Scalar("/usr/bin/env", where));
      case "${interpreter}" ->
          argv.add(
              new Scalar(
                  python.orElseThrow(
                      () ->
                          fields.error(
                              where,
                              "command",
                              "${interpreter} is python, and neither python nor python3 is on the PATH")),
                  where));
      case "${program}" -> {
        Node p =
            program.orElseThrow(
                () ->
                    fields.error(
                        where,
                        "program",
                        "missing; the command "
                            + (command.isPresent()
                                ? ""
                                : "(by default ${env} ${interpreter} ${program} ${args}) ")
                            + "runs ${program}: program: train.py"));
        argv.add(new Scalar(escape(fields.string(p, "program")), p.at()));
      }
      case "${args}", "${args_no_hyphens}", "${args_no_boolean_flags}", "${args_no_equals}" ->
          args(word, where, argv);
      case "${args_json}" -> argv.add(new Scalar("{_config_json}", where));
      case "${args_json_file}" -> argv.add(new Scalar("{_config}", where));
      default ->
          throw fields.error(
              where,
              "command",
              "unknown macro "
                  + word
                  + Hints.didYouMean(word, MACROS)
                  + " (W&B's agent would drop it silently; the macros are "
                  + String.join(", ", MACROS)
                  + " and ${envvar:NAME})");
    }
  }

  /** The parameters as arguments, in the form {@code macro} names. */
  private void args(String macro, Location where, List<Node> argv) {
    for (Param param : top) {
      String value = "{" + param.name() + "}";
      switch (macro) {
        case "${args}" -> argv.add(new Scalar("--" + param.name() + "=" + value, where));
        case "${args_no_hyphens}" -> argv.add(new Scalar(param.name() + "=" + value, where));
        case "${args_no_boolean_flags}" ->
            argv.add(
                new Scalar(
                    param.bool() ? "[" + param.name() + "]" : "--" + param.name() + "=" + value,
                    where));
        default -> { // ${args_no_equals}
          argv.add(new Scalar("--" + param.name(), where));
          argv.add(new Scalar(value, where));
        }
      }
    }
  }

  private String envvars(String word) {
    Matcher m = ENVVAR.matcher(word);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = environment.apply(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group(1) : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Literal text in a native template: braces doubled. */
  private static String escape(String text) {
    return text.replace("{", "{{").replace("}", "}}");
  }
}
