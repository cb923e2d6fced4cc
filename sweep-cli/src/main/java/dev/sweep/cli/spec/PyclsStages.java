package dev.sweep.cli.spec;

import dev.sweep.config.Config;

/** The stages of a RegNet config, as pycls's generate_regnet counts them; for tests and tools. */
public final class PyclsStages {
  private PyclsStages() {}

  /** {number of distinct widths, stages the width exponents span} of the config's REGNET. */
  public static int[] of(Config c) {
    return PyclsConstraints.regnetStages(
        c.getDouble("REGNET.WA"),
        c.getDouble("REGNET.W0"),
        c.getDouble("REGNET.WM"),
        (int) c.getLong("REGNET.DEPTH"));
  }
}
