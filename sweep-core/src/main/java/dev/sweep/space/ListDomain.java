package dev.sweep.space;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A list of independently sampled items, of a fixed or sampled length (pycls's list_sampler: e.g.
 * the width of each of four stages). Create one with {@link Lists}.
 */
public final class ListDomain implements Domain {
  private static final long MAX_GRID = 1_000_000;

  private final Domain item;
  private final IntDomain length;

  ListDomain(Domain item, IntDomain length) {
    this.item = item;
    this.length = length;
  }

  public Domain item() {
    return item;
  }

  public IntDomain length() {
    return length;
  }

  @Override
  public void check(String path) {
    if (item == null) {
      throw new NullPointerException(path + ": list item domain == null");
    }
    length.check(path + ".length");
    if (length.lo() < 0) {
      throw new IllegalArgumentException(
          path + ": list length needs 0 <= lo, got " + length.describe());
    }
    item.check(path + "[]");
  }

  @Override
  public Object sample(RandomGenerator rng) {
    int n = (int) (long) (Long) length.sample(rng);
    List<Object> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(item.sample(rng));
    }
    return Collections.unmodifiableList(items);
  }

  /** {@code value} as this domain gives it out, if it is a list of allowed length and items. */
  Optional<Object> member(Object value) {
    if (!(value instanceof List<?> items) || length.member((long) items.size()).isEmpty()) {
      return Optional.empty();
    }
    List<Object> out = new ArrayList<>(items.size());
    for (Object x : items) {
      Optional<Object> m = Membership.member(item, x);
      if (m.isEmpty()) {
        return Optional.empty();
      }
      out.add(m.get());
    }
    return Optional.of(Collections.unmodifiableList(out));
  }

  @Override
  public Optional<List<Object>> gridValues() {
    Optional<List<Object>> items = item.gridValues();
    Optional<List<Object>> lengths = length.gridValues();
    if (items.isEmpty() || lengths.isEmpty()) {
      return Optional.empty();
    }
    List<Object> all = new ArrayList<>();
    for (Object n : lengths.get()) {
      int len = (int) (long) (Long) n;
      double count = Math.pow(items.get().size(), len);
      if (all.size() + count > MAX_GRID) {
        return Optional.empty();
      }
      product(items.get(), len, new ArrayList<>(), all);
    }
    return Optional.of(all);
  }

  private static void product(List<Object> items, int len, List<Object> prefix, List<Object> out) {
    if (prefix.size() == len) {
      out.add(List.copyOf(prefix));
      return;
    }
    for (Object item : items) {
      prefix.add(item);
      product(items, len, prefix, out);
      prefix.remove(prefix.size() - 1);
    }
  }

  @Override
  public String describe() {
    return "list(" + item.describe() + ", length " + length.describe() + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
