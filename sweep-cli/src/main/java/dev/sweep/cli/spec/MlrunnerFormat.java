package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Location;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an mlrunner {@code params.yaml} as the native document it means, as mlrunner's
 * {@code run} does: the first document's {@code template} commands run one after another per
 * task (each in a shell, the later ones only if the earlier succeed), {@code resource} gives one
 * worker per item with {@code CUDA_VISIBLE_DEVICES}, {@code default} fills what a task does not
 * set, {@code alias} expands a name into several parameters; each later document is a grid (a
 * scalar is a one-value list) whose {@code _cmd} picks the commands. Identical specs run once.
 * Each task's folder is named as mlrunner names it ({@code Norm_new-Moment_0.1}).
 */
final class MlrunnerFormat implements ForeignFormat {
  private static final Logger log = LoggerFactory.getLogger(MlrunnerFormat.class);
  static final List<String> KEYS = List.of("template", "default", "resource", "alias", "sweep");
  static final String GROUP = "run";
  private static final String COMMANDS = "commands";
  private static final Pattern VALUE = Pattern.compile("\\{([\\w\\-]+?)}");
  private static final Pattern FLAG = Pattern.compile("\\[([\\w\\-]+?)]");
  private static final Pattern STEP = Pattern.compile("[\\w.\\-]+");
  private static final List<String> RESERVED = List.of("_output", "_name", "_time");

  private final Fields fields;
  private final String time;

  MlrunnerFormat(Fields fields, LocalDateTime now) {
    this.fields = fields;
    this.time = now.format(DateTimeFormatter.ofPattern("yyyyMMdd.HHmmss", Locale.ROOT));
  }

  @Override
  public String name() {
    return "mlrunner";
  }

  /** An mlrunner file's first document has {@code template}; the documents after it hold the choices. */
  @Override
  public boolean recognizes(List<Node> documents) {
    return documents.get(0) instanceof Mapping m && m.entries().containsKey("template");
  }

  /** One task: its spec (grid values, aliases expanded, defaults added), its folder name, its commands. */
  private record Task(Map<String, Object> spec, String name, Set<String> commands, Node at) {}

  @Override
  public Mapping toNative(List<Node> documents) {
    Mapping head = (Mapping) documents.get(0);
    fields.onlyKeys(head, "mlrunner's first document", KEYS);
    Mapping templates = fields.mapping(head.entries().get("template").value(), "template",
        "a mapping of command name to command: {train: python train.py --lr {lr}, test: …}");
    if (templates.entries().isEmpty()) {
      throw fields.error(templates, "template", "no template exists; give at least one command");
    }
    Map<String, String> commands = new LinkedHashMap<>();
    for (Entry e : templates.entries().values()) {
      if (!STEP.matcher(e.key()).matches()) {
        throw fields.error(e.keyAt(), "template", "a command name is letters, digits, '_', '.' or '-'; found '" + e.key() + "'");
      }
      commands.put(e.key(), fields.text(e.value(), "template." + e.key()).replaceAll("\\s*\\n\\s*", " ").trim());
    }
    Node resourceNode = fields.required(head, "resource", "mlrunner's first document",
        "one item per worker, the GPUs it sees: resource: [0, 1]");
    Sequence resource = fields.list(resourceNode, "resource", "a list, one item per worker: [0, 1] or [\"0,1\", \"2,3\"]");
    if (resource.items().isEmpty()) {
      throw fields.error(resource, "resource", "needs at least one worker");
    }
    Map<String, Object> defaults = fields.optional(head, "default")
        .map(n -> plainMapping(fields.mapping(n, "default", "a mapping of parameter to value"))).orElse(Map.of());
    Map<String, Map<String, Map<String, Object>>> aliases = aliases(head);
    if (documents.size() < 2) {
      throw fields.error(head, "mlrunner", "no choices available: add a document (after ---) with the values to run, "
          + "e.g. norm: [batch, layer]");
    }

    List<Task> tasks = new ArrayList<>();
    Map<String, Task> bySpec = new LinkedHashMap<>();
    for (int d = 1; d < documents.size(); d++) {
      String field = "document " + (d + 1);
      Node doc = documents.get(d);
      if (!(doc instanceof Mapping grid) || grid.entries().isEmpty()) {
        throw fields.error(doc, field, "is empty; a choices document maps parameters to lists of values");
      }
      Set<String> selected = selected(grid, commands, field);
      List<String> keys = new ArrayList<>();
      List<List<Object>> values = new ArrayList<>();
      for (Entry e : grid.entries().values()) {
        if (e.key().equals("_title") || e.key().equals("_cmd")) {
          continue; // _title picks documents with run -t; every document runs here
        }
        keys.add(e.key());
        List<Object> vs = new ArrayList<>();
        if (e.value() instanceof Sequence s) {
          s.items().forEach(i -> vs.add(i.plain()));
        } else {
          vs.add(e.value().plain());
        }
        if (vs.isEmpty()) {
          throw fields.error(e.value(), field + "." + e.key(), "an empty list of values runs nothing; give at least one");
        }
        values.add(vs);
      }
      for (List<Object> combination : product(values)) {
        Map<String, Object> raw = new LinkedHashMap<>();
        for (int k = 0; k < keys.size(); k++) {
          raw.put(keys.get(k), combination.get(k));
        }
        Map<String, Object> spec = expand(raw, aliases, grid, field);
        defaults.forEach(spec::putIfAbsent);
        Task task = new Task(spec, name(raw), new LinkedHashSet<>(selected), grid);
        String canonical = canonical(spec);
        Task before = bySpec.get(canonical);
        if (before == null) {
          bySpec.put(canonical, task);
          tasks.add(task);
        } else if (before.name().equals(task.name())) {
          before.commands().addAll(selected); // mlrunner runs it again in the same folder, skipping finished commands
        } // else: an identical spec under another name runs once, as mlrunner has it
      }
    }
    checkPlaceholders(tasks, commands, templates, aliases.keySet());

    MappingBuilder out = new MappingBuilder(head.at());
    out.put("sampler", new Scalar("grid", head.at()));
    boolean everyTaskRunsAll = tasks.stream().allMatch(t -> t.commands().size() == commands.size());
    List<Node> options = new ArrayList<>();
    List<Node> labels = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (Task t : tasks) {
      if (!names.add(t.name())) {
        throw fields.error(t.at(), "mlrunner", "two different tasks are both named '" + t.name() + "' and would share "
            + "one folder; give one of them another value");
      }
      MappingBuilder option = new MappingBuilder(t.at().at());
      t.spec().forEach((k, v) -> option.put(k, new Scalar(v, t.at().at())));
      if (!everyTaskRunsAll) {
        option.put(COMMANDS, new Scalar(String.join(" ", t.commands()), t.at().at()));
      }
      options.add(option.build());
      labels.add(new Scalar(t.name(), t.at().at()));
    }
    MappingBuilder group = new MappingBuilder(head.at())
        .put("coupled", new Sequence(options, head.at()))
        .put("labels", new Sequence(labels, head.at()));
    out.put("parameters", new MappingBuilder(head.at()).put(GROUP, group.build()).build());
    List<Node> steps = new ArrayList<>();
    for (Entry e : templates.entries().values()) {
      String command = shellTemplate(commands.get(e.key()));
      if (!everyTaskRunsAll) { // the task's commands arrive as one value, never as shell code
        command = "case \" {" + GROUP + "." + COMMANDS + "} \" in *\" " + e.key() + " \"*) " + command + " ;; esac";
      }
      steps.add(new MappingBuilder(e.value().at())
          .put("name", new Scalar(e.key(), e.keyAt()))
          .put("command", new Scalar(command, e.value().at()))
          .put("shell", new Scalar(true, e.value().at()))
          .build());
    }
    out.put("steps", new Sequence(steps, templates.at()));
    boolean onSlurm = head.entries().get("sweep") != null && head.entries().get("sweep").value() instanceof Mapping m
        && m.entries().containsKey("slurm");
    if (!onSlurm) { // on SLURM the cluster allocates the GPUs (slurm: {gpus: 1}), not the workers' list
      List<Node> slots = new ArrayList<>();
      resource.items().forEach(r -> slots.add(new Scalar(String.valueOf(r.plain()), r.at())));
      out.put("slots", new Sequence(slots, resource.at()));
    }
    ForeignFormats.pythonValues(head, out);
    ForeignFormats.unranked(head, out);
    ForeignFormats.options(fields, head, out, List.of("objective"));
    return out.build();
  }

  private Set<String> selected(Mapping grid, Map<String, String> commands, String field) {
    Entry cmd = grid.entries().get("_cmd");
    if (cmd == null) {
      return new LinkedHashSet<>(commands.keySet());
    }
    List<Node> names = cmd.value() instanceof Sequence s ? s.items() : List.of(cmd.value());
    Set<String> chosen = new LinkedHashSet<>();
    for (Node n : names) {
      String name = fields.string(n, field + "._cmd");
      if (!commands.containsKey(name)) { // mlrunner ignores it silently; a typo would skip a command
        throw fields.error(n, field + "._cmd", "no command '" + name + "' in template" + Hints.didYouMean(name, List.copyOf(commands.keySet()))
            + " (commands: " + String.join(", ", commands.keySet()) + ")");
      }
      chosen.add(name);
    }
    Set<String> inOrder = new LinkedHashSet<>(commands.keySet()); // they run in template order
    inOrder.retainAll(chosen.isEmpty() ? commands.keySet() : chosen);
    return inOrder;
  }

  private Map<String, Map<String, Map<String, Object>>> aliases(Mapping head) {
    Map<String, Map<String, Map<String, Object>>> out = new LinkedHashMap<>();
    fields.optional(head, "alias").ifPresent(n -> {
      Mapping alias = fields.mapping(n, "alias", "{name: {case: {param: value, …}, …}}");
      for (Entry a : alias.entries().values()) {
        Mapping cases = fields.mapping(a.value(), "alias." + a.key(), "a mapping of case to the parameters it sets");
        Map<String, Map<String, Object>> byCase = new LinkedHashMap<>();
        Set<String> targets = null;
        for (Entry c : cases.entries().values()) {
          Mapping m = fields.mapping(c.value(), "alias." + a.key() + "." + c.key(), "a nonempty mapping of parameter to value");
          if (m.entries().isEmpty()) {
            throw fields.error(m, "alias." + a.key() + "." + c.key(), "should be a nonempty mapping of parameter to value");
          }
          if (targets != null && !targets.equals(m.entries().keySet())) {
            throw fields.error(m, "alias." + a.key() + "." + c.key(), "sets " + m.entries().keySet()
                + "; every case of an alias sets the same parameters, here " + targets);
          }
          targets = m.entries().keySet();
          byCase.put(c.key(), plainMapping(m));
        }
        out.put(a.key(), byCase);
      }
    });
    return out;
  }

  private Map<String, Object> expand(Map<String, Object> raw, Map<String, Map<String, Map<String, Object>>> aliases,
      Mapping grid, String field) {
    Map<String, Object> spec = new LinkedHashMap<>();
    raw.forEach((k, v) -> {
      Map<String, Map<String, Object>> cases = aliases.get(k);
      if (cases == null) {
        spec.put(k, v);
        return;
      }
      Map<String, Object> targets = cases.get(String.valueOf(v));
      if (targets == null) {
        throw fields.error(grid.entries().get(k).value(), field + "." + k, "value of '" + k + "' should be one of "
            + cases.keySet() + ", found " + v);
      }
      spec.putAll(targets);
    });
    return spec;
  }

  private void checkPlaceholders(List<Task> tasks, Map<String, String> commands, Mapping templates, Set<String> aliases) {
    Set<String> orphans = new TreeSet<>();
    for (Task t : tasks) {
      Set<String> unused = new LinkedHashSet<>(t.spec().keySet());
      for (String name : t.commands()) {
        String command = commands.get(name);
        Node at = templates.entries().get(name).value();
        for (String p : placeholders(command)) {
          if (aliases.contains(p)) {
            throw fields.error(at, "template." + name, "alias param '" + p + "' should not be specified in template; "
                + "use the parameters it sets");
          }
          if (!RESERVED.contains(p) && !t.spec().containsKey(p)) {
            throw fields.error(at, "template." + name, "params {" + p + "} are not specified in 'default' or a choices "
                + "document (task " + t.name() + ")");
          }
          Object v = t.spec().get(p);
          if (t.spec().containsKey(p) && !(v instanceof String || v instanceof Number || v instanceof Boolean)) {
            throw fields.error(at, "template." + name, p + " is " + v + "; a placeholder takes a string, a number or a boolean");
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

  private static List<String> placeholders(String command) {
    List<String> out = new ArrayList<>();
    for (Pattern p : List.of(VALUE, FLAG)) {
      Matcher m = p.matcher(command);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /**
   * An mlrunner command as a native shell template: its placeholders under {@link #GROUP}, every
   * other brace literal, and inside single quotes (text the native template leaves to the shell)
   * a placeholder closes the quotes around itself, as mlrunner fills it there too.
   */
  private String shellTemplate(String command) {
    StringBuilder out = new StringBuilder();
    boolean single = false;
    boolean dbl = false;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      Matcher value = VALUE.matcher(command).region(i, command.length());
      Matcher flag = FLAG.matcher(command).region(i, command.length());
      if (c == '{' && value.lookingAt()) {
        String p = value.group(1);
        out.append(p.equals("_time") ? time : single ? "'{" + reference(p) + "}'" : "{" + reference(p) + "}");
        i = value.end() - 1;
      } else if (c == '[' && flag.lookingAt() && !single) {
        String p = flag.group(1);
        out.append(p.equals("_time") ? "--_time " + time
            : p.startsWith("_") ? "--" + p + " {" + reference(p) + "}" : "[" + reference(p) + "]");
        i = flag.end() - 1;
      } else if (c == '{' || c == '}') {
        out.append(single ? String.valueOf(c) : String.valueOf(c) + c);
      } else {
        if (single && c == '\'') {
          single = false;
        } else if (!single && c == '"') {
          dbl = !dbl;
        } else if (!single && !dbl && c == '\'') {
          single = true;
        } else if (!single && c == '\\' && i + 1 < command.length()) {
          out.append(c).append(command.charAt(++i));
          continue;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A placeholder's native path: a task's parameter under the group, or a reserved one. */
  private static String reference(String p) {
    return p.equals("_output") || p.equals("_name") ? p : GROUP + "." + p;
  }

  /** The folder name mlrunner gives a grid combination: {@code Key_value} joined by {@code -}. */
  static String name(Map<String, Object> raw) {
    List<String> parts = new ArrayList<>();
    raw.forEach((k, v) -> parts.add(key(k) + "_" + value(v)));
    return String.join("-", parts);
  }

  /** mlrunner's snake2camel with shrink_keep 2: {@code early-stop} gives {@code EaStop}. */
  static String key(String k) {
    String[] parts = k.contains("-") ? k.split("-", -1) : k.split("_", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      out.append(i < parts.length - 1 ? (p.length() > 2 ? title(p.substring(0, 2)) : p) : title(p));
    }
    return out.toString();
  }

  /** Python's str.title(): a letter after a non-letter is upper case, others lower. */
  private static String title(String s) {
    StringBuilder out = new StringBuilder();
    boolean previousLetter = false;
    for (char c : s.toCharArray()) {
      out.append(previousLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
      previousLetter = Character.isLetter(c);
    }
    return out.toString();
  }

  private static String value(Object v) {
    if (v instanceof Boolean b) {
      return b ? "T" : "F";
    }
    if (v instanceof Number n) {
      return percentG(n.doubleValue());
    }
    if (v instanceof String s) {
      String cleaned = s.replaceFirst("^[./]+", "").replace('/', '_');
      return cleaned.length() > 100 ? cleaned.substring(cleaned.length() - 100) : cleaned;
    }
    return String.valueOf(v);
  }

  /** C's {@code %g}: 6 significant digits, trailing zeros dropped, exponent form below 1e-4 or from 1e6. */
  static String percentG(double x) {
    if (x == 0) {
      return "0";
    }
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
    }
    BigDecimal rounded = new BigDecimal(x).round(new java.math.MathContext(6));
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent < -4 || exponent >= 6) {
      String digits = rounded.unscaledValue().abs().toString().replaceFirst("0+$", "");
      String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
      return (x < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }
    return rounded.stripTrailingZeros().toPlainString();
  }

  /** Specs compare as Python's dicts do: 1, 1.0 and true are equal, key order is not. */
  private static String canonical(Map<String, Object> spec) {
    Map<String, String> sorted = new java.util.TreeMap<>();
    spec.forEach((k, v) -> sorted.put(k, v instanceof Boolean b ? (b ? "1" : "0")
        : v instanceof Number n ? new BigDecimal(n.toString()).stripTrailingZeros().toPlainString() : "s:" + v));
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
