-- grain: one row per day, facility and encounter class on which that facility had a patient of
--   that class in house at midnight, an admission or a discharge; a missing row is a day of
--   zeros
-- definition: the midnight census: the patients whose encounter was admitted before the
--   midnight that ends the day and not discharged before it (an encounter admitted and
--   discharged on the same day is in no census), with the encounters admitted and discharged
--   during the day. An encounter still in progress counts in house at every midnight up to the
--   last day silver records (the latest admission or discharge time). Days run in the source's
--   time zone (source.time-zone). Every silver encounter counts once as an admission.
-- reads: encounters, facilities
-- key: census_date, facility_id, encounter_class
-- column census_date: the day (in source.time-zone); the census is taken at the midnight that ends it
-- column facility_id: the facility's id in the source; 0 when the encounter names no facility
-- column facility_name: the facility's name; 'unknown' when silver has no such facility
-- column encounter_class: inpatient, emergency, outpatient, virtual, or the class as recorded;
--   'unknown' when missing
-- column in_house_at_midnight: distinct patients in house at the midnight that ends the day
-- column admissions: encounters admitted during the day
-- column discharges: encounters discharged during the day
WITH horizon AS (
  SELECT CAST(greatest(max(admit_time), max(discharge_time)) AS DATE) AS last_day
  FROM silver_encounters
),
stays AS (
  SELECT
    e.patient_id,
    COALESCE(e.facility_id, 0)                 AS facility_id,
    COALESCE(e.encounter_class, 'unknown')     AS encounter_class,
    CAST(e.admit_time AS DATE)                 AS admit_day,
    CAST(e.discharge_time AS DATE)             AS discharge_day,
    COALESCE(CAST(e.discharge_time AS DATE), h.last_day) AS out_day
  FROM silver_encounters e
  CROSS JOIN horizon h
  WHERE e.admit_time IS NOT NULL
),
events AS (
  SELECT explode(sequence(admit_day, date_sub(out_day, 1))) AS day,
         facility_id, encounter_class, patient_id, 'night' AS kind
  FROM stays
  WHERE out_day > admit_day
  UNION ALL
  SELECT admit_day, facility_id, encounter_class, patient_id, 'admission'
  FROM stays
  UNION ALL
  SELECT discharge_day, facility_id, encounter_class, patient_id, 'discharge'
  FROM stays
  WHERE discharge_day IS NOT NULL
)
SELECT
  v.day                                                        AS census_date,
  v.facility_id                                                AS facility_id,
  COALESCE(f.name, 'unknown')                                  AS facility_name,
  v.encounter_class                                            AS encounter_class,
  COUNT(DISTINCT CASE WHEN v.kind = 'night' THEN v.patient_id END) AS in_house_at_midnight,
  COUNT_IF(v.kind = 'admission')                               AS admissions,
  COUNT_IF(v.kind = 'discharge')                               AS discharges
FROM events v
LEFT JOIN silver_facilities f ON f.facility_id = v.facility_id
GROUP BY v.day, v.facility_id, f.name, v.encounter_class
ORDER BY census_date, facility_id, encounter_class
