package dev.sweep.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.ScannerException;

/** The whole-text reader gives SnakeYAML the same events, marks and errors as its own reader. */
class LinearYamlFactoryTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "a: 1\nb: [x, 'y', \"z\"]\n",
        "a: 1\r\nb: 2\r\n",
        "a: 1\rb: 2\r",
        "\uFEFFa: 1\n",
        "a: \"x\n  y\"\n",
        "a: 😀😀\nb: [1, 😀]\n",
        "k: |\n  x\r\n  y\r\n",
        "a: 1\u0085b: 2\u2028c: 3\n",
        "- a\n- b: c\n  d: e\n",
        "? a\n: b\n",
        "--- a\n--- b\n...\n",
        "a: &x [1]\nb: *x\n",
        "x: 1\r",
        "a: [1,\n 2\n",
        "a:\tb\n",
        "\"open\n",
        "a: 1\u0007\n"
      })
  void sameEventsAsSnakeYamlsReader(String yaml) {
    assertThat(events(new LinearYamlFactory.WholeText(yaml)))
        .isEqualTo(events(new StreamReader(new StringReader(yaml))));
  }

  /**
   * Each event with its start and end marks, then the error that stopped the parser, if any (its
   * kind only: a bad character is seen when reached, not when its 1,023-character block is read).
   */
  private static List<String> events(StreamReader reader) {
    List<String> out = new ArrayList<>();
    ParserImpl parser = new ParserImpl(reader, new LoaderOptions());
    try {
      Event e;
      do {
        e = parser.getEvent();
        out.add(e + " " + mark(e.getStartMark()) + "-" + mark(e.getEndMark()));
      } while (!e.is(Event.ID.StreamEnd));
    } catch (ScannerException ex) {
      out.add("error " + ex.getProblem() + " at " + mark(ex.getProblemMark()));
    } catch (RuntimeException ex) {
      out.subList(Math.min(out.size(), 1), out.size()).clear();
      out.add("error " + ex.getClass().getSimpleName());
    }
    return out;
  }

  private static String mark(Mark m) {
    return m.getLine() + ":" + m.getColumn() + ":" + m.getIndex();
  }
}
