package dev.sweep.space;

/**
 * Factories of list domains, whose items are sampled independently.
 *
 * <pre>{@code
 * .add("model.widths", Lists.of(Ints.multipleOf(8, 16, 256), 4))      // four stage widths
 * .add("model.kernels", Lists.of(Choices.of(3, 5), Ints.range(1, 3)))  // one to three kernels
 * }</pre>
 */
public final class Lists {
  private Lists() {}

  /** Lists of exactly {@code length} items. */
  public static ListDomain of(Domain item, int length) {
    return new ListDomain(item, Ints.range(length, length));
  }

  /** Lists whose length is drawn from {@code length}. */
  public static ListDomain of(Domain item, IntDomain length) {
    return new ListDomain(item, length);
  }
}
