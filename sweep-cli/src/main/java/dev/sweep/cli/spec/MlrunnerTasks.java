package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Sequence;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks of an mlrunner file, as mlrunner's {@code run} makes them: each document after the
 * first is a grid (a scalar is a one-value list) whose {@code _cmd} picks the commands, {@code
 * alias} expands a name into several parameters, {@code default} fills what a task does not set,
 * and identical specs run once. One instance reads one file.
 */
final class MlrunnerTasks {
  private static final Logger log =
      LoggerFactory.getLogger(
          MlrunnerFormat.class); // the warning names the format, as users know it

  /**
   * One task: its spec (grid values, aliases expanded, defaults added), its folder name, its
   * commands.
   */
  record Task(Map<String, Object> spec, String name, Set<String> commands, Node at) {}

  private final Fields fields;
  private final Mapping templates;
  private final Map<String, String> commands;
  private final List<Task> tasks = new ArrayList<>();
  private final Map<String, Task> bySpec = new LinkedHashMap<>(); // the task of each canonical spec

  /**
   * {@code commands}: each template's command, by name in template order; {@code templates} where
   * they stand.
   */
  MlrunnerTasks(Fields fields, Mapping templates, Map<String, String> commands) {
    this.fields = fields;
    this.templates = templates;
    this.commands = commands;
  }

  /**
   * The tasks of {@code documents}, whose first is the head with {@code default} and {@code alias}.
   */
  List<Task> read(List<Node> documents) {
    Mapping head = (Mapping) documents.get(0);
    Map<String, Object> defaults =
        fields
            .optional(head, "default")
            .map(n -> plainMapping(fields.mapping(n, "default", "a mapping of parameter to value")))
            .orElse(Map.of());
    Map<String, Map<String, Map<String, Object>>> aliases = aliases(head);
    if (documents.size() < 2) {
      throw fields.error(
          head,
          "mlrunner",
          "no choices available: add a document (after ---) with the values to run, "
              + "e.g. norm: [batch, layer]");
    }
    for (int d = 1; d < documents.size(); d++) {
      grid(documents.get(d), "document " + (d + 1), defaults, aliases);
    }
    checkPlaceholders(aliases.keySet());
    return tasks;
  }

  /** The tasks of one choices document: every combination of its values. */
  private void grid(
      Node doc,
      String field,
      Map<String, Object> defaults,
      Map<String, Map<String, Map<String, Object>>> aliases) {
    if (!(doc instanceof Mapping grid) || grid.entries().isEmpty()) {
      throw fields.error(
          doc, field, "is empty; a choices document maps parameters to lists of values");
    }
    Set<String> selected = selected(grid, field);
    List<String> keys = new ArrayList<>();
    List<List<Object>> values = new ArrayList<>();
    for (Entry e : grid.entries().values()) {
      if (e.key().equals("_title") || e.key().equals("_cmd")) {
        continue; // _title picks documents with run -t; every document runs here
      }
      keys.add(e.key());
      values.add(values(e, field));
    }
    for (List<Object> combination : product(values)) {
      Map<String, Object> raw = new LinkedHashMap<>();
      for (int k = 0; k < keys.size(); k++) {
        raw.put(keys.get(k), combination.get(k));
      }
      Map<String, Object> spec = expand(raw, aliases, grid, field);
      defaults.forEach(spec::putIfAbsent);
      add(new Task(spec, MlrunnerNames.name(raw), new LinkedHashSet<>(selected), grid), selected);
    }
  }

  private List<Object> values(Entry e, String field) {
    List<Object> vs = new ArrayList<>();
    if (e.value() instanceof Sequence s) {
      s.items().forEach(i -> vs.add(i.plain()));
    } else {
      vs.add(e.value().plain());
    }
    if (vs.isEmpty()) {
      throw fields.error(
          e.value(),
          field + "." + e.key(),
          "an empty list of values runs nothing; give at least one");
    }
    return vs;
  }

  private void add(Task task, Set<String> selected) {
    String canonical = canonical(task.spec());
    Task before = bySpec.get(canonical);
    if (before == null) {
      bySpec.put(canonical, task);
      tasks.add(task);
    } else if (before.name().equals(task.name())) {
      before
          .commands()
          .addAll(
              selected); // mlrunner runs it again in the same folder, skipping finished commands
    } // else: an identical spec under another name runs once, as mlrunner has it
  }

  private Set<String> selected(Mapping grid, String field) {
    Entry cmd = grid.entries().get("_cmd");
    if (cmd == null) {
      return new LinkedHashSet<>(commands.keySet());
    }
    List<Node> names = cmd.value() instanceof Sequence s ? s.items() : List.of(cmd.value());
    Set<String> chosen = new LinkedHashSet<>();
    for (Node n : names) {
      String name = fields.string(n, field + "._cmd");
      if (!commands.containsKey(
          name)) { // mlrunner ignores it silently; a typo would skip a command
        throw fields.error(
            n,
            field + "._cmd",
            "no command '"
                + name
                + "' in template"
                + Hints.didYouMean(name, List.copyOf(commands.keySet()))
                + " (commands: "
                + String.join(", ", commands.keySet())
                + ")");
      }
      chosen.add(name);
    }
    Set<String> inOrder = new LinkedHashSet<>(commands.keySet()); // they run in template order
    inOrder.retainAll(chosen.isEmpty() ? commands.keySet() : chosen);
    return inOrder;
  }

  private Map<String, Map<String, Map<String, Object>>> aliases(Mapping head) {
    Map<String, Map<String, Map<String, Object>>> out = new LinkedHashMap<>();
    fields
        .optional(head, "alias")
        .ifPresent(
            n -> {
              Mapping alias = fields.mapping(n, "alias", "{name: {case: {param: value, …}, …}}");
              for (Entry a : alias.entries().values()) {
                Mapping cases =
                    fields.mapping(
                        a.value(),
                        "alias." + a.key(),
                        "a mapping of case to the parameters it sets");
                Map<String, Map<String, Object>> byCase = new LinkedHashMap<>();
                Set<String> targets = null;
                for (Entry c : cases.entries().values()) {
                  Mapping m =
                      fields.mapping(
                          c.value(),
                          "alias." + a.key() + "." + c.key(),
                          "a nonempty mapping of parameter to value");
                  if (m.entries().isEmpty()) {
                    throw fields.error(
                        m,
                        "alias." + a.key() + "." + c.key(),
                        "should be a nonempty mapping of parameter to value");
                  }
                  if (targets != null && !targets.equals(m.entries().keySet())) {
                    throw fields.error(
                        m,
                        "alias." + a.key() + "." + c.key(),
                        "sets "
                            + m.entries().keySet()
                            + "; every case of an alias sets the same parameters, here "
                            + targets);
                  }
                  targets = m.entries().keySet();
                  byCase.put(c.key(), plainMapping(m));
                }
                out.put(a.key(), byCase);
              }
            });
    return out;
  }

  private Map<String, Object> expand(
      Map<String, Object> raw,
      Map<String, Map<String, Map<String, Object>>> aliases,
      Mapping grid,
      String field) {
    Map<String, Object> spec = new LinkedHashMap<>();
    raw.forEach(
        (k, v) -> {
          Map<String, Map<String, Object>> cases = aliases.get(k);
          if (cases == null) {
            spec.put(k, v);
            return;
          }
          Map<String, Object> targets = cases.get(String.valueOf(v));
          if (targets == null) {
            throw fields.error(
                grid.entries().get(k).value(),
                field + "." + k,
                "value of '" + k + "' should be one of " + cases.keySet() + ", found " + v);
          }
          spec.putAll(targets);
        });
    return spec;
  }

  /**
   * Every placeholder of a task's commands is set, and none is an alias (it stands for several
   * parameters); a parameter no command uses is only logged, as mlrunner warns of it.
   */
  private void checkPlaceholders(Set<String> aliases) {
    Set<String> orphans = new TreeSet<>();
    for (Task t : tasks) {
      Set<String> unused = new LinkedHashSet<>(t.spec().keySet());
      for (String name : t.commands()) {
        String command = commands.get(name);
        Node at = templates.entries().get(name).value();
        for (String p : MlrunnerTemplates.placeholders(command)) {
          if (aliases.contains(p)) {
            throw fields.error(
                at,
                "template." + name,
                "alias param '"
                    + p
                    + "' should not be specified in template; "
                    + "use the parameters it sets");
          }
          if (!MlrunnerTemplates.RESERVED.contains(p) && !t.spec().containsKey(p)) {
            throw fields.error(
                at,
                "template." + name,
                "params {"
                    + p
                    + "} are not specified in 'default' or a choices "
                    + "document (task "
                    + t.name()
                    + ")");
          }
          Object v = t.spec().get(p);
          if (t.spec().containsKey(p)
              && !(v instanceof String || v instanceof Number || v instanceof Boolean)) {
            throw fields.error(
                at,
                "template." + name,
                p + " is " + v + "; a placeholder takes a string, a number or a boolean");
          }
          unused.remove(p);
        }
      }
      orphans.addAll(unused);
    }
    if (!orphans.isEmpty()) {
      log.warn("{}: orphan params (set but used by no command): {}", fields.file(), orphans);
    }
  }

  /** Specs compare as Python's dicts do: 1, 1.0 and true are equal, key order is not. */
  private static String canonical(Map<String, Object> spec) {
    Map<String, String> sorted = new TreeMap<>();
    spec.forEach(
        (k, v) ->
            sorted.put(
                k,
                v instanceof Boolean b
                    ? (b ? "1" : "0")
                    : v instanceof Number n
                        ? new BigDecimal(n.toString()).stripTrailingZeros().toPlainString()
                        : "s:" + v));
    return sorted.toString();
  }

  private Map<String, Object> plainMapping(Mapping m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.entries().forEach((k, e) -> out.put(k, e.value().plain()));
    return out;
  }

  private static List<List<Object>> product(List<List<Object>> values) {
    List<List<Object>> out = new ArrayList<>();
    out.add(List.of());
    for (List<Object> vs : values) {
      List<List<Object>> next = new ArrayList<>();
      for (List<Object> prefix : out) {
        for (Object v : vs) {
          List<Object> combination = new ArrayList<>(prefix);
          combination.add(v);
          next.add(combination);
        }
      }
      out = next;
    }
    return out;
  }
}
