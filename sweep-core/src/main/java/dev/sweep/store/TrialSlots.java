package dev.sweep.store;

import dev.sweep.trial.TrialStatus;
import java.util.Arrays;

/**
 * A replay's per-trial columns: where each trial's {@code created} and last {@code finished} events
 * lie in the journal, its attempts, and the status and start time of its last attempt. No object
 * per trial, so that a trial costs some 60 bytes. Filled in the order trials were created while the
 * journal is scanned, then sorted by id once, and only read after that.
 */
final class TrialSlots {
  private static final byte NONE = -1;
  private static final TrialStatus[] STATUSES = TrialStatus.values();

  private int size;
  private long[] ids; // sorted once the scan is over
  private long[] createdAt;
  private int[] createdLength;
  private long[] finishedAt; // -1: no finished event since the last start
  private int[] finishedLength;
  private long[] finishedLine;
  private int[] attempts;
  private long[] lastStart; // epoch ms of the last started event; Long.MIN_VALUE: none
  private byte[]
      lastStatus; // ordinal of the last attempt's status; NONE if it has not ended or is malformed

  TrialSlots(int capacity) {
    ids = new long[capacity];
    createdAt = new long[capacity];
    createdLength = new int[capacity];
    finishedAt = new long[capacity];
    finishedLength = new int[capacity];
    finishedLine = new long[capacity];
    attempts = new int[capacity];
    lastStart = new long[capacity];
    lastStatus = new byte[capacity];
  }

  /** A copy to scan on into, leaving this one as it is. */
  TrialSlots copy() {
    TrialSlots c = new TrialSlots(0);
    c.size = size;
    int n = Math.max(size, 16);
    c.ids = Arrays.copyOf(ids, n);
    c.createdAt = Arrays.copyOf(createdAt, n);
    c.createdLength = Arrays.copyOf(createdLength, n);
    c.finishedAt = Arrays.copyOf(finishedAt, n);
    c.finishedLength = Arrays.copyOf(finishedLength, n);
    c.finishedLine = Arrays.copyOf(finishedLine, n);
    c.attempts = Arrays.copyOf(attempts, n);
    c.lastStart = Arrays.copyOf(lastStart, n);
    c.lastStatus = Arrays.copyOf(lastStatus, n);
    return c;
  }

  // ---------------------------------------------------------------- reading, once sorted

  int size() {
    return size;
  }

  long id(int slot) {
    return ids[slot];
  }

  /** The slot of trial {@code id}; -1 if there is none. */
  int indexOf(long id) {
    int i = Arrays.binarySearch(ids, 0, size, id);
    return i < 0 ? -1 : i;
  }

  /** Whether the trial's last attempt has a {@code finished} event. */
  boolean hasFinished(int slot) {
    return finishedAt[slot] >= 0;
  }

  /** The status of the trial's last finished attempt; null if it has none or it is malformed. */
  TrialStatus lastStatus(int slot) {
    return lastStatus[slot] == NONE ? null : STATUSES[lastStatus[slot]];
  }

  int attempts(int slot) {
    return attempts[slot];
  }

  /** Epoch ms of the trial's last {@code started} event; {@link Long#MIN_VALUE} if none. */
  long lastStart(int slot) {
    return lastStart[slot];
  }

  long createdAt(int slot) {
    return createdAt[slot];
  }

  int createdLength(int slot) {
    return createdLength[slot];
  }

  long finishedAt(int slot) {
    return finishedAt[slot];
  }

  int finishedLength(int slot) {
    return finishedLength[slot];
  }

  long finishedLine(int slot) {
    return finishedLine[slot];
  }

  // ---------------------------------------------------------------- filling, while scanning

  /** A new slot for trial {@code id}, at the end. */
  int add(long id) {
    if (size == ids.length) {
      grow();
    }
    ids[size] = id;
    return size++;
  }

  private void grow() {
    int grown = Math.max(16, size + (size >> 1));
    ids = Arrays.copyOf(ids, grown);
    createdAt = Arrays.copyOf(createdAt, grown);
    createdLength = Arrays.copyOf(createdLength, grown);
    finishedAt = Arrays.copyOf(finishedAt, grown);
    finishedLength = Arrays.copyOf(finishedLength, grown);
    finishedLine = Arrays.copyOf(finishedLine, grown);
    attempts = Arrays.copyOf(attempts, grown);
    lastStart = Arrays.copyOf(lastStart, grown);
    lastStatus = Arrays.copyOf(lastStatus, grown);
  }

  void created(int slot, long offset, int length) {
    createdAt[slot] = offset;
    createdLength[slot] = length;
    finishedAt[slot] = -1;
    attempts[slot] = 0;
    lastStart[slot] = Long.MIN_VALUE;
    lastStatus[slot] = NONE;
  }

  void started(int slot, int attempt, long time) {
    attempts[slot] = attempt;
    finishedAt[slot] = -1;
    lastStart[slot] = time;
    lastStatus[slot] = NONE;
  }

  /** Records a {@code finished} event; a status that is no {@link TrialStatus} is kept as none. */
  void finished(int slot, int attempt, long offset, int length, long lineNo, String status) {
    attempts[slot] = attempt;
    finishedAt[slot] = offset;
    finishedLength[slot] = length;
    finishedLine[slot] = lineNo;
    lastStatus[slot] = statusOrdinal(status);
  }

  private static byte statusOrdinal(String status) {
    for (TrialStatus s : STATUSES) {
      if (s.name().equals(status)) {
        return (byte) s.ordinal();
      }
    }
    return NONE; // a malformed outcome: reading the record says what is wrong
  }

  /** Puts the slots in id order (trials are created in id order, so this rarely moves anything). */
  void sortById() {
    boolean sorted = true;
    for (int i = 1; i < size && sorted; i++) {
      sorted = ids[i - 1] < ids[i];
    }
    if (sorted) {
      return;
    }
    Integer[] order = new Integer[size];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Long.compare(ids[a], ids[b]));
    int[] o = new int[size];
    Arrays.setAll(o, i -> order[i]);
    ids = permute(ids, o);
    createdAt = permute(createdAt, o);
    finishedAt = permute(finishedAt, o);
    finishedLine = permute(finishedLine, o);
    lastStart = permute(lastStart, o);
    createdLength = permute(createdLength, o);
    finishedLength = permute(finishedLength, o);
    attempts = permute(attempts, o);
    byte[] status = new byte[size];
    for (int i = 0; i < size; i++) {
      status[i] = lastStatus[o[i]];
    }
    lastStatus = status;
  }

  private long[] permute(long[] a, int[] o) {
    long[] out = new long[size];
    for (int i = 0; i < size; i++) {
      out[i] = a[o[i]];
    }
    return out;
  }

  private int[] permute(int[] a, int[] o) {
    int[] out = new int[size];
    for (int i = 0; i < size; i++) {
      out[i] = a[o[i]];
    }
    return out;
  }
}
