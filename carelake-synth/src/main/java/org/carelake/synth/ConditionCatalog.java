package org.carelake.synth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ICD-10-CM codes the generator uses, all billable in the FY2021 release (a test checks them
 * against the official order file), with prevalence and setting weights that follow published US
 * figures loosely (CDC chronic disease prevalence by age, the most frequent ED and inpatient
 * principal diagnoses in HCUP statistical briefs).
 *
 * <p>The catalog is data: {@code catalog/chronic-conditions.csv} and {@code
 * catalog/encounter-reasons.csv} among this module's resources. Codes are kept dotted there; each
 * facility's system stores them dotted or not (see {@link World}). Only codes that were valid and
 * unchanged through FY2020 and FY2021 are used, since the generated encounters fall in those two
 * fiscal years.
 */
final class ConditionCatalog {
  private ConditionCatalog() {}

  /** Age bands for prevalence: 0-17, 18-39, 40-59, 60-74, 75 and over. */
  static int band(int age) {
    if (age < 18) {
      return 0;
    } else if (age < 40) {
      return 1;
    } else if (age < 60) {
      return 2;
    } else if (age < 75) {
      return 3;
    }
    return 4;
  }

  /**
   * A long-term condition a patient has or not.
   *
   * @param key the name the generator uses for the condition (labs and medications follow it)
   * @param code the ICD-10-CM code, dotted
   * @param description the code's short description
   * @param prevalence the share of people with it per age band ({@link #band(int)})
   * @param female multiplier for women
   * @param male multiplier for men
   */
  record Chronic(
      String key,
      String code,
      String description,
      double[] prevalence,
      double female,
      double male) {
    double prevalence(int age, boolean isFemale) {
      return prevalence[band(age)] * (isFemale ? female : male);
    }
  }

  /**
   * A diagnosis that is the reason for one encounter.
   *
   * @param code the ICD-10-CM code, dotted
   * @param description the code's short description
   * @param minAge youngest age it is drawn for
   * @param maxAge oldest age it is drawn for
   * @param weight relative frequency
   * @param key the condition a chronic patient must have for it to be drawn, or empty
   */
  record Acute(
      String code, String description, int minAge, int maxAge, double weight, String key) {}

  /** Long-term conditions, from {@code chronic-conditions.csv}. */
  static final List<Chronic> CHRONIC =
      CatalogFile.read(
              "chronic-conditions.csv",
              "key",
              "icd10_code",
              "description",
              "prevalence_0_17",
              "prevalence_18_39",
              "prevalence_40_59",
              "prevalence_60_74",
              "prevalence_75_up",
              "female_factor",
              "male_factor")
          .stream()
          .map(
              entry ->
                  new Chronic(
                      entry.text("key"),
                      entry.text("icd10_code"),
                      entry.text("description"),
                      new double[] {
                        entry.number("prevalence_0_17"),
                        entry.number("prevalence_18_39"),
                        entry.number("prevalence_40_59"),
                        entry.number("prevalence_60_74"),
                        entry.number("prevalence_75_up")
                      },
                      entry.number("female_factor"),
                      entry.number("male_factor")))
          .toList();

  /** Every encounter reason of {@code encounter-reasons.csv} by setting, in file order. */
  private static final Map<String, List<Acute>> REASONS = reasons();

  /** Reasons for an outpatient or virtual visit that is not for a long-term condition. */
  static final List<Acute> OUTPATIENT = setting("outpatient");

  /** Reasons for a routine check-up. */
  static final Acute ADULT_CHECKUP = only("adult_checkup");

  static final Acute CHILD_CHECKUP = only("child_checkup");

  /** Principal reasons for an emergency visit. */
  static final List<Acute> EMERGENCY = setting("emergency");

  /** Principal reasons for a hospital admission. */
  static final List<Acute> INPATIENT = setting("inpatient");

  /** The elective admission of a patient with knee osteoarthritis (joint replacement). */
  static final Acute KNEE_REPLACEMENT = only("knee_replacement");

  /** A delivery. */
  static final Acute DELIVERY = only("delivery");

  /** Complications coded as secondary diagnoses during a hospital stay. */
  static final List<Acute> COMPLICATIONS = setting("complication");

  private static Map<String, List<Acute>> reasons() {
    Map<String, List<Acute>> bySetting = new LinkedHashMap<>();
    for (CatalogFile.Entry entry :
        CatalogFile.read(
            "encounter-reasons.csv",
            "setting",
            "icd10_code",
            "description",
            "min_age",
            "max_age",
            "weight",
            "requires_condition")) {
      bySetting
          .computeIfAbsent(entry.text("setting"), setting -> new ArrayList<>())
          .add(
              new Acute(
                  entry.text("icd10_code"),
                  entry.text("description"),
                  entry.integer("min_age"),
                  entry.integer("max_age"),
                  entry.number("weight"),
                  entry.text("requires_condition")));
    }
    return bySetting;
  }

  private static List<Acute> setting(String setting) {
    List<Acute> reasons = REASONS.get(setting);
    if (reasons == null) {
      throw new IllegalStateException(
          "encounter-reasons.csv has no reason for the setting "
              + setting
              + "; the generator draws from it; add its lines back.");
    }
    return List.copyOf(reasons);
  }

  private static Acute only(String setting) {
    return setting(setting).get(0);
  }

  /**
   * The short description of a code the catalog uses.
   *
   * @param code a dotted ICD-10-CM code of the catalog
   * @return its description
   * @throws IllegalArgumentException when the catalog does not use the code
   */
  static String description(String code) {
    for (Chronic chronic : CHRONIC) {
      if (chronic.code().equals(code)) {
        return chronic.description();
      }
    }
    for (List<Acute> list : List.of(OUTPATIENT, EMERGENCY, INPATIENT, COMPLICATIONS)) {
      for (Acute acute : list) {
        if (acute.code().equals(code)) {
          return acute.description();
        }
      }
    }
    throw new IllegalArgumentException("The condition catalog has no code " + code);
  }
}
