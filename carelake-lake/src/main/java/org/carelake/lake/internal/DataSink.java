package org.carelake.lake.internal;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes rows into one lake table, the way that table is kept: merged by key (silver, history, FHIR
 * resources), replaced as a whole (pending rows) or appended once per run (quarantine).
 *
 * <p>A sink is configured through its constructor (session, location, key, run) and holds no rows:
 * a stage computes its rows with transforms that read and write nothing, then hands them to its
 * sink, so each table is written in one place. Implementations are {@code final} classes of their
 * stage's package, package-private unless another stage writes the same table.
 */
public interface DataSink {
  /**
   * Writes the rows into the sink's table, creating the table on first use.
   *
   * <p>Cost: the write (a Delta commit, or none when there is nothing to change); the count comes
   * from the commit's own metrics, never from a scan.
   *
   * @param rows rows of the columns the sink's input has (each sink names them)
   * @return how many rows of the table the write inserted, updated, deleted or appended; zero when
   *     it wrote nothing
   */
  long write(Dataset<Row> rows);
}
