-- grain: one row per month end, RxNorm concept and prescriber with at least one prescription
--   active at that month end
-- definition: prescriptions active at the end of each month: started on or before the month's
--   last day and ending on or after it (no end date: still running), whatever their status now,
--   except orders never carried out (status cancelled, entered-in-error or draft). Month ends run
--   from the month of the first start to the last month end on or before the last day silver
--   records (the latest prescription start or encounter admission).
-- reads: prescriptions, encounters
-- key: month_end, rxnorm_code, prescriber_id
-- column month_end: the last day of the month
-- column rxnorm_code: the RxNorm concept (RXCUI); 'unknown' when missing
-- column prescriber_id: the prescribing practitioner's id in the source; 0 when none is recorded
-- column drug_name: the drug's name as recorded (the first in alphabetical order when the
--   prescriptions of the concept name it differently)
-- column active_prescriptions: prescriptions active at the month end
-- column patients: distinct patients among them
-- column started_in_month: of them, prescriptions that started during the month
WITH bounds AS (
  SELECT
    trunc(min(p.start_date), 'MM') AS first_month,
    greatest(max(p.start_date), (SELECT CAST(max(admit_time) AS DATE) FROM silver_encounters))
      AS last_day
  FROM silver_prescriptions p
),
months AS (
  SELECT explode(sequence(first_month, last_month, INTERVAL 1 MONTH)) AS month_start
  FROM (
    SELECT first_month,
           CASE WHEN last_day(last_day) = last_day THEN trunc(last_day, 'MM')
                ELSE trunc(add_months(last_day, -1), 'MM') END AS last_month
    FROM bounds
  )
  WHERE first_month IS NOT NULL AND first_month <= last_month
),
active AS (
  SELECT last_day(m.month_start) AS month_end, p.*
  FROM months m
  JOIN silver_prescriptions p
    ON p.start_date <= last_day(m.month_start)
   AND (p.end_date IS NULL OR p.end_date >= last_day(m.month_start))
  WHERE p.status IS NULL OR p.status NOT IN ('cancelled', 'entered-in-error', 'draft')
)
SELECT
  month_end                                                  AS month_end,
  COALESCE(rxnorm_code, 'unknown')                           AS rxnorm_code,
  COALESCE(prescriber_id, 0)                                 AS prescriber_id,
  min(drug_name)                                             AS drug_name,
  COUNT(*)                                                   AS active_prescriptions,
  COUNT(DISTINCT patient_id)                                 AS patients,
  COUNT_IF(trunc(start_date, 'MM') = trunc(month_end, 'MM')) AS started_in_month
FROM active
GROUP BY month_end, COALESCE(rxnorm_code, 'unknown'), COALESCE(prescriber_id, 0)
ORDER BY month_end, rxnorm_code, prescriber_id
