package org.carelake.app.source;

import java.util.EnumMap;
import java.util.Map;

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

  long next(SourceTable table) {
    long id = next.get(table);
    next.put(table, id + 1);
    return id;
  }
}
