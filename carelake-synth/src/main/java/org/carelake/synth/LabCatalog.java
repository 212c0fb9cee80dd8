package org.carelake.synth;

import java.util.List;

/**
 * Common laboratory tests with their LOINC codes, UCUM units, adult reference ranges and the limits
 * beyond which a value is physically implausible.
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
      double otherFactor) {

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

  private static final double NONE = Double.NaN;

  private static LabTest test(
      String key,
      String loinc,
      String name,
      String unit,
      double low,
      double high,
      double criticalLow,
      double criticalHigh,
      int decimals,
      String otherUnit,
      double otherFactor) {
    return new LabTest(
        key,
        loinc,
        name,
        unit,
        low,
        high,
        low,
        high,
        criticalLow,
        criticalHigh,
        decimals,
        otherUnit,
        otherFactor);
  }

  static final LabTest GLUCOSE =
      test(
          "glucose",
          "2345-7",
          "Glucose [Mass/volume] in Serum or Plasma",
          "mg/dL",
          70,
          99,
          40,
          450,
          0,
          "mmol/L",
          1 / 18.016);
  static final LabTest UREA =
      test(
          "urea",
          "3094-0",
          "Urea nitrogen [Mass/volume] in Serum or Plasma",
          "mg/dL",
          7,
          20,
          2,
          100,
          0,
          "mmol/L",
          0.357);
  static final LabTest CREATININE =
      new LabTest(
          "creatinine",
          "2160-0",
          "Creatinine [Mass/volume] in Serum or Plasma",
          "mg/dL",
          0.59,
          1.04,
          0.74,
          1.35,
          0.2,
          10,
          2,
          "umol/L",
          88.42);
  static final LabTest SODIUM =
      test(
          "sodium",
          "2951-2",
          "Sodium [Moles/volume] in Serum or Plasma",
          "mmol/L",
          135,
          145,
          120,
          160,
          0,
          "mg/dL",
          2.299);
  static final LabTest POTASSIUM =
      test(
          "potassium",
          "2823-3",
          "Potassium [Moles/volume] in Serum or Plasma",
          "mmol/L",
          3.5,
          5.1,
          2.5,
          6.5,
          1,
          "mg/dL",
          3.91);
  static final LabTest CHLORIDE =
      test(
          "chloride",
          "2075-0",
          "Chloride [Moles/volume] in Serum or Plasma",
          "mmol/L",
          98,
          107,
          80,
          120,
          0,
          "mg/dL",
          3.545);
  static final LabTest BICARBONATE =
      test(
          "bicarbonate",
          "2028-9",
          "Carbon dioxide, total [Moles/volume] in Serum or Plasma",
          "mmol/L",
          22,
          29,
          10,
          40,
          0,
          "mg/dL",
          4.401);
  static final LabTest CALCIUM =
      test(
          "calcium",
          "17861-6",
          "Calcium [Mass/volume] in Serum or Plasma",
          "mg/dL",
          8.6,
          10.3,
          6.5,
          13,
          1,
          "mmol/L",
          0.2495);
  static final LabTest EGFR =
      test(
          "egfr",
          "33914-3",
          "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum or Plasma"
              + " by Creatinine-based formula (MDRD)",
          "mL/min/{1.73_m2}",
          60,
          NONE,
          10,
          1000,
          0,
          "mL/s/{1.73_m2}",
          0.01667);
  static final LabTest LEUKOCYTES =
      test(
          "leukocytes",
          "6690-2",
          "Leukocytes [#/volume] in Blood by Automated count",
          "10*3/uL",
          4.5,
          11,
          1.5,
          30,
          1,
          "/uL",
          1000);
  static final LabTest HEMOGLOBIN =
      new LabTest(
          "hemoglobin",
          "718-7",
          "Hemoglobin [Mass/volume] in Blood",
          "g/dL",
          11.6,
          15,
          13.2,
          16.6,
          7,
          20,
          1,
          "g/L",
          10);
  static final LabTest HEMATOCRIT =
      new LabTest(
          "hematocrit",
          "4544-3",
          "Hematocrit [Volume Fraction] of Blood by Automated" + " count",
          "%",
          35.5,
          44.9,
          38.3,
          48.6,
          20,
          60,
          1,
          "1",
          0.01);
  static final LabTest PLATELETS =
      test(
          "platelets",
          "777-3",
          "Platelets [#/volume] in Blood by Automated count",
          "10*3/uL",
          150,
          400,
          20,
          1000,
          0,
          "/uL",
          1000);
  static final LabTest CHOLESTEROL =
      test(
          "cholesterol",
          "2093-3",
          "Cholesterol [Mass/volume] in Serum or Plasma",
          "mg/dL",
          NONE,
          200,
          0,
          1000,
          0,
          "mmol/L",
          0.02586);
  static final LabTest TRIGLYCERIDE =
      test(
          "triglyceride",
          "2571-8",
          "Triglyceride [Mass/volume] in Serum or Plasma",
          "mg/dL",
          NONE,
          150,
          0,
          1000,
          0,
          "mmol/L",
          0.01129);
  static final LabTest HDL =
      test(
          "hdl",
          "2085-9",
          "Cholesterol in HDL [Mass/volume] in Serum or Plasma",
          "mg/dL",
          40,
          NONE,
          0,
          1000,
          0,
          "mmol/L",
          0.02586);
  static final LabTest LDL =
      test(
          "ldl",
          "13457-7",
          "Cholesterol in LDL [Mass/volume] in Serum or Plasma by" + " calculation",
          "mg/dL",
          NONE,
          100,
          0,
          1000,
          0,
          "mmol/L",
          0.02586);
  static final LabTest A1C =
      test(
          "a1c",
          "4548-4",
          "Hemoglobin A1c/Hemoglobin.total in Blood",
          "%",
          4,
          5.6,
          0,
          100,
          1,
          "1",
          0.01);
  static final LabTest TSH =
      test(
          "tsh",
          "3016-3",
          "Thyrotropin [Units/volume] in Serum or Plasma",
          "m[IU]/L",
          0.4,
          4.0,
          0.01,
          100,
          2,
          "u[IU]/mL",
          1);
  static final LabTest BNP =
      test(
          "bnp",
          "30934-4",
          "Natriuretic peptide B [Mass/volume] in Serum or Plasma",
          "pg/mL",
          NONE,
          100,
          0,
          5000,
          0,
          "ng/L",
          1);
  static final LabTest TROPONIN =
      test(
          "troponin",
          "10839-9",
          "Troponin I.cardiac [Mass/volume] in Serum or Plasma",
          "ng/mL",
          NONE,
          0.04,
          0,
          0.5,
          2,
          "ng/L",
          1000);

  static final List<LabTest> BASIC_METABOLIC =
      List.of(GLUCOSE, UREA, CREATININE, SODIUM, POTASSIUM, CHLORIDE, BICARBONATE, CALCIUM, EGFR);
  static final List<LabTest> BLOOD_COUNT = List.of(LEUKOCYTES, HEMOGLOBIN, HEMATOCRIT, PLATELETS);
  static final List<LabTest> LIPIDS = List.of(CHOLESTEROL, TRIGLYCERIDE, HDL, LDL);

  static final List<LabTest> ALL =
      List.of(
          GLUCOSE,
          UREA,
          CREATININE,
          SODIUM,
          POTASSIUM,
          CHLORIDE,
          BICARBONATE,
          CALCIUM,
          EGFR,
          LEUKOCYTES,
          HEMOGLOBIN,
          HEMATOCRIT,
          PLATELETS,
          CHOLESTEROL,
          TRIGLYCERIDE,
          HDL,
          LDL,
          A1C,
          TSH,
          BNP,
          TROPONIN);

  /** The test with a LOINC code. */
  static java.util.Optional<LabTest> byLoinc(String loinc) {
    return ALL.stream().filter(test -> test.loinc().equals(loinc)).findFirst();
  }

  /** The largest value any analyser reports for each test; beyond it a value is impossible. */
  static double plausibleMaximum(LabTest test) {
    return Math.max(test.criticalHigh() * 5, 100);
  }
}
