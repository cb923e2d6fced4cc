package dev.sweep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.trial.TrialStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The journal read as bytes, a line at a time: whole events are read back exactly, a bad line is
 * named by its number, and repair keeps exactly the whole events of a damaged journal.
 */
class JournalReadingPropertyTest {
  /** A journal: whole events, bad lines between them, and maybe a torn last line. */
  @SuppressWarnings("ArrayRecordComponent") // test data, never compared or hashed
  record Damaged(
      List<Map<String, Object>> events,
      List<byte[]> bad,
      List<Integer> badBefore,
      byte[] tornTail) {
    byte[] bytes() throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i <= events.size(); i++) {
        for (int b = 0; b < bad.size(); b++) {
          if (badBefore.get(b) == i) {
            out.write(bad.get(b));
            out.write('\n');
          }
        }
        if (i < events.size()) {
          out.write(Journal.JSON.writeValueAsBytes(events.get(i)));
          out.write('\n');
        }
      }
      out.write(tornTail);
      return out.toByteArray();
    }

    /** The number of the first bad line, from 1. */
    long firstBadLine() {
      long line = 1;
      for (int i = 0; i <= events.size(); i++) {
        for (int b = 0; b < bad.size(); b++) {
          if (badBefore.get(b) == i) {
            return line;
          }
        }
        line++;
      }
      return -1;
    }
  }

  @Provide
  Arbitrary<Map<String, Object>> events() {
    Arbitrary<String> text =
        Arbitraries.strings()
            .withChars("a \u00e9\n\"\\{}")
            .withCharRange('\u4e00', '\u4e08')
            .ofMaxLength(12);
    return Combinators.combine(
            Arbitraries.of("created", "started", "finished", "note"),
            Arbitraries.longs().between(0, 50),
            text,
            Arbitraries.doubles().between(-1e6, 1e6))
        .as(
            (type, id, s, x) -> {
              Map<String, Object> e = new LinkedHashMap<>();
              e.put("event", type);
              e.put("id", id);
              e.put("name", s);
              e.put("metrics", Map.of("value", x, "label", s));
              return e;
            });
  }

  @Provide
  Arbitrary<byte[]> badLines() {
    return Arbitraries.oneOf(
        Arbitraries.of(
                "not json",
                "{\"event\":\"fini",
                "[1, 2]",
                "{\"a\":1} trailing",
                "{\"event\":\"created\",\"id\":1}}")
            .map(s -> s.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.of(
            new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'},
            new byte[] {
              '{', '"', (byte) 0xc3, '"', ':', '1', '}'
            }, // a lead byte with no continuation
            new byte[] {
              '{', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', ':', '1', '}'
            }, // a surrogate
            new byte[] {
              '{', '"', (byte) 0xc0, (byte) 0xaf, '"', ':', '1', '}'
            })); // an overlong '/'
  }

  @Provide
  Arbitrary<Damaged> damaged() {
    return events()
        .list()
        .ofMaxSize(30)
        .flatMap(
            events ->
                badLines()
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(4)
                    .flatMap(
                        bad ->
                            Arbitraries.integers()
                                .between(0, events.size())
                                .list()
                                .ofSize(bad.size())
                                .flatMap(
                                    before ->
                                        Arbitraries.of(
                                                "",
                                                "{\"event\":\"started\",\"id\":3,\"att",
                                                "{",
                                                "{\"event\":\"created\"}")
                                            .map(
                                                tail ->
                                                    new Damaged(
                                                        events,
                                                        bad,
                                                        before,
                                                        tail.getBytes(StandardCharsets.UTF_8))))));
  }

  @Property(tries = 200)
  void repairKeepsExactlyTheWholeEvents(@ForAll("damaged") Damaged journal) throws IOException {
    Path dir = Files.createTempDirectory("journal-repair");
    try {
      Path file = dir.resolve(SweepFolder.JOURNAL);
      Files.write(file, journal.bytes());

      assertThatThrownBy(() -> Journal.read(file))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith(file + ":" + journal.firstBadLine() + ":")
          .hasMessageContaining("sweep repair");
      assertThatThrownBy(() -> Replay.of(file))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith(file + ":" + journal.firstBadLine() + ":");

      JournalRepair repair = JournalRepair.repair(file);
      List<JsonNode> expected = new ArrayList<>();
      for (Map<String, Object> e : journal.events()) {
        expected.add(Journal.JSON.readTree(Journal.JSON.writeValueAsBytes(e)));
      }
      assertThat(Journal.read(file)).isEqualTo(expected);
      assertThat(repair.kept()).isEqualTo(journal.events().size());
      assertThat(repair.droppedLines())
          .isEqualTo(journal.bad().size() + (journal.tornTail().length > 0 ? 1 : 0));
      assertThat(repair.dropped())
          .extracting(JournalRepair.Dropped::line)
          .first()
          .isEqualTo(journal.firstBadLine());
      assertThat(Files.readAllBytes(repair.backup().orElseThrow())).isEqualTo(journal.bytes());
      assertThat(JournalRepair.repair(file).clean()).isTrue();
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }

  @Property(tries = 500)
  void utf8Check_agreesWithTheJdksStrictDecoder(@ForAll @Size(max = 12) byte[] bytes) {
    boolean jdk;
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      jdk = true;
    } catch (CharacterCodingException e) {
      jdk = false;
    }
    assertThat(JournalLines.firstInvalidUtf8(bytes, 0, bytes.length) < 0).isEqualTo(jdk);
  }

  @Example
  void replay_readsEachTrialBackAsTheJournalSaysIt() throws IOException {
    Path dir = Files.createTempDirectory("journal-replay");
    try {
      try (SweepFolder folder = SweepFolder.open(dir, Map.of())) {
        for (long id = 0; id < 5; id++) {
          folder.created(
              id,
              "t" + id,
              Map.of("x", (int) id),
              dev.sweep.config.Config.ofFlat(Map.of("x", (int) id)));
          folder.started(id, 1);
        }
        folder.note(2, "job", Map.of("n", 1));
        folder.note(2, "job", Map.of("n", 2));
        folder.finished(record(1, TrialStatus.FAILED), 1);
        folder.started(1, 2);
        folder.finished(record(1, TrialStatus.COMPLETED), 2);
        folder.finished(record(3, TrialStatus.COMPLETED), 1);
        folder.started(3, 2); // started again after it finished: no result stands
      }
      Replay replay = SweepFolder.replay(dir);
      assertThat(replay.keySet()).containsExactly(0L, 1L, 2L, 3L, 4L);
      assertThat(replay.get(1L).attempts()).isEqualTo(2);
      assertThat(replay.get(1L).last().orElseThrow().status()).isEqualTo(TrialStatus.COMPLETED);
      assertThat(replay.lastStatus(1)).contains(TrialStatus.COMPLETED);
      assertThat(replay.get(3L).last()).isEmpty();
      assertThat(replay.lastStatus(3)).isEmpty();
      assertThat(replay.get(2L).notes()).isEqualTo(Map.of("job", Map.of("n", 2)));
      assertThat(replay.get(0L).params())
          .isEqualTo(Map.of("x", 0L)); // as Config.normalize makes them
      assertThat(replay.get(7L)).isNull();
      assertThat(replay.best(dev.sweep.trial.Objective.minimize("error")).orElseThrow().id())
          .isEqualTo(1);
      assertThat(replay.ranking(dev.sweep.trial.Objective.minimize("error")).size()).isEqualTo(1);
    } finally {
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static dev.sweep.trial.TrialRecord record(long id, TrialStatus status) {
    return new dev.sweep.trial.TrialRecord(
        id,
        "t" + id,
        Map.of("x", (int) id),
        dev.sweep.config.Config.ofFlat(Map.of("x", (int) id)),
        status,
        status == TrialStatus.COMPLETED ? Map.of("error", 0.5) : Map.of(),
        List.of(),
        java.util.Optional.empty(),
        java.time.Instant.parse("2026-01-01T00:00:00Z"),
        java.time.Duration.ofSeconds(1));
  }
}
