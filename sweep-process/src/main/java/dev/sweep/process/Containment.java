package dev.sweep.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a trial's processes tied to the driver that started them, so that none outlives it however
 * it ends, and none of an earlier attempt still runs when a trial starts again.
 *
 * <ul>
 *   <li><b>Their own session.</b> Each step starts through {@code setsid}: a terminal's Ctrl-C
 *       (SIGINT to its foreground process group) and hang-up reach the driver only, which then
 *       cancels in order; and the step's session finds its {@code &} children after their parent
 *       exited.
 *   <li><b>A mark in the environment.</b> Every process of a trial inherits {@value
 *       #DRIVER_VARIABLE} (random, one per driver JVM) and {@code SWEEP_TRIAL_DIR}. A daemon that
 *       double-forked and left the session still carries both, so a kill on timeout or cancel, and
 *       the reaper, find it in {@code /proc} (the cookie that Jenkins' process-tree killer uses
 *       too).
 *   <li><b>A reaper.</b> The first step started by a JVM also starts a shell of its own session,
 *       detached from the JVM, that checks every second that the JVM's pid still runs with the
 *       JVM's start time. However this JVM ends, {@code kill -9} included, the shell then becomes
 *       the {@link Reaper}, which sends SIGTERM to every process marked with this driver, and
 *       SIGKILL after the longest grace period that they carry. Nothing native is needed, unlike
 *       {@code PR_SET_PDEATHSIG} (which reaches one child, and fires when the starting thread
 *       ends), and nothing privileged, unlike a cgroup.
 *   <li><b>A record in the trial folder.</b> {@value #ATTEMPT_FILE} names the driver of the last
 *       attempt, and its last step's process and start time. An attempt that finds it (a resume
 *       after a crash, a retry, a rerun) first ends every process still marked with that folder,
 *       whatever its driver, and waits for them to be gone, so no two attempts ever overlap.
 * </ul>
 *
 * <p>Where {@code setsid} or {@code /proc} is missing (macOS), each part that needs it is left out
 * and the parent links that {@link ProcessTree} follows are what remains.
 */
final class Containment {
  private static final Logger log = LoggerFactory.getLogger(Containment.class);

  /** The variable that marks every process a driver starts for a trial. */
  static final String DRIVER_VARIABLE = "SWEEP_DRIVER";

  /** The variable that gives a trial's process its grace period in milliseconds, for the reaper. */
  static final String GRACE_VARIABLE = "SWEEP_GRACE_MS";

  /** The file in a trial folder that records its last attempt's driver and process. */
  static final String ATTEMPT_FILE = "attempt.json";

  private static final String SETSID = findSetsid();
  private static final String TOKEN = ProcessHandle.current().pid() + "-" + randomHex();

  private Containment() {}

  /** This driver's mark, the value of {@value #DRIVER_VARIABLE} in its trials' processes. */
  static String token() {
    return TOKEN;
  }

  /**
   * {@code argv} started in a session of its own, where this system can; a relative program is
   * found in {@code workingDirectory} (null: the JVM's), as the start will look for it.
   */
  static List<String> inOwnSession(List<String> argv, Path workingDirectory) {
    if (SETSID == null || !startable(argv.get(0), workingDirectory)) {
      return argv; // without setsid, or for a program the JDK will fail to start with its own
      // message
    }
    List<String> wrapped = new ArrayList<>(argv.size() + 2);
    wrapped.add(SETSID);
    wrapped.add("--");
    wrapped.addAll(argv);
    return wrapped;
  }

  private static boolean startable(String program, Path workingDirectory) {
    if (!program.contains("/")) {
      return false; // a bare name not found on the PATH: the JDK says so
    }
    Path path = workingDirectory == null ? Path.of(program) : workingDirectory.resolve(program);
    return Files.isRegularFile(path) && Files.isExecutable(path);
  }

  /**
   * Marks a trial's process as this driver's, with the grace period it is owed when the reaper ends
   * it.
   */
  static void mark(Map<String, String> env, Duration grace) {
    env.put(DRIVER_VARIABLE, TOKEN);
    env.put(GRACE_VARIABLE, Long.toString(grace.toMillis()));
  }

  /**
   * Starts the reaper once per JVM, before the first trial process; a reaper that cannot start (no
   * {@code setsid} or {@code /proc}) is logged once, and trials run without it.
   *
   * @return whether this JVM has a reaper
   */
  static boolean ensureReaper() {
    return OneReaper.STARTED; // the first read starts it
  }

  /** The reaper of this JVM, started when first needed: one per JVM, since it watches the JVM. */
  private static final class OneReaper {
    static final boolean STARTED = startReaper();
  }

  /**
   * The reaper waits as a shell, detached from the driver (a child of the JVM still running at its
   * end would hold the JVM's exit up): every second it checks that the driver's pid still runs and
   * still has the driver's start time. Once not, it exits if no process carries the mark (GNU grep
   * finds none), and otherwise becomes the {@link Reaper} JVM. It ignores the signals that end a
   * tree of processes or a terminal's session.
   */
  private static final String WAIT_THEN_REAP =
      String.join(
          "\n",
          "trap '' HUP INT TERM",
          "pid=$1 start=$2 token=$3",
          "shift 3",
          "alive() {",
          "  read -r stat < /proc/$pid/stat 2>/dev/null || return 1",
          "  set -- ${stat##*) }", // the fields after the command name, which may hold spaces
          "  [ \"$1\" != Z ] && [ \"$1\" != X ] && [ \"${20}\" = \"$start\" ]", // a zombie has
          // ended
          "}",
          "while alive; do sleep 1; done",
          "command -v grep >/dev/null || exec \"$@\"",
          "for environ in /proc/[0-9]*/environ; do", // one at a time: some cannot be read, some
          // vanish
          "  grep -qzxF -- \""
              + DRIVER_VARIABLE
              + "=$token\" \"$environ\" 2>/dev/null && exec \"$@\"",
          "done",
          "exit 0");

  /** Starts the shell in a session of its own, through a shell that exits at once. */
  private static final String DETACH =
      "setsid=$1 script=$2; shift 2; \"$setsid\" /bin/sh -c \"$script\" sweep-reaper \"$@\" </dev/null >/dev/null 2>&1 &";

  private static boolean startReaper() {
    Optional<String> started = ProcessTable.startTime(ProcessHandle.current().pid());
    if (SETSID == null || started.isEmpty()) {
      log.debug("no setsid or /proc: trial processes are not reaped should this JVM be killed");
      return false;
    }
    try {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Path classes =
          Path.of(Reaper.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      ProcessBuilder builder =
          new ProcessBuilder(
                  "/bin/sh",
                  "-c",
                  DETACH,
                  "sweep-reaper",
                  SETSID,
                  WAIT_THEN_REAP,
                  Long.toString(ProcessHandle.current().pid()),
                  started.get(),
                  TOKEN,
                  java.toString(),
                  "-Xmx16m",
                  "-Xss256k",
                  "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1",
                  "-Xshare:auto",
                  "-cp",
                  classes.toString(),
                  Reaper.class.getName(),
                  TOKEN)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD);
      // The reaper must not carry a mark itself: a driver running inside a trial (a nested sweep)
      // is ended by the outer one, and its reaper must live on to end the inner trials.
      builder.environment().keySet().removeIf(name -> name.startsWith("SWEEP_"));
      Process detach = builder.start();
      if (!detach.waitFor(10, TimeUnit.SECONDS) || detach.exitValue() != 0) {
        log.warn("could not start the reaper that ends trial processes should this JVM be killed");
        return false;
      }
      log.debug("a reaper watches the trial processes of driver {}", TOKEN);
      return true;
    } catch (IOException | RuntimeException | URISyntaxException e) {
      log.warn(
          "could not start the reaper that ends trial processes should this JVM be killed: {}",
          e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** This driver's processes of the trial in {@code dir}, wherever they went: session or not. */
  static Collection<ProcessHandle> strays(long leader, Path dir) {
    Set<ProcessHandle> found = new LinkedHashSet<>(ProcessTable.inSession(leader));
    found.addAll(
        ProcessTable.withEnvironment(
            List.of(DRIVER_VARIABLE + "=" + TOKEN, "SWEEP_TRIAL_DIR=" + dir)));
    return found;
  }

  /** Every live process of any driver that carries the trial folder {@code dir}. */
  static Collection<ProcessHandle> anyAttempt(Path dir) {
    return ProcessTable.withEnvironment(List.of("SWEEP_TRIAL_DIR=" + dir));
  }

  private static String findSetsid() {
    for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
      Path p = Path.of(candidate);
      if (Files.isExecutable(p)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * 24 random hex digits, read from {@code /dev/urandom} where there is one: {@code SecureRandom}
   * would first set up the JDK's security providers, some 20 ms of every {@code sweep run}.
   */
  private static String randomHex() {
    byte[] bytes = new byte[12];
    try (InputStream in = Files.newInputStream(Path.of("/dev/urandom"))) {
      if (in.readNBytes(bytes, 0, bytes.length) == bytes.length) {
        return HexFormat.of().formatHex(bytes);
      }
    } catch (IOException e) {
      log.debug("no /dev/urandom ({}); SecureRandom makes the driver's token", e.toString());
    }
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
