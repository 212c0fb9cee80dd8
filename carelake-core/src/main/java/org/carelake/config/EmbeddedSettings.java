package org.carelake.config;

/**
 * Ports of the embedded services; 0 picks a free port.
 *
 * @param postgresPort the embedded PostgreSQL's port
 * @param kafkaPort the embedded Kafka broker's port
 */
public record EmbeddedSettings(int postgresPort, int kafkaPort) {}
