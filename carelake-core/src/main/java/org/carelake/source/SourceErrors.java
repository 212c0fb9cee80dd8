package org.carelake.source;

import java.nio.file.Path;
import java.sql.SQLException;
import org.carelake.config.JdbcEndpoint;
import org.carelake.core.CarelakeException;
import org.carelake.core.ConfigException;

/**
 * The error messages of the source EHR tools, built in one place: each says what went wrong, why,
 * and what to do about it, and none contains patient data.
 */
public final class SourceErrors {
  private SourceErrors() {}

  /** The patient count is out of range. */
  public static ConfigException badPatientCount(long patients) {
    return new ConfigException(
        "--patients is "
            + patients
            + ", but the generator needs at least 1 and at most 10,000,000 patients; give a"
            + " number in that range (500 makes a quick demo, 100,000 several million rows).");
  }

  /** The defect rate is out of range. */
  public static ConfigException badDefectRate(double rate) {
    return new ConfigException(
        "--defect-rate is "
            + rate
            + ", but it is the share of rows that get a defect, so it must be between 0 and 1;"
            + " give for example 0.02 for 2% of rows, or 0 for clean data.");
  }

  /** The change count for churn is out of range. */
  public static ConfigException badChangeCount(long changes) {
    return new ConfigException(
        "--changes is "
            + changes
            + ", but churn applies at least 1 and at most 10,000,000 changes; give a number in"
            + " that range.");
  }

  /** Flyway could not migrate the source database. */
  public static CarelakeException migrationFailed(JdbcEndpoint source, Exception cause) {
    return new CarelakeException(
        "The reference schema could not be applied to the source database "
            + source.url()
            + " ("
            + firstLine(cause)
            + "); if the database already holds tables of another application, point"
            + " source.jdbc-url at an empty database, otherwise check that the user may create"
            + " tables in schema public.",
        cause);
  }

  /** A statement against the source database failed. */
  public static CarelakeException databaseFailed(String operation, Exception cause) {
    return new CarelakeException(
        "The source database failed while "
            + operation
            + " ("
            + firstLine(cause)
            + "); nothing was committed, so the source is as it was. Check that the database is"
            + " running and reachable, then run the command again.",
        cause);
  }

  /** The source database has no reference schema. */
  public static CarelakeException schemaMissing(String table, SQLException cause) {
    return new CarelakeException(
        "The source database has no table '"
            + table
            + "', so it does not hold the carelake reference schema; run 'carelake source"
            + " generate' to create and fill it, or point source.jdbc-url at a database that has"
            + " it.",
        cause);
  }

  /** Churn was asked for on an empty source. */
  public static CarelakeException nothingToChurn() {
    return new CarelakeException(
        "The source database holds no generated data, so churn has no patients to change; run"
            + " 'carelake source generate' first.");
  }

  /** A scratch file could not be written or read. */
  public static CarelakeException scratchFileFailed(Path file, Exception cause) {
    return new CarelakeException(
        "The scratch file "
            + file
            + " could not be written or read ("
            + firstLine(cause)
            + "); the generator stages rows there before COPY. Check free space in the"
            + " temporary folder (java.io.tmpdir), or set -Djava.io.tmpdir to a folder with"
            + " room.",
        cause);
  }

  /** The Synthea folder is missing a required file. */
  public static CarelakeException syntheaFileMissing(Path folder, String file) {
    return new CarelakeException(
        "The Synthea export folder "
            + folder
            + " has no "
            + file
            + ", so it is not a Synthea CSV export; run Synthea with"
            + " exporter.csv.export=true and give the folder that holds patients.csv.");
  }

  /** A Synthea CSV file could not be read. */
  public static CarelakeException syntheaUnreadable(Path file, String reason, Exception cause) {
    return new CarelakeException(
        "The Synthea file "
            + file
            + " could not be read ("
            + reason
            + "); it must be a CSV export with a header line, as Synthea writes it. Re-export it,"
            + " or remove the damaged file if it is optional.",
        cause);
  }

  /** The SNOMED CT to ICD-10-CM map file is not usable. */
  public static ConfigException badSnomedMap(Path file, int line, String reason) {
    return new ConfigException(
        "The SNOMED CT to ICD-10-CM map "
            + file
            + (line > 0 ? " (line " + line + ")" : "")
            + " cannot be used: "
            + reason
            + ". It must be CSV with two columns, snomed,icd10 (a SNOMED CT concept id and one"
            + " ICD-10-CM code), one concept per line; fix the file or leave out"
            + " --snomed-icd10-map to keep the SNOMED CT codes alone.");
  }

  private static String firstLine(Exception cause) {
    String message = String.valueOf(cause.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
