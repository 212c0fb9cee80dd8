/**
 * HL7 v2 events into Kafka: the MLLP listener ({@link org.carelake.app.events.MllpListener}), the
 * decision to accept a received message ({@link org.carelake.app.events.MessageAdmission}), its
 * storage with {@code acks=all} ({@link org.carelake.app.events.KafkaEventSink}) and the topics
 * ({@link org.carelake.app.events.EventTopics}).
 *
 * <p>The one promise: a sender gets {@code AA} only for a message Kafka has stored on every in-sync
 * replica. Anything else gets {@code AE} or {@code AR} with a located reason, and the sender keeps
 * the message.
 */
package org.carelake.app.events;
