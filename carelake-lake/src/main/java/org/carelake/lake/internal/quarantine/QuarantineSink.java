package org.carelake.lake.internal.quarantine;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.carelake.lake.LakePaths;
import org.carelake.lake.internal.DataSink;
import org.carelake.lake.internal.DeltaWrites;

/**
 * Appends rejected rows to the quarantine ({@code quarantine/records}), once per writer and run: a
 * step re-run after a crash never quarantines its rows twice ({@link DeltaWrites#appendOnce}).
 *
 * <p>Every stage that rejects rows writes them here: the bronze step (inbox records that do not
 * parse), the silver steps (rows that break an error rule) and HL7 silver (messages that cannot be
 * mapped). Input: rows of the quarantine's columns ({@code source_table}, {@code source_key},
 * {@code rule_ids}, {@code reasons}, {@code record}, {@code run_id}, {@code source_position},
 * {@code quarantined_at}). Side effect: one Delta append, or none when this writer already appended
 * for this run.
 */
public final class QuarantineSink implements DataSink {
  private final String path;
  private final String applicationId;
  private final long sequence;

  /**
   * A sink appending to one lake's quarantine.
   *
   * @param paths the lake
   * @param writer names the writer, unique among the lake's quarantine writers (e.g. {@code
   *     patients}, {@code raw-ehr_patients}, {@code hl7})
   * @param sequence the run's sequence number
   */
  public QuarantineSink(LakePaths paths, String writer, long sequence) {
    this.path = paths.quarantine();
    this.applicationId = "carelake-quarantine-" + writer;
    this.sequence = sequence;
  }

  /**
   * Appends the rows, unless this writer already appended for this run.
   *
   * @return how many rows were appended; zero when the append was skipped as a replay
   */
  @Override
  public long write(Dataset<Row> rows) {
    return DeltaWrites.appendOnceCounting(rows, path, applicationId, sequence).orElse(0);
  }
}
