package org.carelake.lake.silver;

import java.util.List;
import java.util.Map;

/**
 * What a silver stage needs to know about one entity: its typed columns and its rules.
 *
 * @param name the silver table's name, e.g. {@code encounters}
 * @param sourceTable the source table it comes from
 * @param keyColumn the business key silver merges on
 * @param typedColumns the silver columns in order, each a Spark SQL expression over the bronze
 *     columns as received
 * @param rules the validation rules, over the typed columns and {@code _raw}
 */
public record SilverEntity(
    String name,
    String sourceTable,
    String keyColumn,
    Map<String, String> typedColumns,
    List<ValidationRule> rules) {}
