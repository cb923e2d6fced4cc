package dev.sweep.process;

import dev.sweep.Trial;
import dev.sweep.internal.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Sweep's offline {@code wandb} Python module (see {@link ProcessRunner.Builder#wandbShim}): put
 * into the trial's folder, first on {@code PYTHONPATH}, with the {@code WANDB_} variables a program
 * may read.
 */
final class WandbShim {
  /** The folder in the trial folder that holds the module: the {@code PYTHONPATH} entry. */
  static final String FOLDER = ".wandb-shim";

  private static final String RESOURCE = "python/wandb/__init__.py";

  private static final byte[] MODULE = load();

  private WandbShim() {}

  private static byte[] load() {
    try (InputStream in = WandbShim.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the wandb module " + RESOURCE + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the module into {@code <dir>/.wandb-shim/wandb/} unless it is there already; a link in
   * its place is removed, never followed.
   */
  static void install(Path dir) throws IOException {
    Path root = realFolder(dir.resolve(FOLDER));
    Path module = realFolder(root.resolve("wandb")).resolve("__init__.py");
    if (Files.isRegularFile(module, LinkOption.NOFOLLOW_LINKS)
        && Files.size(module) == MODULE.length
        && Arrays.equals(Files.readAllBytes(module), MODULE)) {
      return;
    }
    AtomicFiles.write(module, MODULE);
  }

  private static Path realFolder(Path folder) throws IOException {
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(folder); // a link or a file: removed, not followed
      Files.createDirectory(folder);
    }
    return folder;
  }

  /**
   * Adds the variables: {@code PYTHONPATH} with the module's folder first, and {@code WANDB_MODE},
   * {@code WANDB_DIR}, {@code WANDB_RUN_ID}, {@code WANDB_NAME}, {@code WANDB_SWEEP_ID} unless
   * {@code env} (the runner's own variables) sets them.
   */
  static void environment(Map<String, String> env, Trial trial, Path dir) {
    String rest = env.containsKey("PYTHONPATH") ? env.get("PYTHONPATH") : pythonPath();
    String first = dir.resolve(FOLDER).toString();
    env.put("PYTHONPATH", rest == null || rest.isEmpty() ? first : first + ":" + rest);
    env.putIfAbsent("WANDB_MODE", "offline");
    env.putIfAbsent("WANDB_DIR", dir.toString());
    env.putIfAbsent("WANDB_RUN_ID", Long.toString(trial.id()));
    env.putIfAbsent("WANDB_NAME", trial.name());
    env.putIfAbsent("WANDB_SWEEP_ID", sweepId(dir));
  }

  private static String pythonPath() {
    return System.getenv("PYTHONPATH");
  }

  /** The sweep folder's name, for {@code <sweep>/trials/<id>-<name>}; else {@code sweep}. */
  private static String sweepId(Path dir) {
    Path trials = dir.getParent();
    if (trials != null
        && trials.getFileName() != null
        && trials.getFileName().toString().equals("trials")
        && trials.getParent() != null
        && trials.getParent().getFileName() != null) {
      return trials.getParent().getFileName().toString();
    }
    return "sweep";
  }
}
