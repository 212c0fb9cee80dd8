-- grain: one row per month of collection and LOINC code
-- definition: laboratory results collected in the month (in source.time-zone) and how many the laboratory
--   flagged abnormal (HL7 v2 table 0078: L, H, LL, HH, LU, HU, <, >, A, AA) or normal (N); the
--   abnormal rate is abnormal over the results interpreted either way. Results without a flag,
--   or with another interpretation (susceptibility S, R, I, ...), count in results only; no
--   value is judged against its reference range here.
-- reads: lab_results
-- key: collected_month, loinc_code
-- incremental: collected_month from lab_results.collected_at or 1900-01-01
-- column collected_month: first day of the month of collection (in source.time-zone); 1900-01-01 when unknown
-- column loinc_code: the LOINC code; 'unknown' when missing
-- column test_name: the test's name as recorded (the first in alphabetical order when results of
--   the code name it differently)
-- column results: results collected
-- column interpreted: results flagged normal or abnormal
-- column abnormal: results flagged abnormal
-- column low: results flagged below the range (L, LL, LU, <)
-- column high: results flagged above the range (H, HH, HU, >)
-- column critical: results flagged critical (LL, HH, AA)
-- column abnormal_rate: abnormal / interpreted, rounded to 4 decimals; null when none interpreted
WITH flagged AS (
  SELECT
    COALESCE(CAST(date_trunc('MONTH', collected_at) AS DATE), DATE '1900-01-01') AS collected_month,
    COALESCE(loinc_code, 'unknown')                                            AS loinc_code,
    test_name,
    abnormal_flag IN ('L', 'H', 'LL', 'HH', 'LU', 'HU', '<', '>', 'A', 'AA')    AS is_abnormal,
    abnormal_flag
  FROM silver_lab_results
)
SELECT
  collected_month                                              AS collected_month,
  loinc_code                                                   AS loinc_code,
  min(test_name)                                               AS test_name,
  COUNT(*)                                                     AS results,
  COUNT_IF(is_abnormal OR abnormal_flag = 'N')                 AS interpreted,
  COUNT_IF(is_abnormal)                                        AS abnormal,
  COUNT_IF(abnormal_flag IN ('L', 'LL', 'LU', '<'))            AS low,
  COUNT_IF(abnormal_flag IN ('H', 'HH', 'HU', '>'))            AS high,
  COUNT_IF(abnormal_flag IN ('LL', 'HH', 'AA'))                AS critical,
  CASE WHEN COUNT_IF(is_abnormal OR abnormal_flag = 'N') = 0 THEN NULL
       ELSE round(COUNT_IF(is_abnormal) / COUNT_IF(is_abnormal OR abnormal_flag = 'N'), 4)
  END                                                          AS abnormal_rate
FROM flagged
GROUP BY collected_month, loinc_code
ORDER BY collected_month, loinc_code
