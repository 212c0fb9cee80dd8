package org.carelake.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure Event Hubs' Kafka endpoint, configured from a namespace connection string.
 *
 * <p>Event Hubs speaks the Kafka protocol on port 9093 over TLS, and logs a client in with SASL
 * PLAIN, the user {@code $ConnectionString} and the connection string as the password (Microsoft's
 * "Use Azure Event Hubs from Apache Kafka applications"). Nothing here echoes the connection
 * string, which holds the shared access key.
 */
public final class EventHubs {
  /** The port of Event Hubs' Kafka endpoint. */
  public static final int KAFKA_PORT = 9093;

  private static final Pattern ENDPOINT =
      Pattern.compile("(?i)(?:^|;)\\s*Endpoint\\s*=\\s*sb://([A-Za-z0-9.\\-]+)/?\\s*(?:;|$)");

  private EventHubs() {}

  /**
   * The namespace's host, such as {@code contoso.servicebus.windows.net}.
   *
   * @throws IllegalArgumentException when the text has no {@code Endpoint=sb://host/} part or no
   *     shared access key; the message never contains the text
   */
  public static String namespaceHost(String connectionString) {
    Matcher matcher = ENDPOINT.matcher(connectionString);
    if (!matcher.find()) {
      throw new IllegalArgumentException(
          "it has no Endpoint=sb://<namespace>.servicebus.windows.net/ part (the value is not"
              + " shown: it is a secret)");
    }
    String lower = connectionString.toLowerCase(Locale.ROOT);
    if (!lower.contains("sharedaccesskey=") && !lower.contains("sharedaccesssignature=")) {
      throw new IllegalArgumentException(
          "it has no SharedAccessKey or SharedAccessSignature part (the value is not shown: it is"
              + " a secret)");
    }
    return matcher.group(1).toLowerCase(Locale.ROOT);
  }

  /** The bootstrap server of the namespace's Kafka endpoint. */
  public static String bootstrapServer(String connectionString) {
    return namespaceHost(connectionString) + ":" + KAFKA_PORT;
  }

  /** The JAAS line that logs in with the connection string. */
  public static String jaasConfig(String connectionString) {
    String escaped = connectionString.replace("\\", "\\\\").replace("\"", "\\\"");
    return "org.apache.kafka.common.security.plain.PlainLoginModule required"
        + " username=\"$ConnectionString\" password=\""
        + escaped
        + "\";";
  }
}
