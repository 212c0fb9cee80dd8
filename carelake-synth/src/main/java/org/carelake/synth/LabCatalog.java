package org.carelake.synth;

import java.util.List;

/**
 * Common laboratory tests with their LOINC codes, UCUM units, adult reference ranges and the limits
 * beyond which a value is physically implausible, read from {@code catalog/lab-tests.csv} among
 * this module's resources (an empty reference limit means the test has none on that side).
 */
final class LabCatalog {
  private LabCatalog() {}

  /**
   * A test.
   *
   * @param key the generator's name for it
   * @param loinc the LOINC code
   * @param name the LOINC short name
   * @param unit the UCUM unit
   * @param low the lower reference limit for women (or everyone), or NaN for none
   * @param high the upper reference limit for women (or everyone), or NaN for none
   * @param maleLow the lower limit for men
   * @param maleHigh the upper limit for men
   * @param criticalLow a value below this is flagged LL
   * @param criticalHigh a value above this is flagged HH
   * @param decimals digits after the point as the analyser reports them
   * @param otherUnit a unit the value is sometimes reported in by mistake
   * @param otherFactor multiply a value by this to express it in {@code otherUnit}
   * @param panel the panel it is ordered in ({@code basic_metabolic}, {@code blood_count}, {@code
   *     lipids}), or empty when it is ordered on its own
   */
  record LabTest(
      String key,
      String loinc,
      String name,
      String unit,
      double low,
      double high,
      double maleLow,
      double maleHigh,
      double criticalLow,
      double criticalHigh,
      int decimals,
      String otherUnit,
      double otherFactor,
      String panel) {

    double low(boolean female) {
      return female ? low : maleLow;
    }

    double high(boolean female) {
      return female ? high : maleHigh;
    }

    /** The range as a report prints it. */
    String rangeText(boolean female) {
      double lower = low(female);
      double upper = high(female);
      if (Double.isNaN(lower)) {
        return "<" + format(upper);
      }
      if (Double.isNaN(upper)) {
        return ">" + format(lower);
      }
      return format(lower) + "-" + format(upper);
    }

    String format(double value) {
      return java.math.BigDecimal.valueOf(value)
          .setScale(decimals, java.math.RoundingMode.HALF_UP)
          .toPlainString();
    }

    /** The HL7 table 0078 flag for a value. */
    String flag(double value, boolean female) {
      if (value < criticalLow) {
        return "LL";
      }
      if (value > criticalHigh) {
        return "HH";
      }
      if (!Double.isNaN(low(female)) && value < low(female)) {
        return "L";
      }
      if (!Double.isNaN(high(female)) && value > high(female)) {
        return "H";
      }
      return "N";
    }
  }

  /** Every test of {@code lab-tests.csv}, in file order. */
  static final List<LabTest> ALL =
      CatalogFile.read(
              "lab-tests.csv",
              "key",
              "loinc",
              "name",
              "unit",
              "low",
              "high",
              "male_low",
              "male_high",
              "critical_low",
              "critical_high",
              "decimals",
              "other_unit",
              "other_factor",
              "panel")
          .stream()
          .map(
              entry ->
                  new LabTest(
                      entry.text("key"),
                      entry.text("loinc"),
                      entry.text("name"),
                      entry.text("unit"),
                      entry.numberOrNone("low"),
                      entry.numberOrNone("high"),
                      entry.numberOrNone("male_low"),
                      entry.numberOrNone("male_high"),
                      entry.number("critical_low"),
                      entry.number("critical_high"),
                      entry.integer("decimals"),
                      entry.text("other_unit"),
                      entry.number("other_factor"),
                      entry.text("panel")))
          .toList();

  static final LabTest TSH = byKey("tsh");
  static final LabTest A1C = byKey("a1c");
  static final LabTest BNP = byKey("bnp");
  static final LabTest TROPONIN = byKey("troponin");

  static final List<LabTest> BASIC_METABOLIC = panel("basic_metabolic");
  static final List<LabTest> BLOOD_COUNT = panel("blood_count");
  static final List<LabTest> LIPIDS = panel("lipids");

  private static LabTest byKey(String key) {
    return ALL.stream()
        .filter(test -> test.key().equals(key))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "lab-tests.csv has no test with the key "
                        + key
                        + "; the generator orders it; add its line back."));
  }

  private static List<LabTest> panel(String panel) {
    return ALL.stream().filter(test -> test.panel().equals(panel)).toList();
  }

  /** The test with a LOINC code. */
  static java.util.Optional<LabTest> byLoinc(String loinc) {
    return ALL.stream().filter(test -> test.loinc().equals(loinc)).findFirst();
  }

  /** The largest value any analyser reports for each test; beyond it a value is impossible. */
  static double plausibleMaximum(LabTest test) {
    return Math.max(test.criticalHigh() * 5, 100);
  }
}
