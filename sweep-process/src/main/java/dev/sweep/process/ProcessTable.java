package dev.sweep.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * The processes of this machine as Linux's {@code /proc} shows them, found by what parent links
 * cannot find: the session they run in, and variables in the environment they started with. A
 * daemon that double-forked has left its parent and its session, but it keeps its environment
 * unless it clears it on purpose, and so it still carries the variables that mark its trial.
 *
 * <p>Uses only the JDK, so that the {@link Reaper} runs with nothing else on its class path.
 * Without {@code /proc} (macOS) every search finds nothing.
 */
final class ProcessTable {
  private static final Path PROC = Path.of("/proc");
  private static final int MAX_ENVIRON =
      1 << 20; // an environment larger than 1 MiB is not read whole

  private ProcessTable() {}

  /** Whether this system has a {@code /proc} to search. */
  static boolean available() {
    return Files.isReadable(PROC.resolve("self").resolve("stat"));
  }

  /**
   * The live processes whose initial environment holds every one of {@code variables}, each {@code
   * NAME=value}; processes that cannot be read (another user's) are skipped.
   */
  static List<ProcessHandle> withEnvironment(List<String> variables) {
    List<byte[]> wanted = new ArrayList<>();
    for (String v : variables) {
      wanted.add(v.getBytes(StandardCharsets.UTF_8));
    }
    return select(
        pid -> {
          byte[] environ = read(PROC.resolve(Long.toString(pid)).resolve("environ"), MAX_ENVIRON);
          return environ != null && wanted.stream().allMatch(w -> holds(environ, w));
        });
  }

  /**
   * When process {@code pid} started, as {@code /proc} says (field 22 of its {@code stat}, clock
   * ticks since boot): with the pid, it names one process, whatever later reuses the pid.
   */
  static Optional<String> startTime(long pid) {
    byte[] stat = read(PROC.resolve(Long.toString(pid)).resolve("stat"), 4096);
    String[] fields = stat == null ? new String[0] : afterName(stat);
    return fields.length > 19 ? Optional.of(fields[19]) : Optional.empty();
  }

  /**
   * The longest grace period, in milliseconds, that {@code processes} carry in {@code variable};
   * {@code otherwise} if none carries one.
   */
  static long longest(List<ProcessHandle> processes, String variable, long otherwise) {
    byte[] prefix = (variable + "=").getBytes(StandardCharsets.UTF_8);
    long longest = -1;
    for (ProcessHandle p : processes) {
      byte[] environ = read(PROC.resolve(Long.toString(p.pid())).resolve("environ"), MAX_ENVIRON);
      String value = environ == null ? null : value(environ, prefix);
      if (value != null && value.matches("[0-9]{1,12}")) {
        longest = Math.max(longest, Long.parseLong(value));
      }
    }
    return longest < 0 ? otherwise : longest;
  }

  private static String value(byte[] environ, byte[] prefix) {
    int start = 0;
    while (start < environ.length) {
      int end = start;
      while (end < environ.length && environ[end] != 0) {
        end++;
      }
      if (end - start >= prefix.length
          && Arrays.equals(environ, start, start + prefix.length, prefix, 0, prefix.length)) {
        return new String(
            environ, start + prefix.length, end - start - prefix.length, StandardCharsets.UTF_8);
      }
      start = end + 1;
    }
    return null;
  }

  /**
   * The live processes of session {@code sid}: a trial's leader and whatever stayed in its session.
   */
  static List<ProcessHandle> inSession(long sid) {
    return select(
        pid -> {
          byte[] stat = read(PROC.resolve(Long.toString(pid)).resolve("stat"), 4096);
          return stat != null && session(stat) == sid;
        });
  }

  private static List<ProcessHandle> select(LongPredicate test) {
    List<ProcessHandle> found = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
      for (Path entry : entries) {
        long pid = pid(entry.getFileName().toString());
        if (pid > 0 && pid != self && test.test(pid)) {
          ProcessHandle.of(pid).filter(ProcessTree::isAlive).ifPresent(found::add);
        }
      }
    } catch (IOException | RuntimeException e) {
      // no /proc: nothing to find
    }
    return found;
  }

  private static long pid(String name) {
    if (name.isEmpty() || name.length() > 10) {
      return -1;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(name);
  }

  /** Whether a NUL-separated environment holds the entry {@code wanted} whole. */
  static boolean holds(byte[] environ, byte[] wanted) {
    int start = 0;
    while (start < environ.length) {
      int end = start;
      while (end < environ.length && environ[end] != 0) {
        end++;
      }
      if (end - start == wanted.length
          && Arrays.equals(environ, start, end, wanted, 0, wanted.length)) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  /** Field 6 of {@code /proc/PID/stat}: after the name, state, ppid, pgrp, session. */
  private static long session(byte[] stat) {
    String[] fields = afterName(stat);
    try {
      return fields.length > 3 ? Long.parseLong(fields[3]) : -1;
    } catch (NumberFormatException e) {
      return -1; // a line we cannot read names no session
    }
  }

  /**
   * The fields of {@code /proc/PID/stat} after the command name, which may hold spaces and
   * parentheses.
   */
  private static String[] afterName(byte[] stat) {
    int close = -1;
    for (int i = stat.length - 1; i >= 0; i--) {
      if (stat[i] == ')') {
        close = i;
        break;
      }
    }
    return new String(
            stat, close + 2, Math.max(0, stat.length - close - 2), StandardCharsets.US_ASCII)
        .trim()
        .split(" ");
  }

  private static byte[] read(Path file, int limit) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(limit);
    } catch (IOException | RuntimeException e) {
      return null; // gone, or not ours to read
    }
  }
}
