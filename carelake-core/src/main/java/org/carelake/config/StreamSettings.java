package org.carelake.config;

import java.time.Duration;

/**
 * How {@code carelake stream} reads Kafka.
 *
 * @param triggerInterval how often a micro-batch starts
 * @param maxMessagesPerBatch the most messages one micro-batch reads
 */
public record StreamSettings(Duration triggerInterval, long maxMessagesPerBatch) {}
