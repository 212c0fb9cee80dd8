package org.carelake.lake.audit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.ConfigKeys;

/**
 * Who does an audited action, and from where.
 *
 * @param principal the configured principal ({@code audit.principal}), the operating system user,
 *     or a dashboard user's name; never patient data
 * @param host the host the action runs on
 * @param client the address of the remote client (a dashboard user's browser), when there is one
 */
public record AuditActor(String principal, String host, Optional<String> client) {

  /**
   * This process: {@code audit.principal}, else the operating system user, on this host, without a
   * remote client.
   */
  public static AuditActor local(CarelakeConfig config) {
    String configured = config.get(ConfigKeys.AUDIT_PRINCIPAL).strip();
    String principal =
        configured.isEmpty() ? System.getProperty("user.name", "unknown") : configured;
    return new AuditActor(principal, hostName(), Optional.empty());
  }

  /** A remote user of a service this host runs (the dashboard), seen at a client address. */
  public static AuditActor remote(String principal, String clientAddress) {
    return new AuditActor(principal, hostName(), Optional.of(clientAddress));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      // A host without a resolvable name is still this host; the entry says so instead of failing
      // the action it records.
      return "unknown";
    }
  }
}
