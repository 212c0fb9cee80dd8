-- Pairs of patient registrations that are the same person, by carelake's deterministic rules
-- (README, "Person matching"). Candidates share a birth date; genders must not contradict. Then:
--   rule 1: the same SSN;
--   rule 2: no contradicting SSN, one shared contact (5-digit ZIP, phone or e-mail), and
--           compatible names: one name equal and the other close (one typing slip, or a known
--           variant of the given name), see names_compatible.
SELECT a.patient_id AS a, b.patient_id AS b
FROM silver_patients a
JOIN silver_patients b
  ON a.birth_date = b.birth_date AND a.patient_id < b.patient_id
WHERE (a.administrative_gender IS NULL OR b.administrative_gender IS NULL
       OR a.administrative_gender = b.administrative_gender
       OR 'unknown' IN (a.administrative_gender, b.administrative_gender))
  AND (
    (a.ssn IS NOT NULL AND a.ssn = b.ssn)
    OR ((a.ssn IS NULL OR b.ssn IS NULL)
        AND (substr(a.zip, 1, 5) = substr(b.zip, 1, 5) OR a.phone = b.phone OR a.email = b.email)
        AND names_compatible(a.given_name, a.family_name, b.given_name, b.family_name)))
