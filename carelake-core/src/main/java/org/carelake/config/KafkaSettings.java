package org.carelake.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach Kafka or Azure Event Hubs' Kafka endpoint.
 *
 * @param bootstrapServers host:port pairs, or empty for the embedded broker
 * @param securityProtocol PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 * @param saslMechanism the SASL mechanism, used with a SASL protocol
 * @param saslJaasConfig the JAAS line, used with a SASL protocol
 */
public record KafkaSettings(
    Optional<String> bootstrapServers,
    String securityProtocol,
    String saslMechanism,
    Optional<String> saslJaasConfig) {

  /** Whether this is the embedded broker. */
  public boolean embedded() {
    return bootstrapServers.isEmpty();
  }

  /**
   * The Kafka client properties for these settings, with the given bootstrap servers.
   *
   * @param servers the bootstrap servers actually in use (the embedded broker's when embedded)
   */
  public Map<String, String> clientProperties(String servers) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("bootstrap.servers", servers);
    properties.put("security.protocol", securityProtocol);
    if (securityProtocol.startsWith("SASL")) {
      properties.put("sasl.mechanism", saslMechanism);
      saslJaasConfig.ifPresent(jaas -> properties.put("sasl.jaas.config", jaas));
    }
    return properties;
  }

  @Override
  public String toString() {
    return "KafkaSettings[bootstrapServers="
        + bootstrapServers.orElse("(embedded)")
        + ", securityProtocol="
        + securityProtocol
        + "]";
  }
}
