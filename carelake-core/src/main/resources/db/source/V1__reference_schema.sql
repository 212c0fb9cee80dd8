-- carelake reference EHR schema, version 1.
--
-- An operational EHR as carelake expects to find one: every table has a bigint primary key and
-- created_at / updated_at columns that the database keeps itself (trigger set_row_timestamps),
-- so incremental extraction can rely on updated_at = now() (the transaction's start time).
-- Constraints are as loose as real EHRs are: codes are free text, most fields are nullable and
-- there are no foreign keys, because validating the data is the pipeline's job.
-- Clinical times (admit_time, collected_at, slot_start) are local wall-clock times
-- (timestamp without time zone), as EHRs record them.

CREATE FUNCTION set_row_timestamps() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.created_at := now();
  ELSE
    NEW.created_at := OLD.created_at;
  END IF;
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

-- Hard deletes leave a tombstone here, so an incremental extract can see them.
CREATE TABLE source_deletions (
  deletion_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  table_name  text NOT NULL,
  primary_key bigint NOT NULL,
  deleted_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX source_deletions_deleted_at ON source_deletions (deleted_at);

CREATE FUNCTION record_deletion() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO source_deletions (table_name, primary_key)
  VALUES (TG_TABLE_NAME, (to_jsonb(OLD) ->> TG_ARGV[0])::bigint);
  RETURN OLD;
END
$$;

CREATE TABLE organizations (
  organization_id   bigint PRIMARY KEY,
  name              text,
  organization_type text,          -- 'health-system', 'hospital', 'clinic'
  address_line      text,
  city              text,
  state             text,
  zip               text,
  phone             text,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL
);

CREATE TABLE facilities (
  facility_id     bigint PRIMARY KEY,
  organization_id bigint,
  name            text,
  facility_type   text,            -- 'hospital', 'clinic', 'urgent-care', 'telehealth'
  address_line    text,
  city            text,
  state           text,
  zip             text,
  phone           text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);

CREATE TABLE practitioners (
  practitioner_id bigint PRIMARY KEY,
  npi             text,            -- National Provider Identifier, 10 digits with a Luhn check
  given_name      text,
  family_name     text,
  specialty       text,
  organization_id bigint,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);

CREATE TABLE patients (
  patient_id    bigint PRIMARY KEY,
  mrn           text,              -- medical record number, unique per registration
  given_name    text,
  family_name   text,
  birth_date    date,
  sex           text,              -- administrative sex: 'female', 'male', 'other', 'unknown'
  address_line  text,
  city          text,
  state         text,
  zip           text,
  phone         text,
  email         text,
  ssn           text,              -- national identifier (US SSN); generated ones are 999-xx-xxxx
  deceased_date date,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);

CREATE TABLE encounters (
  encounter_id              bigint PRIMARY KEY,
  patient_id                bigint,
  encounter_class           text,  -- 'inpatient', 'outpatient', 'emergency', 'virtual'
  admit_time                timestamp,
  discharge_time            timestamp,  -- empty while the encounter is in progress
  discharge_disposition     text,  -- inpatient and emergency only, see docs/source-schema.md
  attending_practitioner_id bigint,
  facility_id               bigint,
  admission_type            text,  -- inpatient only: 'emergency', 'urgent', 'elective'
  created_at                timestamptz NOT NULL,
  updated_at                timestamptz NOT NULL
);

CREATE TABLE diagnoses (
  diagnosis_id   bigint PRIMARY KEY,
  encounter_id   bigint,
  patient_id     bigint,
  icd10_code     text,             -- ICD-10-CM as entered, dotted or not; empty when none is known
  diagnosis_rank text,             -- 'primary' (one per encounter) or 'secondary'
  onset_date     date,
  snomed_code    text,             -- SNOMED CT, when the record came coded that way (Synthea)
  description    text,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);

-- The problem list and allergies are the patient's "medical history".
CREATE TABLE problems (
  problem_id      bigint PRIMARY KEY,
  patient_id      bigint,
  code_system     text,            -- 'ICD-10-CM' or 'SNOMED-CT'
  code            text,
  description     text,
  status          text,            -- 'active', 'resolved'
  onset_date      date,
  resolved_date   date,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);

CREATE TABLE allergies (
  allergy_id    bigint PRIMARY KEY,
  patient_id    bigint,
  code_system   text,              -- 'RxNorm' or 'SNOMED-CT'; empty for a free-text substance
  code          text,
  substance     text,
  category      text,              -- 'medication', 'food', 'environment'
  reaction      text,
  severity      text,              -- 'mild', 'moderate', 'severe'
  status        text,              -- 'active', 'inactive'
  onset_date    date,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);

CREATE TABLE prescriptions (
  prescription_id bigint PRIMARY KEY,
  patient_id      bigint,
  encounter_id    bigint,
  rxnorm_code     text,
  drug_name       text,
  dose_quantity   numeric,
  dose_unit       text,
  route           text,            -- 'oral', 'inhalation', 'subcutaneous', 'intravenous', ...
  frequency       text,            -- 'daily', 'BID', 'TID', 'QID', 'QHS', 'PRN', 'weekly'
  start_date      date,
  end_date        date,            -- empty for an open-ended prescription
  prescriber_id   bigint,
  status          text,            -- 'active', 'completed', 'stopped'
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);

CREATE TABLE lab_results (
  lab_result_id   bigint PRIMARY KEY,
  patient_id      bigint,
  encounter_id    bigint,
  loinc_code      text,
  test_name       text,
  value_numeric   numeric,
  value_text      text,            -- the value as reported, for results that are not numbers
  unit            text,            -- UCUM
  reference_low   numeric,
  reference_high  numeric,
  reference_range text,            -- the range as printed on the report, e.g. '70-99' or '<200'
  abnormal_flag   text,            -- HL7 table 0078: 'N', 'L', 'H', 'LL', 'HH'
  collected_at    timestamp,
  resulted_at     timestamp,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);

CREATE TABLE appointments (
  appointment_id  bigint PRIMARY KEY,
  patient_id      bigint,
  practitioner_id bigint,
  facility_id     bigint,
  slot_start      timestamp,
  slot_minutes    integer,
  status          text,            -- 'booked', 'arrived', 'fulfilled', 'cancelled', 'noshow'
  reason          text,
  encounter_id    bigint,          -- the visit, once the appointment is fulfilled
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);

-- Every EHR table gets the timestamp trigger, the deletion tombstone and an index on
-- updated_at for incremental extraction.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
      ('organizations', 'organization_id'), ('facilities', 'facility_id'),
      ('practitioners', 'practitioner_id'), ('patients', 'patient_id'),
      ('encounters', 'encounter_id'), ('diagnoses', 'diagnosis_id'),
      ('problems', 'problem_id'), ('allergies', 'allergy_id'),
      ('prescriptions', 'prescription_id'), ('lab_results', 'lab_result_id'),
      ('appointments', 'appointment_id')) AS v(table_name, key_column)
  LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON %I FOR EACH ROW '
        || 'EXECUTE FUNCTION set_row_timestamps()', t.table_name || '_timestamps', t.table_name);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I FOR EACH ROW '
        || 'EXECUTE FUNCTION record_deletion(%L)', t.table_name || '_deletions', t.table_name,
        t.key_column);
    EXECUTE format('CREATE INDEX %I ON %I (updated_at)', t.table_name || '_updated_at',
        t.table_name);
  END LOOP;
END
$$;

CREATE INDEX encounters_patient_id ON encounters (patient_id);
CREATE INDEX diagnoses_encounter_id ON diagnoses (encounter_id);
CREATE INDEX lab_results_encounter_id ON lab_results (encounter_id);

-- carelake's own bookkeeping, not part of the EHR: what generated or changed the data, and the
-- ground truth of every injected defect and every churn change (see EhrGenerator's Javadoc).
CREATE TABLE carelake_batches (
  batch_id    integer PRIMARY KEY,
  operation   text NOT NULL,       -- 'generate', 'churn', 'import-synthea'
  seed        bigint,
  parameters  text,
  started_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE carelake_manifest (
  entry_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  batch_id    integer NOT NULL,
  change      text NOT NULL,       -- 'defect', 'insert', 'update', 'delete'
  table_name  text NOT NULL,
  primary_key bigint NOT NULL,
  kind        text NOT NULL,       -- the defect kind or the kind of change
  column_name text,
  detail      text                 -- never patient data
);
CREATE INDEX carelake_manifest_row ON carelake_manifest (table_name, primary_key);
