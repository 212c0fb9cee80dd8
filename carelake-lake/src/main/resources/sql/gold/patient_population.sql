-- grain: one row per age band, sex and ZIP3
-- definition: the people registered, each counted once: silver's person matching joins a
--   person's registrations (one person under several MRNs), and the person's latest
--   registration (by source update time) gives the sex, ZIP code and year of birth. Ages use the
--   year of birth only (the year of the reference, or of death, minus the year of birth), so a
--   person may be counted a year older than they are; the reference is the year of the latest
--   admission silver records (the current year when there is none). HIPAA Safe Harbor: ages of
--   90 and over are one band; the ZIP3 is the first three digits of the ZIP code, and 000 for
--   the three-digit areas of 20,000 people or fewer the HHS guidance lists (036, 059, 063, 102,
--   203, 556, 692, 790, 821, 823, 830, 831, 878, 879, 884, 890, 893). No small count is
--   suppressed: publish to an audience allowed to see counts of one, or aggregate further.
-- reads: patients, encounters
-- key: age_band, sex, zip3
-- column age_band: five-year band of age in years (00-04, 05-09, ..., 85-89), 90+, or 'unknown'
--   when the year of birth is missing or after the reference year
-- column sex: administrative gender (male, female, other, unknown); 'unknown' when missing
-- column zip3: first three digits of the ZIP code, 000 for a restricted area, 'unknown' when the
--   ZIP code is missing
-- column patients: people (registrations joined by person matching)
-- column registrations: patient registrations of those people
-- column deceased: of the people, those with a date of death (their age is their age at death)
WITH reference AS (
  SELECT year(COALESCE(max(admit_time), current_timestamp())) AS ref_year
  FROM silver_encounters
),
registrations AS (
  SELECT
    p.*,
    COALESCE(p.person_id, p.patient_id) AS person,
    COUNT(*) OVER (PARTITION BY COALESCE(p.person_id, p.patient_id)) AS person_registrations,
    row_number() OVER (
      PARTITION BY COALESCE(p.person_id, p.patient_id)
      ORDER BY p._source_updated_at DESC NULLS LAST, p.patient_id DESC) AS n
  FROM silver_patients p
),
people AS (
  SELECT
    COALESCE(year(r.deceased_date), x.ref_year) - year(r.birth_date) AS age,
    COALESCE(r.administrative_gender, 'unknown')                     AS sex,
    CASE
      WHEN r.zip IS NULL OR length(r.zip) < 3 THEN 'unknown'
      WHEN substr(r.zip, 1, 3) IN ('036', '059', '063', '102', '203', '556', '692', '790', '821',
        '823', '830', '831', '878', '879', '884', '890', '893') THEN '000'
      ELSE substr(r.zip, 1, 3)
    END                                                              AS zip3,
    r.person_registrations,
    r.deceased_date IS NOT NULL                                      AS is_deceased
  FROM registrations r
  CROSS JOIN reference x
  WHERE r.n = 1
)
SELECT
  CASE
    WHEN age IS NULL OR age < 0 THEN 'unknown'
    WHEN age >= 90 THEN '90+'
    ELSE concat(lpad(CAST(floor(age / 5) * 5 AS STRING), 2, '0'), '-',
                lpad(CAST(floor(age / 5) * 5 + 4 AS STRING), 2, '0'))
  END                                  AS age_band,
  sex                                  AS sex,
  zip3                                 AS zip3,
  COUNT(*)                             AS patients,
  SUM(person_registrations)            AS registrations,
  COUNT_IF(is_deceased)                AS deceased
FROM people
GROUP BY 1, sex, zip3
ORDER BY age_band, sex, zip3
