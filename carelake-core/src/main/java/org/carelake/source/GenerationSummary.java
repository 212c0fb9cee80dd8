package org.carelake.source;

import java.util.Map;

/**
 * What the source holds after a generation, or when read with {@link SourceStats}.
 *
 * @param rowCounts rows per EHR table, in the reference schema's order
 * @param fingerprint a SHA-256 (hex) of the content of every EHR table, ordered by primary key,
 *     without the database-kept {@code created_at} and {@code updated_at}: the same data gives the
 *     same fingerprint, whenever and wherever it was loaded
 * @param seconds the wall time the generation (or the reading) took
 */
public record GenerationSummary(Map<String, Long> rowCounts, String fingerprint, double seconds) {
  /** Every EHR row. */
  public long totalRows() {
    return rowCounts.values().stream().mapToLong(Long::longValue).sum();
  }
}
