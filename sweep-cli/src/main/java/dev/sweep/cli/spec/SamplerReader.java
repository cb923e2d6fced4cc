package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.sampler.RandomSampler;
import dev.sweep.sampler.Sampler;
import dev.sweep.sampler.Samplers;
import dev.sweep.sampler.search.AutoSampler;
import dev.sweep.sampler.search.CmaEsSampler;
import dev.sweep.sampler.search.GpSampler;
import dev.sweep.sampler.search.LatinHypercubeSampler;
import dev.sweep.sampler.search.Nsga2Sampler;
import dev.sweep.sampler.search.SearchSamplers;
import dev.sweep.sampler.search.SobolSampler;
import dev.sweep.sampler.search.TpeSampler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoublePredicate;

/**
 * The {@code sampler:} section: a type name ({@code sampler: grid}) or a mapping with its type and
 * that sampler's options, read into the sampler it names.
 */
final class SamplerReader {
  static final List<String> SAMPLERS =
      List.of(
          "random",
          "grid",
          "sobol",
          "latin_hypercube",
          "tpe",
          "gp",
          "nsga2",
          "motpe",
          "cmaes",
          "auto");
  private static final String EXAMPLE = "{type: random, seed: 42} or {type: grid}";

  private final Fields fields;

  SamplerReader(Fields fields) {
    this.fields = fields;
  }

  /**
   * The sampler {@code node} names; {@code trials} is the file's {@code trials:} (null when
   * absent), at {@code trialsNode}, for the samplers that spread a known number of trials.
   */
  Sampler read(Node node, Long trials, Optional<Node> trialsNode) {
    if (node instanceof Scalar s && s.value() instanceof String type) {
      return sampler(type, node, new Mapping(Map.of(), node.at()), trials, trialsNode);
    }
    Mapping m = fields.mapping(node, "sampler", EXAMPLE);
    Node type = fields.required(m, "type", "sampler", "say which sampler: " + EXAMPLE);
    return sampler(fields.string(type, "sampler.type"), type, m, trials, trialsNode);
  }

  private Sampler sampler(
      String type, Node typeNode, Mapping m, Long trials, Optional<Node> trialsNode) {
    return switch (type) {
      case "grid" -> {
        fields.onlyKeys(m, "sampler", List.of("type"));
        yield Samplers.grid();
      }
      case "random" -> random(m);
      case "sobol" -> {
        fields.onlyKeys(m, "sampler", List.of("type", "seed", "max_attempts"));
        yield SobolSampler.builder().seed(seed(m)).maxAttempts(maxAttempts(m)).build();
      }
      case "latin_hypercube" -> latinHypercube(typeNode, m, trials, trialsNode);
      case "tpe", "motpe" -> tpe(m); // TPE is MOTPE when the file seeks several objectives
      case "gp" -> gp(m);
      case "nsga2" -> nsga2(m);
      case "cmaes" -> cmaEs(m);
      case "auto" -> auto(m, trials);
      default ->
          throw fields.error(
              typeNode,
              "sampler.type",
              "unknown sampler '"
                  + type
                  + "'"
                  + Hints.didYouMean(type, SAMPLERS)
                  + " (allowed: "
                  + String.join(", ", SAMPLERS)
                  + ")");
    };
  }

  private Sampler random(Mapping m) {
    fields.onlyKeys(m, "sampler", List.of("type", "seed", "distinct", "max_attempts"));
    boolean distinct =
        fields.optional(m, "distinct").map(n -> fields.bool(n, "sampler.distinct")).orElse(false);
    return RandomSampler.builder()
        .seed(seed(m))
        .maxAttempts(maxAttempts(m))
        .distinct(distinct)
        .build();
  }

  private Sampler latinHypercube(Node typeNode, Mapping m, Long trials, Optional<Node> trialsNode) {
    fields.onlyKeys(m, "sampler", List.of("type", "seed", "max_attempts"));
    if (trials == null) {
      throw fields.error(
          typeNode,
          "trials",
          "missing; a Latin hypercube spreads a known number of trials, "
              + "so say how many (trials: 40)");
    }
    if (trials > Integer.MAX_VALUE) {
      throw fields.error(
          trialsNode.orElseThrow(),
          "trials",
          "a Latin hypercube has at most 2^31 - 1 trials, found " + trials);
    }
    return LatinHypercubeSampler.builder(trials.intValue())
        .seed(seed(m))
        .maxAttempts(maxAttempts(m))
        .build();
  }

  private Sampler tpe(Mapping m) {
    fields.onlyKeys(
        m,
        "sampler",
        List.of(
            "type",
            "seed",
            "multivariate",
            "startup_trials",
            "candidates",
            "constant_liar",
            "prior_weight",
            "best_weight",
            "max_attempts"));
    TpeSampler.Builder tpe = TpeSampler.builder().seed(seed(m)).maxAttempts(maxAttempts(m));
    fields
        .optional(m, "multivariate")
        .ifPresent(n -> tpe.multivariate(fields.bool(n, "sampler.multivariate")));
    fields
        .optional(m, "constant_liar")
        .ifPresent(n -> tpe.constantLiar(fields.bool(n, "sampler.constant_liar")));
    fields
        .optional(m, "startup_trials")
        .ifPresent(n -> tpe.startupTrials(fields.intAtLeast(n, "sampler.startup_trials", 1)));
    fields
        .optional(m, "candidates")
        .ifPresent(n -> tpe.candidates(fields.intAtLeast(n, "sampler.candidates", 1)));
    fields
        .optional(m, "prior_weight")
        .ifPresent(n -> tpe.priorWeight(weight(n, "sampler.prior_weight", w -> w > 0, "> 0")));
    fields
        .optional(m, "best_weight")
        .ifPresent(n -> tpe.bestWeight(weight(n, "sampler.best_weight", w -> w >= 1, ">= 1")));
    return tpe.build();
  }

  /**
   * A finite weight that passes {@code ok}: TPE's own check would name the builder, not the line.
   */
  private double weight(Node n, String field, DoublePredicate ok, String wanted) {
    double w = fields.number(n, field);
    if (!ok.test(w) || !Double.isFinite(w)) {
      throw fields.error(n, field, "wanted a finite number " + wanted + ", found " + w);
    }
    return w;
  }

  private Sampler gp(Mapping m) {
    fields.onlyKeys(
        m,
        "sampler",
        List.of("type", "seed", "startup_trials", "candidates", "constant_liar", "max_attempts"));
    GpSampler.Builder gp = GpSampler.builder().seed(seed(m)).maxAttempts(maxAttempts(m));
    fields
        .optional(m, "constant_liar")
        .ifPresent(n -> gp.constantLiar(fields.bool(n, "sampler.constant_liar")));
    fields
        .optional(m, "startup_trials")
        .ifPresent(n -> gp.startupTrials(fields.intAtLeast(n, "sampler.startup_trials", 2)));
    fields
        .optional(m, "candidates")
        .ifPresent(n -> gp.candidates(fields.intAtLeast(n, "sampler.candidates", 1)));
    return gp.build();
  }

  private Sampler nsga2(Mapping m) {
    fields.onlyKeys(
        m,
        "sampler",
        List.of(
            "type",
            "seed",
            "population_size",
            "crossover",
            "crossover_probability",
            "mutation_probability",
            "swapping_probability",
            "max_attempts"));
    Nsga2Sampler.Builder nsga = Nsga2Sampler.builder().seed(seed(m)).maxAttempts(maxAttempts(m));
    fields
        .optional(m, "population_size")
        .ifPresent(n -> nsga.populationSize(fields.intAtLeast(n, "sampler.population_size", 2)));
    fields
        .optional(m, "crossover")
        .ifPresent(
            n -> {
              String c = fields.string(n, "sampler.crossover");
              switch (c) {
                case "uniform" -> nsga.crossover(Nsga2Sampler.Crossover.UNIFORM);
                case "sbx" -> nsga.crossover(Nsga2Sampler.Crossover.SBX);
                default ->
                    throw fields.error(
                        n, "sampler.crossover", "wanted uniform or sbx, found '" + c + "'");
              }
            });
    fields
        .optional(m, "crossover_probability")
        .ifPresent(n -> nsga.crossoverProbability(probability(n, "sampler.crossover_probability")));
    fields
        .optional(m, "mutation_probability")
        .ifPresent(n -> nsga.mutationProbability(probability(n, "sampler.mutation_probability")));
    fields
        .optional(m, "swapping_probability")
        .ifPresent(n -> nsga.swappingProbability(probability(n, "sampler.swapping_probability")));
    return nsga.build();
  }

  private Sampler cmaEs(Mapping m) {
    fields.onlyKeys(
        m,
        "sampler",
        List.of(
            "type",
            "seed",
            "sigma",
            "population_size",
            "restarts",
            "independent",
            "margin",
            "max_attempts"));
    long seed = seed(m);
    CmaEsSampler.Builder cma = CmaEsSampler.builder().seed(seed).maxAttempts(maxAttempts(m));
    fields
        .optional(m, "sigma")
        .ifPresent(n -> cma.sigma(weight(n, "sampler.sigma", s -> s > 0 && s <= 1, "in (0, 1]")));
    fields
        .optional(m, "population_size")
        .ifPresent(n -> cma.populationSize(fields.intAtLeast(n, "sampler.population_size", 4)));
    fields.optional(m, "margin").ifPresent(n -> cma.margin(fields.bool(n, "sampler.margin")));
    fields
        .optional(m, "restarts")
        .ifPresent(
            n -> {
              String r = fields.string(n, "sampler.restarts");
              switch (r) {
                case "ipop" -> cma.restarts(CmaEsSampler.Restarts.IPOP);
                case "none" -> cma.restarts(CmaEsSampler.Restarts.NONE);
                default ->
                    throw fields.error(
                        n, "sampler.restarts", "wanted ipop or none, found '" + r + "'");
              }
            });
    fields
        .optional(m, "independent")
        .ifPresent(
            n -> {
              String i = fields.string(n, "sampler.independent");
              switch (i) {
                case "random" -> {} // the default
                case "tpe" -> cma.independentSampler(SearchSamplers.tpe(seed));
                default ->
                    throw fields.error(
                        n, "sampler.independent", "wanted random or tpe, found '" + i + "'");
              }
            });
    return cma.build();
  }

  /** The automatic choice; its budget is the file's {@code trials:} unless it says otherwise. */
  private Sampler auto(Mapping m, Long trials) {
    fields.onlyKeys(m, "sampler", List.of("type", "seed", "budget"));
    AutoSampler.Builder auto = AutoSampler.builder().seed(seed(m));
    fields
        .optional(m, "budget")
        .map(n -> fields.integerAtLeast(n, "sampler.budget", 1))
        .or(() -> Optional.ofNullable(trials).filter(t -> t >= 1))
        .ifPresent(auto::budget);
    return auto.build();
  }

  private double probability(Node n, String field) {
    return weight(n, field, p -> p >= 0 && p <= 1, "in [0, 1]");
  }

  private long seed(Mapping m) {
    return fields.optional(m, "seed").map(n -> fields.integer(n, "sampler.seed")).orElse(0L);
  }

  private int maxAttempts(Mapping m) {
    return fields
        .optional(m, "max_attempts")
        .map(n -> fields.intAtLeast(n, "sampler.max_attempts", 1))
        .orElse(RandomSampler.DEFAULT_MAX_ATTEMPTS);
  }
}
