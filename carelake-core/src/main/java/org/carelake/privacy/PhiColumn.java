package org.carelake.privacy;

import java.util.Optional;

/**
 * The classification of one column of one lake table.
 *
 * @param table the table as a path under the lake root, e.g. {@code silver/patients} or {@code
 *     gold/patient_population}
 * @param column the column's name
 * @param phiClass direct identifier, quasi-identifier or not PHI
 * @param identifier which of the 18 Safe Harbor identifiers the column holds, in full or in part;
 *     always present for a direct identifier
 * @param form how much of the value the column keeps (see {@link PhiColumns#FORMS}); {@code none}
 *     for a column that is not PHI
 */
public record PhiColumn(
    String table,
    String column,
    PhiClass phiClass,
    Optional<SafeHarborIdentifier> identifier,
    String form) {

  /** The layer the table belongs to: the first part of its path ({@code bronze}, {@code gold}). */
  public String layer() {
    return table.substring(0, table.indexOf('/'));
  }
}
