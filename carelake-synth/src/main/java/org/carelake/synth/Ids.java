package org.carelake.synth;

import java.util.EnumMap;
import java.util.Map;
import org.carelake.source.SourceTable;

/** The next primary key of every table, handed out in generation order. */
final class Ids {
  private final Map<SourceTable, Long> next = new EnumMap<>(SourceTable.class);

  Ids() {
    for (SourceTable table : SourceTable.values()) {
      next.put(table, 1L);
    }
  }

  /** Continues after the given largest keys. */
  Ids(Map<SourceTable, Long> largest) {
    this();
    largest.forEach((table, value) -> next.put(table, value + 1));
  }

  /** An independent copy, to hand keys out tentatively. */
  Ids copy() {
    Ids copy = new Ids();
    copy.next.putAll(next);
    return copy;
  }

  /** Takes over the state of another instance (a copy whose keys were kept). */
  void restore(Ids other) {
    next.putAll(other.next);
  }

  long next(SourceTable table) {
    long id = next.get(table);
    next.put(table, id + 1);
    return id;
  }
}
