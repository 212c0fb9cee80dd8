package org.carelake.app.pipeline;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.carelake.terminology.Icd10Chapter;
import org.carelake.terminology.Icd10Chapters;

/**
 * The published gold table {@code encounters_by_month_chapter}, read back, and the same table
 * computed without Spark straight from the source, so tests can compare the two.
 */
final class GoldCheck {
  private GoldCheck() {}

  /** Month|class|chapter -> encounters, as published. */
  static Map<String, Long> published(Connection publish) throws SQLException {
    Map<String, Long> rows = new TreeMap<>();
    try (Statement statement = publish.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT admit_month, encounter_class, icd10_chapter, encounters"
                    + " FROM gold.encounters_by_month_chapter")) {
      while (result.next()) {
        rows.put(
            result.getDate(1) + "|" + result.getString(2) + "|" + result.getInt(3),
            result.getLong(4));
      }
    }
    return rows;
  }

  /**
   * Month|class|chapter -> encounters, from the source: each encounter's first primary diagnosis
   * (by id) classified by the Java terminology code, leaving out the excluded encounters.
   */
  static Map<String, Long> expected(Connection source, List<Long> excludedEncounters)
      throws SQLException {
    Map<String, Long> rows = new TreeMap<>();
    try (Statement statement = source.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT e.encounter_id, date_trunc('month', e.admit_time)::date, e.encounter_class,"
                    + " (SELECT d.icd10_code FROM diagnoses d WHERE d.encounter_id = e.encounter_id"
                    + " AND d.diagnosis_rank = 'primary' ORDER BY d.diagnosis_id LIMIT 1)"
                    + " FROM encounters e")) {
      while (result.next()) {
        if (excludedEncounters.contains(result.getLong(1))) {
          continue;
        }
        int chapter =
            result.getString(4) == null
                ? 0
                : Icd10Chapters.chapterOf(result.getString(4)).map(Icd10Chapter::number).orElse(0);
        rows.merge(result.getDate(2) + "|" + result.getString(3) + "|" + chapter, 1L, Long::sum);
      }
    }
    return rows;
  }
}
