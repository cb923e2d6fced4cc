package dev.sweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The text of {@code sweep.lock}: read back whole, old texts too, and checked against the process
 * table.
 */
class LockHolderTest {
  private static String host() throws IOException {
    return InetAddress.getLocalHost().getHostName();
  }

  @Test
  void theCurrentText_readsBackAsItself() {
    LockHolder me = LockHolder.current();
    assertThat(LockHolder.parse(me + "\n")).map(LockHolder::toString).contains(me.toString());
    assertThat(me.toString())
        .matches(
            "host \\S+, pid " + ProcessHandle.current().pid() + ", started \\S+Z, since \\S+Z");
    assertThat(me.isThisProcess()).isTrue();
    assertThat(me.runsHere()).isTrue();
  }

  @Test
  void anOldText_withoutTheStart_isRead_andItsPidAloneDecides() {
    LockHolder old =
        LockHolder.parse("host a.example, pid 12, since 2025-03-01T10:00:00Z").orElseThrow();
    assertThat(old.host()).isEqualTo("a.example");
    assertThat(old.pid()).isEqualTo(12);
    assertThat(old.started()).isEmpty();
    assertThat(old.since()).isEqualTo("2025-03-01T10:00:00Z");
    assertThat(old).hasToString("host a.example, pid 12, since 2025-03-01T10:00:00Z");
  }

  @Test
  void anythingElse_namesNoHolder() {
    for (String text :
        new String[] {
          "",
          "locked",
          "host a, pid x, since t",
          "host a, pid 99999999999999999999, since t",
          "host a, pid 1, started yesterday, since t",
          "host a b, pid 1, since t"
        }) {
      assertThat(LockHolder.parse(text)).as(text).isEmpty();
    }
  }

  @Test
  void aLivePid_runsHere_onlyIfItStartedWhenTheTextSays() throws Exception {
    Process sleep = new ProcessBuilder("/bin/sleep", "30").start();
    try {
      Instant start = sleep.info().startInstant().orElseThrow();
      String host = host();
      assertThat(holder(host, sleep.pid(), " started " + start + ",").runsHere()).isTrue();
      assertThat(holder(host, sleep.pid(), "").runsHere())
          .as("an old text: the pid alone")
          .isTrue();
      assertThat(holder(host, sleep.pid(), " started " + start.minusSeconds(60) + ",").runsHere())
          .as("the pid came back to another process")
          .isFalse();
      assertThat(holder("elsewhere.example", sleep.pid(), " started " + start + ",").runsHere())
          .as("another host's processes are not seen")
          .isFalse();
    } finally {
      sleep.destroyForcibly();
      sleep.waitFor();
    }
    assertThat(holder(host(), sleep.pid(), "").runsHere()).as("gone").isFalse();
  }

  @Test
  void aHostThatCouldNotBeNamed_isNeverThisOne() {
    assertThat(LockHolder.parse("host unknown, pid 1, since t").map(LockHolder::isLocal))
        .isEqualTo(Optional.of(false));
  }

  private static LockHolder holder(String host, long pid, String started) {
    return LockHolder.parse(
            "host " + host + ", pid " + pid + "," + started + " since 2026-01-01T00:00:00Z")
        .orElseThrow();
  }
}
