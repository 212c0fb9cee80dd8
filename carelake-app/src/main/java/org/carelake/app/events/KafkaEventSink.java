package org.carelake.app.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.carelake.core.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores received messages in Kafka, each durably before {@link #store} returns: an idempotent
 * producer with {@code acks=all}, so a message is stored once on every in-sync replica, in the
 * order of its partition, even when the producer retries.
 *
 * <p>Each record is keyed by the patient ({@link ReceivedMessage#key()}), holds the message's bytes
 * as received, and carries the headers {@code carelake.received-at} (ISO-8601 instant), {@code
 * carelake.control-id} (MSH-10), {@code carelake.message-type} ({@code ADT^A01}) and {@code
 * carelake.charset} (the character set its text is in).
 *
 * <p>Timeouts: {@code events.send-timeout} bounds the whole store: it is the producer's {@code
 * delivery.timeout.ms} (retries included) and {@code max.block.ms} (waiting for metadata, which is
 * what a send does first when the broker is down), and {@code request.timeout.ms} is half of it (at
 * most 30 s), so that a request that times out is retried within the delivery timeout. A store that
 * fails or times out throws; the message may still be stored later (the broker may have written it
 * and lost the answer), so a sender's resend can store it twice: the control-id header lets a
 * reader drop the copy.
 *
 * <p>Thread-safe: one producer serves every connection, and batches their records.
 */
public final class KafkaEventSink implements EventSink, AutoCloseable {
  /** The largest request the producer sends: the listener's largest frame and some headroom. */
  static final int MAX_REQUEST_BYTES = MllpListener.MAX_FRAME_BYTES + 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(KafkaEventSink.class);

  private final Properties properties;
  private final Duration sendTimeout;
  private volatile Producer<String, byte[]> producer;
  private volatile boolean closed;

  /**
   * A sink that connects with these client properties.
   *
   * @param clientProperties bootstrap servers and security, from {@link
   *     org.carelake.config.KafkaSettings#clientProperties}
   * @param sendTimeout how long one store may take ({@code events.send-timeout})
   */
  public KafkaEventSink(Map<String, String> clientProperties, Duration sendTimeout) {
    this.properties = producerProperties(clientProperties, sendTimeout);
    this.sendTimeout = sendTimeout;
    this.producer = newProducer();
  }

  /**
   * The producer's properties: the client properties (bootstrap servers, security protocol, SASL),
   * then durability ({@code acks=all}, {@code enable.idempotence=true}) and the timeouts above.
   */
  public static Properties producerProperties(
      Map<String, String> clientProperties, Duration sendTimeout) {
    Properties properties = new Properties();
    properties.putAll(clientProperties);
    long timeout = sendTimeout.toMillis();
    long requestTimeout = Math.max(1, Math.min(30_000, timeout / 2));
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(requestTimeout));
    properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeout));
    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout));
    properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_REQUEST_BYTES));
    properties.put(ProducerConfig.CLIENT_ID_CONFIG, "carelake-listen");
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return properties;
  }

  @Override
  public void store(ReceivedMessage message) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(
            message.topic(), null, message.key(), message.bytes(), headers(message));
    Producer<String, byte[]> current = producer;
    try {
      Future<RecordMetadata> sent = current.send(record);
      // The producer fails the send itself after delivery.timeout.ms; the margin only covers a
      // producer that does not.
      sent.get(sendTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      replaceIfUnusable(current, e.getCause());
      throw Errors.eventNotStored(message.topic(), sendTimeout, e.getCause());
    } catch (TimeoutException | KafkaException | IllegalStateException e) {
      replaceIfUnusable(current, e);
      throw Errors.eventNotStored(message.topic(), sendTimeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Errors.eventStoreInterrupted(message.topic(), e);
    }
  }

  /** Closes the producer, waiting up to the send timeout for records in flight. */
  @Override
  public void close() {
    closed = true;
    producer.close(sendTimeout);
  }

  private static List<Header> headers(ReceivedMessage message) {
    List<Header> headers = new ArrayList<>(4);
    headers.add(header("carelake.received-at", message.receivedAt().toString()));
    headers.add(header("carelake.control-id", message.controlId()));
    headers.add(header("carelake.message-type", message.messageType()));
    headers.add(header("carelake.charset", message.charset().name()));
    return headers;
  }

  private static Header header(String name, String value) {
    return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private Producer<String, byte[]> newProducer() {
    return new KafkaProducer<>(properties);
  }

  /**
   * Replaces the producer after a failure that leaves it unable to send: its producer id or epoch
   * was lost or fenced, or it was closed by a fatal error. A timeout or a refused record leaves it
   * usable (the idempotent producer bumps its epoch itself after an expired batch).
   */
  private synchronized void replaceIfUnusable(Producer<String, byte[]> failed, Throwable cause) {
    boolean unusable =
        cause instanceof OutOfOrderSequenceException
            || cause instanceof UnknownProducerIdException
            || cause instanceof InvalidProducerEpochException
            || cause instanceof ProducerFencedException
            || cause instanceof AuthenticationException
            || cause instanceof AuthorizationException
            || cause instanceof IllegalStateException;
    if (!unusable || closed || producer != failed) {
      return;
    }
    LOG.warn("event=kafka.producer-replaced reason={}", cause.getClass().getSimpleName());
    producer = newProducer();
    failed.close(Duration.ZERO);
  }
}
