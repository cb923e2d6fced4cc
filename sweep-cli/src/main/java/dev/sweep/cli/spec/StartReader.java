package dev.sweep.cli.spec;

import dev.sweep.Result;
import dev.sweep.Sweep;
import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Sequence;
import dev.sweep.population.Population;
import dev.sweep.space.Space;
import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sweep starts from besides its sampler: {@code enqueue:}, the configs of its first trials,
 * and {@code warm_start:}, earlier trials its sampler learns first. Each is checked where it
 * stands: an enqueued value at its key, a warm-start source at its path.
 */
final class StartReader {
  private final Fields fields;

  StartReader(Fields fields) {
    this.fields = fields;
  }

  /**
   * {@code enqueue: [{optim.lr: 0.1, model.width: 64}, …]}: each a sample of {@code space} (the
   * builder's own check, located at the offending key where it names one).
   */
  List<Map<String, Object>> enqueued(Node node, Space space) {
    Sequence items =
        fields.list(
            node, "enqueue", "a list of configs, such as [{optim.lr: 0.1, model.width: 64}]");
    List<Map<String, Object>> out = new ArrayList<>();
    for (Node item : items.items()) {
      String field = "enqueue[" + out.size() + "]";
      Mapping m = fields.mapping(item, field, "a mapping of parameter paths to values");
      Map<String, Object> params = new LinkedHashMap<>();
      m.entries().forEach((k, e) -> params.put(k, e.value().plain()));
      Node at = space.misfit(params).map(why -> named(m, why)).orElse(item);
      fields.set(at, field, () -> Sweep.builder(space, t -> Result.of(0)).enqueue(params));
      out.add(params);
    }
    return out;
  }

  /** The entry of {@code m} whose key {@code why} quotes first, else {@code m}. */
  private static Node named(Mapping m, String why) {
    for (Entry e : m.entries().values()) {
      if (why.startsWith("'" + e.key() + "'")) {
        return e.value();
      }
    }
    return m;
  }

  /**
   * {@code warm_start: PATH} or a list of paths, each a sweep folder, a {@code trials.csv} or a
   * {@code trials.json}, relative to {@code folder} (the sweep file's); by source as written.
   */
  Map<String, Population> warmStarts(Node node, Path folder, Objective objective) {
    List<Node> sources = node instanceof Sequence s ? s.items() : List.of(node);
    Objective goal = objective != null ? objective : Objective.minimize(Result.VALUE);
    Map<String, Population> out = new LinkedHashMap<>();
    for (Node source : sources) {
      String text = fields.text(source, "warm_start");
      Path path = folder.resolve(text).normalize();
      out.put(text, read(source, path, goal));
    }
    return out;
  }

  private Population read(Node at, Path path, Objective goal) {
    try {
      if (Files.isDirectory(path)) {
        if (!Files.exists(path.resolve(SweepFolder.JOURNAL))) {
          throw fields.error(at, "warm_start", path + " is a folder without a sweep's journal");
        }
        return SweepFolder.population(path, goal);
      }
      String name = path.getFileName().toString();
      if (!Files.exists(path)) {
        throw fields.error(
            at,
            "warm_start",
            "no such file or folder: " + path + " (a sweep folder, trials.csv or trials.json)");
      }
      if (name.endsWith(".csv")) {
        return Population.readCsv(path, goal);
      }
      if (name.endsWith(".json")) {
        return Population.readJson(path);
      }
      throw fields.error(
          at, "warm_start", path + " is neither a sweep folder nor a .csv or .json file of trials");
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw fields.error(at, "warm_start", e.getMessage());
    }
  }
}
