package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import dev.sweep.process.CommandTemplate;
import dev.sweep.process.ProcessRunner;
import dev.sweep.process.Snapshot;
import dev.sweep.process.ValueFormat;
import dev.sweep.space.Space;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What one trial runs and how: {@code command} or {@code steps} (each placeholder checked against
 * the space), {@code shell}, {@code value_format}, and the local process pool's {@code slots},
 * {@code slot_variable}, {@code timeout}, {@code grace}, {@code env}, {@code parse} and {@code
 * wandb_shim}, read into a {@link ProcessRunner}.
 */
final class CommandReader {
  private final Fields fields;
  private final Mapping root;

  CommandReader(Fields fields, Mapping root) {
    this.fields = fields;
    this.root = root;
  }

  /** {@code slots:}, or null when the file has none. */
  List<String> slots() {
    return optional("slots")
        .map(
            node -> {
              Sequence s = fields.list(node, "slots", "a list of slots such as [\"0\", \"1\"]");
              List<String> out = new ArrayList<>();
              s.items().forEach(i -> out.add(fields.text(i, "slots")));
              return out;
            })
        .orElse(null);
  }

  /**
   * The runner of the file's command or steps on {@code space}, in {@code workdir}, with the {@link
   * #slots()} read before (null: none).
   */
  ProcessRunner read(
      Space space,
      List<String> slots,
      Path workdir,
      boolean trialFolders,
      boolean metricsRequired) {
    Optional<Node> command = optional("command");
    Optional<Node> steps = optional("steps");
    boolean shell = optional("shell").map(n -> fields.bool(n, "shell")).orElse(false);
    ProcessRunner.Builder b = ProcessRunner.builder().requireMetrics(metricsRequired);
    optional("value_format").ifPresent(n -> valueFormat(b, n));
    Set<String> known = knownPaths(space);
    if (command.isPresent() && steps.isPresent()) {
      throw fields.error(steps.get(), "steps", "give either command (one step) or steps, not both");
    }
    if (command.isPresent()) {
      step(b, "run", command.get(), "command", shell, known);
    } else if (steps.isPresent()) {
      steps(b, steps.get(), shell, known);
    } else {
      throw fields.error(
          root,
          "command",
          "missing; give the command that runs one trial, e.g. "
              + "command: python3 train.py --lr {optim.lr} --out {_output}, or steps: [{name: train, command: …}, …]");
    }
    pool(b, slots);
    b.workingDirectory(workdir);
    Optional<Node> jobFolders = optional("job_folders");
    if (trialFolders) {
      jobFolders
          .filter(n -> !fields.bool(n, "job_folders"))
          .ifPresent(
              n -> {
                throw fields.error(
                    n,
                    "job_folders",
                    "is false, but working_directory: trial runs each trial in a folder of its own; drop one");
              });
      b.jobFolders(true);
    } else {
      jobFolders.ifPresent(n -> b.jobFolders(fields.bool(n, "job_folders")));
    }
    optional("snapshot").ifPresent(n -> snapshot(b, n, workdir));
    optional("parse").ifPresent(n -> parse(b, n));
    optional("wandb_shim").ifPresent(n -> b.wandbShim(fields.bool(n, "wandb_shim")));
    Node at = command.orElseGet(() -> steps.orElse(root));
    try {
      return b.build();
    } catch (IllegalStateException e) { // {_slot} without slots: say it in this file's words
      throw fields.error(
          at,
          command.isPresent() ? "command" : "steps",
          e.getMessage()
              .replace("set them with .slots(...)", "give them with slots: [\"0\", \"1\"]"));
    }
  }

  /**
   * {@code snapshot: true}, or {@code {source, include, exclude, link, git}}: the code copied once
   * into the sweep's folder and run from there (source relative to the working directory).
   */
  private void snapshot(ProcessRunner.Builder b, Node n, Path workdir) {
    if (n instanceof Scalar) {
      if (fields.bool(n, "snapshot")) {
        b.snapshot(Snapshot.of());
      }
      return;
    }
    Mapping m =
        fields.mapping(
            n,
            "snapshot",
            "true, or {source: DIR, include: [GLOB], exclude: [GLOB], link: [GLOB]}");
    fields.onlyKeys(m, "snapshot", List.of("source", "include", "exclude", "link", "git"));
    Snapshot.Builder s = Snapshot.builder();
    Optional<Node> source = fields.optional(m, "source");
    if (source.isPresent()) {
      Path dir = workdir.resolve(fields.text(source.get(), "snapshot.source")).normalize();
      if (!workdir.toAbsolutePath().startsWith(dir.toAbsolutePath())) {
        throw fields.error(
            source.get(),
            "snapshot.source",
            "the working directory "
                + workdir
                + " is not in it; trials run in the copy of the working directory, so give a folder that holds it");
      }
      s.source(dir);
    }
    fields.optional(m, "git").ifPresent(g -> s.git(fields.bool(g, "snapshot.git")));
    for (String key : List.of("include", "exclude", "link")) {
      Optional<Node> globs = fields.optional(m, key);
      if (globs.isEmpty()) {
        continue;
      }
      String field = "snapshot." + key;
      List<Node> items = globs.get() instanceof Sequence seq ? seq.items() : List.of(globs.get());
      for (Node item : items) {
        String glob = fields.text(item, field);
        try {
          switch (key) {
            case "include" -> s.include(glob);
            case "exclude" -> s.exclude(glob);
            default -> s.link(glob);
          }
        } catch (IllegalArgumentException e) {
          throw fields.error(item, field, e.getMessage());
        }
      }
    }
    b.snapshot(s.build());
  }

  private void valueFormat(ProcessRunner.Builder b, Node n) {
    String format = fields.string(n, "value_format");
    switch (format) {
      case "json" -> b.valueFormat(ValueFormat.JSON);
      case "python" -> b.valueFormat(ValueFormat.PYTHON);
      default ->
          throw fields.error(
              n,
              "value_format",
              "unknown format '"
                  + format
                  + "'"
                  + Hints.didYouMean(format, List.of("json", "python"))
                  + " (allowed: json, python)");
    }
  }

  private void steps(ProcessRunner.Builder b, Node steps, boolean shell, Set<String> known) {
    Sequence list = fields.list(steps, "steps", "a list of steps: [{name: train, command: …}, …]");
    if (list.items().isEmpty()) {
      throw fields.error(list, "steps", "is empty; give at least one step");
    }
    for (int i = 0; i < list.items().size(); i++) {
      String field = "steps[" + i + "]";
      Mapping m = fields.mapping(list.items().get(i), field, "{name: NAME, command: COMMAND}");
      fields.onlyKeys(m, field, List.of("name", "command", "shell"));
      Node nameNode =
          fields.required(
              m, "name", field, "name the step (it names its logs: NAME.out, NAME.err)");
      String name = fields.text(nameNode, field + ".name");
      boolean stepShell =
          fields.optional(m, "shell").map(n -> fields.bool(n, field + ".shell")).orElse(shell);
      Node cmd = fields.required(m, "command", field, "give the step's command");
      try {
        step(b, name, cmd, field + ".command", stepShell, known);
      } catch (IllegalArgumentException e) {
        throw fields.error(nameNode, field + ".name", e.getMessage());
      }
    }
  }

  private void step(
      ProcessRunner.Builder b,
      String name,
      Node cmd,
      String field,
      boolean shell,
      Set<String> known) {
    CommandTemplate template = template(cmd, field, shell);
    for (String path : template.paths()) {
      if (!known.contains(path)) {
        List<String> leaves =
            known.stream()
                .filter(k -> known.stream().noneMatch(o -> o.startsWith(k + ".")))
                .toList();
        throw fields.error(
            cmd,
            field,
            "unknown placeholder '"
                + path
                + "': no parameter or base value has that path"
                + hint(path, known)
                + " (known: "
                + String.join(", ", first(leaves, 12))
                + ")");
      }
    }
    b.step(name, template);
  }

  private CommandTemplate template(Node cmd, String field, boolean shell) {
    try {
      if (cmd instanceof Sequence argv) {
        if (shell) {
          throw fields.error(
              cmd,
              field,
              "a shell script is one string, not a list; drop shell: true or write the command as one line");
        }
        List<String> words = new ArrayList<>();
        argv.items().forEach(i -> words.add(fields.text(i, field)));
        return CommandTemplate.of(words);
      }
      String line = fields.string(cmd, field);
      return shell ? CommandTemplate.shell(line) : CommandTemplate.parse(line);
    } catch (IllegalArgumentException e) {
      throw fields.error(cmd, field, e.getMessage());
    }
  }

  /**
   * The local process pool: slots, the variable that passes a slot, the time limit, the
   * environment.
   */
  private void pool(ProcessRunner.Builder b, List<String> slots) {
    if (slots != null) {
      fields.set(optional("slots").orElseThrow(), "slots", () -> b.slots(slots));
    }
    optional("slot_variable")
        .ifPresent(
            n ->
                fields.set(
                    n, "slot_variable", () -> b.slotVariable(fields.string(n, "slot_variable"))));
    optional("timeout")
        .ifPresent(n -> fields.set(n, "timeout", () -> b.timeout(fields.duration(n, "timeout"))));
    optional("grace")
        .ifPresent(n -> fields.set(n, "grace", () -> b.grace(fields.duration(n, "grace"))));
    optional("env")
        .ifPresent(
            n -> {
              Mapping m = fields.mapping(n, "env", "a mapping of variable names to values");
              for (Entry e : m.entries().values()) {
                fields.set(
                    e.value(),
                    "env." + e.key(),
                    () -> b.env(e.key(), fields.text(e.value(), "env." + e.key())));
              }
            });
  }

  private void parse(ProcessRunner.Builder b, Node n) {
    Mapping m = fields.mapping(n, "parse", "a mapping of metric names to regular expressions");
    for (Entry e : m.entries().values()) {
      String field = "parse." + e.key();
      String regex = fields.string(e.value(), field);
      Pattern pattern;
      try {
        pattern = Pattern.compile(regex);
      } catch (PatternSyntaxException ex) {
        throw fields.error(
            e.value(),
            field,
            "not a regular expression: " + ex.getDescription() + " near index " + ex.getIndex());
      }
      fields.set(e.value(), field, () -> b.parse(e.key(), pattern));
    }
  }

  private Optional<Node> optional(String key) {
    return fields.optional(root, key);
  }

  /** Every path a placeholder may name: parameters, base values, and the maps above them. */
  private static Set<String> knownPaths(Space space) {
    Set<String> known = new LinkedHashSet<>(space.paramPaths());
    known.addAll(space.base().flatten().keySet());
    for (String p : List.copyOf(known)) {
      for (int dot = p.indexOf('.'); dot > 0; dot = p.indexOf('.', dot + 1)) {
        known.add(p.substring(0, dot));
      }
    }
    return known;
  }

  /**
   * A known path with the same last segment ({@code [amp]} for {@code train.amp}), or a close one.
   */
  private static String hint(String path, Set<String> known) {
    String last = path.substring(path.lastIndexOf('.') + 1);
    for (String k : known) {
      if (k.endsWith("." + last)) {
        return "; did you mean '" + k + "'?";
      }
    }
    return Hints.didYouMean(path, known);
  }

  private static List<String> first(List<String> items, int n) {
    List<String> out = new ArrayList<>();
    for (String s : items) {
      if (out.size() == n) {
        out.add("…");
        break;
      }
      out.add(s);
    }
    return out;
  }
}
