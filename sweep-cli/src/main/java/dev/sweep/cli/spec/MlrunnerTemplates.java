package dev.sweep.cli.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * mlrunner's command templates: {@code {name}} for a value, {@code [name]} for a flag, and the
 * reserved {@code _output}, {@code _name} and {@code _time}; each template becomes a native shell
 * template.
 */
final class MlrunnerTemplates {
  static final List<String> RESERVED = List.of("_output", "_name", "_time");
  private static final Pattern VALUE = Pattern.compile("\\{([\\w\\-]+?)}");
  private static final Pattern FLAG = Pattern.compile("\\[([\\w\\-]+?)]");

  private MlrunnerTemplates() {}

  /** The names of a command's placeholders, {@code {value}} and {@code [flag]}, values first. */
  static List<String> placeholders(String command) {
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
   * An mlrunner command as a native shell template: its placeholders under {@link
   * MlrunnerFormat#GROUP}, every other brace literal, and inside single quotes (text the native
   * template leaves to the shell) a placeholder closes the quotes around itself, as mlrunner fills
   * it there too; {@code _time} is {@code time}, when the file is read.
   */
  static String shellTemplate(String command, String time) {
    StringBuilder out = new StringBuilder();
    boolean single = false;
    boolean dbl = false;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      Matcher value = VALUE.matcher(command).region(i, command.length());
      Matcher flag = FLAG.matcher(command).region(i, command.length());
      if (c == '{' && value.lookingAt()) {
        String p = value.group(1);
        out.append(
            p.equals("_time")
                ? time
                : single ? "'{" + reference(p) + "}'" : "{" + reference(p) + "}");
        i = value.end() - 1;
      } else if (c == '[' && flag.lookingAt() && !single) {
        String p = flag.group(1);
        out.append(
            p.equals("_time")
                ? "--_time " + time
                : p.startsWith("_")
                    ? "--" + p + " {" + reference(p) + "}"
                    : "[" + reference(p) + "]");
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
    return p.equals("_output") || p.equals("_name") ? p : MlrunnerFormat.GROUP + "." + p;
  }
}
