package dev.sweep.cli;

import dev.sweep.store.JournalRepair;
import dev.sweep.store.SweepFolder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sweep repair DIR}: a journal damaged in the middle made readable again, keeping every
 * whole event.
 */
@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    description = {
      "Repair a damaged journal: keep every whole event, drop the bad lines.",
      "",
      "Rewrites DIR/journal.jsonl keeping every whole event and dropping the lines that are not one (not UTF-8, "
          + "not JSON, a torn write; a whole event after a torn one on the same line is kept), and says what it dropped: "
          + "line, offset, bytes and an excerpt. The new journal replaces the old atomically; the old one is kept "
          + "beside it as journal.jsonl.bak-<time>. A whole journal is left alone. Refused while a driver runs the "
          + "sweep. A trial whose events were dropped runs again at the next `sweep run`."
    })
final class RepairCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "The sweep folder.")
  private Path dir;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    JournalRepair repair = SweepFolder.repair(dir);
    if (repair.clean()) {
      out.println(repair.journal() + " is whole: " + repair.kept() + " events; nothing to repair");
      out.flush();
      return SweepCommand.OK;
    }
    out.println(
        repair.journal()
            + ": kept "
            + repair.kept()
            + " events, dropped "
            + repair.droppedLines()
            + " line(s) ("
            + repair.droppedBytes()
            + " bytes); the old journal is "
            + repair.backup().orElseThrow());
    repair.dropped().forEach(d -> out.println("  dropped " + d));
    if (repair.droppedLines() > repair.dropped().size()) {
      out.println("  … and " + (repair.droppedLines() - repair.dropped().size()) + " more");
    }
    out.println(
        "`sweep status "
            + dir
            + "` shows where the sweep stands; `sweep run` reruns what has no result.");
    out.flush();
    return SweepCommand.OK;
  }
}
