package org.carelake.source;

import org.carelake.config.JdbcEndpoint;
import org.carelake.core.Errors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The reference EHR schema: versioned Flyway migrations in {@code classpath:db/source}, applied to
 * the {@code public} schema of the source database. See {@code docs/source-schema.md}.
 */
public final class SourceSchema {
  /** Where the migrations live on the class path. */
  public static final String LOCATION = "classpath:db/source";

  private SourceSchema() {}

  /**
   * Brings the source database to the newest schema version. Idempotent: a database that is up to
   * date is left as it is.
   *
   * <p>Side effects: creates or alters tables, and Flyway's {@code flyway_schema_history} table.
   *
   * @param source the source database
   */
  public static void migrate(JdbcEndpoint source) {
    try {
      Flyway.configure()
          .dataSource(source.url(), source.user(), source.password().orElse(null))
          .locations(LOCATION)
          .schemas("public")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw Errors.migrationFailed(source, e);
    }
  }
}
