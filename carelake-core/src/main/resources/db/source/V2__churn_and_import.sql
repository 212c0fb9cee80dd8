-- carelake reference EHR schema, version 2: what churn and the Synthea import need.

-- The world's "today" once a batch is applied: churn writes the day after the latest batch's.
ALTER TABLE carelake_batches ADD COLUMN as_of date;

-- Identifiers a row had in the system it was imported from (a Synthea export's UUIDs), so an
-- imported row can be traced back. Not part of the EHR, and not extracted.
CREATE TABLE carelake_external_ids (
  table_name  text NOT NULL,
  primary_key bigint NOT NULL,
  system      text NOT NULL,       -- 'synthea'
  external_id text NOT NULL,
  PRIMARY KEY (table_name, primary_key)
);
CREATE INDEX carelake_external_ids_external ON carelake_external_ids (system, external_id);

-- A visit is written from the patient's problem list, as EHRs index every child table by patient.
CREATE INDEX problems_patient_id ON problems (patient_id);
