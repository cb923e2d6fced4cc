package dev.sweep.junit;

import dev.sweep.Sweep;

/**
 * The former name of {@link DynamicSweep}: a class in main code whose name reads as a test class.
 *
 * @deprecated use {@link DynamicSweep#of(Sweep.Builder)}; this name goes in a later release.
 */
@Deprecated(since = "0.2", forRemoval = true)
public final class SweepTest {
  private SweepTest() {}

  /**
   * @deprecated use {@link DynamicSweep#of(Sweep.Builder)}
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public static DynamicSweep of(Sweep.Builder builder) {
    return DynamicSweep.of(builder);
  }
}
