package org.carelake.standardize;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carelake.core.Errors;

/**
 * Units of measure in UCUM (the Unified Code for Units of Measure, case-sensitive), as FHIR's
 * Quantity expects them.
 *
 * <p>The spellings come from one data file, {@code standardize/ucum_units.csv}. Common spellings
 * map to their UCUM code ({@code mg/dl} to {@code mg/dL}, {@code mmol/l} to {@code mmol/L}, {@code
 * IU/L} to {@code [IU]/L}, {@code K/uL} to {@code 10*3/uL}); countable dose forms become UCUM
 * annotations ({@code puff} to {@code {puff}}). A unit already in UCUM is kept; one that is neither
 * known nor UCUM is kept as written (trimmed), because a wrong guess would be worse than the
 * original.
 */
public final class Units {
  private Units() {}

  /** The table, a data file: lower-cased spelling to UCUM code. */
  private static final String TABLE = "/standardize/ucum_units.csv";

  /** Lower-cased spelling to UCUM code. */
  private static final Map<String, String> SPELLINGS = load();

  /** The UCUM codes the table maps to, each a unit carelake knows as UCUM. */
  private static final Set<String> CODES = Set.copyOf(SPELLINGS.values());

  private static Map<String, String> load() {
    Map<String, String> spellings = new LinkedHashMap<>();
    try (InputStream in = Units.class.getResourceAsStream(TABLE)) {
      if (in == null) {
        throw Errors.resourceMissing(TABLE, null);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      boolean header = true;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        int comma = line.lastIndexOf(',');
        spellings.put(line.substring(0, comma).strip(), line.substring(comma + 1).strip());
      }
    } catch (IOException e) {
      throw Errors.resourceMissing(TABLE, e);
    }
    return Map.copyOf(spellings);
  }

  /** The UCUM code for a unit as written; empty when the text is blank. */
  public static Optional<String> ucum(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String unit = text.strip();
    String known = SPELLINGS.get(unit.toLowerCase(Locale.ROOT));
    return Optional.of(known != null ? known : unit);
  }

  /**
   * The UCUM code of a unit the table knows, by one of its spellings or as one of its UCUM codes
   * (case-sensitive); empty for a unit the table does not know, which the caller keeps as written
   * and flags rather than guess.
   */
  public static Optional<String> known(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String unit = text.strip();
    if (CODES.contains(unit)) {
      return Optional.of(unit);
    }
    return Optional.ofNullable(SPELLINGS.get(unit.toLowerCase(Locale.ROOT)));
  }
}
