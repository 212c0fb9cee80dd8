package org.carelake.lake.internal.hl7;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.carelake.hl7.Hl7Charsets;
import org.carelake.hl7.Hl7Framing;
import org.carelake.hl7.Hl7Header;

/**
 * Turns the records of a Kafka micro-batch into bronze rows of {@code hl7_messages}: one per
 * message, as received, with where it was received (topic, partition, offset, key, receive time).
 *
 * <p>Input: rows of Spark's Kafka source ({@code key}, {@code value}, {@code topic}, {@code
 * partition}, {@code offset}, {@code timestamp}). Output: rows of {@link #SCHEMA}, the columns of
 * the batch path ({@link Hl7BronzeStage#SCHEMA}) and the Kafka ones. The bytes are decoded as the
 * batch path decodes files ({@link Hl7Charsets}) and framed by {@link Hl7Framing}: a record that
 * holds several messages gives one row each, and a record that holds no message (empty, binary) one
 * row of its text, so that it reaches quarantine instead of disappearing.
 *
 * <p>{@code event_key} identifies a message across resends: its sender (MSH-3, MSH-4) and control
 * id (MSH-10), or its Kafka coordinates when it has no control id. No side effects.
 */
final class Hl7StreamBronze {
  /** The bronze columns of a streamed message. */
  static final StructType SCHEMA =
      Hl7BronzeStage.SCHEMA
          .add("event_key", DataTypes.StringType)
          .add("kafka_topic", DataTypes.StringType)
          .add("kafka_partition", DataTypes.IntegerType)
          .add("kafka_offset", DataTypes.LongType)
          .add("kafka_key", DataTypes.StringType)
          .add("received_at", DataTypes.TimestampType);

  private Hl7StreamBronze() {}

  /**
   * The bronze rows of a micro-batch.
   *
   * @param batch the micro-batch as Spark's Kafka source gives it
   * @param runId the micro-batch's run id, written to {@code _run_id}
   */
  static Dataset<Row> apply(Dataset<Row> batch, String runId) {
    return batch
        .selectExpr(
            "CAST(key AS STRING) AS key", "value", "topic", "partition", "offset", "timestamp")
        .mapPartitions(new Messages(runId), Encoders.row(SCHEMA));
  }

  private static final class Messages implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final String runId;

    Messages(String runId) {
      this.runId = runId;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> records) {
      Timestamp now = Timestamp.from(Instant.now());
      List<Row> rows = new ArrayList<>();
      while (records.hasNext()) {
        Row record = records.next();
        String key = record.isNullAt(0) ? null : record.getString(0);
        byte[] value = record.isNullAt(1) ? new byte[0] : (byte[]) record.get(1);
        String topic = record.getString(2);
        int partition = record.getInt(3);
        long offset = record.getLong(4);
        Timestamp received = record.isNullAt(5) ? now : record.getTimestamp(5);
        String coordinates = "kafka:" + topic + "/" + partition + "@" + offset;
        List<Hl7Framing.Framed> messages = Hl7Framing.split(Hl7Charsets.decode(value));
        if (messages.isEmpty()) {
          messages =
              List.of(
                  new Hl7Framing.Framed(
                      1, new String(value, java.nio.charset.StandardCharsets.ISO_8859_1)));
        }
        for (Hl7Framing.Framed framed : messages) {
          String controlId = Hl7Header.peek(framed.text()).controlId();
          String position =
              messages.size() == 1 ? coordinates : coordinates + "#" + framed.position();
          String eventKey =
              controlId.isEmpty()
                  ? position
                  : "msh:" + Hl7Header.sender(framed.text()) + "|" + controlId;
          Object[] values =
              java.util.Arrays.copyOf(
                  Hl7BronzeStage.values(
                      framed.text(), null, framed.position(), position, runId, now),
                  SCHEMA.size());
          int at = Hl7BronzeStage.SCHEMA.size();
          values[at] = eventKey;
          values[at + 1] = topic;
          values[at + 2] = partition;
          values[at + 3] = offset;
          values[at + 4] = key;
          values[at + 5] = received;
          rows.add(RowFactory.create(values));
        }
      }
      return rows.iterator();
    }
  }
}
