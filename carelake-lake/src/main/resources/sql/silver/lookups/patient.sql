-- Each silver patient's birth date, for rule ENC-008: an admission before it is impossible.
SELECT patient_id AS key, birth_date
FROM silver_patients
WHERE patient_id IS NOT NULL
