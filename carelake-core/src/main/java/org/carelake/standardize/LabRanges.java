package org.carelake.standardize;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.carelake.core.Errors;

/**
 * The plausible range of a laboratory value per LOINC code, with the UCUM unit the range is in,
 * read from the class path resource {@code standardize/lab_plausible_ranges.csv}.
 *
 * <p>A plausible range is not a reference range: it bounds what a living patient can have, so a
 * value outside it is a typing error or a value reported in another unit than the one it carries
 * (glucose 5.4 labelled mg/dL is 5.4 mmol/L). To cover another test, add a line to the file.
 */
public final class LabRanges {
  /** The resource the ranges are read from. */
  public static final String RESOURCE = "standardize/lab_plausible_ranges.csv";

  /**
   * One test's range.
   *
   * @param loinc the LOINC code
   * @param unit the UCUM unit the range is expressed in
   * @param low the lowest plausible value
   * @param high the highest plausible value
   * @param name the LOINC short name
   */
  public record Range(String loinc, String unit, BigDecimal low, BigDecimal high, String name) {}

  private static final Map<String, Range> RANGES = load();

  private LabRanges() {}

  /** The range for a LOINC code, when carelake has one. */
  public static Optional<Range> of(String loinc) {
    return loinc == null ? Optional.empty() : Optional.ofNullable(RANGES.get(loinc.strip()));
  }

  /** Every range, by LOINC code. */
  public static Map<String, Range> all() {
    return RANGES;
  }

  private static Map<String, Range> load() {
    Map<String, Range> ranges = new LinkedHashMap<>();
    try (InputStream in = LabRanges.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw Errors.resourceMissing(RESOURCE, null);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split(",", 5);
        ranges.put(
            fields[0],
            new Range(
                fields[0],
                fields[1],
                new BigDecimal(fields[2]),
                new BigDecimal(fields[3]),
                fields[4]));
      }
    } catch (IOException e) {
      throw Errors.resourceMissing(RESOURCE, e);
    }
    return Map.copyOf(ranges);
  }
}
