-- Patient demographics as they stood at a moment (:as_of, a TIMESTAMP in UTC): for each patient,
-- the version of silver/patients_history valid then. A patient deleted before that moment, or
-- first recorded after it, is absent. valid_from is the source's change time of the version.
SELECT *
FROM silver_patients_history
WHERE valid_from <= :as_of
  AND (valid_to IS NULL OR valid_to > :as_of)
  AND NOT is_deleted
