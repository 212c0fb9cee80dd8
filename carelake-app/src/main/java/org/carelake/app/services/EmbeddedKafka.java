package org.carelake.app.services;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Apache Kafka broker running inside this JVM: one KRaft node that is both broker and
 * controller, listening on the loopback address only.
 *
 * <p>It lets carelake run its HL7v2 event flow on a bare machine. The broker keeps its topics and
 * records in a folder of the caller's choosing, so a broker started again on the same folder
 * carries on where the previous one stopped. Replication factors are 1 everywhere (there is one
 * node), topics are created automatically on first use, and a new consumer group is served at once
 * ({@code group.initial.rebalance.delay.ms=0}).
 *
 * <p><b>Logging.</b> Kafka logs hundreds of lines at INFO while it starts. When the broker starts,
 * the log4j2 loggers {@code kafka}, {@code org.apache.kafka} and {@code state.change.logger} are
 * set to WARN, each one only if the active log4j2 configuration does not name that logger itself
 * and would otherwise let INFO through. An operator who names one of these loggers in a log4j2
 * configuration file (for example to debug the broker at DEBUG) therefore keeps that setting. The
 * levels are applied again whenever log4j2 is reconfigured, because Spark replaces a default log4j2
 * configuration with its own when its first session starts, which would otherwise bring the
 * broker's INFO lines back. {@code org.apache.kafka} also covers the Kafka clients of this JVM,
 * whose configuration dumps at INFO are just as long.
 *
 * <p><b>Failures.</b> A failure to start, create topics or stop is a {@link ServiceException} whose
 * message says what went wrong, why, and what to do. As in a standalone broker, a fatal fault in
 * Kafka's metadata handling after start halts the JVM: Kafka does this itself rather than serve
 * metadata it cannot trust.
 *
 * <p>Instances are thread-safe. Close the broker to stop it; closing is prompt and ends every
 * thread the broker started. The only Kafka threads that outlive it are the two daemon {@code
 * metrics-meter-tick-thread}s of Yammer's JVM-wide metrics registry, which the first broker of a
 * JVM starts and every later one shares.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;
  private static final String BROKER_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String PORT_KEY = "embedded.kafka-port";

  /** How long a start may take before it is reported as a failure. */
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  /** How long one administrative request (such as creating topics) may take. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** How often to ask the broker again while waiting for it to start or to serve new topics. */
  private static final Duration READY_POLL_INTERVAL = Duration.ofMillis(20);

  /**
   * How many times to pick new ports when another process takes a port that was free a moment
   * before. A port the caller chose is never replaced.
   */
  private static final int BIND_ATTEMPTS = 3;

  private static final List<String> NOISY_LOGGERS =
      List.of("kafka", "org.apache.kafka", "state.change.logger");
  private static final AtomicBoolean RECONFIGURATION_LISTENER_ADDED = new AtomicBoolean();

  private final KafkaRaftServer server;
  private final Admin admin;
  private final int port;
  private final Path logDirectory;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafka(KafkaRaftServer server, Admin admin, int port, Path logDirectory) {
    this.server = server;
    this.admin = admin;
    this.port = port;
    this.logDirectory = logDirectory;
  }

  /**
   * Starts a broker that keeps its data in {@code logDirectory} and listens on {@code
   * 127.0.0.1:port}, and returns once it accepts clients and can create topics.
   *
   * <p>The folder is created if it does not exist and formatted for KRaft if it holds no Kafka data
   * yet; a folder that a previous broker formatted keeps its topics and records. The controller
   * listens on a second port, picked free on the loopback address at each start.
   *
   * <p>Cost: on two cores, 2 to 4 seconds for the first broker of a JVM, most of it loading Kafka's
   * classes, and 0.2 to 0.7 seconds for each later one. After a crash (the JVM ended without {@link
   * #close()}), the next start on the same folder takes about 12 seconds longer: the controller
   * keeps the dead broker's session open for {@code broker.session.timeout.ms} (9 seconds) and
   * refuses the new broker until it expires. That default is kept because a shorter session would
   * fence the broker during a long garbage-collection pause of a busy Spark JVM.
   *
   * @param logDirectory the folder for the broker's metadata and records
   * @param port the client port, or 0 to pick a free one (see {@link #bootstrapServers()})
   * @return the running broker, which the caller must close
   * @throws ServiceException if the port is in use or invalid, the folder cannot be used, or the
   *     broker does not start in time
   */
  public static EmbeddedKafka start(Path logDirectory, int port) {
    Objects.requireNonNull(logDirectory, "logDirectory");
    if (port < 0 || port > 65_535) {
      throw invalidPort(port);
    }
    long startNanos = System.nanoTime();
    quietKafkaLogging();
    Path directory = logDirectory.toAbsolutePath().normalize();
    createDirectory(directory);
    if (port != 0 && !isFree(port)) {
      throw portInUse(port, null);
    }
    for (int attempt = 1; ; attempt++) {
      int[] freePorts = freePorts(port == 0 ? 2 : 1);
      int brokerPort = port == 0 ? freePorts[1] : port;
      int controllerPort = freePorts[0];
      try {
        EmbeddedKafka kafka = startOnce(directory, brokerPort, controllerPort);
        LOG.info(
            "Embedded Kafka started on {}:{} in {} ms",
            HOST,
            brokerPort,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return kafka;
      } catch (ServiceException e) {
        throw e;
      } catch (RuntimeException e) {
        if (!causedByBindFailure(e)) {
          throw couldNotStart(brokerPort, directory, e);
        }
        if (port != 0 && !isFree(port)) {
          throw portInUse(port, e);
        }
        if (attempt == BIND_ATTEMPTS) {
          throw couldNotStart(brokerPort, directory, e);
        }
        // Another process took a port picked here between the check and Kafka's bind: pick again.
        LOG.debug("Embedded Kafka lost a picked port to another process; picking new ports", e);
      }
    }
  }

  /**
   * Returns the address Kafka clients connect to, such as {@code 127.0.0.1:9092}, for the {@code
   * bootstrap.servers} client setting.
   *
   * @return the broker's host and port
   */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /**
   * Creates the named topics with {@code partitions} partitions each and a replication factor of 1,
   * and returns once the broker serves them: every partition has a leader, so producers and
   * consumers started next find the topics at once. A topic that already exists is left as it is,
   * whatever its number of partitions, so calling this again is harmless.
   *
   * <p>Cost: a few requests to the broker; tens of milliseconds for a handful of topics.
   *
   * @param names the topic names; may be empty
   * @param partitions the number of partitions of each new topic, at least 1
   * @throws ServiceException if the broker refuses a topic (for example an invalid name) or does
   *     not answer in time
   */
  public void createTopics(Collection<String> names, int partitions) {
    Objects.requireNonNull(names, "names");
    if (partitions < 1) {
      throw new ServiceException(
          "Cannot create Kafka topics "
              + names
              + " with "
              + partitions
              + " partitions: a topic needs at least one partition; pass 1 or more.");
    }
    if (closed.get()) {
      throw new ServiceException(
          "Cannot create Kafka topics "
              + names
              + ": the embedded broker is closed; start a new one with EmbeddedKafka.start.");
    }
    Set<String> distinctNames = new LinkedHashSet<>(names);
    if (distinctNames.isEmpty()) {
      return;
    }
    List<NewTopic> topics =
        distinctNames.stream().map(name -> new NewTopic(name, partitions, (short) 1)).toList();
    Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
    for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
      awaitCreated(result.getKey(), result.getValue());
    }
    awaitServed(distinctNames);
  }

  /**
   * Stops the broker and waits until its threads have ended. The data stays in the log directory
   * for the next start. Closing again does nothing.
   *
   * @throws ServiceException if Kafka fails while stopping; Kafka recovers the folder on its next
   *     start
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long stopNanos = System.nanoTime();
    RuntimeException failure = null;
    try {
      admin.close(REQUEST_TIMEOUT);
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      stop(server);
    } catch (RuntimeException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw new ServiceException(
          "Embedded Kafka on "
              + bootstrapServers()
              + " did not stop cleanly: "
              + failure.getMessage()
              + "; Kafka recovers the log directory "
              + logDirectory
              + " on its next start, so start it again; if this repeats, see the cause below.",
          failure);
    }
    LOG.debug(
        "Embedded Kafka on {} stopped in {} ms",
        bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopNanos));
  }

  private static EmbeddedKafka startOnce(Path directory, int brokerPort, int controllerPort) {
    KafkaConfig config =
        new KafkaConfig(configuration(directory, brokerPort, controllerPort), false);
    formatIfNeeded(directory);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    Admin admin = null;
    try {
      server.startup();
      admin = Admin.create(adminConfiguration(brokerPort));
      awaitReady(admin, brokerPort, directory);
      return new EmbeddedKafka(server, admin, brokerPort, directory);
    } catch (RuntimeException | Error e) {
      try {
        if (admin != null) {
          admin.close(Duration.ZERO);
        }
        stop(server);
      } catch (RuntimeException | Error suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * The broker settings: a combined broker and controller on the loopback address, with the
   * replication factors of internal topics reduced to the single node there is.
   */
  private static Map<String, Object> configuration(
      Path directory, int brokerPort, int controllerPort) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("process.roles", "broker,controller");
    settings.put("node.id", String.valueOf(NODE_ID));
    // A static voter set (kraft.version 0) lets the controller move to a new port at each start;
    // a dynamic quorum would keep its first address in the metadata log.
    settings.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    settings.put(
        "listeners",
        BROKER_LISTENER
            + "://"
            + HOST
            + ":"
            + brokerPort
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + HOST
            + ":"
            + controllerPort);
    settings.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
    settings.put(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    settings.put("controller.listener.names", CONTROLLER_LISTENER);
    settings.put("inter.broker.listener.name", BROKER_LISTENER);
    settings.put("log.dirs", directory.toString());
    settings.put("auto.create.topics.enable", "true");
    settings.put("num.partitions", "1");
    settings.put("default.replication.factor", "1");
    settings.put("min.insync.replicas", "1");
    settings.put("offsets.topic.replication.factor", "1");
    settings.put("transaction.state.log.replication.factor", "1");
    settings.put("transaction.state.log.min.isr", "1");
    settings.put("group.initial.rebalance.delay.ms", "0");
    // Kafka waits for ever by default; a start that hangs should fail instead.
    settings.put("server.max.startup.time.ms", String.valueOf(START_TIMEOUT.toMillis()));
    return settings;
  }

  private static Map<String, Object> adminConfiguration(int brokerPort) {
    return Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        HOST + ":" + brokerPort,
        AdminClientConfig.CLIENT_ID_CONFIG,
        "carelake-embedded-kafka",
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
        (int) REQUEST_TIMEOUT.toMillis(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
        (int) REQUEST_TIMEOUT.toMillis());
  }

  /**
   * Formats the folder for KRaft unless a previous start did. Formatting writes {@code
   * meta.properties} (cluster and node id) and the bootstrap metadata; the cluster id is new for
   * each folder.
   */
  private static void formatIfNeeded(Path directory) {
    if (Files.exists(directory.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
      return;
    }
    Formatter formatter =
        new Formatter()
            .setPrintStream(
                new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
            .setNodeId(NODE_ID)
            .setClusterId(Uuid.randomUuid().toString())
            .setControllerListenerName(CONTROLLER_LISTENER)
            .setMetadataLogDirectory(directory.toString())
            .addDirectory(directory.toString());
    try {
      formatter.run();
    } catch (Exception e) {
      throw new ServiceException(
          "Embedded Kafka could not format its log directory "
              + directory
              + ": "
              + e.getMessage()
              + "; check that the folder is writable and empty, or point the broker at another"
              + " folder.",
          e);
    }
  }

  /**
   * Waits until the broker lists itself as a live node. Kafka's start returns before the controller
   * has unfenced the broker, and until then a topic with one replica cannot be created.
   */
  private static void awaitReady(Admin admin, int brokerPort, Path directory) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Exception lastFailure = null;
    while (System.nanoTime() < deadline) {
      try {
        if (!admin
            .describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
            .nodes()
            .get()
            .isEmpty()) {
          return;
        }
      } catch (ExecutionException e) {
        lastFailure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw interrupted("start on " + HOST + ":" + brokerPort, e);
      }
      pause("start on " + HOST + ":" + brokerPort);
    }
    throw new ServiceException(
        "Embedded Kafka on "
            + HOST
            + ":"
            + brokerPort
            + " did not become ready within "
            + START_TIMEOUT.toSeconds()
            + " s: its controller never admitted the broker; check the machine's load and the"
            + " warnings logged by 'kafka', or delete the log directory "
            + directory
            + " if its data may be discarded.",
        lastFailure);
  }

  private void awaitCreated(String name, KafkaFuture<Void> creation) {
    try {
      creation.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new ServiceException(
            "Embedded Kafka could not create topic '"
                + name
                + "': "
                + e.getCause().getMessage()
                + "; check the topic name (letters, digits, '.', '_' and '-', at most 249) and"
                + " the broker's warnings.",
            e.getCause());
      }
    } catch (TimeoutException e) {
      throw new ServiceException(
          "Embedded Kafka did not create topic '"
              + name
              + "' within "
              + REQUEST_TIMEOUT.toSeconds()
              + " s: the broker did not answer; check the machine's load and the broker's"
              + " warnings, then try again.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted("create topic '" + name + "'", e);
    }
  }

  /**
   * Waits until the broker describes every topic with a leader for each partition. The controller
   * confirms a creation before the broker has applied it to the metadata it serves to clients.
   */
  private void awaitServed(Set<String> names) {
    long deadline = System.nanoTime() + REQUEST_TIMEOUT.toNanos();
    Exception lastFailure = null;
    while (System.nanoTime() < deadline) {
      try {
        Map<String, TopicDescription> descriptions =
            admin.describeTopics(names).allTopicNames().get();
        if (descriptions.values().stream().allMatch(EmbeddedKafka::hasLeaders)) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new ServiceException(
              "Embedded Kafka could not describe topics "
                  + names
                  + " after creating them: "
                  + e.getCause().getMessage()
                  + "; check the broker's warnings, then try again.",
              e.getCause());
        }
        lastFailure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw interrupted("create topics " + names, e);
      }
      pause("create topics " + names);
    }
    throw new ServiceException(
        "Embedded Kafka created topics "
            + names
            + " but did not serve them within "
            + REQUEST_TIMEOUT.toSeconds()
            + " s: the broker has not applied the controller's metadata; check the machine's load"
            + " and the broker's warnings, then try again.",
        lastFailure);
  }

  private static boolean hasLeaders(TopicDescription topic) {
    return topic.partitions().stream()
        .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
  }

  /** Waits one poll interval before asking the broker again. */
  private static void pause(String action) {
    try {
      Thread.sleep(READY_POLL_INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(action, e);
    }
  }

  private static void stop(KafkaRaftServer server) {
    server.shutdown();
    server.awaitShutdown();
  }

  private static void createDirectory(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new ServiceException(
          "Embedded Kafka cannot use the log directory "
              + directory
              + ": "
              + e
              + "; point the broker at a folder this user can create and write.",
          e);
    }
  }

  /** Reserves free loopback ports all at once, so that the ports returned differ. */
  private static int[] freePorts(int count) {
    ServerSocket[] sockets = new ServerSocket[count];
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket(0, 1, InetAddress.getByName(HOST));
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new ServiceException(
          "Embedded Kafka found no free port on "
              + HOST
              + ": "
              + e.getMessage()
              + "; free some ports or set "
              + PORT_KEY
              + " to a port that is free.",
          e);
    } finally {
      for (ServerSocket socket : sockets) {
        closeQuietly(socket);
      }
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(HOST, port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void closeQuietly(ServerSocket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException e) {
      // The socket was only opened to find a free port; a failure to close it changes nothing.
      LOG.debug("Could not close a probe socket", e);
    }
  }

  private static boolean causedByBindFailure(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Sets the noisy Kafka loggers to WARN now and after every later log4j2 reconfiguration, unless
   * the configuration names them. Does nothing when log4j2 is not the logging backend.
   */
  private static void quietKafkaLogging() {
    if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
      return;
    }
    quietKafkaLoggers(context);
    if (RECONFIGURATION_LISTENER_ADDED.compareAndSet(false, true)) {
      context.addPropertyChangeListener(
          event -> {
            if (LoggerContext.PROPERTY_CONFIG.equals(event.getPropertyName())) {
              quietKafkaLoggers(context);
            }
          });
    }
  }

  private static void quietKafkaLoggers(LoggerContext context) {
    for (String name : NOISY_LOGGERS) {
      LoggerConfig closest = context.getConfiguration().getLoggerConfig(name);
      boolean namedInConfiguration = closest.getName().equals(name);
      if (!namedInConfiguration && closest.getLevel().isLessSpecificThan(Level.INFO)) {
        Configurator.setLevel(name, Level.WARN);
      }
    }
  }

  private static ServiceException invalidPort(int port) {
    return new ServiceException(
        "Embedded Kafka cannot listen on port "
            + port
            + ": a TCP port is between 1 and 65535; set "
            + PORT_KEY
            + " to a free port, or to 0 to pick one.");
  }

  private static ServiceException portInUse(int port, Throwable cause) {
    return new ServiceException(
        "Embedded Kafka could not start on "
            + HOST
            + ":"
            + port
            + ": the port is in use; set "
            + PORT_KEY
            + " to a free port or 0.",
        cause);
  }

  private static ServiceException couldNotStart(int port, Path directory, Throwable cause) {
    return new ServiceException(
        "Embedded Kafka could not start on "
            + HOST
            + ":"
            + port
            + " with log directory "
            + directory
            + ": "
            + cause.getMessage()
            + "; check that no other broker uses that folder and that it is writable, or point"
            + " the broker at another folder; the cause below has Kafka's details.",
        cause);
  }

  private static ServiceException interrupted(String action, InterruptedException cause) {
    return new ServiceException(
        "Embedded Kafka was interrupted during "
            + action
            + ": the thread was interrupted, usually because the application is stopping; start"
            + " the broker again if that was not intended.",
        cause);
  }
}
