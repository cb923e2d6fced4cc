package dev.sweep.process;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A pool of resource slots ({@code "0"}, {@code "1"}, {@code "2,3"}): a running trial holds one, so
 * at most as many trials run at once as there are slots. A value may appear more than once (two
 * trials share GPU 0 with {@code ["0", "0"]}). Thread-safe; slots are handed out first come, first
 * served.
 */
final class Slots {
  private static final long POLL_MS = 100;

  private final List<String> values;
  private final BlockingQueue<String> free;

  /**
   * @throws IllegalArgumentException if there are none, or one is blank or has a control character
   */
  Slots(List<String> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(
          "slots is empty; give at least one, e.g. [\"0\", \"1\"] for two GPUs");
    }
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (v == null || v.isBlank() || v.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(
            "slot "
                + i
                + " of "
                + values
                + " is "
                + (v == null ? "null" : "'" + v + "'")
                + "; a slot is a value such as \"0\" or \"2,3\"");
      }
    }
    this.values = List.copyOf(values);
    this.free = new ArrayBlockingQueue<>(values.size(), true, this.values);
  }

  List<String> values() {
    return values;
  }

  /**
   * Takes a free slot, waiting for one as long as {@code stop} says no.
   *
   * @return the slot, or null if {@code stop} said yes first
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  String acquire(BooleanSupplier stop) throws InterruptedException {
    while (!stop.getAsBoolean()) {
      String slot = free.poll(POLL_MS, TimeUnit.MILLISECONDS);
      if (slot != null) {
        if (stop.getAsBoolean()) { // freed by a trial that was stopped for the same reason
          release(slot);
          return null;
        }
        return slot;
      }
    }
    return null;
  }

  /** Gives back a slot taken with {@link #acquire}. */
  void release(String slot) {
    if (!free.offer(slot)) {
      throw new IllegalStateException(
          "slot '" + slot + "' released twice; the pool " + values + " is full");
    }
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
