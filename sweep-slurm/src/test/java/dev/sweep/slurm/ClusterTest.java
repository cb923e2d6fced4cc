package dev.sweep.slurm;

import dev.sweep.testing.Cluster;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every test of real SLURM jobs starts from: a cluster that answers (skipped without one,
 * failed in CI, see {@link Cluster#require()}) and a folder of its own.
 */
abstract class ClusterTest {
  @TempDir Path tmp;

  @BeforeAll
  static void cluster() {
    Cluster.require();
  }
}
