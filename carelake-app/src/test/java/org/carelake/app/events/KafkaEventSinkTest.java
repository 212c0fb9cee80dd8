package org.carelake.app.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.carelake.config.CarelakeConfig;
import org.junit.jupiter.api.Test;

/** The producer's properties: durable, bounded in time, and for Event Hubs from configuration. */
class KafkaEventSinkTest {
  private static final String CONNECTION_STRING =
      "Endpoint=sb://carelake-test.servicebus.windows.net/;SharedAccessKeyName=send;"
          + "SharedAccessKey=bm90LWEtcmVhbC1rZXk=";

  @Test
  void anEventHubsConnectionStringAloneGivesSaslSslPlainAndTheJaasLine() {
    CarelakeConfig config =
        CarelakeConfig.load(
            Optional.empty(),
            Map.of("CARELAKE_KAFKA_EVENT_HUBS_CONNECTION_STRING", CONNECTION_STRING),
            Map.of());
    String servers = config.kafka().bootstrapServers().orElseThrow();

    Properties properties =
        KafkaEventSink.producerProperties(
            config.kafka().clientProperties(servers), config.events().sendTimeout());

    assertThat(properties)
        .containsEntry("bootstrap.servers", "carelake-test.servicebus.windows.net:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true");
    assertThat(properties.getProperty("sasl.jaas.config"))
        .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required")
        .contains("username=\"$ConnectionString\"")
        .contains("password=\"" + CONNECTION_STRING + "\";");
  }

  @Test
  void theSendTimeoutBoundsDeliveryBlockingAndLeavesRoomForARetriedRequest() {
    Properties properties =
        KafkaEventSink.producerProperties(
            Map.of("bootstrap.servers", "127.0.0.1:9092", "security.protocol", "PLAINTEXT"),
            Duration.ofSeconds(30));

    long delivery = Long.parseLong(properties.getProperty("delivery.timeout.ms"));
    long linger = Long.parseLong(properties.getProperty("linger.ms"));
    long request = Long.parseLong(properties.getProperty("request.timeout.ms"));
    assertThat(delivery).isEqualTo(30_000);
    assertThat(properties.getProperty("max.block.ms")).isEqualTo("30000");
    assertThat(linger + request).isLessThanOrEqualTo(delivery);
    assertThat(request).isEqualTo(15_000);
    assertThat(properties)
        .containsEntry("security.protocol", "PLAINTEXT")
        .containsEntry("max.in.flight.requests.per.connection", "5");
  }

  @Test
  void theShortestSendTimeoutStillMakesAValidProducer() {
    Properties properties =
        KafkaEventSink.producerProperties(
            Map.of("bootstrap.servers", "127.0.0.1:9", "security.protocol", "PLAINTEXT"),
            Duration.ofSeconds(1));

    try (KafkaEventSink sink =
        new KafkaEventSink(Map.of("bootstrap.servers", "127.0.0.1:9"), Duration.ofSeconds(1))) {
      assertThat(sink).isNotNull();
    }
    assertThat(properties).containsEntry("request.timeout.ms", "500");
  }
}
