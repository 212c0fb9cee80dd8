-- The earliest admission of each patient, among the encounters already in silver and those of the
-- run's increment (whatever their fate), for rule PAT-008: a birth date after it is impossible.
SELECT patient_id AS key, min(admit_time) AS admit_time
FROM (
  SELECT patient_id, admit_time FROM silver_encounters
  UNION ALL
  SELECT patient_id, admit_time FROM increment_encounters WHERE NOT _deleted
)
WHERE patient_id IS NOT NULL AND admit_time IS NOT NULL
GROUP BY patient_id
