package dev.sweep.population;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Column} row by row. It keeps whole numbers as longs until a fraction arrives,
 * numbers as doubles until something else arrives, and from then on codes into a dictionary; each
 * change converts the rows so far once. Not thread-safe.
 */
final class ColumnBuilder {
  private enum Kind {
    NONE,
    LONGS,
    DOUBLES,
    CODES
  }

  private Kind kind = Kind.NONE;
  private int size;
  private long[] longs;
  private double[] doubles;
  private int[] codes;
  private BitSet present; // null: every row so far has a value
  private BitSet wholes; // DOUBLES: rows given as whole numbers
  private boolean nonFinite; // a NaN or an infinity was added
  private double min = Double.POSITIVE_INFINITY; // of the doubles added
  private double max = Double.NEGATIVE_INFINITY;
  private final List<Object> levels = new ArrayList<>();
  private final Map<Object, Integer> codeOf = new HashMap<>();

  ColumnBuilder(int capacity) {
    this.longs = new long[Math.max(capacity, 16)];
  }

  int size() {
    return size;
  }

  /** Makes room for {@code capacity} rows in all, so that a known count grows the arrays once. */
  void reserve(int capacity) {
    switch (kind) {
      case NONE, LONGS -> longs = longs.length >= capacity ? longs : Arrays.copyOf(longs, capacity);
      case DOUBLES ->
          doubles = doubles.length >= capacity ? doubles : Arrays.copyOf(doubles, capacity);
      case CODES -> codes = codes.length >= capacity ? codes : Arrays.copyOf(codes, capacity);
      default -> throw new AssertionError(kind);
    }
  }

  /**
   * Adds a row's value: a {@code Long}, {@code Double}, other {@code Number}, anything else, or
   * null for none.
   */
  void add(Object value) {
    if (value == null) {
      addAbsent();
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      addLong(((Number) value).longValue());
    } else if (value instanceof Number n) {
      addDouble(n.doubleValue());
    } else {
      addLevel(value);
    }
  }

  void addLong(long v) {
    switch (kind) {
      case NONE, LONGS -> {
        kind = Kind.LONGS;
        ensure();
        markPresent();
        longs[size] = v;
      }
      case DOUBLES -> {
        ensure();
        markPresent();
        doubles[size] = v;
        wholes().set(size);
      }
      case CODES -> {
        addLevel(v);
        return;
      }
      default -> throw new AssertionError(kind);
    }
    size++;
  }

  void addDouble(double v) {
    if (kind == Kind.NONE || kind == Kind.LONGS) {
      toDoubles();
    }
    if (kind == Kind.CODES) {
      addLevel(v);
      return;
    }
    ensure();
    markPresent();
    doubles[size] = v;
    nonFinite |= !Double.isFinite(v);
    min = Math.min(min, v);
    max = Math.max(max, v);
    size++;
  }

  /** Adds a value that is no number (or any value, once the column holds codes). */
  void addLevel(Object value) {
    if (kind != Kind.CODES) {
      toCodes();
    }
    ensure();
    Integer code = codeOf.get(value);
    if (code == null) {
      code = levels.size();
      levels.add(value);
      codeOf.put(value, code);
    }
    codes[size] = code;
    size++;
  }

  void addAbsent() {
    if (kind == Kind.CODES) {
      ensure();
      codes[size] = -1;
      size++;
      return;
    }
    if (present == null) {
      present = new BitSet();
      present.set(0, size);
    }
    ensure();
    size++; // the slot stays 0 and its bit clear
  }

  private void markPresent() {
    if (present != null) {
      present.set(size);
    }
  }

  private BitSet wholes() {
    if (wholes == null) {
      wholes = new BitSet();
    }
    return wholes;
  }

  /** Room for one more row. */
  private void ensure() {
    int capacity =
        switch (kind) {
          case NONE, LONGS -> longs.length;
          case DOUBLES -> doubles.length;
          case CODES -> codes.length;
        };
    if (size == capacity) {
      int grown = Math.max(16, capacity + (capacity >> 1));
      switch (kind) {
        case NONE, LONGS -> longs = Arrays.copyOf(longs, grown);
        case DOUBLES -> doubles = Arrays.copyOf(doubles, grown);
        case CODES -> codes = Arrays.copyOf(codes, grown);
        default -> throw new AssertionError(kind);
      }
    }
  }

  private void toDoubles() {
    doubles = new double[longs.length];
    if (kind == Kind.LONGS) {
      BitSet w = wholes();
      for (int i = 0; i < size; i++) {
        doubles[i] = longs[i];
        if (present == null || present.get(i)) {
          min = Math.min(min, doubles[i]);
          max = Math.max(max, doubles[i]);
        }
        if (present == null || present.get(i)) {
          w.set(i);
        }
      }
    }
    longs = null;
    kind = Kind.DOUBLES;
  }

  private void toCodes() {
    int capacity = kind == Kind.DOUBLES ? doubles.length : longs.length;
    Object[] before = new Object[size];
    for (int i = 0; i < size; i++) {
      boolean has = present == null || present.get(i);
      before[i] =
          !has
              ? null
              : kind == Kind.DOUBLES
                  ? (wholes != null && wholes.get(i)
                      ? (Object) (long) doubles[i]
                      : (Object) doubles[i])
                  : (Object) longs[i];
    }
    codes = new int[capacity];
    longs = null;
    doubles = null;
    wholes = null;
    present = null;
    kind = Kind.CODES;
    int n = size;
    size = 0;
    for (int i = 0; i < n; i++) {
      if (before[i] == null) {
        addAbsent();
      } else {
        addLevel(before[i]);
      }
    }
  }

  /**
   * The column of the rows added. Its arrays are cut to size only where that saves more than a
   * tenth: a copy is a second array of a million rows for a while, and a reader that reserved room
   * for the rows it expected is off by little.
   */
  Column build() {
    return switch (kind) {
      case NONE, LONGS -> new Column.Longs(fit(longs), present);
      case DOUBLES -> new Column.Doubles(fit(doubles), present, wholes, !nonFinite, min, max);
      case CODES -> new Column.Codes(fit(codes), levels);
    };
  }

  private boolean slack(int capacity) {
    return capacity > size + size / 10 + 16;
  }

  private long[] fit(long[] a) {
    return slack(a.length) ? Arrays.copyOf(a, size) : a;
  }

  private double[] fit(double[] a) {
    return slack(a.length) ? Arrays.copyOf(a, size) : a;
  }

  private int[] fit(int[] a) {
    return slack(a.length) ? Arrays.copyOf(a, size) : a;
  }
}
