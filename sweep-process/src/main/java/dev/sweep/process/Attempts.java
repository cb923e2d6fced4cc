package dev.sweep.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.internal.AtomicFiles;
import dev.sweep.internal.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of a trial's last attempt ({@value Containment#ATTEMPT_FILE} in its folder: the driver
 * that ran it, and its last step's process), and what a new attempt does first when there is one:
 * an earlier attempt's processes must be gone before the new one starts, or two copies would train
 * in one folder at once. The record stays when the attempt ends: a step may leave a process behind
 * (a daemon it double-forked) that only this search finds.
 */
final class Attempts {
  private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);

  private Attempts() {}

  /**
   * Records that {@code step} runs in {@code dir} under this driver; {@code process} is null just
   * before it starts (a driver killed in between still leaves a record, which leads to the mark).
   */
  static void running(Path dir, String step, Process process) throws IOException {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("step", step);
    record.put("driver", Containment.token());
    if (process != null) {
      record.put("pid", process.pid());
      startOf(process.toHandle()).ifPresent(start -> record.put("start", start));
    }
    byte[] text = (Json.write(record) + "\n").getBytes(StandardCharsets.UTF_8);
    Path file = dir.resolve(Containment.ATTEMPT_FILE);
    if (process == null) {
      AtomicFiles.write(
          file, text); // replaces whatever a trial left under the name, a link included
    } else {
      // the same file again, in place: no second inode per step; a tear leaves a record that
      // does not parse, and the search by the folder's mark still runs
      try (FileChannel channel =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING,
              LinkOption.NOFOLLOW_LINKS)) {
        channel.write(ByteBuffer.wrap(text));
      }
    }
  }

  /**
   * Ends whatever an earlier attempt of trial {@code id} still runs in {@code dir}, when this is
   * not its first attempt or a record says that one ran there: every process marked with the folder
   * (found in {@code /proc}), and the recorded process if it is the same one (same pid, same start
   * time; a pid alone may have been reused). Waits until they are gone. Costs a look at one file
   * for a first attempt.
   */
  static void endEarlier(long id, int attempt, Path dir, Duration grace) {
    Path file = dir.resolve(Containment.ATTEMPT_FILE);
    if (attempt <= 1 && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return; // no attempt ran here before (a program that cleaned its folder removes the record,
      // not the count)
    }
    Set<ProcessHandle> left = new LinkedHashSet<>(Containment.anyAttempt(dir));
    recorded(file).ifPresent(left::add);
    if (!left.isEmpty()) {
      List<Long> pids = new ArrayList<>();
      left.forEach(p -> pids.add(p.pid()));
      log.warn(
          "trial {}: {} process(es) of an earlier attempt still ran in {} (pids {}); ending them before it runs again",
          id,
          left.size(),
          dir,
          pids);
      ProcessTree.kill(left, () -> Containment.anyAttempt(dir), grace);
    }
  }

  /**
   * When a process started: clock ticks since boot from {@code /proc} (one small read, where {@link
   * ProcessHandle#info()} reads several files), else the JDK's instant.
   */
  private static Optional<String> startOf(ProcessHandle process) {
    Optional<String> ticks = ProcessTable.startTime(process.pid());
    return ticks.isPresent() ? ticks : process.info().startInstant().map(Instant::toString);
  }

  /** The process the record names, if it still runs: same pid and same start time. */
  private static Optional<ProcessHandle> recorded(Path file) {
    try (FileChannel channel = LineTail.open(file)) {
      JsonNode node = Json.reader().readTree(Channels.newInputStream(channel));
      if (!node.path("pid").canConvertToLong() || !node.path("start").isTextual()) {
        return Optional.empty();
      }
      String start = node.path("start").asText();
      return ProcessHandle.of(node.path("pid").asLong())
          .filter(ProcessTree::isAlive)
          .filter(p -> startOf(p).map(start::equals).orElse(false));
    } catch (IOException | RuntimeException unreadable) {
      return Optional
          .empty(); // a record half-written or damaged: the folder's mark still finds the processes
    }
  }
}
