-- grain: one row per patient and as-of date: an 'index_stay' row at each eligible inpatient
--   discharge (the last one when a patient has several on one day) and a 'snapshot' row per
--   living patient at the snapshot date, the day after the newest admission, discharge or lab
--   result in silver
-- definition: machine-learning features of a patient as known at the as-of time, point in time
--   correct: an index_stay row sees only facts known at the index discharge, a snapshot row only
--   facts known by the start of the snapshot date. An encounter counts from its admission, a
--   diagnosis from the end of its encounter (from the snapshot for an encounter still open) or
--   its onset date when later, a lab result from its result time, a prescription from its start
--   date. An index stay is an inpatient encounter discharged alive (disposition not expired, the
--   patient not deceased by the discharge date), not transferred (disposition not transfer) and
--   not against medical advice (not left-against-advice); its label is whether the patient was
--   admitted as an inpatient again after the discharge and within 30 days of the discharge date.
--   Snapshot rows carry no label. The as-of date is a date tied to a patient: this table is a
--   limited data set for model building, not a Safe Harbor aggregate
-- follows: the index stays and 30-day window of CMS's Hospital-Wide All-Cause Unplanned
--   Readmission measure, without its planned-readmission algorithm and cohort exclusions
-- reads: patients, encounters, diagnoses, lab_results, prescriptions
-- key: patient_key, as_of_date, row_type
-- column patient_key: keyed pseudonym of the patient (HMAC-SHA-256 of the patient id with the
--   lake's pseudonym secret, 128 bits in hexadecimal); never the MRN or the patient id
-- column as_of_date: the index discharge date (index_stay) or the snapshot date (snapshot)
-- column row_type: index_stay or snapshot
-- column readmitted_30d: label of an index stay: admitted as an inpatient again within 30 days of
--   discharge; null for snapshot rows and for index stays whose 30 days reach past the newest
--   date in silver without a readmission (not known yet)
-- column age_band: age at the as-of date in years: 0-17, 18-29, 30-39, ..., 80-89, 90+, or unknown
-- column sex: administrative gender: male, female, other or unknown
-- column inpatient_encounters_12m: inpatient encounters admitted in the 12 months up to the as-of
--   time (an index stay counts itself)
-- column emergency_encounters_12m: emergency encounters admitted in the 12 months up to the as-of
--   time
-- column outpatient_encounters_12m: outpatient encounters admitted in the 12 months up to the
--   as-of time
-- column virtual_encounters_12m: virtual encounters admitted in the 12 months up to the as-of time
-- column has_diabetes: a known diagnosis in ICD-10-CM E08-E13 (diabetes mellitus)
-- column has_hypertension: a known diagnosis in ICD-10-CM I10-I16 (hypertensive diseases)
-- column has_ischemic_heart_disease: a known diagnosis in ICD-10-CM I20-I25
-- column has_atrial_fibrillation: a known diagnosis in ICD-10-CM I48 (atrial fibrillation and
--   flutter)
-- column has_heart_failure: a known diagnosis in ICD-10-CM I50
-- column has_copd: a known diagnosis in ICD-10-CM J44 (other chronic obstructive pulmonary disease)
-- column has_asthma: a known diagnosis in ICD-10-CM J45
-- column has_ckd: a known diagnosis in ICD-10-CM N18 (chronic kidney disease)
-- column diagnoses_other_system: known diagnoses without an ICD-10-CM code (SNOMED CT from a
--   Synthea import, ICD-9-CM, local codes): the flags above do not see them
-- column hba1c_pct: latest known hemoglobin A1c, % (LOINC 4548-4, 17856-6)
-- column creatinine_mg_dl: latest known creatinine, mg/dL (LOINC 2160-0, 38483-4)
-- column egfr: latest known estimated GFR, mL/min/1.73 m2 (LOINC 33914-3, 48642-3, 48643-1,
--   62238-1, 98979-8)
-- column ldl_mg_dl: latest known LDL cholesterol, mg/dL (LOINC 13457-7, 18262-6, 2089-1)
-- column glucose_mg_dl: latest known glucose, mg/dL (LOINC 2345-7, 2339-0)
-- column hemoglobin_g_dl: latest known hemoglobin, g/dL (LOINC 718-7)
-- column sodium_mmol_l: latest known sodium, mmol/L (LOINC 2951-2, 2947-0)
-- column potassium_mmol_l: latest known potassium, mmol/L (LOINC 2823-3, 6298-4)
-- column bnp_pg_ml: latest known natriuretic peptide B, pg/mL (LOINC 30934-4)
-- column active_medications: distinct RxNorm concepts prescribed, started by the as-of date and not
--   ended before it (cancelled and entered-in-error orders left out)
-- column prior_readmissions: inpatient admissions by the as-of time that came within 30 days of an
--   earlier index stay's discharge (an index stay that is itself one counts)
WITH
horizon AS (
  SELECT CAST(max(t) AS DATE) AS last_date
  FROM (
    SELECT admit_time AS t FROM silver_encounters
    UNION ALL SELECT discharge_time FROM silver_encounters
    UNION ALL SELECT resulted_at FROM silver_lab_results
  )
),
stays AS (
  SELECT e.encounter_id, e.patient_id, e.admit_time, e.discharge_time,
         CAST(e.discharge_time AS DATE) AS discharge_date,
         e.discharge_time IS NOT NULL
           AND COALESCE(e.discharge_disposition, '')
               NOT IN ('expired', 'transfer', 'left-against-advice')
           AND (p.deceased_date IS NULL
                OR p.deceased_date > CAST(e.discharge_time AS DATE)) AS eligible
  FROM silver_encounters e
  JOIN silver_patients p ON p.patient_id = e.patient_id
  WHERE e.encounter_class = 'inpatient'
),
readmissions AS (
  SELECT i.patient_id, i.encounter_id AS index_id, r.encounter_id AS readmission_id,
         r.admit_time AS readmit_time
  FROM stays i
  JOIN stays r
    ON r.patient_id = i.patient_id
   AND r.admit_time > i.discharge_time
   AND CAST(r.admit_time AS DATE) <= date_add(i.discharge_date, 30)
  WHERE i.eligible
),
index_stays AS (
  SELECT s.patient_id, s.discharge_time, s.discharge_date,
         CASE WHEN x.index_id IS NOT NULL THEN true
              WHEN date_add(s.discharge_date, 30) <= h.last_date THEN false
         END AS readmitted_30d,
         row_number() OVER (PARTITION BY s.patient_id, s.discharge_date
                            ORDER BY s.discharge_time DESC, s.encounter_id DESC) AS n
  FROM stays s
  CROSS JOIN horizon h
  LEFT JOIN (SELECT DISTINCT index_id FROM readmissions) x ON x.index_id = s.encounter_id
  WHERE s.eligible
),
as_of AS (
  SELECT patient_id, discharge_date AS as_of_date, 'index_stay' AS row_type,
         discharge_time AS cutoff, discharge_date AS cutoff_date, readmitted_30d
  FROM index_stays
  WHERE n = 1
  UNION ALL
  SELECT p.patient_id, date_add(h.last_date, 1), 'snapshot',
         CAST(date_add(h.last_date, 1) AS TIMESTAMP), h.last_date, CAST(NULL AS BOOLEAN)
  FROM silver_patients p
  CROSS JOIN horizon h
  WHERE h.last_date IS NOT NULL
    AND (p.deceased_date IS NULL OR p.deceased_date > h.last_date)
    AND (p.birth_date IS NULL OR p.birth_date <= h.last_date)
),
encounter_counts AS (
  SELECT a.patient_id, a.as_of_date, a.row_type,
         count_if(e.encounter_class = 'inpatient') AS inpatient,
         count_if(e.encounter_class = 'emergency') AS emergency,
         count_if(e.encounter_class = 'outpatient') AS outpatient,
         count_if(e.encounter_class = 'virtual') AS virtual
  FROM as_of a
  JOIN silver_encounters e
    ON e.patient_id = a.patient_id
   AND e.admit_time <= a.cutoff
   AND e.admit_time > a.cutoff - INTERVAL 12 MONTHS
  GROUP BY a.patient_id, a.as_of_date, a.row_type
),
known_diagnoses AS (
  SELECT e.patient_id, d.icd10_code,
         greatest(COALESCE(e.discharge_time, CAST(date_add(h.last_date, 1) AS TIMESTAMP)),
                  CAST(d.onset_date AS TIMESTAMP)) AS known_at
  FROM silver_diagnoses d
  JOIN silver_encounters e ON e.encounter_id = d.encounter_id
  CROSS JOIN horizon h
),
conditions AS (
  SELECT a.patient_id, a.as_of_date, a.row_type,
         bool_or(substr(d.icd10_code, 1, 3) BETWEEN 'E08' AND 'E13') AS diabetes,
         bool_or(substr(d.icd10_code, 1, 3) IN ('I10', 'I11', 'I12', 'I13', 'I15', 'I16'))
           AS hypertension,
         bool_or(substr(d.icd10_code, 1, 3) BETWEEN 'I20' AND 'I25') AS ischemic_heart_disease,
         bool_or(substr(d.icd10_code, 1, 3) = 'I48') AS atrial_fibrillation,
         bool_or(substr(d.icd10_code, 1, 3) = 'I50') AS heart_failure,
         bool_or(substr(d.icd10_code, 1, 3) = 'J44') AS copd,
         bool_or(substr(d.icd10_code, 1, 3) = 'J45') AS asthma,
         bool_or(substr(d.icd10_code, 1, 3) = 'N18') AS ckd,
         count_if(d.icd10_code IS NULL) AS other_system
  FROM as_of a
  JOIN known_diagnoses d
    ON d.patient_id = a.patient_id
   AND d.known_at <= a.cutoff
  GROUP BY a.patient_id, a.as_of_date, a.row_type
),
labs AS (
  SELECT a.patient_id, a.as_of_date, a.row_type,
         max_by(CAST(l.value_numeric AS DOUBLE), struct(l.resulted_at, l.lab_result_id))
           FILTER (WHERE l.loinc_code IN ('4548-4', '17856-6')) AS hba1c,
         max_by(CAST(l.value_numeric AS DOUBLE), struct(l.resulted_at, l.lab_result_id))
           FILTER (WHERE l.loinc_code IN ('2160-0', '38483-4')) AS creatinine,
         max_by(CAST(l.value_numeric AS DOUBLE), struct(l.resulted_at, l.lab_result_id))
           FILTER (WHERE l.loinc_code IN ('33914-3', '48642-3', '48643-1', '62238-1', '98979-8'))
           AS egfr,
         max_by(CAST(l.value_numeric AS DOUBLE), struct(l.resulted_at, l.lab_result_id))
           FILTER (WHERE l.loinc_code IN ('13457-7', '18262-6', '2089-1')) AS ldl,
         max_by(CAST(l.value_numeric AS DOUBLE), struct(l.resulted_at, l.lab_result_id))
           FILTER (WHERE l.loinc_code IN ('2345-7', '2339-0')) AS glucose,
         max_by(CAST(l.value_numeric AS DOUBLE), struct(l.resulted_at, l.lab_result_id))
           FILTER (WHERE l.loinc_code = '718-7') AS hemoglobin,
         max_by(CAST(l.value_numeric AS DOUBLE), struct(l.resulted_at, l.lab_result_id))
           FILTER (WHERE l.loinc_code IN ('2951-2', '2947-0')) AS sodium,
         max_by(CAST(l.value_numeric AS DOUBLE), struct(l.resulted_at, l.lab_result_id))
           FILTER (WHERE l.loinc_code IN ('2823-3', '6298-4')) AS potassium,
         max_by(CAST(l.value_numeric AS DOUBLE), struct(l.resulted_at, l.lab_result_id))
           FILTER (WHERE l.loinc_code = '30934-4') AS bnp
  FROM as_of a
  JOIN silver_lab_results l
    ON l.patient_id = a.patient_id
   AND l.resulted_at <= a.cutoff
   AND l.value_numeric IS NOT NULL
  GROUP BY a.patient_id, a.as_of_date, a.row_type
),
medications AS (
  SELECT a.patient_id, a.as_of_date, a.row_type,
         count(DISTINCT COALESCE(rx.rxnorm_code, CAST(rx.prescription_id AS STRING))) AS active
  FROM as_of a
  JOIN silver_prescriptions rx
    ON rx.patient_id = a.patient_id
   AND rx.start_date <= a.cutoff_date
   AND (rx.end_date IS NULL OR rx.end_date >= a.cutoff_date)
   AND COALESCE(rx.status, '') NOT IN ('cancelled', 'entered-in-error')
  GROUP BY a.patient_id, a.as_of_date, a.row_type
),
prior AS (
  SELECT a.patient_id, a.as_of_date, a.row_type,
         count(DISTINCT r.readmission_id) AS readmissions
  FROM as_of a
  JOIN readmissions r
    ON r.patient_id = a.patient_id
   AND r.readmit_time <= a.cutoff
  GROUP BY a.patient_id, a.as_of_date, a.row_type
),
ages AS (
  SELECT a.*, p.administrative_gender,
         CAST(floor(months_between(a.as_of_date, p.birth_date) / 12) AS INT) AS age
  FROM as_of a
  JOIN silver_patients p ON p.patient_id = a.patient_id
)
SELECT
  patient_pseudonym(a.patient_id)                                AS patient_key,
  a.as_of_date                                                   AS as_of_date,
  a.row_type                                                     AS row_type,
  a.readmitted_30d                                               AS readmitted_30d,
  CASE WHEN a.age IS NULL OR a.age < 0 THEN 'unknown'
       WHEN a.age < 18 THEN '0-17'
       WHEN a.age < 30 THEN '18-29'
       WHEN a.age >= 90 THEN '90+'
       ELSE concat(CAST(floor(a.age / 10) * 10 AS INT), '-',
                   CAST(floor(a.age / 10) * 10 + 9 AS INT))
  END                                                            AS age_band,
  COALESCE(a.administrative_gender, 'unknown')                   AS sex,
  COALESCE(ec.inpatient, 0)                                      AS inpatient_encounters_12m,
  COALESCE(ec.emergency, 0)                                      AS emergency_encounters_12m,
  COALESCE(ec.outpatient, 0)                                     AS outpatient_encounters_12m,
  COALESCE(ec.virtual, 0)                                        AS virtual_encounters_12m,
  COALESCE(c.diabetes, false)                                    AS has_diabetes,
  COALESCE(c.hypertension, false)                                AS has_hypertension,
  COALESCE(c.ischemic_heart_disease, false)                      AS has_ischemic_heart_disease,
  COALESCE(c.atrial_fibrillation, false)                         AS has_atrial_fibrillation,
  COALESCE(c.heart_failure, false)                               AS has_heart_failure,
  COALESCE(c.copd, false)                                        AS has_copd,
  COALESCE(c.asthma, false)                                      AS has_asthma,
  COALESCE(c.ckd, false)                                         AS has_ckd,
  COALESCE(c.other_system, 0)                                    AS diagnoses_other_system,
  l.hba1c                                                        AS hba1c_pct,
  l.creatinine                                                   AS creatinine_mg_dl,
  l.egfr                                                         AS egfr,
  l.ldl                                                          AS ldl_mg_dl,
  l.glucose                                                      AS glucose_mg_dl,
  l.hemoglobin                                                   AS hemoglobin_g_dl,
  l.sodium                                                       AS sodium_mmol_l,
  l.potassium                                                    AS potassium_mmol_l,
  l.bnp                                                          AS bnp_pg_ml,
  COALESCE(m.active, 0)                                          AS active_medications,
  COALESCE(pr.readmissions, 0)                                   AS prior_readmissions
FROM ages a
LEFT JOIN encounter_counts ec
  ON ec.patient_id = a.patient_id AND ec.as_of_date = a.as_of_date AND ec.row_type = a.row_type
LEFT JOIN conditions c
  ON c.patient_id = a.patient_id AND c.as_of_date = a.as_of_date AND c.row_type = a.row_type
LEFT JOIN labs l
  ON l.patient_id = a.patient_id AND l.as_of_date = a.as_of_date AND l.row_type = a.row_type
LEFT JOIN medications m
  ON m.patient_id = a.patient_id AND m.as_of_date = a.as_of_date AND m.row_type = a.row_type
LEFT JOIN prior pr
  ON pr.patient_id = a.patient_id AND pr.as_of_date = a.as_of_date AND pr.row_type = a.row_type
ORDER BY as_of_date, row_type, patient_key
