package org.carelake.lake.gold;

import java.util.List;
import org.carelake.core.Resources;

/**
 * A gold table: de-identified, defined by one SQL statement over silver views.
 *
 * <p>The statement lives in {@code sql/gold/<name>.sql} on the class path. It reads silver tables
 * through temporary views named {@code silver_<entity>}, and must select no direct identifier
 * (names, MRNs, contact details, exact dates tied to a person): gold is what analysts and the
 * dashboard see.
 *
 * @param name the gold table's name, also its published name
 * @param silverEntities the silver tables the statement reads
 * @param description one sentence for analysts
 */
public record GoldMart(String name, List<String> silverEntities, String description) {

  /** Encounters per admission month, encounter class and ICD-10-CM chapter of the primary dx. */
  public static final GoldMart ENCOUNTERS_BY_MONTH_CHAPTER =
      new GoldMart(
          "encounters_by_month_chapter",
          List.of("encounters", "diagnoses"),
          "Encounters and distinct patients per admission month, encounter class and ICD-10-CM"
              + " chapter of the primary diagnosis.");

  /** Every gold mart, in build order. */
  public static final List<GoldMart> ALL = List.of(ENCOUNTERS_BY_MONTH_CHAPTER);

  /** The SQL statement. */
  public String sql() {
    String resource = "sql/gold/" + name + ".sql";
    return Resources.text(resource);
  }
}
