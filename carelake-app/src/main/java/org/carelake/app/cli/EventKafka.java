package org.carelake.app.cli;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.carelake.app.events.EventTopics;
import org.carelake.app.services.Services;
import org.carelake.config.CarelakeConfig;

/**
 * The Kafka of the event commands ({@code listen}, {@code events simulate}, {@code stream}): the
 * configured cluster or the embedded broker, with the event topics ensured, each shown as a
 * progress step that ends FAILED before the error when it fails.
 *
 * @param services the services holding the embedded broker, if one was started; close to stop it
 * @param client the Kafka client properties to connect with
 */
record EventKafka(Services services, Map<String, String> client) implements AutoCloseable {

  /**
   * Starts or connects to Kafka and ensures the event topics.
   *
   * @param config the configuration ({@code kafka.*}, {@code events.*})
   * @param progress where the steps are shown
   */
  static EventKafka open(CarelakeConfig config, Progress progress) {
    Progress.Step starting =
        progress.start(config.kafka().embedded() ? "start embedded Kafka" : "connect to Kafka");
    Services services;
    try {
      services = Services.start(config, EnumSet.of(Services.Role.KAFKA));
    } catch (RuntimeException e) {
      starting.failed();
      throw e;
    }
    try {
      String servers = services.kafkaBootstrapServers();
      Map<String, String> client = config.kafka().clientProperties(servers);
      starting.done(servers);
      Progress.Step topics = progress.start("event topics");
      List<String> created;
      try {
        created = EventTopics.ensure(client, config.events());
      } catch (RuntimeException e) {
        topics.failed();
        throw e;
      }
      topics.done(created.isEmpty() ? "all exist" : "created " + String.join(", ", created));
      return new EventKafka(services, client);
    } catch (RuntimeException e) {
      services.close();
      throw e;
    }
  }

  @Override
  public void close() {
    services.close();
  }
}
