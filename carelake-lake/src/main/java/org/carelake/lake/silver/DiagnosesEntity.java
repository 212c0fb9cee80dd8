package org.carelake.lake.silver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The silver diagnoses entity: typed columns, the ICD-10-CM classification of the code as entered,
 * and the DX- validation rules.
 */
public final class DiagnosesEntity {
  private DiagnosesEntity() {}

  /** The diagnoses entity. */
  public static final SilverEntity ENTITY =
      new SilverEntity(
          "diagnoses",
          "ehr.diagnoses",
          "diagnosis_id",
          columns(
              "diagnosis_id", "try_cast(diagnosis_id AS BIGINT)",
              "encounter_id", "try_cast(encounter_id AS BIGINT)",
              "patient_id", "try_cast(patient_id AS BIGINT)",
              "icd10_code_as_entered", "icd10_code",
              "icd10_code", "icd10cm_normalize(icd10_code)",
              "icd10_code_dotted", "icd10cm_dotted(icd10_code)",
              "icd10_code_status", "icd10cm_status(icd10_code)",
              "icd10_chapter", "icd10cm_chapter(icd10_code)",
              "icd10_chapter_title", "icd10cm_chapter_title(icd10_code)",
              "diagnosis_rank", "lower(nullif(trim(diagnosis_rank), ''))",
              "onset_date", "try_cast(trim(onset_date) AS DATE)"),
          List.of(
              ValidationRule.error(
                  "DX-001",
                  "diagnosis_id is missing or not a whole number",
                  "diagnosis_id IS NULL"),
              ValidationRule.error(
                  "DX-002",
                  "encounter_id is missing or not a whole number",
                  "encounter_id IS NULL"),
              ValidationRule.error(
                  "DX-003", "icd10_code is missing", "icd10_code_status = 'missing'"),
              ValidationRule.warning(
                  "DX-101",
                  "icd10_code is not a well-formed ICD-10-CM code",
                  "icd10_code_status = 'malformed'"),
              ValidationRule.warning(
                  "DX-102",
                  "diagnosis_rank is not primary or secondary",
                  "diagnosis_rank IS NULL OR diagnosis_rank NOT IN ('primary', 'secondary')")));

  private static Map<String, String> columns(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
