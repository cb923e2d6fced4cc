package dev.sweep.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies the {@link LogParser}s to one step's logs (stdout, then stderr) as they grow. Used by the
 * trial's thread only.
 */
final class LogScan {
  private final List<LogParser> parsers;
  private final List<LineTail> logs = new ArrayList<>();
  private final TrialMetrics sink;

  LogScan(List<LogParser> parsers, List<Path> logs, TrialMetrics sink) {
    this.parsers = parsers;
    this.sink = sink;
    if (!parsers.isEmpty()) {
      logs.forEach(log -> this.logs.add(new LineTail(log)));
    }
  }

  void poll() {
    logs.forEach(log -> handle(log.poll()));
  }

  void finish() {
    logs.forEach(log -> handle(log.finish()));
  }

  private void handle(List<String> lines) {
    for (String line : lines) {
      for (LogParser parser : parsers) {
        LogParser.Match match = parser.match(line);
        if (match != null) {
          if (match.step() != null) {
            sink.point(match.step(), Map.of(parser.metric(), match.value()));
          }
          sink.parsed(parser.metric(), match.value());
        }
      }
    }
  }
}
