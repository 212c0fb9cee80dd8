package org.carelake.lake.internal.silver;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a silver stage makes of one bronze increment.
 *
 * @param upserts the valid rows, typed and deduplicated: one per key, its latest version
 * @param quarantined the rows that failed an error rule, with their rule ids and reasons
 * @param duplicatesCollapsed how many valid rows were folded into another version of the same key
 */
record SilverResult(Dataset<Row> upserts, Dataset<Row> quarantined, long duplicatesCollapsed) {}
