package dev.sweep.cli;

import static dev.sweep.cli.Cli.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.store.SweepFolder;
import dev.sweep.trial.Objective;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep folder damaged as disks and people damage them, used through the real CLI on real files:
 * a bad line in the middle of the journal, a line that is not UTF-8, a deleted journal, a broken
 * {@code sweep.json}; and {@code sweep repair}, which keeps every whole event.
 */
class JournalCorruptionFaultTest {
  /**
   * Four trials of a shell one-liner that reports error = x; each run appends a line to x's log in
   * $LOGS.
   */
  private static final String SPEC =
      """
      name: four
      objective: {metric: error}
      sampler: grid
      parameters:
        x: {int: [1, 4]}
      command: ["/bin/sh", "-c", "echo run >> \\"$LOGS\\"/runs-$1; echo '{{\\"error\\": '$1'}}' > \\"$SWEEP_METRICS\\"", "sh", "{x}"]
      env: {LOGS: %s}
      slots: ["0", "1"]
      """;

  @TempDir Path dir;
  private Path spec;
  private Path folder;
  private Path journal;
  private long midway; // a trial whose finished event is not the journal's last line

  @BeforeEach
  void runTheSweepOnce() throws IOException {
    spec = dir.resolve("four.yaml");
    Files.writeString(spec, SPEC.formatted(dir) + "directory: " + dir.resolve("four") + "\n");
    folder = dir.resolve("four");
    journal = folder.resolve(SweepFolder.JOURNAL);
    Cli.Run run = sweep("run", "-q", spec.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(runs()).containsExactly(1, 1, 1, 1);
    midway = trialFinishedMidway();
  }

  /**
   * A trial whose finished event is a middle line of the journal: the two slots end their trials in
   * any order, so trial 1's may be the last line.
   */
  private long trialFinishedMidway() throws IOException {
    List<String> lines = lines();
    for (long id = 0; id < 4; id++) {
      for (int i = 0; i < lines.size() - 1; i++) {
        if (lines.get(i).startsWith("{\"event\":\"finished\",\"id\":" + id + ",")) {
          return id;
        }
      }
    }
    throw new AssertionError("no finished event before the journal's last line: " + lines);
  }

  /** How often each trial's program ran, x = 1..4. */
  private List<Integer> runs() throws IOException {
    List<Integer> counts = new ArrayList<>();
    for (int x = 1; x <= 4; x++) {
      Path log = dir.resolve("runs-" + x);
      counts.add(Files.exists(log) ? Files.readAllLines(log).size() : 0);
    }
    return counts;
  }

  private List<String> lines() throws IOException {
    return new ArrayList<>(Files.readAllLines(journal, StandardCharsets.UTF_8));
  }

  /** The journal with {@code bad} in place of the finished event of trial {@code id}. */
  private int damageFinishedEventOf(long id, byte[] bad) throws IOException {
    List<String> lines = lines();
    int at = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("{\"event\":\"finished\",\"id\":" + id + ",")) {
        at = i;
      }
    }
    assertThat(at).isPositive().isLessThan(lines.size() - 1); // a middle line
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < lines.size(); i++) {
      out.writeBytes(i == at ? bad : lines.get(i).getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
    Files.write(journal, out.toByteArray());
    return at + 1;
  }

  @Test
  void badMiddleLine_isNamedWithAHintAtRepair_andRepairKeepsEveryWholeEvent() throws IOException {
    int line =
        damageFinishedEventOf(
            midway,
            ("{\"event\":\"finished\",\"id\":" + midway + ",\"sta")
                .getBytes(StandardCharsets.UTF_8));
    long events = lines().size() - 1L;

    Cli.Run status = sweep("status", folder.toString());
    assertThat(status.code()).as(status.toString()).isEqualTo(SweepCommand.USAGE);
    assertThat(status.err())
        .contains(journal + ":" + line + ":")
        .contains("not a JSON event")
        .contains("`sweep repair " + folder.toAbsolutePath() + "`");

    Cli.Run repair = sweep("repair", folder.toString());
    assertThat(repair.code()).as(repair.toString()).isZero();
    assertThat(repair.out())
        .contains("kept " + events + " events, dropped 1 line(s)")
        .contains("dropped line " + line + " (")
        .contains("\"{\\\"event\\\":\\\"finished\\\",\\\"id\\\":" + midway + ",\\\"sta\"");
    try (Stream<Path> backups = Files.list(folder)) {
      assertThat(backups.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("journal.jsonl.bak-"));
    }
    assertThat(lines()).hasSize((int) events).noneMatch(l -> l.endsWith("\"sta"));

    assertThat(sweep("status", folder.toString()).out())
        .contains("completed 3")
        .contains("unfinished 1");
    Cli.Run resume = sweep("run", "-q", spec.toString());
    assertThat(resume.code()).as(resume.toString()).isZero();
    List<Integer> once = new ArrayList<>(List.of(1, 1, 1, 1));
    once.set((int) midway, 2);
    assertThat(runs()).isEqualTo(once); // only the trial whose result was dropped ran again
    assertThat(SweepFolder.population(folder, Objective.minimize("error")).completed().size())
        .isEqualTo(4);
    assertThat(sweep("repair", folder.toString()).out())
        .contains("is whole: ")
        .contains("nothing to repair");
  }

  @Test
  void lineThatIsNotUtf8_isNamedByItsNumberAndColumn() throws IOException {
    byte[] bad =
        "{\"event\":\"note\",\"id\":1,\"key\":\"k\",\"value\":{\"a\":\"\u00ff\u00fe\"}}"
            .getBytes(StandardCharsets.ISO_8859_1);
    int line = damageFinishedEventOf(midway, bad);

    Cli.Run show = sweep("show", folder.toString());
    assertThat(show.code()).as(show.toString()).isEqualTo(SweepCommand.USAGE);
    assertThat(show.err())
        .contains(journal + ":" + line + ":48: not a JSON event: not UTF-8 (byte 0xff)");

    Cli.Run repair = sweep("repair", folder.toString());
    assertThat(repair.out()).contains("dropped line " + line + " (").contains("\\xff\\xfe");
    assertThat(sweep("show", folder.toString()).code()).isZero();
  }

  @Test
  void wholeEventAfterATornWriteOnTheSameLine_isKept() throws IOException {
    // a short write on a full disk, and the next event appended after it
    List<String> lines = lines();
    String last = lines.remove(lines.size() - 1);
    lines.add("{\"event\":\"fini" + last);
    Files.write(journal, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));

    Cli.Run repair = sweep("repair", folder.toString());
    assertThat(repair.code()).as(repair.toString()).isZero();
    assertThat(repair.out())
        .contains("dropped 1 line(s) (14 bytes)")
        .contains("the whole event after it on the same line is kept");
    assertThat(lines()).last().isEqualTo(last);
    assertThat(sweep("run", "-q", spec.toString()).code()).isZero();
    assertThat(runs()).containsExactly(1, 1, 1, 1);
  }

  @Test
  @SuppressWarnings("try") // the folder is held open for its lock, not used
  void repair_isRefusedWhileADriverHoldsTheFolder() throws IOException {
    damageFinishedEventOf(midway, "not json".getBytes(StandardCharsets.UTF_8));
    byte[] before = Files.readAllBytes(journal);
    try (SweepFolder driver = SweepFolder.open(folder, Map.of())) {
      Cli.Run repair = sweep("repair", folder.toString());
      assertThat(repair.code()).as(repair.toString()).isEqualTo(SweepCommand.USAGE);
      assertThat(repair.err()).contains("is in use by a driver").contains("before repairing");
    } catch (dev.sweep.store.StoreException opening) {
      throw new AssertionError(
          "the test's driver could not open the damaged folder: " + opening.getMessage());
    }
    assertThat(Files.readAllBytes(journal)).isEqualTo(before);
  }

  @Test
  void deletedJournal_isRefused_notRunAgainOverTheOldTrials() throws IOException {
    Files.delete(journal);

    Cli.Run run = sweep("run", "-q", spec.toString());
    assertThat(run.code()).as(run.toString()).isEqualTo(SweepCommand.USAGE);
    assertThat(run.err())
        .contains("has 4 trial folder(s)")
        .contains("but no journal.jsonl")
        .contains("move " + folder.resolve("trials") + " away");
    assertThat(runs()).containsExactly(1, 1, 1, 1);
    assertThat(journal).doesNotExist();
    assertThat(sweep("status", folder.toString()).code()).isEqualTo(SweepCommand.USAGE);
  }

  @Test
  void brokenDefinition_isALocatedError() throws IOException {
    Path definition = folder.resolve(SweepFolder.DEFINITION);
    Files.writeString(definition, "{\n  \"name\": \"four\",\n  oops\n}\n");

    Cli.Run run = sweep("run", "-q", spec.toString());
    assertThat(run.code()).as(run.toString()).isEqualTo(SweepCommand.USAGE);
    assertThat(run.err())
        .contains(definition + ":3:3: not JSON: ")
        .contains("delete it and `sweep run` writes it again");
    Cli.Run status = sweep("status", folder.toString());
    assertThat(status.code()).as(status.toString()).isEqualTo(SweepCommand.USAGE);
    assertThat(status.err()).contains(definition + ":3:3: not JSON: ");
    assertThat(runs()).containsExactly(1, 1, 1, 1);
  }
}
