-- carelake reference EHR schema, version 4: the clinical records a Synthea export holds besides
-- conditions, medications, laboratory results and allergies.
--
-- observations: every observation that is not a laboratory result (vital signs, surveys, social
-- history, scores), coded as the source codes it (LOINC for almost all), with a numeric or a text
-- value; lab_results keeps the laboratory results and their reference ranges.
-- immunizations: vaccines given, coded in CVX.
-- procedures: procedures performed, coded as the source codes them (SNOMED CT for Synthea).
-- They get what every EHR table has: created_at / updated_at defaulting to now(), the UPDATE and
-- INSERT timestamp triggers of version 3, the deletion tombstone, and an index on updated_at.

CREATE TABLE observations (
  observation_id bigint PRIMARY KEY,
  patient_id     bigint,
  encounter_id   bigint,
  category       text,             -- FHIR observation category: 'vital-signs', 'survey', ...
  code_system    text,             -- 'LOINC' for almost all; empty when the code is local
  code           text,
  description    text,
  value_numeric  numeric,
  value_text     text,             -- the value as recorded, for values that are not numbers
  unit           text,             -- UCUM
  effective_at   timestamp,        -- when the observation was made (wall-clock time)
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE immunizations (
  immunization_id bigint PRIMARY KEY,
  patient_id      bigint,
  encounter_id    bigint,
  cvx_code        text,            -- CDC vaccine code (CVX)
  description     text,
  administered_at timestamp,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE procedures (
  procedure_id   bigint PRIMARY KEY,
  patient_id     bigint,
  encounter_id   bigint,
  code_system    text,             -- 'SNOMED-CT' for Synthea
  code           text,
  description    text,
  performed_at   timestamp,
  performed_end  timestamp,        -- empty for a procedure without a recorded end
  reason_code    text,             -- the condition that motivated it, coded as the source codes it
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
      ('observations', 'observation_id'), ('immunizations', 'immunization_id'),
      ('procedures', 'procedure_id')) AS v(table_name, key_column)
  LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW '
        || 'EXECUTE FUNCTION set_row_timestamps()', t.table_name || '_timestamps', t.table_name);
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW '
        || 'EXECUTE FUNCTION set_row_timestamps()', t.table_name || '_insert_timestamps',
        t.table_name);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I FOR EACH ROW '
        || 'EXECUTE FUNCTION record_deletion(%L)', t.table_name || '_deletions', t.table_name,
        t.key_column);
    EXECUTE format('CREATE INDEX %I ON %I (updated_at)', t.table_name || '_updated_at',
        t.table_name);
    EXECUTE format('CREATE INDEX %I ON %I (patient_id)', t.table_name || '_patient_id',
        t.table_name);
  END LOOP;
END
$$;
