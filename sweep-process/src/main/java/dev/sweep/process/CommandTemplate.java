package dev.sweep.process;

import static java.util.Objects.requireNonNull;

import dev.sweep.config.Config;
import dev.sweep.process.Piece.Flag;
import dev.sweep.process.Piece.Text;
import dev.sweep.process.Piece.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command with placeholders that a trial's config fills in: one step of a {@link ProcessRunner}.
 *
 * <pre>{@code
 * CommandTemplate train = CommandTemplate.parse(
 *     "python3 train.py --lr {optim.lr} --out {_output} [amp] [model.depth]");
 * // optim.lr = 0.01, amp = true, model.depth = 20, trial folder /runs/trials/000003-lr=0.01:
 * // [python3, train.py, --lr, 0.01, --out, /runs/trials/000003-lr=0.01, --amp, --depth, 20]
 * }</pre>
 *
 * <p>Placeholders:
 *
 * <ul>
 *   <li>{@code {dotted.path}}: the config value at that path. A word stays one argument whatever
 *       the value holds (spaces, quotes, {@code $(…)}); a placeholder inside a word is replaced in
 *       that word ({@code --lr={optim.lr}}). A missing or null value is an error when binding.
 *   <li>{@code [dotted.path]}, standing as a word of its own: {@code --name value}, where the name
 *       is the path's last segment ({@code [optim.lr]} gives {@code --lr 0.01}); for a boolean a
 *       bare {@code --name} when true and nothing when false; nothing when the path is missing or
 *       null. Two flags with the same name in one template are refused.
 *   <li>Reserved: {@code {_output}} the trial folder, {@code {_name}} the trial's readable name,
 *       {@code {_id}} its id, {@code {_config}} its config.json, {@code {_config_json}} the config
 *       itself as one argument of compact JSON, {@code {_metrics}} its metrics.jsonl, {@code
 *       {_slot}} its resource slot. Other names that start with {@code _} are refused.
 *   <li><code>{{</code> and <code>}}</code> are literal braces; any other brace is an error.
 * </ul>
 *
 * <p>Values become text as in JSON: strings as they are, integers in decimal, doubles as Java
 * prints them ({@code 0.01}, {@code 1.0E-4}: both read back by Python's {@code float}), booleans
 * {@code true}/{@code false}; lists and maps as compact JSON ({@code [64,128]}), one argument; or
 * as Python prints them, with {@link ProcessRunner.Builder#valueFormat}.
 *
 * <p>No shell runs unless the template comes from {@link #shell(String)}: {@code $HOME}, {@code ~},
 * globs, pipes and redirections mean nothing in the other two forms. Instances are immutable and
 * thread-safe.
 */
public final class CommandTemplate {
  /** The shell of {@link #shell(String)} templates. */
  static final String SHELL = "/bin/sh";

  private final String source;
  private final List<List<Piece>> words; // empty for a shell script
  private final List<Piece> script; // empty unless a shell script

  private CommandTemplate(String source, List<List<Piece>> words, List<Piece> script) {
    this.source = source;
    this.words = words;
    this.script = script;
  }

  /**
   * A template from one command line, split into words as a POSIX shell would but without one:
   * whitespace separates words, {@code '…'} is literal (no placeholders inside), {@code "…"} keeps
   * spaces and allows placeholders, a backslash makes the next character literal. Nothing is
   * expanded, and an unquoted {@code |}, {@code >}, {@code ;} or {@code &&} is refused, since no
   * shell would act on it.
   *
   * <pre>{@code
   * CommandTemplate.parse("python3 train.py --name \"{_name} run\" [amp]");
   * }</pre>
   *
   * @throws IllegalArgumentException naming the template if a quote is not closed, a placeholder is
   *     malformed or unknown, or the command is empty
   */
  public static CommandTemplate parse(String commandLine) {
    requireNonNull(commandLine, "commandLine == null");
    return new CommandTemplate(commandLine, TemplateParser.line(commandLine), List.of());
  }

  /**
   * A template from an argument vector: each element is one argument (after its placeholders are
   * filled in), except an element that is exactly {@code [path]}, which is a flag. No quoting or
   * splitting happens.
   *
   * <pre>{@code
   * CommandTemplate.of(List.of("python3", "-c", "import sys; print(sys.argv)", "{optim.lr}", "[amp]"));
   * }</pre>
   *
   * @throws IllegalArgumentException naming the template if it is empty or a placeholder is
   *     malformed or unknown
   */
  public static CommandTemplate of(List<String> argv) {
    requireNonNull(argv, "argv == null");
    for (int i = 0; i < argv.size(); i++) {
      requireNonNull(argv.get(i), "argv[" + i + "] == null");
    }
    String source = display(argv);
    return new CommandTemplate(source, TemplateParser.argv(argv, source), List.of());
  }

  /**
   * A script for {@code /bin/sh -c}, for when pipes, redirections or several commands are needed.
   * Values never become shell code: each placeholder turns into a positional parameter ({@code
   * "${1}"}, {@code "${2}"}, …) and its value is passed as an argument of {@code sh}, so {@code
   * $(touch x)}, {@code ; rm -rf ~}, backticks or a newline in a value are only text.
   *
   * <pre>{@code
   * CommandTemplate.shell("python3 train.py --lr {optim.lr} [amp] 2>&1 | tee {_output}/all.log");
   * // sh -c 'python3 train.py --lr "${1}" --amp 2>&1 | tee "${2}"/all.log' sh 0.01 /runs/trials/…
   * }</pre>
   *
   * <p>Placeholders work unquoted and inside double quotes; single-quoted text, comments and {@code
   * ${…}} are the shell's and left alone. The script's own {@code $1}, {@code $2}, … are the
   * values, so do not use them for anything else.
   *
   * @throws IllegalArgumentException naming the template if it is blank, a quote is not closed or a
   *     placeholder is malformed or unknown
   */
  public static CommandTemplate shell(String script) {
    requireNonNull(script, "script == null");
    return new CommandTemplate(script, List.of(), TemplateParser.script(script));
  }

  /** Whether this template runs through {@code /bin/sh}. */
  public boolean isShell() {
    return !script.isEmpty();
  }

  /** The config paths its placeholders and flags read, in order of appearance. */
  public Set<String> paths() {
    Set<String> paths = new LinkedHashSet<>();
    for (Piece piece : pieces()) {
      if (piece instanceof Value v && !v.reserved()) {
        paths.add(v.name());
      } else if (piece instanceof Flag f) {
        paths.add(f.path());
      }
    }
    return Collections.unmodifiableSet(paths);
  }

  /** Whether it uses the reserved placeholder {@code name}, e.g. {@code _slot}. */
  boolean uses(String name) {
    return pieces().stream().anyMatch(p -> p instanceof Value v && v.name().equals(name));
  }

  private List<Piece> pieces() {
    if (isShell()) {
      return script;
    }
    List<Piece> all = new ArrayList<>();
    words.forEach(all::addAll);
    return all;
  }

  /**
   * The argument vector for a config: the program first, or {@code /bin/sh -c script sh values…}
   * for a shell template.
   *
   * <pre>{@code
   * template.bind(config, Map.of("_output", "/runs/trials/000003-lr=0.01", "_name", "lr=0.01", "_id", "3"));
   * }</pre>
   *
   * @param reserved values of the reserved placeholders by name without braces ({@code "_id"})
   * @throws IllegalArgumentException naming the template and the placeholder if a {@code {path}} is
   *     missing or null in the config, or a reserved placeholder has no value in {@code reserved}
   */
  public List<String> bind(Config config, Map<String, String> reserved) {
    return bind(new Binding(config, reserved));
  }

  List<String> bind(Binding values) {
    List<String> argv = new ArrayList<>();
    if (isShell()) {
      StringBuilder text = new StringBuilder();
      List<String> args = new ArrayList<>();
      for (Piece piece : script) {
        if (piece instanceof Text t) {
          text.append(t.text());
        } else if (piece instanceof Value v) {
          args.add(values.required(v.name(), source));
          text.append(v.inDoubleQuotes() ? "${" + args.size() + "}" : "\"${" + args.size() + "}\"");
        } else if (piece instanceof Flag f) {
          List<String> flag = flag(values, f);
          if (!flag.isEmpty()) {
            text.append(flag.get(0));
          }
          if (flag.size() == 2) {
            args.add(flag.get(1));
            text.append(" \"${").append(args.size()).append("}\"");
          }
        }
      }
      argv.addAll(List.of(SHELL, "-c", text.toString(), "sh"));
      argv.addAll(args);
      return argv;
    }
    for (List<Piece> word : words) {
      if (word.size() == 1 && word.get(0) instanceof Flag f) {
        argv.addAll(flag(values, f));
        continue;
      }
      StringBuilder text = new StringBuilder();
      for (Piece piece : word) {
        text.append(
            piece instanceof Value v ? values.required(v.name(), source) : ((Text) piece).text());
      }
      argv.add(text.toString());
    }
    return argv;
  }

  private static List<String> flag(Binding values, Flag f) {
    Optional<Object> value = values.value(f.path());
    if (value.isEmpty() || Boolean.FALSE.equals(value.get())) {
      return List.of();
    }
    if (Boolean.TRUE.equals(value.get())) {
      return List.of("--" + f.flag());
    }
    return List.of("--" + f.flag(), values.format(value.get()));
  }

  /** A config value as one argument, as JSON has it: see the class doc. */
  static String format(Object value) {
    return ValueFormat.JSON.format(value);
  }

  /** The argument vector as a readable line: words with spaces or quotes in double quotes. */
  private static String display(List<String> argv) {
    StringBuilder line = new StringBuilder();
    for (String arg : argv) {
      line.append(line.length() == 0 ? "" : " ");
      boolean plain =
          !arg.isEmpty()
              && arg.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'');
      line.append(plain ? arg : '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
    }
    return line.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CommandTemplate other
        && words.equals(other.words)
        && script.equals(other.script);
  }

  @Override
  public int hashCode() {
    return 31 * words.hashCode() + script.hashCode();
  }

  /** The template as written (an argument vector joined by spaces). */
  @Override
  public String toString() {
    return source;
  }
}
