package org.carelake.app.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.carelake.config.EventSettings;
import org.carelake.core.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the event topics exist and serve: the ADT, SIU and ORU topics and the dead-letter
 * topic of {@link EventSettings}.
 *
 * <p>A missing topic is created with {@code events.partitions} partitions, {@code retention.ms}
 * from {@code events.retention} and a replication factor of three, or the number of brokers when
 * there are fewer. A topic that exists is left as it is (its partitions and retention are the
 * operator's). Then it waits until every partition of every topic has a leader: a broker confirms a
 * creation before it serves the new partitions, and a producer that sends at once fails.
 *
 * <p>Used by the listener and by anything else that reads or writes the topics; calling it again is
 * harmless. Cost: three or four admin requests, tens of milliseconds on a local broker.
 */
public final class EventTopics {
  /** How long the topics may take to be created and served. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(EventTopics.class);
  private static final Duration POLL = Duration.ofMillis(50);

  private EventTopics() {}

  /**
   * Creates the missing topics with an admin client of its own; see {@link #ensure(Admin,
   * EventSettings)}.
   *
   * @param client the Kafka client properties (bootstrap servers, security)
   * @param events the topics and how to create them
   */
  public static List<String> ensure(java.util.Map<String, String> client, EventSettings events) {
    java.util.Properties properties = new java.util.Properties();
    properties.putAll(client);
    try (Admin admin = Admin.create(properties)) {
      return ensure(admin, events);
    }
  }

  /**
   * Creates the missing topics and waits until all of them serve.
   *
   * @param admin a client of the cluster
   * @param events the topics and how to create them
   * @return the topics this call created, in the order ADT, SIU, ORU, dead letter
   * @throws org.carelake.core.CarelakeException when the cluster cannot be reached, refuses a
   *     topic, or does not serve it within a minute
   */
  public static List<String> ensure(Admin admin, EventSettings events) {
    List<String> topics = events.allTopics();
    try {
      Set<String> existing =
          admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      int brokers =
          admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
      short replication = (short) Math.max(1, Math.min(3, brokers));
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : topics) {
        if (!existing.contains(topic)) {
          missing.add(
              new NewTopic(topic, events.partitions(), replication)
                  .configs(
                      Map.of(
                          TopicConfig.RETENTION_MS_CONFIG,
                          Long.toString(events.retention().toMillis()))));
        }
      }
      List<String> created = new ArrayList<>();
      if (!missing.isEmpty()) {
        Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
        for (NewTopic topic : missing) {
          try {
            results.get(topic.name()).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            created.add(topic.name());
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
              throw e;
            }
          }
        }
        LOG.info(
            "event=topics.created topics={} partitions={} replication={} retention-ms={}",
            created,
            events.partitions(),
            replication,
            events.retention().toMillis());
      }
      awaitLeaders(admin, topics);
      return created;
    } catch (ExecutionException e) {
      throw Errors.eventTopicsFailed(topics, e.getCause());
    } catch (TimeoutException e) {
      throw Errors.eventTopicsFailed(topics, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Errors.eventTopicsFailed(topics, e);
    }
  }

  private static void awaitLeaders(Admin admin, List<String> topics)
      throws ExecutionException, InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        Map<String, TopicDescription> descriptions =
            admin
                .describeTopics(topics)
                .allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (descriptions.values().stream().allMatch(EventTopics::hasLeaders)) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      Thread.sleep(POLL.toMillis());
    }
    throw Errors.eventTopicsNotServed(topics, TIMEOUT);
  }

  private static boolean hasLeaders(TopicDescription topic) {
    return topic.partitions().stream()
        .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
  }
}
