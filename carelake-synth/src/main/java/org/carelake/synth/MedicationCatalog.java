package org.carelake.synth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Common medications, matched to the conditions they treat. The RxNorm code is the ingredient
 * concept (term type IN); the drug name is the prescribed product as an EHR shows it. The catalog
 * is data: {@code catalog/medications.csv} (one line per medication and indication: a condition
 * key, an ICD-10-CM code, or none for prophylaxis), {@code catalog/allergens.csv} and {@code
 * catalog/allergy-reactions.csv} among this module's resources.
 */
final class MedicationCatalog {
  private MedicationCatalog() {}

  /**
   * A medication as prescribed.
   *
   * @param rxnorm the RxNorm ingredient code
   * @param name the product
   * @param dose the dose quantity
   * @param unit the dose unit
   * @param route the route
   * @param frequency the frequency, in the usual sig abbreviations
   * @param days the length of a course, or 0 for a long-term medication
   */
  record Medication(
      String rxnorm,
      String name,
      String dose,
      String unit,
      String route,
      String frequency,
      int days) {}

  private static final List<CatalogFile.Entry> MEDICATIONS =
      CatalogFile.read(
          "medications.csv",
          "use",
          "indication",
          "rxnorm",
          "name",
          "dose",
          "unit",
          "route",
          "frequency",
          "days");

  /** Long-term medications by condition key; the first is the most common choice. */
  static final Map<String, List<Medication>> BY_CONDITION = byIndication("condition");

  /** Courses for the reason of one visit, by ICD-10-CM code. */
  static final Map<String, List<Medication>> BY_DIAGNOSIS = byIndication("diagnosis");

  /** Clot prevention during most hospital stays. */
  static final List<Medication> PROPHYLAXIS =
      MEDICATIONS.stream()
          .filter(entry -> entry.text("use").equals("prophylaxis"))
          .map(MedicationCatalog::medication)
          .toList();

  private static Map<String, List<Medication>> byIndication(String use) {
    Map<String, List<Medication>> byIndication = new LinkedHashMap<>();
    for (CatalogFile.Entry entry : MEDICATIONS) {
      if (entry.text("use").equals(use)) {
        byIndication
            .computeIfAbsent(entry.text("indication"), indication -> new ArrayList<>())
            .add(medication(entry));
      }
    }
    byIndication.replaceAll((indication, medications) -> List.copyOf(medications));
    return Collections.unmodifiableMap(byIndication);
  }

  private static Medication medication(CatalogFile.Entry entry) {
    return new Medication(
        entry.text("rxnorm"),
        entry.text("name"),
        entry.text("dose"),
        entry.text("unit"),
        entry.text("route"),
        entry.text("frequency"),
        entry.integer("days"));
  }

  /**
   * An allergen.
   *
   * @param codeSystem the code system, or empty for a free-text entry
   * @param code the code, or empty
   * @param substance the substance as recorded
   * @param category medication, food or environment
   * @param weight relative frequency
   */
  record Allergen(
      String codeSystem, String code, String substance, String category, double weight) {}

  /** Allergens, from {@code allergens.csv}. */
  static final List<Allergen> ALLERGENS =
      CatalogFile.read("allergens.csv", "code_system", "code", "substance", "category", "weight")
          .stream()
          .map(
              entry ->
                  new Allergen(
                      entry.text("code_system"),
                      entry.text("code"),
                      entry.text("substance"),
                      entry.text("category"),
                      entry.number("weight")))
          .toList();

  /** Reactions, from {@code allergy-reactions.csv}. */
  static final List<String> REACTIONS =
      CatalogFile.read("allergy-reactions.csv", "reaction").stream()
          .map(entry -> entry.text("reaction"))
          .toList();
}
