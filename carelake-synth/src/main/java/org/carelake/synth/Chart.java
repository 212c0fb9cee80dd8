package org.carelake.synth;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.carelake.source.Row;
import org.carelake.source.SourceTable;

/** Every row generated for one patient, by table, before it is written. */
final class Chart {
  private final Map<SourceTable, List<Row>> rows = new EnumMap<>(SourceTable.class);

  /** The patient's sex as generated, which decides sex-specific reference ranges. */
  final boolean female;

  Chart(boolean female) {
    this.female = female;
    for (SourceTable table : SourceTable.values()) {
      rows.put(table, new ArrayList<>());
    }
  }

  void add(Row row) {
    rows.get(row.table()).add(row);
  }

  List<Row> rows(SourceTable table) {
    return rows.get(table);
  }

  Row patient() {
    return rows.get(SourceTable.PATIENTS).get(0);
  }
}
