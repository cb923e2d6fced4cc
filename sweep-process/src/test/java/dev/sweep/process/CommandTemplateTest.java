package dev.sweep.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.config.Config;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing and binding, without running anything. */
class CommandTemplateTest {
  private static final Map<String, String> RESERVED =
      Map.of("_output", "/runs/trials/000003-lr=0.1", "_name", "lr=0.1", "_id", "3");

  private static List<String> bind(String template, Map<String, ?> flat) {
    return CommandTemplate.parse(template).bind(Config.ofFlat(flat), RESERVED);
  }

  @Test
  void parse_splitsWordsLikeAShellWithoutExpandingAnything() {
    assertThat(bind("prog a  'b c' \"d e\" f\\ g '' $HOME ~ *.py x\\\n y", Map.of()))
        .containsExactly("prog", "a", "b c", "d e", "f g", "", "$HOME", "~", "*.py", "x", "y");
    assertThat(bind("prog \"a \\\"q\\\" \\$x \\n\" 'it'\\''s'", Map.of()))
        .containsExactly("prog", "a \"q\" $x \\n", "it's");
  }

  @Test
  void placeholder_isOneArgumentWhateverTheValueHolds() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("data.name", "two words");
    config.put("data.empty", "");
    config.put("data.hostile", "a'b\"c $(x) `y`; z\nw");
    assertThat(bind("prog {data.name} {data.empty} {data.hostile}", config))
        .containsExactly("prog", "two words", "", "a'b\"c $(x) `y`; z\nw");
  }

  @Test
  void placeholder_insideAWord_isReplacedInThatWord() {
    assertThat(
            bind(
                "prog --lr={optim.lr} \"run {_id}: {data.name}\" {_output}/model.pt",
                Map.of("optim.lr", 0.1, "data.name", "a b")))
        .containsExactly("prog", "--lr=0.1", "run 3: a b", "/runs/trials/000003-lr=0.1/model.pt");
  }

  @Test
  void values_becomeTextAsInJson() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("i", 64);
    config.put("small", 1e-4);
    config.put("d", 0.1);
    config.put("whole", 3.0);
    config.put("b", true);
    config.put("list", List.of(64, 128));
    config.put("words", List.of("a b", "c"));
    config.put("map.x", 1);
    assertThat(bind("prog {i} {small} {d} {whole} {b} {list} {words} {map}", config))
        .containsExactly(
            "prog",
            "64",
            "1.0E-4",
            "0.1",
            "3.0",
            "true",
            "[64,128]",
            "[\"a b\",\"c\"]",
            "{\"x\":1}");
  }

  @Test
  void flag_givesOptionAndValue_bareOptionForTrue_nothingForFalseMissingOrNull() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("optim.lr", 0.01);
    config.put("train.amp", true);
    config.put("train.compile", false);
    config.put("model.widths", List.of(1, 2));
    config.put("model.note", null);
    assertThat(
            bind(
                "prog [optim.lr] [train.amp] [train.compile] [model.widths] [model.note] [absent.x] end",
                config))
        .containsExactly("prog", "--lr", "0.01", "--amp", "--widths", "[1,2]", "end");
  }

  @Test
  void flag_onlyAsAWordOfItsOwn_elsewhereBracketsAreText() {
    assertThat(bind("prog x[0] \"[amp]\" a[amp]b", Map.of("amp", true)))
        .containsExactly("prog", "x[0]", "[amp]", "a[amp]b");
  }

  @Test
  void braces_doubledOrSingleQuoted_areLiteral() {
    assertThat(bind("prog {{x}} 'print({\"a\": 1})' \\{y\\}", Map.of("x", 1)))
        .containsExactly("prog", "{x}", "print({\"a\": 1})", "{y}");
  }

  @Test
  void of_takesEachElementAsOneWord_andEqualsTheParsedLine() {
    CommandTemplate argv = CommandTemplate.of(List.of("prog", "a b", "{x}", "[flag]"));
    assertThat(argv.bind(Config.ofFlat(Map.of("x", "1 2", "flag", true)), RESERVED))
        .containsExactly("prog", "a b", "1 2", "--flag");
    assertThat(argv).isEqualTo(CommandTemplate.parse("prog 'a b' {x} [flag]"));
    assertThat(argv).hasToString("prog \"a b\" {x} [flag]");
    assertThat(argv.paths()).containsExactly("x", "flag");
  }

  @Test
  void shell_passesValuesAsPositionalParameters() {
    CommandTemplate script =
        CommandTemplate.shell(
            "echo {a} \"x={b}\" '{c}' ${HOME} [flag] [off] [v] | tee {_output}/log # {d}");
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("a", "$(touch x)");
    config.put("b", "2 3");
    config.put("flag", true);
    config.put("off", false);
    config.put("v", 0.5);
    assertThat(script.isShell()).isTrue();
    assertThat(script.bind(Config.ofFlat(config), RESERVED))
        .containsExactly(
            "/bin/sh",
            "-c",
            "echo \"${1}\" \"x=${2}\" '{c}' ${HOME} --flag  --v \"${3}\" | tee \"${4}\"/log # {d}",
            "sh",
            "$(touch x)",
            "2 3",
            "0.5",
            "/runs/trials/000003-lr=0.1");
  }

  @Test
  void unknownReservedPlaceholder_failsWhenParsing() {
    assertThatThrownBy(() -> CommandTemplate.parse("prog --out {_outptu}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "template 'prog --out {_outptu}': unknown reserved placeholder {_outptu}; the reserved ones are "
                + "{_output}, {_name}, {_id}, {_config}, {_config_json}, {_metrics}, {_slot}");
  }

  @Test
  void missingConfigValue_failsWhenBinding_namingPlaceholderTemplateAndKeys() {
    assertThatThrownBy(
            () -> bind("prog --lr {optim.lrr}", Map.of("optim.lr", 0.1, "optim.wd", 0.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "template 'prog --lr {optim.lrr}': placeholder {optim.lrr} has no value in the config "
                + "(keys under 'optim': [lr, wd])");
    assertThatThrownBy(() -> bind("prog {model}", Map.of("optim.lr", 0.1)))
        .hasMessage(
            "template 'prog {model}': placeholder {model} has no value in the config (top-level keys: [optim])");
    assertThatThrownBy(() -> bind("prog {note}", nullValued("note")))
        .hasMessage(
            "template 'prog {note}': placeholder {note} has no value in the config: it is null");
    assertThatThrownBy(
            () -> CommandTemplate.parse("prog {_slot}").bind(Config.empty(), Map.of("_id", "1")))
        .hasMessage("template 'prog {_slot}': placeholder {_slot} has no value here (given: _id)");
  }

  private static Map<String, Object> nullValued(String key) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(key, null);
    return map;
  }

  @Test
  void malformedTemplates_failWithMessagesThatNameThem() {
    assertError(
        "prog {optim/lr}",
        "template 'prog {optim/lr}': '{optim/lr}' is not a placeholder; a placeholder is "
            + "{dotted.path} or one of {_output}, {_name}, {_id}, {_config}, {_config_json}, {_metrics}, {_slot}, and {{ and }} are literal braces");
    assertError(
        "prog {optim lr}",
        "template 'prog {optim lr}': '{optim' has no closing '}'; write {{ for a literal brace");
    assertError(
        "prog a}", "template 'prog a}': a single '}' in 'a}'; write }} for a literal brace");
    assertError(
        "prog {lr", "template 'prog {lr': '{lr' has no closing '}'; write {{ for a literal brace");
    assertError("prog 'a b", "template 'prog 'a b': the ' quote at column 6 is not closed");
    assertError("prog \"a", "template 'prog \"a': the \" quote at column 6 is not closed");
    assertError(
        "prog a\\", "template 'prog a\\' ends with a backslash; write \\\\ for a literal one");
    assertError(
        "prog a | tee log",
        "template 'prog a | tee log': '|' is a shell operator, but no shell runs this command; "
            + "use CommandTemplate.shell(…) for pipes and redirections, or quote it to pass it as an argument");
    assertError(
        "[amp] prog",
        "template '[amp] prog': the first word is the program to run; it cannot be the flag [amp]");
    assertError(
        "prog [a.dropout] [b.dropout]",
        "template 'prog [a.dropout] [b.dropout]': [a.dropout] and [b.dropout] "
            + "would both give --dropout; write one of them as --NAME {b.dropout} with an option name of its own");
    assertError(
        "prog [_output]",
        "template 'prog [_output]': [_output] cannot be a flag: names that start with '_' "
            + "are reserved; use {_output} where its value should go");
    assertError("  ", "template '  ': the command is empty");
    assertThatThrownBy(() -> CommandTemplate.shell("echo '{x}"))
        .hasMessage("template 'echo '{x}': the ' quote at column 6 is not closed");
    assertThatThrownBy(() -> CommandTemplate.shell("echo }"))
        .hasMessage("template 'echo }': a single '}' at column 6; write }} for a literal brace");
    assertThatThrownBy(() -> CommandTemplate.shell(" "))
        .hasMessage("template ' ': the script is empty");
  }

  private static void assertError(String template, String message) {
    assertThatThrownBy(() -> CommandTemplate.parse(template))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void quotedOperator_isAnArgument() {
    assertThat(bind("prog '|' \";\"", Map.of())).containsExactly("prog", "|", ";");
  }

  @Test
  void nulls_areRefusedWhereTheyArrive() {
    assertThatThrownBy(() -> CommandTemplate.parse(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("commandLine == null");
    assertThatThrownBy(() -> CommandTemplate.of(Arrays.asList("prog", null)))
        .hasMessage("argv[1] == null");
    assertThatThrownBy(() -> CommandTemplate.parse("prog").bind(null, Map.of()))
        .hasMessage("config == null");
  }
}
