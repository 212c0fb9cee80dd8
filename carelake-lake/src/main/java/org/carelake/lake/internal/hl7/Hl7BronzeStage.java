package org.carelake.lake.internal.hl7;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.carelake.hl7.Hl7Framing;
import org.carelake.hl7.Hl7Header;

/**
 * Turns landed HL7 files into bronze rows: one per message, as received.
 *
 * <p>Input: the files' manifests and texts. Output: rows of {@link #SCHEMA}: MSH-10 control id,
 * MSH-9 type and trigger, MSH-12 version and MSH-7 as sent (read from MSH without parsing, so even
 * a message HAPI cannot parse is filed), the message text normalized to CR-ended segments, the file
 * and the message's position in it, and the run. No side effects.
 */
final class Hl7BronzeStage {
  /** The bronze table's columns. */
  public static final StructType SCHEMA =
      new StructType()
          .add("message_control_id", DataTypes.StringType)
          .add("message_type", DataTypes.StringType)
          .add("trigger_event", DataTypes.StringType)
          .add("version", DataTypes.StringType)
          .add("sent_at", DataTypes.StringType)
          .add("raw_text", DataTypes.StringType)
          .add("_raw_file", DataTypes.StringType)
          .add("_file_position", DataTypes.IntegerType)
          .add("_source_position", DataTypes.StringType)
          .add("_run_id", DataTypes.StringType)
          .add("_ingested_at", DataTypes.TimestampType);

  private Hl7BronzeStage() {}

  /** A landed file and its text. */
  public record Landed(Hl7FileManifest manifest, String text) {}

  /** One bronze row per message of the files. */
  public static Dataset<Row> apply(SparkSession spark, List<Landed> files) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (Landed landed : files) {
      for (Hl7Framing.Framed framed : Hl7Framing.split(landed.text())) {
        rows.add(
            RowFactory.create(
                values(
                    framed.text(),
                    landed.manifest().file(),
                    framed.position(),
                    "hl7:"
                        + landed.manifest().runId()
                        + "/"
                        + landed.manifest().file()
                        + "#"
                        + framed.position(),
                    landed.manifest().runId(),
                    now)));
      }
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  /**
   * The values of {@link #SCHEMA} for one normalized message: its MSH read as sent, its text and
   * where it came from.
   */
  static Object[] values(
      String text,
      String rawFile,
      int filePosition,
      String sourcePosition,
      String runId,
      Timestamp ingestedAt) {
    Hl7Header header = Hl7Header.peek(text);
    return new Object[] {
      header.controlId(),
      header.messageType(),
      header.triggerEvent(),
      header.version(),
      header.sentAt(),
      text,
      rawFile,
      filePosition,
      sourcePosition,
      runId,
      ingestedAt
    };
  }
}
