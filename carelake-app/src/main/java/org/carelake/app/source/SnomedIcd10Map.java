package org.carelake.app.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.carelake.core.Errors;
import org.carelake.terminology.Icd10Code;

/**
 * A map from SNOMED CT concepts to ICD-10-CM codes that the user supplies, for the Synthea import.
 *
 * <p>The file is CSV with two columns, {@code snomed,icd10}: a SNOMED CT concept id and the one
 * ICD-10-CM code it maps to, dotted or not. A first line that does not start with a concept id is a
 * header and skipped, as are blank lines. A concept listed twice with different codes is an error:
 * the official SNOMED CT to ICD-10-CM map has rules and several targets per concept, and picking
 * one silently would invent a coding. carelake ships no map, because the official one is
 * distributed with SNOMED CT under its licence.
 */
public final class SnomedIcd10Map {
  private static final Pattern CONCEPT = Pattern.compile("[0-9]{6,18}");

  private final Map<String, String> codes;

  private SnomedIcd10Map(Map<String, String> codes) {
    this.codes = Map.copyOf(codes);
  }

  /**
   * Reads a map file.
   *
   * @param file the CSV file
   * @return the map
   */
  public static SnomedIcd10Map read(Path file) {
    Map<String, String> codes = new HashMap<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        String text = line.strip().replace("\uFEFF", "");
        if (text.isEmpty()) {
          continue;
        }
        String[] fields = text.split(",", -1);
        String concept = fields[0].strip().replace("\"", "");
        if (!CONCEPT.matcher(concept).matches()) {
          if (number == 1) {
            continue;
          }
          throw Errors.badSnomedMap(file, number, "the first column is not a SNOMED CT id");
        }
        if (fields.length != 2) {
          throw Errors.badSnomedMap(file, number, "it has not exactly two columns");
        }
        Optional<String> code = Icd10Code.normalize(fields[1].replace("\"", ""));
        if (code.isEmpty()) {
          throw Errors.badSnomedMap(file, number, "the second column is not an ICD-10-CM code");
        }
        String dotted = Icd10Code.dotted(code.get());
        String earlier = codes.putIfAbsent(concept, dotted);
        if (earlier != null && !earlier.equals(dotted)) {
          throw Errors.badSnomedMap(
              file,
              number,
              "concept " + concept + " is mapped to both " + earlier + " and " + dotted);
        }
      }
    } catch (IOException e) {
      throw Errors.badSnomedMap(file, 0, "it could not be read: " + e.getMessage());
    }
    return new SnomedIcd10Map(codes);
  }

  /** The ICD-10-CM code (dotted) for a SNOMED CT concept, if the map has one. */
  public Optional<String> icd10(String snomed) {
    return snomed == null ? Optional.empty() : Optional.ofNullable(codes.get(snomed.strip()));
  }

  /** How many concepts the map covers. */
  public int size() {
    return codes.size();
  }
}
