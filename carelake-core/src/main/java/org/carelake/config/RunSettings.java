package org.carelake.config;

import java.time.Duration;

/**
 * How a pipeline run behaves.
 *
 * @param retryAttempts attempts a step makes on a transient failure
 * @param retryBackoff the wait before the first retry; it doubles each time
 * @param lockTimeout how old the lock's heartbeat may get before the lock counts as abandoned
 */
public record RunSettings(int retryAttempts, Duration retryBackoff, Duration lockTimeout) {}
