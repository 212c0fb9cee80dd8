-- grain: one row per month of discharge and facility of the inpatient discharges
-- definition: 30-day all-cause readmissions. Every inpatient encounter with a discharge time is
--   a discharge, counted once: excluded when the patient died (disposition expired, UB-04 codes
--   20, 40, 41, 42, or a date of death on or before the discharge day), was transferred to
--   another acute care hospital (disposition transfer, codes 02, 05, 43, 66), left against
--   medical advice (left-against-advice, code 07), or was discharged fewer than 30 days before
--   the last day silver records (the latest admission or discharge), so the 30 days after it
--   are not yet observed; else an index stay. An index stay is readmitted when the same person
--   (silver's person matching joins one person's registrations) has an inpatient admission at
--   any facility after the discharge time and no more than 30 days after the discharge day. A
--   readmission can itself be an index stay. Month and facility are those of the index
--   discharge; days in source.time-zone.
-- follows: CMS Hospital-Wide All-Cause Unplanned Readmission measure (HWR), simplified: all
--   payers and ages, its exclusions of deaths, transfers and discharges against medical advice,
--   but no planned-readmission algorithm, no condition cohorts and no risk adjustment, so rates
--   are observed, not risk-standardized
-- reads: encounters, patients, facilities
-- key: discharge_month, facility_id
-- column discharge_month: first day of the month of discharge (in source.time-zone)
-- column facility_id: the discharging facility's id in the source; 0 when the encounter names
--   none
-- column facility_name: the facility's name; 'unknown' when silver has no such facility
-- column discharges: inpatient discharges in the month: index_stays plus the four exclusions
-- column excluded_died: discharges excluded because the patient died
-- column excluded_transferred: discharges excluded as transfers to another acute care hospital
-- column excluded_against_advice: discharges excluded as against medical advice
-- column excluded_incomplete_follow_up: discharges within 30 days of the data's last day
-- column index_stays: discharges that are index stays
-- column readmissions: index stays followed by an inpatient admission within 30 days
-- column readmission_rate: readmissions / index_stays, rounded to 4 decimals; null without index
--   stays
WITH horizon AS (
  SELECT CAST(greatest(max(admit_time), max(discharge_time)) AS DATE) AS last_day
  FROM silver_encounters
),
inpatient AS (
  SELECT
    e.encounter_id,
    COALESCE(p.person_id, e.patient_id)  AS person,
    COALESCE(e.facility_id, 0)           AS facility_id,
    e.admit_time,
    e.discharge_time,
    CAST(e.discharge_time AS DATE)       AS discharge_day,
    e.discharge_disposition,
    p.deceased_date
  FROM silver_encounters e
  LEFT JOIN silver_patients p ON p.patient_id = e.patient_id
  WHERE e.encounter_class = 'inpatient' AND e.admit_time IS NOT NULL
),
discharges AS (
  SELECT
    i.*,
    CASE
      WHEN i.discharge_disposition IN ('expired', '20', '40', '41', '42')
        OR i.deceased_date <= i.discharge_day THEN 'died'
      WHEN i.discharge_disposition IN ('transfer', '02', '05', '43', '66') THEN 'transferred'
      WHEN i.discharge_disposition IN ('left-against-advice', '07') THEN 'against_advice'
      WHEN date_add(i.discharge_day, 30) > h.last_day THEN 'incomplete_follow_up'
      ELSE 'index'
    END AS outcome
  FROM inpatient i
  CROSS JOIN horizon h
  WHERE i.discharge_time IS NOT NULL
),
readmitted AS (
  SELECT DISTINCT d.encounter_id
  FROM discharges d
  JOIN inpatient a
    ON a.person = d.person
   AND a.encounter_id <> d.encounter_id
   AND a.admit_time > d.discharge_time
   AND datediff(CAST(a.admit_time AS DATE), d.discharge_day) <= 30
  WHERE d.outcome = 'index'
)
SELECT
  CAST(date_trunc('MONTH', d.discharge_time) AS DATE)       AS discharge_month,
  d.facility_id                                             AS facility_id,
  COALESCE(f.name, 'unknown')                               AS facility_name,
  COUNT(*)                                                  AS discharges,
  COUNT_IF(d.outcome = 'died')                              AS excluded_died,
  COUNT_IF(d.outcome = 'transferred')                       AS excluded_transferred,
  COUNT_IF(d.outcome = 'against_advice')                    AS excluded_against_advice,
  COUNT_IF(d.outcome = 'incomplete_follow_up')              AS excluded_incomplete_follow_up,
  COUNT_IF(d.outcome = 'index')                             AS index_stays,
  COUNT(r.encounter_id)                                     AS readmissions,
  CASE WHEN COUNT_IF(d.outcome = 'index') = 0 THEN NULL
       ELSE round(COUNT(r.encounter_id) / COUNT_IF(d.outcome = 'index'), 4) END AS readmission_rate
FROM discharges d
LEFT JOIN readmitted r ON r.encounter_id = d.encounter_id
LEFT JOIN silver_facilities f ON f.facility_id = d.facility_id
GROUP BY 1, d.facility_id, f.name
ORDER BY discharge_month, facility_id
