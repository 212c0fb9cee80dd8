package org.carelake.lake.internal.silver;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a silver stage reads besides the bronze increment, gathered by the caller so the stage stays
 * a pure function: the keys of the parents the lake has received, the lookups of cross-entity
 * rules, the rows still waiting from earlier runs, and the clock.
 *
 * @param knownKeys per parent entity, its received keys (one column {@code key}, BIGINT); a parent
 *     without an entry is not checked
 * @param lookups per lookup name, its rows ({@code key} and the value columns); a lookup without an
 *     entry matches nothing
 * @param pending the rows of this entity held by earlier runs (bronze columns with {@code
 *     _pending_since}), or null when there are none
 * @param asOf the run's time: the pending rows' wait is measured up to it
 * @param gracePeriod how long a row may wait for its parent before it goes to quarantine
 */
record SilverContext(
    Map<String, Dataset<Row>> knownKeys,
    Map<String, Dataset<Row>> lookups,
    Dataset<Row> pending,
    Instant asOf,
    Duration gracePeriod) {

  /** No parents checked, no lookups, nothing pending. */
  public static SilverContext none() {
    return new SilverContext(Map.of(), Map.of(), null, Instant.now(), Duration.ZERO);
  }

  /** The rows held by earlier runs, when there are any. */
  public Optional<Dataset<Row>> pendingRows() {
    return Optional.ofNullable(pending);
  }
}
