package dev.sweep.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a program named without a folder ({@code python3}) on the {@code PATH} once, as a shell's
 * hash table does, instead of once per process: the JDK's child tries {@code execve} in each folder
 * of the {@code PATH} in turn, a failed system call per folder before the one that holds it, for
 * every trial. A name that is not found is left as it is, so the start fails as it would have, with
 * the JDK's message. Thread-safe.
 */
final class ProgramPaths {
  private final List<Path> folders = new ArrayList<>();
  private final Map<String, Optional<String>> found = new ConcurrentHashMap<>();

  ProgramPaths(String path) {
    if (path != null) {
      for (String folder : path.split(":", -1)) {
        if (!folder.isEmpty()) {
          folders.add(Path.of(folder));
        }
      }
    }
  }

  /** {@code argv} with its program made absolute when it is a bare name found on the PATH. */
  List<String> resolve(List<String> argv) {
    String program = argv.get(0);
    if (program.isEmpty() || program.contains("/")) {
      return argv;
    }
    Optional<String> absolute = found.computeIfAbsent(program, this::find);
    if (absolute.isEmpty()) {
      return argv;
    }
    List<String> resolved = new ArrayList<>(argv);
    resolved.set(0, absolute.get());
    return resolved;
  }

  private Optional<String> find(String program) {
    for (Path folder : folders) {
      Path candidate = folder.resolve(program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath().toString());
      }
    }
    return Optional.empty();
  }
}
