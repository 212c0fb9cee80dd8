package org.carelake.lake.internal.silver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carelake.lake.silver.SilverEntity;
import org.carelake.lake.silver.ValidationRule;
import org.carelake.source.SourceTable;
import org.carelake.standardize.CodeSystems;

/**
 * The silver diagnoses entity: typed columns, the ICD-10-CM enrichment of the code as entered, and
 * the DX- validation rules.
 *
 * <p>The enrichment calls {@link TerminologyFunctions}, registered against the lake's loaded
 * release (or the starter set when none is loaded). Each diagnosis carries the code as entered, its
 * stored and dotted forms, its status ({@code billable}, {@code header}, {@code unknown}, {@code
 * malformed}, {@code missing}), the billable flag, the long description, the block and chapter with
 * their titles, and the release it was classified against ({@code icd10_release}).
 *
 * <p>Severities, and why:
 *
 * <ul>
 *   <li>DX-003, a diagnosis without any code, is an error: it says nothing an analyst can count,
 *       and the source must supply it; the row goes to quarantine. A diagnosis coded in SNOMED CT
 *       only (Synthea codes every condition so) has a code: its status is {@code not_icd10} and
 *       DX-105 flags it as a warning, since the condition, its encounter and onset are sound and
 *       FHIR's Condition carries the SNOMED CT code; only ICD-10-CM analyses cannot count it. The
 *       ICD-10-CM columns are filled when the source (or the import's map) gives a code.
 *   <li>DX-101, a malformed code, is a warning: most are typing slips around a recognisable code
 *       ({@code E11,9}, {@code E11.9-}), the rest of the row (encounter, rank, onset) is sound, and
 *       quarantining it would drop the encounter's diagnosis from gold; silver keeps it with a null
 *       code and chapter, flagged, and the report counts it.
 *   <li>DX-004 and DX-005, an onset that is not a date or lies in the future, are errors: the date
 *       is wrong, not missing, and analyses of time since onset would count it as true.
 *   <li>DX-102, a rank missing or other than primary and secondary, is a warning: the diagnosis
 *       (code, encounter, onset) is sound and belongs in the patient's conditions and in gold's
 *       counts, while the rank is optional wherever the diagnosis goes next (FHIR {@code
 *       Encounter.diagnosis.rank} is 0..1, HL7 DG1-15 is optional). Quarantining it would drop a
 *       real diagnosis to protect an attribute only principal-diagnosis analyses need; those read
 *       the rank and see it is unknown.
 *   <li>DX-103, a well-formed code the release does not hold (retired, not yet valid, or invented),
 *       and DX-104, a header that is valid but not billable, are warnings: the diagnosis is real
 *       and its chapter still known, but billing and code-level analytics should not trust it.
 * </ul>
 *
 * <p>Rule ids are stable: reports and quarantine rows of earlier runs quote them. New rules take
 * new ids.
 */
public final class DiagnosesEntity {
  private DiagnosesEntity() {}

  /** The diagnoses entity. */
  public static final SilverEntity ENTITY =
      new SilverEntity(
          SourceTable.DIAGNOSES.tableName(),
          "ehr." + SourceTable.DIAGNOSES.tableName(),
          SourceTable.DIAGNOSES.keyColumn(),
          columns(
              "diagnosis_id", "try_cast(diagnosis_id AS BIGINT)",
              "encounter_id", "try_cast(encounter_id AS BIGINT)",
              "patient_id", "try_cast(patient_id AS BIGINT)",
              "icd10_code_as_entered", "icd10_code",
              "icd10_code", "icd10cm_normalize(icd10_code)",
              "icd10_code_dotted", "icd10cm_dotted(icd10_code)",
              "icd10_code_status",
                  "CASE WHEN icd10cm_status(icd10_code) = 'missing'"
                      + " AND nullif(trim(snomed_code), '') IS NOT NULL THEN 'not_icd10'"
                      + " ELSE icd10cm_status(icd10_code) END",
              "icd10_chapter", "icd10cm_chapter(icd10_code)",
              "icd10_chapter_title", "icd10cm_chapter_title(icd10_code)",
              "icd10_billable", "icd10cm_billable(icd10_code)",
              "icd10_description", "icd10cm_description(icd10_code)",
              "icd10_block", "icd10cm_block(icd10_code)",
              "icd10_block_title", "icd10cm_block_title(icd10_code)",
              "icd10_release", "icd10cm_release()",
              "diagnosis_rank", "lower(nullif(trim(diagnosis_rank), ''))",
              "onset_date", "try_cast(trim(onset_date) AS DATE)",
              "snomed_code", "nullif(trim(snomed_code), '')",
              "description", "nullif(trim(description), '')",
              // The system of the code as the source recorded it: SNOMED CT for a diagnosis coded
              // so (whatever a map adds in ICD-10-CM), else ICD-10-CM when a code was entered.
              "code_system",
                  "CASE WHEN nullif(trim(snomed_code), '') IS NOT NULL THEN '"
                      + CodeSystems.SNOMED
                      + "' WHEN nullif(trim(icd10_code), '') IS NOT NULL THEN '"
                      + CodeSystems.ICD10CM
                      + "' END"),
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
                  "DX-003",
                  "the diagnosis has no code: no ICD-10-CM code and no code of another system"
                      + " (SNOMED CT)",
                  "icd10_code_status = 'missing'"),
              ValidationRule.error(
                  "DX-004",
                  "onset_date is not a date",
                  "_raw.onset_date IS NOT NULL AND trim(_raw.onset_date) <> ''"
                      + " AND onset_date IS NULL"),
              ValidationRule.error(
                  "DX-005", "onset_date is in the future", "onset_date > current_date()"),
              ValidationRule.warning(
                  "DX-101",
                  "icd10_code is not a well-formed ICD-10-CM code",
                  "icd10_code_status = 'malformed'"),
              ValidationRule.warning(
                  "DX-102",
                  "diagnosis_rank is not primary or secondary",
                  "diagnosis_rank IS NULL OR diagnosis_rank NOT IN ('primary', 'secondary')"),
              ValidationRule.warning(
                  "DX-103",
                  "icd10_code is well formed but not a code of the ICD-10-CM release in use",
                  "icd10_code_status = 'unknown'"),
              ValidationRule.warning(
                  "DX-104",
                  "icd10_code is a category or subcategory header, valid but not billable",
                  "icd10_code_status = 'header'"),
              ValidationRule.warning(
                  "DX-105",
                  "the diagnosis is coded in another system only (SNOMED CT, ICD-9-CM, a local"
                      + " code), with no ICD-10-CM code: analyses by ICD-10-CM chapter do not count"
                      + " it (give the import a map to ICD-10-CM)",
                  "icd10_code_status = 'not_icd10'")));

  /**
   * The entity as a feed that sends its code in any coding system reads it (HL7 DG1-3, with the
   * system named by table 0396): the same rules over the same columns, plus {@code source_code} and
   * {@code source_code_system} as sent. A code of a system other than ICD-10-CM and SNOMED CT
   * (ICD-9-CM, a local code) is a code: its status is {@code not_icd10}, so DX-003 keeps it and
   * DX-105 flags it, as it does a SNOMED CT code. {@code code_system} is the URI the feed gives,
   * else the one the database path derives.
   */
  public static final SilverEntity WITH_SOURCE_CODES = withSourceCodes();

  private static SilverEntity withSourceCodes() {
    Map<String, String> columns = new LinkedHashMap<>(ENTITY.typedColumns());
    String status = columns.get("icd10_code_status");
    String snomed = "nullif(trim(snomed_code), '') IS NOT NULL";
    columns.put(
        "icd10_code_status",
        status.replace(
            snomed,
            "coalesce(nullif(trim(snomed_code), ''), nullif(trim(source_code), '')) IS NOT NULL"));
    columns.put(
        "code_system",
        "coalesce(nullif(trim(code_system), ''), " + columns.get("code_system") + ")");
    columns.put("source_code", "nullif(trim(source_code), '')");
    columns.put("source_code_system", "upper(nullif(trim(source_code_system), ''))");
    return new SilverEntity(
        ENTITY.name(),
        ENTITY.sourceTable(),
        ENTITY.keyColumn(),
        columns,
        ENTITY.rules(),
        ENTITY.references(),
        ENTITY.lookups());
  }

  private static Map<String, String> columns(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
