package dev.sweep.population;

import java.util.Arrays;

/**
 * The {@code k} best of the rows offered, by an order on rows: a heap with the worst kept on top,
 * so that a million rows cost {@code n log k} comparisons of primitives and no boxing.
 */
final class TopRows {
  /** An order on rows: negative when row {@code a} comes before (is better than) row {@code b}. */
  interface RowOrder {
    int compare(int a, int b);
  }

  private final int[] heap;
  private final RowOrder order;
  private int size;

  TopRows(int k, RowOrder order) {
    this.heap = new int[k];
    this.order = order;
  }

  void offer(int row) {
    if (heap.length == 0) {
      return;
    }
    if (size < heap.length) {
      heap[size] = row;
      up(size++);
    } else if (order.compare(row, heap[0]) < 0) {
      heap[0] = row;
      down(0);
    }
  }

  /** The worst row kept (the heap's top); only when one is kept. */
  int worst() {
    return heap[0];
  }

  /** The rows kept, best first. */
  int[] sorted() {
    Integer[] boxed = Arrays.stream(heap, 0, size).boxed().toArray(Integer[]::new);
    Arrays.sort(boxed, order::compare);
    return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
  }

  /** Whether the row at heap slot {@code i} must sit above the one at {@code j}: it is worse. */
  private boolean above(int i, int j) {
    return order.compare(heap[i], heap[j]) > 0;
  }

  private void up(int i) {
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (!above(i, parent)) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void down(int i) {
    while (true) {
      int worst = i;
      int left = 2 * i + 1;
      int right = left + 1;
      if (left < size && above(left, worst)) {
        worst = left;
      }
      if (right < size && above(right, worst)) {
        worst = right;
      }
      if (worst == i) {
        return;
      }
      swap(i, worst);
      i = worst;
    }
  }

  private void swap(int i, int j) {
    int t = heap[i];
    heap[i] = heap[j];
    heap[j] = t;
  }
}
