-- grain: one row per discharge month, encounter class and facility
-- definition: the length of stay of the encounters discharged in the month (in source.time-zone), in days from
--   admission to discharge, hours included (36 hours is 1.5 days; not a count of midnights):
--   the mean, and the median and 90th percentile interpolated between the two nearest stays
--   (as PostgreSQL's percentile_cont). Encounters still in progress have no length yet: they
--   count in daily_census, not here. Values are rounded to 3 decimals (under 2 minutes).
-- reads: encounters, facilities
-- key: discharge_month, encounter_class, facility_id
-- incremental: discharge_month from encounters.discharge_time
-- column discharge_month: first day of the month of discharge (in source.time-zone)
-- column encounter_class: inpatient, emergency, outpatient, virtual, or the class as recorded;
--   'unknown' when missing
-- column facility_id: the facility's id in the source; 0 when the encounter names no facility
-- column facility_name: the facility's name; 'unknown' when silver has no such facility
-- column stays: encounters discharged in the month
-- column mean_days: mean length of stay, days
-- column median_days: median length of stay, days
-- column p90_days: 90th percentile of the length of stay, days
WITH stays AS (
  SELECT
    CAST(date_trunc('MONTH', e.discharge_time) AS DATE)                            AS discharge_month,
    COALESCE(e.encounter_class, 'unknown')                                         AS encounter_class,
    COALESCE(e.facility_id, 0)                                                     AS facility_id,
    CAST(unix_seconds(e.discharge_time) - unix_seconds(e.admit_time) AS DOUBLE) / 86400 AS days
  FROM silver_encounters e
  WHERE e.discharge_time IS NOT NULL AND e.admit_time IS NOT NULL
)
SELECT
  s.discharge_month                         AS discharge_month,
  s.encounter_class                         AS encounter_class,
  s.facility_id                             AS facility_id,
  COALESCE(f.name, 'unknown')               AS facility_name,
  COUNT(*)                                  AS stays,
  round(avg(s.days), 3)                     AS mean_days,
  round(percentile(s.days, 0.5), 3)         AS median_days,
  round(percentile(s.days, 0.9), 3)         AS p90_days
FROM stays s
LEFT JOIN silver_facilities f ON f.facility_id = s.facility_id
GROUP BY s.discharge_month, s.encounter_class, s.facility_id, f.name
ORDER BY discharge_month, encounter_class, facility_id
