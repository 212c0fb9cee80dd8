-- grain: one row per run with a data-quality report, source table and rule that failed in the
--   run; a run in which no rule failed has one row, with source_table and rule_id 'none'
-- definition: each run's rule failures as its data-quality report counted them (rows that
--   failed the rule, error rules sending the row to quarantine, warnings keeping it flagged),
--   the rows the quarantine holds from the run for the rule and how many of those a replay has
--   released since, beside the run's totals and the quarantine backlog the report counted when
--   the run ended (open records: distinct table and key neither released nor fixed by a later
--   run). Counts and rule ids only, never a value of a record.
-- reads: quality_runs, quality_rule_failures, quarantine
-- key: run_id, source_table, rule_id
-- column run_id: the run's id (its start time and a suffix)
-- column run_started_at: when the run started
-- column run_status: the run's state when its report was made
-- column source_table: the table the rule checks (such as diagnoses); 'none' on a run's row
--   without failures
-- column rule_id: the rule's id (such as DX-103); 'none' on a run's row without failures
-- column severity: error (quarantined) or warning (kept, flagged); 'none' without failures
-- column failures: rows that failed the rule in the run
-- column failure_rate: failures per row the table received in the run, 0 to 1
-- column quarantined_rows: rows of the run in the quarantine that failed the rule
-- column released_rows: of those, rows a replay has released since
-- column run_rows_received: rows the run's silver steps read, all tables
-- column run_rows_quarantined: rows the run sent to quarantine, all tables
-- column backlog_open_records: records open in the quarantine when the report was made
-- column backlog_released_rows: quarantined rows replays had released when the report was made
-- column backlog_fixed_later_rows: quarantined rows a later run had fixed when the report was
--   made
WITH quarantined AS (
  SELECT
    q.run_id,
    substring_index(q.source_table, '.', -1) AS source_table,
    rule_id,
    COUNT(*)                                 AS quarantined_rows,
    COUNT_IF(q.released)                     AS released_rows
  FROM quarantine q
  LATERAL VIEW explode(q.rule_ids) r AS rule_id
  GROUP BY q.run_id, substring_index(q.source_table, '.', -1), rule_id
),
failures AS (
  SELECT
    f.run_id,
    COALESCE(f.source_table, 'unknown')    AS source_table,
    f.rule_id,
    COALESCE(f.severity, 'unknown')        AS severity,
    f.failures,
    f.failure_rate
  FROM quality_rule_failures f
  UNION ALL
  SELECT r.run_id, 'none', 'none', 'none', 0, 0.0
  FROM quality_runs r
  WHERE NOT EXISTS (SELECT 1 FROM quality_rule_failures f WHERE f.run_id = r.run_id)
)
SELECT
  f.run_id                                  AS run_id,
  r.started_at                              AS run_started_at,
  r.status                                  AS run_status,
  f.source_table                            AS source_table,
  f.rule_id                                 AS rule_id,
  f.severity                                AS severity,
  f.failures                                AS failures,
  round(f.failure_rate, 4)                  AS failure_rate,
  COALESCE(q.quarantined_rows, 0)           AS quarantined_rows,
  COALESCE(q.released_rows, 0)              AS released_rows,
  r.rows_received                           AS run_rows_received,
  r.rows_quarantined                        AS run_rows_quarantined,
  r.backlog_open_records                    AS backlog_open_records,
  r.backlog_released                        AS backlog_released_rows,
  r.backlog_fixed_later                     AS backlog_fixed_later_rows
FROM failures f
JOIN quality_runs r ON r.run_id = f.run_id
LEFT JOIN quarantined q
  ON q.run_id = f.run_id AND q.source_table = f.source_table AND q.rule_id = f.rule_id
ORDER BY run_id, source_table, rule_id
