package org.carelake.lake.silver;

import java.util.List;
import org.carelake.core.Resources;

/**
 * Data from other entities that a cross-entity rule compares a row with, such as the earliest
 * admission of a patient (a birth date after it is impossible).
 *
 * <p>The lookup's rows come from one SQL statement in {@code sql/silver/lookups/<name>.sql} that
 * selects a {@code key} column and the value columns, one row per key. It reads the temporary views
 * {@code silver_<entity>} (the silver table as it stands) and {@code increment_<entity>} (the run's
 * bronze rows of that entity, typed by its stage) for each entity in {@code reads}. The stage joins
 * the lookup on {@code joinColumn = key} and exposes the values as the struct {@code _<name>}, so a
 * rule reads {@code _first_admit.admit_time}; without a match the values are null.
 *
 * @param name the lookup's name
 * @param joinColumn the typed column of the entity that holds the lookup's key
 * @param valueSchema the value columns as a DDL list, e.g. {@code admit_time TIMESTAMP}
 * @param reads the entities whose silver and increment views the statement reads
 */
public record Lookup(String name, String joinColumn, String valueSchema, List<String> reads) {

  /** The SQL statement. */
  public String sql() {
    String resource = "sql/silver/lookups/" + name + ".sql";
    return Resources.text(resource);
  }
}
