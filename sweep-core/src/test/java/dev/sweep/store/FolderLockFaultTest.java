package dev.sweep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folder lock in one JVM, checked from another process: a second open, a probe or a read of the
 * holder never drops the lock the first open holds (POSIX drops a process's locks on a file when
 * any of its descriptors of it closes); a stale text of another host needs forcing.
 */
class FolderLockFaultTest {
  @TempDir Path dir;

  /** Whether another process can take the lock now (fcntl, as FileChannel.tryLock). */
  private boolean freeForAnotherProcess() throws Exception {
    Process probe =
        new ProcessBuilder(
                "/usr/bin/python3",
                "-c",
                """
        import fcntl, sys
        f = open(sys.argv[1], 'r+')
        try:
            fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            print('free')
        except OSError:
            print('held')
        """,
                dir.resolve(SweepFolder.LOCK).toString())
            .redirectErrorStream(true)
            .start();
    String answer =
        new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    probe.waitFor();
    assertThat(answer).isIn("free", "held");
    return answer.equals("free");
  }

  @Test
  @SuppressWarnings("try") // the resource is held open for its lock, not used
  void aSecondOpenInTheSameJvm_isRefused_andTheFirstKeepsItsLock() throws Exception {
    try (SweepFolder first = SweepFolder.open(dir, Map.of())) {
      assertThat(freeForAnotherProcess()).isFalse();
      assertThatThrownBy(() -> SweepFolder.open(dir, Map.of()))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("sweep folder " + dir + " is in use by another driver (host ")
          .hasMessageContaining(", pid " + ProcessHandle.current().pid() + ", started ");
      assertThatThrownBy(() -> SweepFolder.checkLock(dir, true)).isInstanceOf(StoreException.class);
      assertThat(LockHolder.read(dir)).map(LockHolder::pid).contains(ProcessHandle.current().pid());
      assertThat(freeForAnotherProcess())
          .as("the first open's lock after a second open, a check and a read")
          .isFalse();
    }
    assertThat(freeForAnotherProcess()).isTrue();
    assertThat(dir.resolve(SweepFolder.LOCK)).isEmptyFile();
  }

  @Test
  @SuppressWarnings("try") // the resource is held open for its lock, not used
  void anotherHostsText_isTakenOverOnlyWhenForced() throws Exception {
    Files.writeString(
        dir.resolve(SweepFolder.LOCK), "host far.example, pid 7, since 2026-01-01T00:00:00Z\n");
    assertThatThrownBy(() -> SweepFolder.open(dir, Map.of()))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            "sweep folder "
                + dir
                + " is locked by a driver on another host (host far.example, "
                + "pid 7, since 2026-01-01T00:00:00Z)");
    assertThat(dir.resolve(SweepFolder.LOCK))
        .hasContent("host far.example, pid 7, since 2026-01-01T00:00:00Z");
    assertThat(freeForAnotherProcess()).as("a refused open keeps nothing").isTrue();

    assertThat(SweepFolder.checkLock(dir, true)).map(LockHolder::host).contains("far.example");
    try (SweepFolder forced = SweepFolder.open(dir, Map.of(), true)) {
      assertThat(LockHolder.read(dir)).map(LockHolder::isThisProcess).contains(true);
    }
  }
}
