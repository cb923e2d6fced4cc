package dev.sweep.cli.spec;

import com.ezylang.evalex.EvaluationException;
import com.ezylang.evalex.Expression;
import com.ezylang.evalex.config.ExpressionConfiguration;
import com.ezylang.evalex.data.EvaluationValue;
import com.ezylang.evalex.functions.AbstractFunction;
import com.ezylang.evalex.functions.FunctionParameter;
import com.ezylang.evalex.parser.ParseException;
import com.ezylang.evalex.parser.Token;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import dev.sweep.config.Config;
import dev.sweep.space.ProbeException;
import dev.sweep.space.Space;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The {@code constraints:} of a sweep file: each an expression over the config that must be true,
 * such as {@code optim.lr / train.batch <= 0.004}, read by EvalEx (numbers, {@code + - * / ^},
 * comparisons, {@code && || !}, {@code "strings"}, functions such as {@code MIN}, {@code MAX},
 * {@code LOG}, {@code IF}, and {@code REGNET_STAGES(depth, w0, wa, wm)}: pycls's count of the
 * stages a RegNet's widths fill, 0 when one would be empty). A config that breaks one is never run;
 * the sampler draws another.
 *
 * <p>Each is checked where it stands: it must parse, name only fields that configs have, and be
 * true or false on configs drawn from the space.
 */
final class ConstraintReader {
  /** Configs drawn to check each expression against before the sweep starts. */
  private static final int CHECKS = 64;

  private static final ExpressionConfiguration EVALEX =
      ExpressionConfiguration.builder()
          .implicitMultiplicationAllowed(false) // "2lr" is a typo, not 2 * lr
          .build()
          .withAdditionalFunctions(Map.entry("REGNET_STAGES", new RegnetStages()));

  private final Fields fields;

  ConstraintReader(Fields fields) {
    this.fields = fields;
  }

  /**
   * Adds each expression of {@code node} to {@code builder}, checked on configs of {@code
   * unconstrained}.
   */
  void addAll(Space.Builder builder, Node node, Space unconstrained) {
    Sequence list =
        fields.list(
            node,
            "constraints",
            "a list of expressions, such as [\"optim.lr / train.batch <= 0.004\"]");
    for (int i = 0; i < list.items().size(); i++) {
      Node item = list.items().get(i);
      String field = "constraints[" + i + "]";
      if (!(item instanceof Scalar s) || !(s.value() instanceof String text) || text.isBlank()) {
        throw fields.error(
            item,
            field,
            "wanted an expression such as \"model.depth * model.width <= 4096\", found "
                + item.describe());
      }
      Expression expression = parse(text, item, field);
      check(expression, text, item, field, unconstrained);
      builder.constraint(text, config -> holds(expression, config, text));
    }
  }

  private Expression parse(String text, Node at, String field) {
    Expression expression = new Expression(text, EVALEX);
    try {
      expression.validate();
      return expression;
    } catch (ParseException e) {
      throw fields.error(at, field, "'" + text + "' does not parse: " + e.getMessage());
    }
  }

  /** Names only fields that configs have, and is true or false on configs of the space. */
  private void check(Expression expression, String text, Node at, String field, Space space) {
    SplittableRandom rng = new SplittableRandom(0);
    Set<String> roots = new HashSet<>(); // every key at any depth
    List<Config> configs = new ArrayList<>();
    for (int k = 0; k < CHECKS; k++) {
      Config config = space.toConfig(space.sample(rng));
      Map<String, Object> values;
      try {
        values = space.probe(config);
      } catch (ProbeException e) { // the built-in probe on a config it cannot measure
        throw fields.error(at, field, "'" + text + "' cannot be checked: " + e.getMessage());
      }
      for (Map.Entry<String, Object> probed : values.entrySet()) {
        config = config.with(probed.getKey(), probed.getValue()); // constraints see them too
      }
      configs.add(config);
      keys(config.toMap(), roots);
    }
    try {
      for (String name : expression.getUsedVariables()) {
        if (!roots.contains(name)
            && !expression.getConstants().containsKey(name.toUpperCase(java.util.Locale.ROOT))) {
          throw fields.error(
              at,
              field,
              "'"
                  + text
                  + "' names '"
                  + name
                  + "', which no config has"
                  + Hints.didYouMean(name, List.copyOf(roots))
                  + " (configs have "
                  + String.join(", ", new java.util.TreeSet<>(roots))
                  + ")");
        }
      }
    } catch (ParseException e) {
      throw fields.error(at, field, "'" + text + "' does not parse: " + e.getMessage());
    }
    for (Config config : configs) {
      try {
        holds(expression, config, text);
      } catch (IllegalArgumentException e) {
        throw fields.error(at, field, e.getMessage());
      }
    }
  }

  /**
   * Every key of the nested map, at any depth: the names an expression may use, as {@code a} or
   * {@code a.b}.
   */
  private static void keys(Map<?, ?> map, Set<String> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      out.add(String.valueOf(e.getKey()));
      if (e.getValue() instanceof Map<?, ?> inner) {
        keys(inner, out);
      }
    }
  }

  /**
   * Whether the config satisfies the expression; one evaluation at a time, as values are bound to
   * it.
   */
  private static boolean holds(Expression expression, Config config, String text) {
    EvaluationValue value;
    synchronized (expression) {
      try {
        value = expression.withValues(config.toMap()).evaluate();
      } catch (EvaluationException | ParseException e) {
        throw new IllegalArgumentException(
            "'" + text + "' cannot be evaluated on " + config + ": " + e.getMessage(), e);
      }
    }
    if (!value.isBooleanValue()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is "
              + value.getValue()
              + " on "
              + config
              + ", not true or false; a constraint is a comparison, such as x <= 4");
    }
    return value.getBooleanValue();
  }

  /**
   * pycls's generate_regnet as a function: the stages a RegNet's widths fill, 0 if one is empty.
   */
  @FunctionParameter(name = "depth")
  @FunctionParameter(name = "w0")
  @FunctionParameter(name = "wa")
  @FunctionParameter(name = "wm")
  static final class RegnetStages extends AbstractFunction {
    @Override
    public EvaluationValue evaluate(
        Expression expression, Token functionToken, EvaluationValue... args) {
      int[] stages =
          PyclsConstraints.regnetStages(
              args[2].getNumberValue().doubleValue(),
              args[1].getNumberValue().doubleValue(),
              args[3].getNumberValue().doubleValue(),
              args[0].getNumberValue().intValue());
      return EvaluationValue.numberValue(
          BigDecimal.valueOf(stages[0] == stages[1] ? stages[0] : 0));
    }
  }
}
