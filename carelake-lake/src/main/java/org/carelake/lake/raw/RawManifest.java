package org.carelake.lake.raw;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What one raw extract file holds, written beside it and never changed.
 *
 * @param runId the run that extracted it
 * @param source the source system ({@code ehr})
 * @param table the source table
 * @param file the data file's name in the same folder, or null when the extract was empty
 * @param format the data format ({@code csv}: PostgreSQL COPY CSV with a header line)
 * @param rowCount rows in the file, as counted by the database
 * @param bytes the file's size
 * @param sha256 the file's SHA-256, hex
 * @param watermarkFrom the lower bound of {@code updated_at} (inclusive), or null on a first run
 * @param watermarkTo the upper bound of {@code updated_at} (exclusive)
 * @param extractedAt when the extract was taken (ISO-8601, UTC)
 * @param columns the source columns, in file order
 */
public record RawManifest(
    @JsonProperty("run_id") String runId,
    String source,
    String table,
    String file,
    String format,
    @JsonProperty("row_count") long rowCount,
    long bytes,
    String sha256,
    @JsonProperty("watermark_from") String watermarkFrom,
    @JsonProperty("watermark_to") String watermarkTo,
    @JsonProperty("extracted_at") String extractedAt,
    List<Column> columns) {

  /**
   * A source column.
   *
   * @param name the column name
   * @param type the source type name (PostgreSQL's {@code data_type})
   */
  public record Column(String name, String type) {}
}
