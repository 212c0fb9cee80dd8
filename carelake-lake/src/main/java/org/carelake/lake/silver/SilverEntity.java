package org.carelake.lake.silver;

import java.util.List;
import java.util.Map;
import org.carelake.lake.internal.silver.SilverStage;

/**
 * What a silver stage needs to know about one entity: its typed columns, its rules, the parents it
 * refers to and the lookups its cross-entity rules read.
 *
 * @param name the silver table's name, e.g. {@code encounters}
 * @param sourceTable the source table it comes from
 * @param keyColumn the business key silver merges on
 * @param typedColumns the silver columns in order, each a Spark SQL expression over the bronze
 *     columns as received; {@value SilverStage#TIME_ZONE_TOKEN} stands for the source's time zone
 * @param rules the validation rules, over the typed columns, {@code _raw} and the lookups
 * @param references the columns that must name a row of a parent entity the lake has received
 * @param lookups data from other entities that cross-entity rules compare with
 */
public record SilverEntity(
    String name,
    String sourceTable,
    String keyColumn,
    Map<String, String> typedColumns,
    List<ValidationRule> rules,
    List<Reference> references,
    List<Lookup> lookups) {

  /** An entity without references or lookups. */
  public SilverEntity(
      String name,
      String sourceTable,
      String keyColumn,
      Map<String, String> typedColumns,
      List<ValidationRule> rules) {
    this(name, sourceTable, keyColumn, typedColumns, rules, List.of(), List.of());
  }

  /** The same entity with these references. */
  SilverEntity withReferences(Reference... more) {
    return new SilverEntity(
        name, sourceTable, keyColumn, typedColumns, rules, List.of(more), lookups);
  }

  /** The same entity with these lookups. */
  SilverEntity withLookups(Lookup... more) {
    return new SilverEntity(
        name, sourceTable, keyColumn, typedColumns, rules, references, List.of(more));
  }

  /** The source table's name without its source ({@code ehr.patients} gives {@code patients}). */
  public String table() {
    return sourceTable.substring(sourceTable.indexOf('.') + 1);
  }
}
