package org.carelake.terminology;

import java.util.List;
import java.util.Optional;

/**
 * The 22 chapters of the ICD-10-CM FY2021 tabular list, with their titles and ranges as the
 * release's {@code icd10cm_tabular_2021.xml} states them.
 *
 * <p>The list follows the release's order, which is by chapter number. It is not alphabetical at
 * the end: chapter 22 (U00-U85, codes for special purposes such as U07.1 COVID-19) comes after
 * chapter 21 (Z00-Z99). Two letters are split between chapters: D (chapter 2 to D49, chapter 3 from
 * D50) and H (chapter 7 to H59, chapter 8 from H60). The ranges do not overlap, but they leave gaps
 * where no category exists (such as F00, U86 to U99), and a code in a gap has no chapter.
 */
public final class Icd10Chapters {

  private static final List<Icd10Chapter> ALL =
      List.of(
          new Icd10Chapter(1, "A00", "B99", "Certain infectious and parasitic diseases"),
          new Icd10Chapter(2, "C00", "D49", "Neoplasms"),
          new Icd10Chapter(
              3,
              "D50",
              "D89",
              "Diseases of the blood and blood-forming organs and certain disorders involving the"
                  + " immune mechanism"),
          new Icd10Chapter(4, "E00", "E89", "Endocrine, nutritional and metabolic diseases"),
          new Icd10Chapter(5, "F01", "F99", "Mental, Behavioral and Neurodevelopmental disorders"),
          new Icd10Chapter(6, "G00", "G99", "Diseases of the nervous system"),
          new Icd10Chapter(7, "H00", "H59", "Diseases of the eye and adnexa"),
          new Icd10Chapter(8, "H60", "H95", "Diseases of the ear and mastoid process"),
          new Icd10Chapter(9, "I00", "I99", "Diseases of the circulatory system"),
          new Icd10Chapter(10, "J00", "J99", "Diseases of the respiratory system"),
          new Icd10Chapter(11, "K00", "K95", "Diseases of the digestive system"),
          new Icd10Chapter(12, "L00", "L99", "Diseases of the skin and subcutaneous tissue"),
          new Icd10Chapter(
              13, "M00", "M99", "Diseases of the musculoskeletal system and connective tissue"),
          new Icd10Chapter(14, "N00", "N99", "Diseases of the genitourinary system"),
          new Icd10Chapter(15, "O00", "O9A", "Pregnancy, childbirth and the puerperium"),
          new Icd10Chapter(
              16, "P00", "P96", "Certain conditions originating in the perinatal period"),
          new Icd10Chapter(
              17,
              "Q00",
              "Q99",
              "Congenital malformations, deformations and chromosomal abnormalities"),
          new Icd10Chapter(
              18,
              "R00",
              "R99",
              "Symptoms, signs and abnormal clinical and laboratory findings, not elsewhere"
                  + " classified"),
          new Icd10Chapter(
              19,
              "S00",
              "T88",
              "Injury, poisoning and certain other consequences of external causes"),
          new Icd10Chapter(20, "V00", "Y99", "External causes of morbidity"),
          new Icd10Chapter(
              21,
              "Z00",
              "Z99",
              "Factors influencing health status and contact with health services"),
          new Icd10Chapter(22, "U00", "U85", "Codes for special purposes"));

  private Icd10Chapters() {}

  /**
   * Returns the 22 chapters in the order of the tabular list (by number).
   *
   * @return an unmodifiable list of the chapters
   */
  public static List<Icd10Chapter> all() {
    return ALL;
  }

  /**
   * Finds the chapter whose range holds a code's category (its first three characters).
   *
   * <p>Costs one {@link Icd10Code#normalize(String)} and at most 22 comparisons; no side effects.
   *
   * @param code a code in any of the forms {@link Icd10Code#normalize(String)} accepts, such as
   *     {@code "E119"}, {@code "e11.9"} or {@code "S72.001A"}; may be null
   * @return the chapter, or empty when the value is missing, malformed, or well formed but in a gap
   *     between chapters
   */
  public static Optional<Icd10Chapter> chapterOf(String code) {
    Optional<String> normalized = Icd10Code.normalize(code);
    if (normalized.isEmpty()) {
      return Optional.empty();
    }
    for (Icd10Chapter chapter : ALL) {
      if (chapter.containsNormalized(normalized.get())) {
        return Optional.of(chapter);
      }
    }
    return Optional.empty();
  }
}
