-- grain: one row per month, code system, ICD-10-CM chapter and ICD-10-CM block
-- definition: diagnoses recorded in the month, with the encounters and patients they belong to.
--   The month is that of the encounter's admission, else (the encounter is not in silver) of
--   the diagnosis's onset, else 1900-01-01. A diagnosis with an ICD-10-CM chapter (its own
--   code, or one an import mapped to it) counts under ICD-10-CM, its chapter and its block
--   ('unknown' when the release in use has no block for the code, as the bundled starter set
--   has none); one whose ICD-10-CM code is malformed counts under ICD-10-CM, chapter 0, block
--   'unclassified'; one coded only in another system (SNOMED CT from a Synthea import, ICD-9-CM
--   or a local code from HL7) counts under that system, chapter 0, block 'none'. So every silver
--   diagnosis counts once and the totals reconcile with silver.
-- reads: diagnoses, encounters
-- key: month, code_system, icd10_chapter, icd10_block
-- column month: first day of the month (in source.time-zone); 1900-01-01 when neither the encounter's admission
--   nor the onset is known
-- column code_system: ICD-10-CM, SNOMED CT, ICD-9-CM, a local system's name as the source sent
--   it, or 'unknown'
-- column icd10_chapter: ICD-10-CM chapter number; 0 when the diagnosis has none
-- column icd10_chapter_title: the chapter's title in the release in use; 'No ICD-10-CM chapter'
--   for chapter 0
-- column icd10_block: ICD-10-CM block (such as E08-E13); 'unknown', 'unclassified' or 'none' as
--   the definition says
-- column icd10_block_title: the block's title; a sentence saying why when the block is not known
-- column diagnoses: diagnoses recorded
-- column primary_diagnoses: of those, ranked primary
-- column encounters: distinct encounters among them
-- column patients: distinct patients among them
WITH classified AS (
  SELECT
    d.diagnosis_id,
    d.encounter_id,
    d.patient_id,
    d.diagnosis_rank,
    COALESCE(
      CAST(date_trunc('MONTH', e.admit_time) AS DATE),
      CAST(date_trunc('MONTH', d.onset_date) AS DATE),
      DATE '1900-01-01')                                         AS month,
    CASE
      WHEN d.icd10_chapter IS NOT NULL THEN 'ICD-10-CM'
      WHEN d.code_system = 'http://hl7.org/fhir/sid/icd-10-cm' THEN 'ICD-10-CM'
      WHEN d.code_system = 'http://snomed.info/sct' THEN 'SNOMED CT'
      WHEN d.code_system = 'http://hl7.org/fhir/sid/icd-9-cm' THEN 'ICD-9-CM'
      WHEN d.code_system IS NULL AND d.icd10_code_as_entered IS NOT NULL
        AND d.snomed_code IS NULL AND d.source_code_system IS NULL THEN 'ICD-10-CM'
      ELSE COALESCE(d.source_code_system, d.code_system, 'unknown')
    END                                                          AS code_system,
    COALESCE(d.icd10_chapter, 0)                                 AS icd10_chapter,
    COALESCE(d.icd10_chapter_title, 'No ICD-10-CM chapter')      AS icd10_chapter_title,
    d.icd10_block                                                AS block,
    d.icd10_block_title                                          AS block_title
  FROM silver_diagnoses d
  LEFT JOIN silver_encounters e ON e.encounter_id = d.encounter_id
),
blocked AS (
  SELECT
    c.*,
    CASE
      WHEN c.icd10_chapter <> 0 THEN COALESCE(c.block, 'unknown')
      WHEN c.code_system = 'ICD-10-CM' THEN 'unclassified'
      ELSE 'none'
    END AS icd10_block,
    CASE
      WHEN c.icd10_chapter <> 0 THEN COALESCE(c.block_title,
        'No block for this code in the ICD-10-CM release in use')
      WHEN c.code_system = 'ICD-10-CM' THEN 'Not a classifiable ICD-10-CM code'
      ELSE 'Not coded in ICD-10-CM'
    END AS icd10_block_title
  FROM classified c
)
SELECT
  month                                   AS month,
  code_system                             AS code_system,
  icd10_chapter                           AS icd10_chapter,
  max(icd10_chapter_title)                AS icd10_chapter_title,
  icd10_block                             AS icd10_block,
  max(icd10_block_title)                  AS icd10_block_title,
  COUNT(*)                                AS diagnoses,
  COUNT_IF(diagnosis_rank = 'primary')    AS primary_diagnoses,
  COUNT(DISTINCT encounter_id)            AS encounters,
  COUNT(DISTINCT patient_id)              AS patients
FROM blocked
GROUP BY month, code_system, icd10_chapter, icd10_block
ORDER BY month, code_system, icd10_chapter, icd10_block
