package org.carelake.config;

/**
 * Where the MLLP listener accepts connections.
 *
 * @param address the address it binds to
 * @param port the TCP port; 0 picks a free one
 * @param maxConnections the connections served at once
 */
public record ListenSettings(String address, int port, int maxConnections) {}
