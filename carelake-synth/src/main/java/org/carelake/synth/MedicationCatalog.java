package org.carelake.synth;

import java.util.List;
import java.util.Map;

/**
 * Common medications, matched to the conditions they treat. The RxNorm code is the ingredient
 * concept (term type IN); the drug name is the prescribed product as an EHR shows it.
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

  private static Medication chronic(
      String rxnorm, String name, String dose, String unit, String frequency) {
    return new Medication(rxnorm, name, dose, unit, "oral", frequency, 0);
  }

  private static Medication course(
      String rxnorm, String name, String dose, String unit, String frequency, int days) {
    return new Medication(rxnorm, name, dose, unit, "oral", frequency, days);
  }

  static final Medication LISINOPRIL =
      chronic("29046", "lisinopril 10 MG Oral Tablet", "10", "mg", "daily");
  static final Medication ATORVASTATIN =
      chronic("83367", "atorvastatin 20 MG Oral Tablet", "20", "mg", "daily");
  static final Medication ALBUTEROL =
      new Medication(
          "435",
          "albuterol 0.09 MG/ACTUAT Metered Dose Inhaler",
          "2",
          "puff",
          "inhalation",
          "PRN",
          0);

  /** Long-term medications by condition key; the first is the most common choice. */
  static final Map<String, List<Medication>> BY_CONDITION =
      Map.ofEntries(
          Map.entry(
              "hypertension",
              List.of(
                  LISINOPRIL,
                  chronic("17767", "amlodipine 5 MG Oral Tablet", "5", "mg", "daily"),
                  chronic("5487", "hydrochlorothiazide 25 MG Oral Tablet", "25", "mg", "daily"),
                  chronic("52175", "losartan potassium 50 MG Oral Tablet", "50", "mg", "daily"))),
          Map.entry(
              "hyperlipidemia",
              List.of(
                  ATORVASTATIN,
                  chronic("36567", "simvastatin 20 MG Oral Tablet", "20", "mg", "QHS"),
                  chronic(
                      "301542", "rosuvastatin calcium 10 MG Oral Tablet", "10", "mg", "daily"))),
          Map.entry(
              "diabetes",
              List.of(
                  chronic("6809", "metformin hydrochloride 500 MG Oral Tablet", "500", "mg", "BID"),
                  new Medication(
                      "274783",
                      "insulin glargine 100 UNT/ML Injectable Solution",
                      "20",
                      "[iU]",
                      "subcutaneous",
                      "QHS",
                      0),
                  chronic("4821", "glipizide 5 MG Oral Tablet", "5", "mg", "daily"))),
          Map.entry(
              "asthma",
              List.of(
                  ALBUTEROL,
                  new Medication(
                      "41126",
                      "fluticasone propionate 0.11 MG/ACTUAT Metered Dose Inhaler",
                      "2",
                      "puff",
                      "inhalation",
                      "BID",
                      0),
                  chronic("88249", "montelukast 10 MG Oral Tablet", "10", "mg", "QHS"))),
          Map.entry(
              "copd",
              List.of(
                  new Medication(
                      "69120",
                      "tiotropium 0.018 MG Inhalation Powder",
                      "1",
                      "capsule",
                      "inhalation",
                      "daily",
                      0),
                  ALBUTEROL)),
          Map.entry(
              "heart_failure",
              List.of(
                  chronic("4603", "furosemide 40 MG Oral Tablet", "40", "mg", "daily"),
                  chronic("20352", "carvedilol 12.5 MG Oral Tablet", "12.5", "mg", "BID"),
                  chronic("9997", "spironolactone 25 MG Oral Tablet", "25", "mg", "daily"))),
          Map.entry(
              "atrial_fibrillation",
              List.of(
                  chronic("1364430", "apixaban 5 MG Oral Tablet", "5", "mg", "BID"),
                  chronic("6918", "metoprolol tartrate 25 MG Oral Tablet", "25", "mg", "BID"),
                  chronic("11289", "warfarin sodium 5 MG Oral Tablet", "5", "mg", "daily"))),
          Map.entry(
              "coronary_disease",
              List.of(
                  chronic("1191", "aspirin 81 MG Delayed Release Oral Tablet", "81", "mg", "daily"),
                  chronic("32968", "clopidogrel 75 MG Oral Tablet", "75", "mg", "daily"),
                  ATORVASTATIN)),
          Map.entry(
              "hypothyroidism",
              List.of(
                  chronic(
                      "10582", "levothyroxine sodium 0.05 MG Oral Tablet", "50", "ug", "daily"))),
          Map.entry(
              "depression",
              List.of(
                  chronic("36437", "sertraline 50 MG Oral Tablet", "50", "mg", "daily"),
                  chronic("321988", "escitalopram 10 MG Oral Tablet", "10", "mg", "daily"))),
          Map.entry(
              "anxiety",
              List.of(
                  chronic("321988", "escitalopram 10 MG Oral Tablet", "10", "mg", "daily"),
                  chronic("36437", "sertraline 50 MG Oral Tablet", "50", "mg", "daily"))),
          Map.entry(
              "gerd",
              List.of(
                  chronic(
                      "7646", "omeprazole 20 MG Delayed Release Oral Capsule", "20", "mg", "daily"),
                  chronic(
                      "40790",
                      "pantoprazole 40 MG Delayed Release Oral Tablet",
                      "40",
                      "mg",
                      "daily"))),
          Map.entry(
              "osteoarthritis",
              List.of(
                  chronic("41493", "meloxicam 15 MG Oral Tablet", "15", "mg", "daily"),
                  chronic("161", "acetaminophen 500 MG Oral Tablet", "1000", "mg", "TID"))),
          Map.entry(
              "vitamin_d_deficiency",
              List.of(
                  chronic(
                      "2418", "cholecalciferol 1000 UNT Oral Tablet", "1000", "[iU]", "daily"))),
          Map.entry(
              "anemia",
              List.of(
                  chronic("24947", "ferrous sulfate 325 MG Oral Tablet", "325", "mg", "daily"))),
          Map.entry(
              "tobacco",
              List.of(
                  new Medication(
                      "7407",
                      "nicotine 21 MG/Day Transdermal Patch",
                      "1",
                      "patch",
                      "transdermal",
                      "daily",
                      56))),
          Map.entry(
              "osteoporosis",
              List.of(
                  chronic("46041", "alendronate sodium 70 MG Oral Tablet", "70", "mg", "weekly"))),
          Map.entry(
              "dementia",
              List.of(
                  chronic(
                      "135447", "donepezil hydrochloride 10 MG Oral Tablet", "10", "mg", "QHS"))),
          Map.entry(
              "bph",
              List.of(
                  chronic(
                      "77492",
                      "tamsulosin hydrochloride 0.4 MG Oral Capsule",
                      "0.4",
                      "mg",
                      "daily"))),
          Map.entry(
              "migraine",
              List.of(chronic("37418", "sumatriptan 50 MG Oral Tablet", "50", "mg", "PRN"))),
          Map.entry(
              "adhd",
              List.of(
                  chronic(
                      "6901",
                      "methylphenidate hydrochloride 10 MG Oral Tablet",
                      "10",
                      "mg",
                      "BID"))));

  /** Courses for the reason of one visit, by ICD-10-CM code. */
  static final Map<String, List<Medication>> BY_DIAGNOSIS =
      Map.ofEntries(
          Map.entry(
              "J02.9",
              List.of(course("723", "amoxicillin 500 MG Oral Capsule", "500", "mg", "BID", 10))),
          Map.entry(
              "J01.90",
              List.of(
                  course("723", "amoxicillin 500 MG Oral Capsule", "500", "mg", "TID", 7),
                  course(
                      "3640", "doxycycline hyclate 100 MG Oral Capsule", "100", "mg", "BID", 7))),
          Map.entry(
              "H66.90",
              List.of(
                  course("723", "amoxicillin 400 MG/5ML Oral Suspension", "400", "mg", "BID", 10))),
          Map.entry(
              "J20.9",
              List.of(course("18631", "azithromycin 250 MG Oral Tablet", "250", "mg", "daily", 5))),
          Map.entry(
              "N39.0",
              List.of(
                  course("7454", "nitrofurantoin 100 MG Oral Capsule", "100", "mg", "BID", 5),
                  course("2231", "cephalexin 500 MG Oral Capsule", "500", "mg", "BID", 7),
                  course("2551", "ciprofloxacin 250 MG Oral Tablet", "250", "mg", "BID", 3))),
          Map.entry(
              "M54.5",
              List.of(
                  course(
                      "21949",
                      "cyclobenzaprine hydrochloride 10 MG Oral Tablet",
                      "10",
                      "mg",
                      "TID",
                      7),
                  course("5640", "ibuprofen 600 MG Oral Tablet", "600", "mg", "TID", 10))),
          Map.entry(
              "L03.90",
              List.of(course("2231", "cephalexin 500 MG Oral Capsule", "500", "mg", "QID", 7))),
          Map.entry(
              "K52.9",
              List.of(course("26225", "ondansetron 4 MG Oral Tablet", "4", "mg", "PRN", 3))),
          Map.entry(
              "R11.2",
              List.of(course("26225", "ondansetron 4 MG Oral Tablet", "4", "mg", "PRN", 3))),
          Map.entry(
              "S93.401A",
              List.of(course("5640", "ibuprofen 600 MG Oral Tablet", "600", "mg", "TID", 7))),
          Map.entry(
              "S52.501A",
              List.of(course("161", "acetaminophen 500 MG Oral Tablet", "1000", "mg", "QID", 7))),
          Map.entry(
              "J45.901",
              List.of(course("8640", "prednisone 20 MG Oral Tablet", "40", "mg", "daily", 5))),
          Map.entry(
              "J44.1",
              List.of(course("8640", "prednisone 20 MG Oral Tablet", "40", "mg", "daily", 5))),
          Map.entry(
              "A41.9",
              List.of(
                  new Medication(
                      "11124",
                      "vancomycin 1000 MG Injection",
                      "1000",
                      "mg",
                      "intravenous",
                      "BID",
                      7))),
          Map.entry(
              "J18.9",
              List.of(
                  new Medication(
                      "2193",
                      "ceftriaxone 1000 MG Injection",
                      "1000",
                      "mg",
                      "intravenous",
                      "daily",
                      5),
                  course("18631", "azithromycin 250 MG Oral Tablet", "500", "mg", "daily", 3))),
          Map.entry(
              "I50.9",
              List.of(
                  new Medication(
                      "4603",
                      "furosemide 10 MG/ML Injectable Solution",
                      "40",
                      "mg",
                      "intravenous",
                      "BID",
                      3))));

  /** Clot prevention during most hospital stays. */
  static final List<Medication> PROPHYLAXIS =
      List.of(
          new Medication(
              "5224",
              "heparin sodium 5000 UNT/ML Injectable Solution",
              "5000",
              "[iU]",
              "subcutaneous",
              "TID",
              0),
          new Medication(
              "67108",
              "enoxaparin sodium 40 MG/0.4ML Prefilled Syringe",
              "40",
              "mg",
              "subcutaneous",
              "daily",
              0));

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

  static final List<Allergen> ALLERGENS =
      List.of(
          new Allergen("RxNorm", "7980", "penicillin G", "medication", 40),
          new Allergen("RxNorm", "723", "amoxicillin", "medication", 8),
          new Allergen("RxNorm", "10180", "sulfamethoxazole", "medication", 15),
          new Allergen("RxNorm", "2670", "codeine", "medication", 8),
          new Allergen("RxNorm", "7052", "morphine", "medication", 5),
          new Allergen("RxNorm", "1191", "aspirin", "medication", 5),
          new Allergen("RxNorm", "5640", "ibuprofen", "medication", 5),
          new Allergen("RxNorm", "2231", "cephalexin", "medication", 4),
          new Allergen("RxNorm", "29046", "lisinopril", "medication", 3),
          new Allergen("", "", "Peanuts", "food", 8),
          new Allergen("", "", "Shellfish", "food", 8),
          new Allergen("", "", "Eggs", "food", 3),
          new Allergen("", "", "Latex", "environment", 4),
          new Allergen("", "", "Bee stings", "environment", 4),
          new Allergen("", "", "Seasonal pollen", "environment", 8),
          new Allergen("", "", "Cat dander", "environment", 3));

  static final List<String> REACTIONS =
      List.of(
          "Hives", "Rash", "Itching", "Swelling", "Nausea", "Shortness of breath", "Anaphylaxis");
}
