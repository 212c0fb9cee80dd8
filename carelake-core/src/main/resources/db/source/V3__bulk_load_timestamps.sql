-- carelake reference EHR schema, version 3: bulk loads without a trigger call per row.
--
-- COPY cannot batch rows into a table that has a BEFORE INSERT row trigger, and calling the
-- PL/pgSQL trigger for every row was most of a bulk load's time. So created_at and updated_at now
-- default to now() (the value the trigger sets: the transaction's start time), the UPDATE trigger
-- stays as it was, and INSERT has a trigger of its own, <table>_insert_timestamps, which carelake's
-- bulk loads (generate, import-synthea) switch off inside their transaction, right after the
-- TRUNCATE that locks the tables. Every other writer, and every other transaction, still gets
-- timestamps kept by the database whatever it sends, and the stored values are the same as before.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['organizations', 'facilities', 'practitioners', 'patients',
      'encounters', 'diagnoses', 'problems', 'allergies', 'prescriptions', 'lab_results',
      'appointments']
  LOOP
    EXECUTE format('ALTER TABLE %I ALTER COLUMN created_at SET DEFAULT now(), '
        || 'ALTER COLUMN updated_at SET DEFAULT now()', t);
    EXECUTE format('DROP TRIGGER %I ON %I', t || '_timestamps', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW '
        || 'EXECUTE FUNCTION set_row_timestamps()', t || '_timestamps', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW '
        || 'EXECUTE FUNCTION set_row_timestamps()', t || '_insert_timestamps', t);
  END LOOP;
END
$$;
