-- grain: one row per admission month, encounter class and ICD-10-CM chapter of the primary
--   diagnosis
-- definition: encounters admitted in the month and the distinct patients they belong to, by the
--   chapter of the encounter's primary diagnosis; an encounter without a classifiable primary
--   diagnosis counts under chapter 0, so every silver encounter is counted once and totals
--   reconcile with silver
-- reads: encounters, diagnoses
-- key: admit_month, encounter_class, icd10_chapter
-- incremental: admit_month from encounters.admit_time, diagnoses.encounter_id -> encounters
-- column admit_month: first day of the month of admission
-- column encounter_class: encounter class (inpatient, outpatient, emergency, ...)
-- column icd10_chapter: ICD-10-CM chapter number of the primary diagnosis, 0 when none
-- column icd10_chapter_title: the chapter's title in the ICD-10-CM release
-- column encounters: encounters admitted in the month
-- column patients: distinct patients among those encounters
SELECT
  CAST(date_trunc('MONTH', e.admit_time) AS DATE)                        AS admit_month,
  e.encounter_class                                                      AS encounter_class,
  COALESCE(d.icd10_chapter, 0)                                           AS icd10_chapter,
  COALESCE(d.icd10_chapter_title, 'No classifiable primary diagnosis')   AS icd10_chapter_title,
  COUNT(*)                                                               AS encounters,
  COUNT(DISTINCT e.patient_id)                                           AS patients
FROM silver_encounters e
LEFT JOIN (
  SELECT encounter_id, icd10_chapter, icd10_chapter_title,
         row_number() OVER (PARTITION BY encounter_id ORDER BY diagnosis_id) AS n
  FROM silver_diagnoses
  WHERE diagnosis_rank = 'primary' AND icd10_chapter IS NOT NULL
) d ON d.encounter_id = e.encounter_id AND d.n = 1
GROUP BY 1, 2, 3, 4
ORDER BY admit_month, encounter_class, icd10_chapter
