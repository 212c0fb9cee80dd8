package org.carelake.app.services;

import java.nio.file.Path;
import org.carelake.core.CarelakeException;

/** The error messages of the embedded services: each says the problem, its cause and the fix. */
final class ServiceErrors {
  private ServiceErrors() {}

  static CarelakeException portInUse(String service, int port, String key) {
    return new CarelakeException(
        "The embedded "
            + service
            + " could not start on 127.0.0.1:"
            + port
            + ": another program listens on that port; set "
            + key
            + " to a free port, or to 0 to pick one.");
  }

  static CarelakeException postgresFailed(Path folder, Exception cause) {
    String detail = String.valueOf(cause.getMessage());
    String fix;
    if (detail.contains("cannot be run as root") || detail.contains("unshare")) {
      fix =
          "PostgreSQL refuses to run as root, and this machine has no 'unshare' to run it in a"
              + " user namespace; run carelake as an ordinary user, or set source.jdbc-url and"
              + " publish.jdbc-url to a PostgreSQL server.";
    } else {
      fix =
          "see the server log under "
              + folder
              + ", or delete that folder to start afresh (the source data in it is lost), or set"
              + " source.jdbc-url and publish.jdbc-url to a PostgreSQL server.";
    }
    return new CarelakeException(
        "The embedded PostgreSQL did not start in " + folder + " (" + detail + "); " + fix, cause);
  }
}
