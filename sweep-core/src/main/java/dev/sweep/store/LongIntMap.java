package dev.sweep.store;

/**
 * A map from long keys to non-negative ints by open addressing: no boxed key per trial. A replay
 * finds a trial's slot by its id with it while it scans the journal.
 */
final class LongIntMap {
  private long[] keys = new long[16];
  private int[] values = new int[16];
  private boolean[] used = new boolean[16];
  private int count;

  /** The value of {@code key}; -1 if it has none. */
  int get(long key) {
    int mask = keys.length - 1;
    for (int i = hash(key) & mask; used[i]; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return values[i];
      }
    }
    return -1;
  }

  void put(long key, int value) {
    if (2 * (count + 1) > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int i = hash(key) & mask;
    while (used[i] && keys[i] != key) {
      i = (i + 1) & mask;
    }
    if (!used[i]) {
      used[i] = true;
      count++;
    }
    keys[i] = key;
    values[i] = value;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    boolean[] oldUsed = used;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    used = new boolean[oldKeys.length * 2];
    count = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldUsed[i]) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }

  private static int hash(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
