package org.carelake.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Text files that ship inside carelake's jars (SQL, rule tables, catalogs). */
public final class Resources {
  private Resources() {}

  /**
   * A class path resource as UTF-8 text.
   *
   * @param resource its path on the class path, without a leading slash ({@code sql/gold/x.sql})
   * @throws CarelakeException when it is missing or unreadable (an incomplete build)
   */
  public static String text(String resource) {
    try (InputStream in = Resources.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw Errors.resourceMissing(resource, null);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Errors.resourceMissing(resource, e);
    }
  }
}
