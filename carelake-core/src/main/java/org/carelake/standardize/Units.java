package org.carelake.standardize;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Units of measure in UCUM (the Unified Code for Units of Measure, case-sensitive), as FHIR's
 * Quantity expects them.
 *
 * <p>Common spellings map to their UCUM code ({@code mg/dl} to {@code mg/dL}, {@code mmol/l} to
 * {@code mmol/L}, {@code IU/L} to {@code [IU]/L}, {@code K/uL} to {@code 10*3/uL}); countable dose
 * forms become UCUM annotations ({@code puff} to {@code {puff}}). A unit already in UCUM is kept;
 * one that is neither known nor UCUM is kept as written (trimmed), because a wrong guess would be
 * worse than the original.
 */
public final class Units {
  private Units() {}

  /** Lower-cased spelling to UCUM code. */
  private static final Map<String, String> SPELLINGS =
      Map.ofEntries(
          Map.entry("mg/dl", "mg/dL"),
          Map.entry("g/dl", "g/dL"),
          Map.entry("g/l", "g/L"),
          Map.entry("mg/l", "mg/L"),
          Map.entry("ug/l", "ug/L"),
          Map.entry("µg/l", "ug/L"),
          Map.entry("ng/ml", "ng/mL"),
          Map.entry("ng/l", "ng/L"),
          Map.entry("pg/ml", "pg/mL"),
          Map.entry("mmol/l", "mmol/L"),
          Map.entry("umol/l", "umol/L"),
          Map.entry("µmol/l", "umol/L"),
          Map.entry("meq/l", "meq/L"),
          Map.entry("miu/l", "m[IU]/L"),
          Map.entry("m[iu]/l", "m[IU]/L"),
          Map.entry("uiu/ml", "u[IU]/mL"),
          Map.entry("µiu/ml", "u[IU]/mL"),
          Map.entry("u[iu]/ml", "u[IU]/mL"),
          Map.entry("iu/l", "[IU]/L"),
          Map.entry("[iu]/l", "[IU]/L"),
          Map.entry("u/l", "U/L"),
          Map.entry("iu", "[iU]"),
          Map.entry("[iu]", "[iU]"),
          Map.entry("unit", "[iU]"),
          Map.entry("units", "[iU]"),
          Map.entry("k/ul", "10*3/uL"),
          Map.entry("10^3/ul", "10*3/uL"),
          Map.entry("x10^3/ul", "10*3/uL"),
          Map.entry("10*3/ul", "10*3/uL"),
          Map.entry("thou/ul", "10*3/uL"),
          Map.entry("/ul", "/uL"),
          Map.entry("ml/min/1.73m2", "mL/min/{1.73_m2}"),
          Map.entry("ml/min/1.73 m2", "mL/min/{1.73_m2}"),
          Map.entry("ml/min/{1.73_m2}", "mL/min/{1.73_m2}"),
          Map.entry("%", "%"),
          Map.entry("percent", "%"),
          Map.entry("mg", "mg"),
          Map.entry("g", "g"),
          Map.entry("mcg", "ug"),
          Map.entry("ug", "ug"),
          Map.entry("µg", "ug"),
          Map.entry("ml", "mL"),
          Map.entry("l", "L"),
          Map.entry("puff", "{puff}"),
          Map.entry("puffs", "{puff}"),
          Map.entry("capsule", "{capsule}"),
          Map.entry("capsules", "{capsule}"),
          Map.entry("tablet", "{tablet}"),
          Map.entry("tablets", "{tablet}"),
          Map.entry("tab", "{tablet}"),
          Map.entry("drop", "[drp]"),
          Map.entry("drops", "[drp]"));

  /** The UCUM code for a unit as written; empty when the text is blank. */
  public static Optional<String> ucum(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String unit = text.strip();
    String known = SPELLINGS.get(unit.toLowerCase(Locale.ROOT));
    return Optional.of(known != null ? known : unit);
  }
}
