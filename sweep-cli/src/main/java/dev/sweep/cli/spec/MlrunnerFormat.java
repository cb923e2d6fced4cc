package dev.sweep.cli.spec;

import dev.sweep.cli.spec.Node.Entry;
import dev.sweep.cli.spec.Node.Mapping;
import dev.sweep.cli.spec.Node.Scalar;
import dev.sweep.cli.spec.Node.Sequence;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an mlrunner {@code params.yaml} as the native document it means, as mlrunner's {@code run}
 * does: the first document's {@code template} commands run one after another per task (each in a
 * shell, the later ones only if the earlier succeed), {@code resource} gives one worker per item
 * with {@code CUDA_VISIBLE_DEVICES}; the tasks come from the later documents ({@link
 * MlrunnerTasks}), each a coupled option of one grid parameter, its folder named as mlrunner names
 * it ({@link MlrunnerNames}).
 */
final class MlrunnerFormat implements ForeignFormat {
  static final List<String> KEYS = List.of("template", "default", "resource", "alias", "sweep");
  static final String GROUP = "run";
  private static final String COMMANDS = "commands";
  private static final Pattern STEP = Pattern.compile("[\\w.\\-]+");

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

  /**
   * An mlrunner file's first document has {@code template}; the documents after it hold the
   * choices.
   */
  @Override
  public boolean recognizes(List<Node> documents) {
    return documents.get(0) instanceof Mapping m && m.entries().containsKey("template");
  }

  @Override
  public Mapping toNative(List<Node> documents) {
    Mapping head = (Mapping) documents.get(0);
    fields.onlyKeys(head, "mlrunner's first document", KEYS);
    Mapping templates =
        fields.mapping(
            head.entries().get("template").value(),
            "template",
            "a mapping of command name to command: {train: python train.py --lr {lr}, test: …}");
    Map<String, String> commands = commands(templates);
    Sequence resource = resource(head);
    List<MlrunnerTasks.Task> tasks = new MlrunnerTasks(fields, templates, commands).read(documents);

    MappingBuilder out = new MappingBuilder(head.at());
    out.put("sampler", new Scalar("grid", head.at()));
    boolean everyTaskRunsAll = tasks.stream().allMatch(t -> t.commands().size() == commands.size());
    out.put("parameters", parameters(head, tasks, everyTaskRunsAll));
    out.put("steps", steps(templates, commands, everyTaskRunsAll));
    if (!onSlurm(
        head)) { // on SLURM the cluster allocates the GPUs (slurm: {gpus: 1}), not the workers'
      // list
      List<Node> slots = new ArrayList<>();
      resource.items().forEach(r -> slots.add(new Scalar(String.valueOf(r.plain()), r.at())));
      out.put("slots", new Sequence(slots, resource.at()));
    }
    ForeignFormats.pythonValues(head, out);
    ForeignFormats.unranked(head, out);
    ForeignFormats.options(fields, head, out, List.of("objective"));
    return out.build();
  }

  /** Each template's command by name, in template order, on one line. */
  private Map<String, String> commands(Mapping templates) {
    if (templates.entries().isEmpty()) {
      throw fields.error(templates, "template", "no template exists; give at least one command");
    }
    Map<String, String> commands = new LinkedHashMap<>();
    for (Entry e : templates.entries().values()) {
      if (!STEP.matcher(e.key()).matches()) {
        throw fields.error(
            e.keyAt(),
            "template",
            "a command name is letters, digits, '_', '.' or '-'; found '" + e.key() + "'");
      }
      commands.put(
          e.key(),
          fields.text(e.value(), "template." + e.key()).replaceAll("\\s*\\n\\s*", " ").trim());
    }
    return commands;
  }

  private Sequence resource(Mapping head) {
    Node resourceNode =
        fields.required(
            head,
            "resource",
            "mlrunner's first document",
            "one item per worker, the GPUs it sees: resource: [0, 1]");
    Sequence resource =
        fields.list(
            resourceNode, "resource", "a list, one item per worker: [0, 1] or [\"0,1\", \"2,3\"]");
    if (resource.items().isEmpty()) {
      throw fields.error(resource, "resource", "needs at least one worker");
    }
    return resource;
  }

  /**
   * One parameter, {@value #GROUP}: each task a coupled option labelled with its folder name, with
   * the commands it runs when not every task runs them all.
   */
  private Mapping parameters(
      Mapping head, List<MlrunnerTasks.Task> tasks, boolean everyTaskRunsAll) {
    List<Node> options = new ArrayList<>();
    List<Node> labels = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (MlrunnerTasks.Task t : tasks) {
      if (!names.add(t.name())) {
        throw fields.error(
            t.at(),
            "mlrunner",
            "two different tasks are both named '"
                + t.name()
                + "' and would share "
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
    MappingBuilder group =
        new MappingBuilder(head.at())
            .put("coupled", new Sequence(options, head.at()))
            .put("labels", new Sequence(labels, head.at()));
    return new MappingBuilder(head.at()).put(GROUP, group.build()).build();
  }

  /**
   * A shell step per template, run only by the tasks that pick it when not every task runs them
   * all.
   */
  private Sequence steps(
      Mapping templates, Map<String, String> commands, boolean everyTaskRunsAll) {
    List<Node> steps = new ArrayList<>();
    for (Entry e : templates.entries().values()) {
      String command = MlrunnerTemplates.shellTemplate(commands.get(e.key()), time);
      if (!everyTaskRunsAll) { // the task's commands arrive as one value, never as shell code
        command =
            "case \" {"
                + GROUP
                + "."
                + COMMANDS
                + "} \" in *\" "
                + e.key()
                + " \"*) "
                + command
                + " ;; esac";
      }
      steps.add(
          new MappingBuilder(e.value().at())
              .put("name", new Scalar(e.key(), e.keyAt()))
              .put("command", new Scalar(command, e.value().at()))
              .put("shell", new Scalar(true, e.value().at()))
              .build());
    }
    return new Sequence(steps, templates.at());
  }

  private static boolean onSlurm(Mapping head) {
    return head.entries().get("sweep") != null
        && head.entries().get("sweep").value() instanceof Mapping m
        && m.entries().containsKey("slurm");
  }
}
