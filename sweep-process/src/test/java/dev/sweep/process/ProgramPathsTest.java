package dev.sweep.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bare program name is looked up on the PATH once, as execvp would find it. */
class ProgramPathsTest {
  @TempDir Path tmp;

  @Test
  void theFirstExecutableOnThePath_wins_andPathsAndUnknownNamesStayAsGiven() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    Files.writeString(a.resolve("train"), "not executable");
    Path train = Files.writeString(b.resolve("train"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(train, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProgramPaths paths = new ProgramPaths(a + "::" + b);

    assertThat(paths.resolve(List.of("train", "--lr", "0.1")))
        .containsExactly(train.toString(), "--lr", "0.1");
    assertThat(paths.resolve(List.of("./train"))).containsExactly("./train");
    assertThat(paths.resolve(List.of("/bin/true"))).containsExactly("/bin/true");
    assertThat(paths.resolve(List.of("no-such-program-anywhere")))
        .containsExactly("no-such-program-anywhere");
    assertThat(new ProgramPaths(null).resolve(List.of("train"))).containsExactly("train");
  }
}
