package org.carelake.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A list of choices with weights, drawn in O(log n).
 *
 * @param <T> the choice type
 */
final class Weighted<T> {
  private final List<T> items = new ArrayList<>();
  private double[] cumulative = new double[8];
  private double total;

  Weighted<T> add(T item, double weight) {
    if (weight <= 0) {
      return this;
    }
    if (items.size() == cumulative.length) {
      cumulative = java.util.Arrays.copyOf(cumulative, cumulative.length * 2);
    }
    total += weight;
    cumulative[items.size()] = total;
    items.add(item);
    return this;
  }

  boolean isEmpty() {
    return items.isEmpty();
  }

  List<T> items() {
    return items;
  }

  T draw(SplittableRandom random) {
    double target = random.nextDouble() * total;
    int low = 0;
    int high = items.size() - 1;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (cumulative[middle] <= target) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return items.get(low);
  }
}
