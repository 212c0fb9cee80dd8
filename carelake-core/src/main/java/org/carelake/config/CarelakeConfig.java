package org.carelake.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.carelake.core.Errors;

/**
 * carelake's resolved and validated configuration.
 *
 * <p>Each key's value comes from, in rising precedence: its default, the configuration file (Java
 * properties), the environment variable named after it, and {@code --set key=value} on the command
 * line. Every value is validated when the configuration is loaded, and every problem is reported at
 * once, each naming the key, where its value came from, what is wrong and how to fix it. Components
 * read their part through a record ({@link #source()}, {@link #kafka()}, ...).
 */
public final class CarelakeConfig {
  /** Where a value came from. */
  public enum Origin {
    /** The key's declared default. */
    DEFAULT("default"),
    /** The configuration file. */
    FILE("configuration file"),
    /** The key's environment variable. */
    ENVIRONMENT("environment variable"),
    /** {@code --set} on the command line. */
    COMMAND_LINE("command line");

    private final String words;

    Origin(String words) {
      this.words = words;
    }

    /** How the origin reads in a sentence. */
    public String words() {
      return words;
    }
  }

  private final Map<ConfigKey<?>, Object> values;
  private final Map<ConfigKey<?>, Origin> origins;
  private final Optional<Path> file;

  private CarelakeConfig(
      Map<ConfigKey<?>, Object> values, Map<ConfigKey<?>, Origin> origins, Optional<Path> file) {
    this.values = values;
    this.origins = origins;
    this.file = file;
  }

  /**
   * Loads and validates the configuration.
   *
   * @param file the configuration file, if one is used; it must exist
   * @param environment the process environment (only {@code CARELAKE_*} variables are read)
   * @param overrides {@code key=value} pairs given on the command line
   * @throws org.carelake.core.ConfigException listing every bad key, its problem and its fix
   */
  public static CarelakeConfig load(
      Optional<Path> file, Map<String, String> environment, Map<String, String> overrides) {
    Map<String, String> fromFile = file.map(CarelakeConfig::readFile).orElse(Map.of());
    List<String> problems = new ArrayList<>();
    fromFile.keySet().stream()
        .filter(name -> find(name).isEmpty())
        .sorted()
        .forEach(name -> problems.add(Errors.unknownConfigKey(name, Origin.FILE, closest(name))));
    overrides.keySet().stream()
        .filter(name -> find(name).isEmpty())
        .sorted()
        .forEach(
            name ->
                problems.add(Errors.unknownConfigKey(name, Origin.COMMAND_LINE, closest(name))));

    Map<ConfigKey<?>, Object> values = new LinkedHashMap<>();
    Map<ConfigKey<?>, Origin> origins = new LinkedHashMap<>();
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      Origin origin = Origin.DEFAULT;
      String text = key.defaultText().orElse(null);
      if (fromFile.containsKey(key.name())) {
        origin = Origin.FILE;
        text = fromFile.get(key.name());
      }
      if (environment.containsKey(key.environmentVariable())) {
        origin = Origin.ENVIRONMENT;
        text = environment.get(key.environmentVariable());
      }
      if (overrides.containsKey(key.name())) {
        origin = Origin.COMMAND_LINE;
        text = overrides.get(key.name());
      }
      if (key.sensitivity() == ConfigKey.Sensitivity.SECRET && origin == Origin.COMMAND_LINE) {
        problems.add(Errors.secretOnCommandLine(key));
        continue;
      }
      origins.put(key, origin);
      if (text == null) {
        continue;
      }
      try {
        Object value = key.parse(text);
        if (value != null) {
          values.put(key, value);
        }
      } catch (IllegalArgumentException e) {
        problems.add(Errors.badConfigValue(key, origin, e.getMessage()));
      }
    }
    CarelakeConfig config = new CarelakeConfig(values, origins, file);
    if (problems.isEmpty()) {
      config.checkCombinations(problems);
    }
    if (!problems.isEmpty()) {
      throw Errors.invalidConfiguration(problems);
    }
    return config;
  }

  /** Loads the defaults and the given environment only; for tests and embedding. */
  public static CarelakeConfig fromEnvironment(Map<String, String> environment) {
    return load(Optional.empty(), environment, Map.of());
  }

  private void checkCombinations(List<String> problems) {
    String protocol = get(ConfigKeys.KAFKA_SECURITY_PROTOCOL);
    if (protocol.startsWith("SASL")
        && optional(ConfigKeys.KAFKA_SASL_JAAS_CONFIG).isEmpty()
        && optional(ConfigKeys.KAFKA_EVENT_HUBS_CONNECTION_STRING).isEmpty()) {
      problems.add(Errors.saslWithoutJaas(protocol));
    }
  }

  /** The value of a key that has a default. */
  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    Object value = values.get(key);
    if (value == null) {
      throw new IllegalStateException("Configuration key " + key + " has no value");
    }
    return (T) value;
  }

  /** The value of a key, or empty when it is unset or set to the empty string. */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> optional(ConfigKey<T> key) {
    Object value = values.get(key);
    if (value instanceof String text && text.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable((T) value);
  }

  /** Where a key's value came from. */
  public Origin origin(ConfigKey<?> key) {
    return origins.getOrDefault(key, Origin.DEFAULT);
  }

  /** The configuration file in use, if any. */
  public Optional<Path> file() {
    return file;
  }

  /** The folder for embedded services' files, logs and the default lake, made absolute. */
  public Path dataDir() {
    return get(ConfigKeys.DATA_DIR).toAbsolutePath().normalize();
  }

  /** The lake root: {@code lake.uri}, or {@code <data-dir>/lake}. */
  public URI lakeUri() {
    return optional(ConfigKeys.LAKE_URI).orElseGet(() -> dataDir().resolve("lake").toUri());
  }

  /** The source database settings; an empty URL means the embedded PostgreSQL. */
  public JdbcSettings source() {
    return new JdbcSettings(
        optional(ConfigKeys.SOURCE_JDBC_URL),
        get(ConfigKeys.SOURCE_USER),
        optional(ConfigKeys.SOURCE_PASSWORD));
  }

  /** The publish database settings; an empty URL means the embedded PostgreSQL. */
  public JdbcSettings publish() {
    return new JdbcSettings(
        optional(ConfigKeys.PUBLISH_JDBC_URL),
        get(ConfigKeys.PUBLISH_USER),
        optional(ConfigKeys.PUBLISH_PASSWORD));
  }

  /** The schema that receives the published gold tables. */
  public String publishSchema() {
    return get(ConfigKeys.PUBLISH_SCHEMA);
  }

  /** The Kafka settings; an empty bootstrap list means the embedded broker. */
  public KafkaSettings kafka() {
    Optional<String> eventHubs = optional(ConfigKeys.KAFKA_EVENT_HUBS_CONNECTION_STRING);
    if (eventHubs.isPresent()) {
      String connectionString = eventHubs.get();
      return new KafkaSettings(
          optional(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS)
              .or(() -> Optional.of(EventHubs.bootstrapServer(connectionString))),
          "SASL_SSL",
          "PLAIN",
          Optional.of(EventHubs.jaasConfig(connectionString)));
    }
    return new KafkaSettings(
        optional(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS),
        get(ConfigKeys.KAFKA_SECURITY_PROTOCOL),
        get(ConfigKeys.KAFKA_SASL_MECHANISM),
        optional(ConfigKeys.KAFKA_SASL_JAAS_CONFIG));
  }

  /** The event topics and how carelake creates them. */
  public EventSettings events() {
    return new EventSettings(
        get(ConfigKeys.EVENTS_TOPIC_ADT),
        get(ConfigKeys.EVENTS_TOPIC_SIU),
        get(ConfigKeys.EVENTS_TOPIC_ORU),
        get(ConfigKeys.EVENTS_TOPIC_DEAD_LETTER),
        get(ConfigKeys.EVENTS_PARTITIONS),
        get(ConfigKeys.EVENTS_RETENTION),
        get(ConfigKeys.EVENTS_SEND_TIMEOUT));
  }

  /** Where the MLLP listener accepts connections. */
  public ListenSettings listen() {
    return new ListenSettings(
        get(ConfigKeys.LISTEN_ADDRESS),
        get(ConfigKeys.LISTEN_PORT),
        get(ConfigKeys.LISTEN_MAX_CONNECTIONS));
  }

  /** How carelake stream reads Kafka. */
  public StreamSettings stream() {
    return new StreamSettings(
        get(ConfigKeys.STREAM_TRIGGER_INTERVAL), get(ConfigKeys.STREAM_MAX_MESSAGES_PER_BATCH));
  }

  /** The Spark settings. */
  public SparkSettings spark() {
    return new SparkSettings(
        get(ConfigKeys.SPARK_MASTER_KEY), get(ConfigKeys.SPARK_SHUFFLE_PARTITIONS));
  }

  /** How runs retry, and how long a run's lock lives without a heartbeat. */
  public RunSettings run() {
    return new RunSettings(
        get(ConfigKeys.RUN_RETRY_ATTEMPTS),
        get(ConfigKeys.RUN_RETRY_BACKOFF),
        get(ConfigKeys.RUN_LOCK_TIMEOUT));
  }

  /** The FHIR layer's settings. */
  public FhirSettings fhir() {
    return new FhirSettings(get(ConfigKeys.FHIR_VALIDATION_SAMPLE));
  }

  /** The ports of the embedded services. */
  public EmbeddedSettings embedded() {
    return new EmbeddedSettings(
        get(ConfigKeys.EMBEDDED_POSTGRES_PORT), get(ConfigKeys.EMBEDDED_KAFKA_PORT));
  }

  /**
   * Every key with its value as text (secrets masked) and its origin, for {@code carelake config}.
   */
  public List<String[]> describe() {
    List<String[]> rows = new ArrayList<>();
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      Object value = values.get(key);
      String shown;
      if (value == null || (value instanceof String text && text.isEmpty())) {
        shown = "";
      } else if (key.sensitivity() == ConfigKey.Sensitivity.SECRET) {
        shown = "********";
      } else {
        // A JDBC URL may carry a password of its own.
        shown = JdbcUrls.redact(String.valueOf(value));
      }
      rows.add(new String[] {key.name(), shown, origin(key).words()});
    }
    return rows;
  }

  private static Map<String, String> readFile(Path path) {
    if (!Files.isRegularFile(path)) {
      throw Errors.configFileMissing(path);
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw Errors.configFileUnreadable(path, e);
    }
    Map<String, String> map = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
    return map;
  }

  private static Optional<ConfigKey<?>> find(String name) {
    return ConfigKeys.ALL.stream().filter(key -> key.name().equals(name)).findFirst();
  }

  private static Optional<String> closest(String name) {
    return ConfigKeys.ALL.stream()
        .map(ConfigKey::name)
        .min(Comparator.comparingInt(candidate -> distance(candidate, name)))
        .filter(candidate -> distance(candidate, name) <= Math.max(2, name.length() / 4));
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
