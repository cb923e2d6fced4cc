package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a GML HPO task file ({@code task: {template, search_args}}) as the native document it
 * means: a grid over the search arguments, {@code Categorical} as a choice and {@code Nested} as
 * coupled values, the template as a shell command whose {@code {name}} placeholders take the values
 * (each passed to the shell as a positional parameter, never pasted into its text), each job in a
 * folder of its own as {@code search-run} gives it ({@code job_folders}). GML's {@code pavi}
 * monitoring needs its server and is accepted and ignored. Native options go under {@code sweep:},
 * also the {@code objective} that GML takes from pavi: a job reports it through {@code
 * $SWEEP_METRICS} or the native {@code parse:} of its log.
 */
final class GmlFormat implements ForeignFormat {
  static final List<String> KEYS = List.of("task", "pavi", "sweep");
  static final List<String> TYPES = List.of("Categorical", "Nested");

  private final Fields fields;

  GmlFormat(Fields fields) {
    this.fields = fields;
  }

  @Override
  public String name() {
    return "GML";
  }

  /** A GML task file has {@code task}. */
  @Override
  public boolean recognizes(List<Node> documents) {
    return ForeignFormats.oneMappingWith(documents, "task");
  }

  @Override
  public Mapping toNative(List<Node> documents) {
    Mapping root = (Mapping) documents.get(0);
    fields.onlyKeys(root, "GML task file", KEYS);
    Mapping task =
        fields.mapping(
            root.entries().get("task").value(),
            "task",
            "{template: \"python train.py --lr {lr}\", search_args: [...]}");
    fields.onlyKeys(task, "task", List.of("template", "search_args"));
    Node template =
        fields.required(
            task, "template", "task", "the command of one job, with {name} placeholders");
    String command = fields.text(template, "task.template");
    Sequence args =
        fields.list(
            fields.required(
                task,
                "search_args",
                "task",
                "the search space: a list of "
                    + "{type: Categorical, name: lr, value: [0.1, 0.01]} and {type: Nested, value: [{lr: 0.5, batch-size: 512}, …]}"),
            "task.search_args",
            "a list of search arguments");
    if (args.items().isEmpty()) {
      throw fields.error(args, "task.search_args", "needs at least one search argument");
    }
    SearchArgs search = new SearchArgs(new MappingBuilder(args.at()), command);
    for (int i = 0; i < args.items().size(); i++) {
      search.add(args.items().get(i), "task.search_args[" + i + "]");
    }
    MappingBuilder out = new MappingBuilder(root.at());
    out.put("sampler", new Scalar("grid", task.at()));
    out.put("parameters", search.parameters.build());
    out.put("command", new Scalar(shellTemplate(search.command), template.at()));
    out.put("shell", new Scalar(true, template.at()));
    out.put("job_folders", new Scalar(true, task.at())); // search-run's jobs/all/<n>
    ForeignFormats.pythonValues(root, out);
    ForeignFormats.unranked(root, out);
    ForeignFormats.options(
        fields, root, out, List.of("objective")); // GML ranks jobs by pavi's scalars
    return out.build();
  }

  /**
   * The search arguments read so far: the parameters they make and the template as they rename it.
   */
  private final class SearchArgs {
    private final MappingBuilder parameters;
    private final Set<String> names = new HashSet<>(); // each placeholder is filled by one argument
    private String command;
    private int nested; // Nested arguments so far: an unnamed one's group is nested0, nested1, …

    SearchArgs(MappingBuilder parameters, String command) {
      this.parameters = parameters;
      this.command = command;
    }

    void add(Node node, String field) {
      Mapping arg =
          fields.mapping(
              node,
              field,
              "{type: Categorical, name: …, value: [...]} or {type: Nested, value: [...]}");
      fields.onlyKeys(arg, field, List.of("type", "name", "value"));
      Node typeNode = fields.required(arg, "type", field, "Categorical or Nested");
      String type = fields.string(typeNode, field + ".type");
      Node value = fields.required(arg, "value", field, "the values to search");
      Sequence values = fields.list(value, field + ".value", "a list of values");
      if (values.items().isEmpty()) {
        throw fields.error(values, field + ".value", "needs at least one value");
      }
      switch (type) {
        case "Categorical" -> {
          String name =
              fields.text(
                  fields.required(arg, "name", field, "the placeholder it fills, as in {lr}"),
                  field + ".name");
          unique(name, arg, field);
          parameters.put(
              name,
              arg.entries().get("name").keyAt(),
              new MappingBuilder(arg.at()).put("choice", values).build());
        }
        case "Nested" -> nested(arg, field, typeNode, values);
        default ->
            throw fields.error(
                typeNode,
                field + ".type",
                "unknown type '"
                    + type
                    + "'"
                    + Hints.didYouMean(type, TYPES)
                    + " (allowed: "
                    + String.join(", ", TYPES)
                    + ")");
      }
    }

    /** A Nested argument: its mappings as the coupled values of one group. */
    private void nested(Mapping arg, String field, Node typeNode, Sequence values) {
      Set<String> keys = new LinkedHashSet<>();
      for (Node option : values.items()) {
        keys.addAll(
            fields
                .mapping(
                    option,
                    field + ".value",
                    "each nested value as a mapping: {lr: 0.5, batch-size: 512}")
                .entries()
                .keySet());
      }
      keys.forEach(k -> unique(k, arg, field));
      String group =
          fields
              .optional(arg, "name")
              .map(n -> fields.text(n, field + ".name"))
              .orElse("nested" + nested);
      nested++;
      unique(group, arg, field);
      parameters.put(
          group, typeNode.at(), new MappingBuilder(arg.at()).put("coupled", values).build());
      for (String k : keys) { // the values live under the group; the template names them alone
        command =
            command.replaceAll(
                "(?<!\\{)\\{" + Pattern.quote(k) + "\\}(?!\\})",
                Matcher.quoteReplacement("{" + group + "." + k + "}"));
      }
    }

    private void unique(String name, Node at, String field) {
      if (!names.add(name)) {
        throw fields.error(
            at,
            field,
            "'" + name + "' is searched twice; each placeholder has one search argument");
      }
    }
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[\\w.\\-]+}");

  /**
   * GML fills its template with Python's {@code str.format}, everywhere, then hands it to a shell;
   * a native shell template leaves single-quoted text to the shell. So inside single quotes <code>
   * &#123;&#123;</code> and <code>&#125;&#125;</code> become plain braces and a placeholder closes
   * the quotes around itself ({@code 'a{lr}b'} becomes {@code 'a'{lr}'b'}, the same word to the
   * shell).
   */
  static String shellTemplate(String python) {
    StringBuilder out = new StringBuilder();
    boolean single = false;
    boolean dbl = false;
    for (int i = 0; i < python.length(); i++) {
      char c = python.charAt(i);
      if (single) {
        Matcher m = PLACEHOLDER.matcher(python).region(i, python.length());
        if (c == '\'') {
          single = false;
          out.append(c);
        } else if (python.startsWith("{{", i) || python.startsWith("}}", i)) {
          out.append(c);
          i++;
        } else if (c == '{' && m.lookingAt()) {
          out.append('\'').append(m.group()).append('\'');
          i = m.end() - 1;
        } else {
          out.append(c);
        }
        continue;
      }
      if (c == '\\' && i + 1 < python.length()) {
        out.append(c).append(python.charAt(++i));
        continue;
      }
      if (c == '"') {
        dbl = !dbl;
      } else if (c == '\'' && !dbl) {
        single = true;
      }
      out.append(c);
    }
    return out.toString();
  }
}
