package org.carelake.core;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.XMLStreamException;
import org.carelake.config.CarelakeConfig.Origin;
import org.carelake.config.ConfigKey;
import org.carelake.config.JdbcEndpoint;
import org.carelake.config.JdbcUrls;
import org.carelake.fhir.FhirType;
import org.carelake.terminology.Icd10Chapter;
import org.carelake.terminology.Icd10Code;
import org.carelake.terminology.Icd10Format;

/**
 * Builds every user-facing error message in one place, as Delta Kernel's {@code DeltaErrors} does.
 * Each message says what went wrong, why, and what to do about it, and never contains patient data.
 */
public final class Errors {
  private Errors() {}

  /** One line for an unknown key in the configuration file or on the command line. */
  public static String unknownConfigKey(String name, Origin origin, Optional<String> suggestion) {
    return "'"
        + name
        + "' ("
        + origin.words()
        + ") is not a carelake configuration key; "
        + suggestion
            .map(s -> "did you mean '" + s + "'?")
            .orElse("run 'carelake config' for the list of keys.");
  }

  /**
   * A command line names a subcommand that does not exist.
   *
   * @param command the command as typed so far ({@code carelake bench})
   * @param given the unknown word
   * @param known the subcommands that exist
   */
  public static String unknownSubcommand(String command, String given, List<String> known) {
    return "Unknown subcommand '"
        + given
        + "' of '"
        + command
        + "'. Known subcommands: "
        + String.join(", ", known)
        + ". Run '"
        + command
        + " --help' to see what each does.";
  }

  /** One line for a value that does not parse. */
  public static String badConfigValue(ConfigKey<?> key, Origin origin, String reason) {
    String where =
        origin == Origin.ENVIRONMENT
            ? "environment variable " + key.environmentVariable()
            : origin.words();
    return "'"
        + key.name()
        + "' ("
        + where
        + "): "
        + reason
        + "; set it to "
        + key.expected()
        + ".";
  }

  /** One line for a secret given with {@code --set}, where it would land in shell history. */
  public static String secretOnCommandLine(ConfigKey<?> key) {
    return "'"
        + key.name()
        + "' is a secret and cannot be set on the command line, where it would be kept in shell"
        + " history; set the environment variable "
        + key.environmentVariable()
        + " or put it in the configuration file.";
  }

  /** One line for a SASL protocol without credentials. */
  public static String saslWithoutJaas(String protocol) {
    return "'kafka.security-protocol' is "
        + protocol
        + " but 'kafka.sasl-jaas-config' is not set, so the client could not log in; set"
        + " CARELAKE_KAFKA_SASL_JAAS_CONFIG (for Event Hubs: org.apache.kafka.common.security"
        + ".plain.PlainLoginModule required username=\"$ConnectionString\" password=\"<connection"
        + " string>\";).";
  }

  /** All configuration problems found at start, one per line. */
  public static ConfigException invalidConfiguration(List<String> problems) {
    return new ConfigException(
        "The configuration is not valid ("
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "):\n  - "
            + String.join("\n  - ", problems));
  }

  /**
   * The demo was started with an external source, publish database, lake or broker configured; it
   * generates data and resets its lake, so it runs only on its own embedded services.
   *
   * @param keys each configured key with where its value came from
   */
  public static ConfigException demoOnConfiguredServices(List<String> keys) {
    return new ConfigException(
        "carelake demo refuses to run: "
            + String.join(", ", keys)
            + (keys.size() == 1 ? " is" : " are")
            + " configured, and the demo generates its own source data and resets its lake, which"
            + " would overwrite a real database or lake. The demo runs only on embedded services"
            + " and its own data folder: unset "
            + (keys.size() == 1 ? "that key" : "those keys")
            + " (or give the demo another --set data-dir=...), or use 'carelake run' for"
            + " configured services.");
  }

  /**
   * A pipeline step failed with another library's exception. Its message may quote record values,
   * so only its type and value-free words are kept; the log has its stack trace.
   *
   * @param step the step's name
   * @param cause what failed
   */
  public static CarelakeException stepFailed(String step, Throwable cause) {
    return new CarelakeException(
        "Step "
            + step
            + " failed: "
            + ValueFreeMessages.of(cause)
            + ". Nothing it wrote is half-committed; the next run resumes from this step. The log"
            + " file has the stack trace, with record values withheld.",
        cause);
  }

  /**
   * Reading or writing a file of the lake (or of a local folder carelake writes) failed.
   *
   * @param action what was being done, as a verb phrase ({@code write}, {@code list})
   * @param path the file or folder
   * @param cause the file system's error
   */
  public static CarelakeException fileFailed(String action, String path, Exception cause) {
    return new CarelakeException(
        "Could not "
            + action
            + " "
            + path
            + " ("
            + rootMessage(cause)
            + "); check that the file system is reachable and that this user may read and write"
            + " there (lake.uri and data-dir; for abfss:// or s3a://, the spark.hadoop.*"
            + " credentials).",
        cause);
  }

  /**
   * A resource that ships inside carelake's jar is missing or unreadable: the build is incomplete.
   *
   * @param resource the class path resource
   * @param cause the read error, when there was one
   */
  public static CarelakeException resourceMissing(String resource, Exception cause) {
    return new CarelakeException(
        "The class path resource "
            + resource
            + " is missing or unreadable in carelake's jar"
            + (cause == null ? "" : " (" + rootMessage(cause) + ")")
            + "; the build is incomplete: rebuild carelake with 'mvn -B -DskipTests package'.",
        cause);
  }

  /**
   * A line of the PHI classification is malformed: the build ships a classification that cannot say
   * which columns hold patient data.
   *
   * @param resource the classification file
   * @param line the line number, from 1
   * @param problem what is wrong
   */
  public static CarelakeException phiClassificationMalformed(
      String resource, int line, String problem) {
    return new CarelakeException(
        "The PHI classification "
            + resource
            + " has an unusable line "
            + line
            + ": "
            + problem
            + ". Every line is 'table,column,class,safe-harbor identifier,form' with class direct,"
            + " quasi or none, and each table and column is classified once (see PhiColumns).");
  }

  /**
   * The audit trail could not take a new entry: other processes took every sequence tried.
   *
   * @param folder the trail's folder
   * @param attempts how many sequences were tried
   */
  public static CarelakeException auditTrailContended(String folder, int attempts) {
    return new CarelakeException(
        "Could not record an audit entry in "
            + folder
            + ": "
            + attempts
            + " other entries were recorded at the same time; so many concurrent writers are"
            + " unexpected: check what else records into this lake, then run the command again.");
  }

  /**
   * An entry of the audit trail cannot be read, so the trail cannot be listed or extended.
   *
   * @param path the entry's file
   */
  public static CarelakeException auditEntryUnreadable(String path) {
    return new CarelakeException(
        "The audit entry "
            + path
            + " is not a readable entry: the file was changed or damaged outside carelake. Run"
            + " 'carelake audit --verify' to find the first broken entry, and restore the trail"
            + " from a backup.");
  }

  /**
   * The header comment of a gold mart's SQL file is incomplete or malformed: the build ships a mart
   * that cannot be described or published.
   *
   * @param resource the SQL file
   * @param problem what is wrong
   */
  public static CarelakeException goldMartHeader(String resource, String problem) {
    return new CarelakeException(
        "The gold mart "
            + resource
            + " has an unusable header: "
            + problem
            + ". Every mart's SQL file opens with '-- grain:', '-- definition:', '-- reads:',"
            + " '-- key:' and one '-- column <name>:' line per selected column (see GoldMart).");
  }

  /**
   * A gold mart's header reads a table that is neither a silver entity nor a reserved view.
   *
   * @param input the name the {@code reads} line gives
   * @param silver the silver entities
   * @param views the reserved views
   */
  public static CarelakeException goldMartInput(
      String input, List<String> silver, List<String> views) {
    return new CarelakeException(
        "A gold mart reads '"
            + input
            + "', which is neither a silver entity "
            + silver
            + " nor a reserved view of the lake "
            + views
            + "; correct the mart's '-- reads:' line.");
  }

  /**
   * A gold mart's statement selects other columns than its header describes.
   *
   * @param mart the mart
   * @param described the columns the header describes, in order
   * @param selected the columns the statement selects, in order
   */
  public static CarelakeException goldMartColumns(
      String mart, List<String> described, List<String> selected) {
    return new CarelakeException(
        "The gold mart "
            + mart
            + " selects the columns "
            + selected
            + " but its header describes "
            + described
            + "; make the '-- column' lines of sql/gold/"
            + mart
            + ".sql match the SELECT, in the same order.");
  }

  /**
   * The secret of gold's keyed pseudonyms cannot be read: without it no pseudonymous key can be
   * computed, and a new one would change every key.
   *
   * @param path the secret's file
   * @param problem what is wrong with it, never its content
   * @param cause the file system's error, when there was one
   */
  public static CarelakeException pseudonymSecretUnusable(
      String path, String problem, Exception cause) {
    return new CarelakeException(
        "The pseudonym secret "
            + path
            + " cannot be used: "
            + problem
            + (cause == null ? "" : " (" + rootMessage(cause) + ")")
            + ". Gold's patient keys are an HMAC of the patient id with this secret; restore the"
            + " file from a backup to keep the keys, or point gold.pseudonym-secret-file at a"
            + " readable file of at least 32 characters (a new secret changes every key).",
        cause);
  }

  /** The configuration file named does not exist. */
  public static ConfigException configFileMissing(Path path) {
    return new ConfigException(
        "The configuration file "
            + path.toAbsolutePath()
            + " does not exist; check the path given with --config or CARELAKE_CONFIG, or leave"
            + " both unset to use the defaults.");
  }

  /** The configuration file cannot be read as Java properties. */
  public static ConfigException configFileUnreadable(Path path, Exception cause) {
    return new ConfigException(
        "The configuration file "
            + path.toAbsolutePath()
            + " could not be read ("
            + rootMessage(cause)
            + "); it must be a readable Java properties file of 'key=value' lines.");
  }

  /** Extracting a table into the raw zone failed; nothing of it was landed. */
  public static CarelakeException extractFailed(String table, Exception cause) {
    return new CarelakeException(
        "Extracting table '"
            + table
            + "' into the raw zone failed ("
            + rootMessage(cause)
            + "); nothing was landed for it, and the next attempt extracts the table again. Check"
            + " that the source database is reachable and the table readable.",
        cause);
  }

  /** Publishing a gold table failed; the published table is unchanged. */
  public static CarelakeException publishFailed(String table, String url, Exception cause) {
    return new CarelakeException(
        "Publishing "
            + table
            + " to "
            + JdbcUrls.redact(url)
            + " failed ("
            + rootMessage(cause)
            + "); the published table was left as it was. Check that publish.jdbc-url is"
            + " reachable and that publish.user may create tables in schema publish.schema.",
        cause);
  }

  /** A source table the pipeline extracts does not exist. */
  public static CarelakeException sourceTableMissing(String table) {
    return new CarelakeException(
        "Source table '"
            + table
            + "' does not exist in the source database's current schema; carelake extracts the"
            + " reference EHR schema. Run 'carelake source generate' to create it on the embedded"
            + " PostgreSQL, or point source.jdbc-url at a database that has it.");
  }

  /** A source table lacks a column incremental extraction needs. */
  public static CarelakeException sourceColumnMissing(String table, String column) {
    return new CarelakeException(
        "Source table '"
            + table
            + "' has no column '"
            + column
            + "'; incremental extraction needs the primary key and the change timestamps"
            + " created_at and updated_at (kept by triggers). Add the column, or map the table"
            + " to the reference schema with a view that provides it.");
  }

  /** A run's counts do not reconcile: rows were lost or made up between layers. */
  public static CarelakeException reconciliationFailed(String runId, List<String> problems) {
    return new CarelakeException(
        "Run "
            + runId
            + " does not reconcile: "
            + String.join("; ", problems)
            + ". Rows were lost or duplicated between layers, so the run is marked failed and"
            + " gold was not rebuilt from it; look at the run's steps with 'carelake status' and"
            + " report this as a bug.");
  }

  /** Another live process holds the lake's run lock. */
  public static CarelakeException lakeLocked(
      String path, String purpose, String host, long pid, String heartbeat, Duration timeout) {
    return new CarelakeException(
        "The lake is locked by another carelake process ("
            + purpose
            + ", pid "
            + pid
            + " on "
            + host
            + ", last heartbeat "
            + heartbeat
            + "), and only one run at a time may write a lake. Wait for it to finish; if that"
            + " process is gone, the lock frees itself "
            + timeout.toSeconds()
            + " s after its last heartbeat (or at once on the same host). Lock file: "
            + path);
  }

  /**
   * The lake's lock file is being rewritten by another process, or holds no readable holder and is
   * younger than the timeout, so nobody can tell yet whether it is abandoned.
   */
  public static CarelakeException lakeLockChangingHands(String path, Duration timeout) {
    return new CarelakeException(
        "The lake's lock is changing hands: another carelake process is taking it over, or the lock"
            + " file holds no readable holder and was written less than "
            + timeout.toSeconds()
            + " s ago. Only one run at a time may write a lake. Try again in a moment; an empty or"
            + " unreadable lock file counts as abandoned "
            + timeout.toSeconds()
            + " s after it was last written. Lock file: "
            + path);
  }

  /**
   * This process held the lake's lock, and another process has taken it over (its heartbeat was
   * older than the timeout), so this run must not commit anything more.
   */
  public static CarelakeException lakeLockLost(
      String path, String purpose, String host, long pid, Duration timeout) {
    return new CarelakeException(
        "This run lost the lake's lock to another carelake process ("
            + purpose
            + ", pid "
            + pid
            + " on "
            + host
            + "): its heartbeat was not renewed within "
            + timeout.toSeconds()
            + " s (a long pause, or the lake's storage unreachable), so the lock counted as"
            + " abandoned. The run stops before its next commit; what it committed stays and is"
            + " resumed by the next run. Raise run.lock-timeout if pauses this long are expected."
            + " Lock file: "
            + path);
  }

  /** The lake's lock file exists but reading it failed. */
  public static CarelakeException lakeLockUnreadable(String path, Exception cause) {
    return new CarelakeException(
        "Cannot read the lake's lock file: "
            + cause
            + ". Without it carelake cannot tell whether another run holds the lake, so it does"
            + " not start (or continue). Check that the lake's storage is reachable and that this"
            + " user may read and write "
            + path,
        cause);
  }

  /** A transient failure did not pass after every retry. */
  public static CarelakeException retriesExhausted(String what, int attempts, Exception cause) {
    return new CarelakeException(
        "Gave up "
            + what
            + " after "
            + attempts
            + " attempts: "
            + rootMessage(cause)
            + ". The database was unreachable or kept dropping the connection; check that it is"
            + " up and reachable from here, then run again: the run resumes where it stopped."
            + " run.retry-attempts and run.retry-backoff set how long carelake waits.",
        cause);
  }

  /** A source table's schema changed in a way bronze cannot absorb. */
  public static CarelakeException schemaDrift(String table, String column, String change) {
    return new CarelakeException(
        "Source table '"
            + table
            + "' changed incompatibly: column '"
            + column
            + "' "
            + change
            + ". Bronze keeps every version of every row as received, so a removed or retyped"
            + " column would make older and newer rows disagree; added columns flow through."
            + " Restore the column in the source (or a view over it), or, if the change is"
            + " intended, archive this table's bronze and raw data and reload it with"
            + " 'carelake run --full'.");
  }

  /** The silver benchmark could not read the defect manifest it generated. */
  public static CarelakeException benchManifestUnreadable(Exception cause) {
    return new CarelakeException(
        "Could not read the defect manifest (table carelake_manifest) from the source ("
            + rootMessage(cause)
            + "); the benchmark generates it itself, so the source database was changed or"
            + " dropped while it ran; run the benchmark again on a database of its own.",
        cause);
  }

  /** A benchmark could not create its own database on the embedded PostgreSQL. */
  public static CarelakeException benchDatabaseFailed(String database, Exception cause) {
    return new CarelakeException(
        "Could not create the benchmark database "
            + database
            + " on the embedded PostgreSQL ("
            + rootMessage(cause)
            + "); another process may hold it open; stop that process, or set"
            + " source.jdbc-url to a database the benchmark may replace.",
        cause);
  }

  /**
   * The innermost message of an exception chain, with the values it may quote withheld (see {@link
   * ValueFreeMessages}): it is quoted in messages that reach the console, the log and the run
   * history.
   */
  public static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null
        ? root.getClass().getSimpleName()
        : ValueFreeMessages.mask(root.getMessage());
  }

  // The CSV reader. Messages name the source and the line, never a field's value, since values may
  // be patient data.

  /** An error of a line of a file a user gave: the source and line, then the message. */
  private static CarelakeException lineError(String source, int line, String message) {
    return new CarelakeException(source + " line " + line + ": " + message);
  }

  /**
   * A defect of a line of a file carelake ships (a bug of the build, not the user's): the source
   * and line, then the message.
   */
  private static IllegalStateException lineDefect(String source, int line, String message) {
    return new IllegalStateException(source + " line " + line + ": " + message);
  }

  /** A quoted CSV field is never closed. */
  public static CarelakeException csvUnclosedQuote(String source, int line) {
    return lineError(
        source,
        line,
        "a quoted field is never closed; the file ends inside quotes; add the closing"
            + " double quote, and write a quote inside a field as two quotes.");
  }

  /** Text follows the closing quote of a CSV field. */
  public static CarelakeException csvTextAfterClosingQuote(String source, int line) {
    return lineError(
        source,
        line,
        "text follows the closing double quote of a field; in CSV only a whole field may"
            + " be quoted; quote the whole field and write a quote inside it as two quotes.");
  }

  /** A CSV record is not valid CSV. */
  public static CarelakeException csvMalformed(String source, int line) {
    return lineError(
        source,
        line,
        "the text is not valid CSV (RFC 4180); check the quoting of that record, and"
            + " that the file is UTF-8 text.");
  }

  /** A CSV source could not be read. */
  public static CarelakeException csvUnreadable(String source, IOException cause) {
    return new CarelakeException(
        source
            + " could not be read ("
            + cause.getClass().getSimpleName()
            + "); check that the file exists and is readable.",
        cause);
  }

  // The source EHR tools: generation, churn, migrations, COPY loading and the Synthea import.

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
            + source.displayUrl()
            + " ("
            + firstLine(cause)
            + "); if the database already holds tables of another application, point"
            + " source.jdbc-url at an empty database, otherwise check that the user may create"
            + " tables in schema public.",
        cause);
  }

  /** A statement against the source database failed. */
  public static CarelakeException sourceDatabaseFailed(String operation, Exception cause) {
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
  public static CarelakeException sourceSchemaMissing(String table, SQLException cause) {
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
    String message = JdbcUrls.redact(String.valueOf(cause.getMessage()));
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  // ICD-10-CM: codes, chapters, the starter set and the release files. Values that may come from
  // patient records (codes as entered) are never echoed; values of carelake's own bundled files
  // are.

  /** A value is not an ICD-10-CM code; the value itself is not echoed. */
  public static IllegalArgumentException notAnIcd10Code(Icd10Format format, String value) {
    String what =
        format == Icd10Format.MISSING
            ? "the value is missing (null, empty or only whitespace)"
            : "the value (" + value.length() + " characters, not shown) is malformed";
    return new IllegalArgumentException(
        "Cannot format an ICD-10-CM code: "
            + what
            + "; a code is a letter, a digit, a letter or digit, then up to four letters or"
            + " digits, optionally with one dot after the third character; check values with"
            + " Icd10Code.formatOf or Icd10Code.normalize before formatting them.");
  }

  /** An ICD-10-CM chapter number is not 1 to 22. */
  public static IllegalArgumentException chapterNumberOutOfRange(int number) {
    return new IllegalArgumentException(
        "Chapter number "
            + number
            + " is out of range; the ICD-10-CM tabular list has chapters 1 to 22; use a number"
            + " from the release's tabular list.");
  }

  /** An ICD-10-CM chapter's code range is not a range of categories. */
  public static IllegalArgumentException chapterRangeInvalid(
      int number, String first, String last) {
    return new IllegalArgumentException(
        "Chapter "
            + number
            + " has the range '"
            + first
            + "-"
            + last
            + "', which is not two upper-case three-character categories in ascending order;"
            + " a chapter's range compares on categories such as A00 and B99; write the range as"
            + " the tabular list's chapter description does.");
  }

  /** An ICD-10-CM chapter has no title. */
  public static IllegalArgumentException chapterTitleBlank(int number) {
    return new IllegalArgumentException(
        "Chapter "
            + number
            + " has a blank title; every chapter of the tabular list is named; use the title"
            + " from the chapter's description without the trailing range.");
  }

  /** An ICD-10-CM entry's code is not in the stored (undotted, upper case) form. */
  public static IllegalArgumentException entryCodeNotStored(String code) {
    return new IllegalArgumentException(
        "Entry code '"
            + code
            + "' is not in the stored form; entries hold codes undotted and upper case as the"
            + " order file does; pass Icd10Code.normalize(code).");
  }

  /** An ICD-10-CM entry's dotted code is not its code with the dot. */
  public static IllegalArgumentException entryDottedCodeMismatch(String code, String dottedCode) {
    return new IllegalArgumentException(
        "Entry '"
            + code
            + "' has the dotted code '"
            + dottedCode
            + "', which is not its display form; the dotted code must equal"
            + " Icd10Code.dotted(code); pass '"
            + Icd10Code.dotted(code)
            + "'.");
  }

  /** An ICD-10-CM entry is given a chapter whose range does not hold it. */
  public static IllegalArgumentException entryChapterMismatch(String code, Icd10Chapter chapter) {
    return new IllegalArgumentException(
        "Entry '"
            + code
            + "' is given chapter "
            + chapter.number()
            + " ("
            + chapter.range()
            + "), whose range does not hold it; an entry's chapter is the one whose range holds"
            + " its category; pass Icd10Chapters.chapterOf(code).");
  }

  /** An ICD-10-CM entry has no description. */
  public static IllegalArgumentException entryDescriptionBlank(String code) {
    return new IllegalArgumentException(
        "Entry '"
            + code
            + "' has a blank description; every code in the order file has a short and a long"
            + " description; copy both from the order file.");
  }

  /** The starter set does not start with its header. */
  public static IllegalStateException starterHeaderWrong(String source, List<String> header) {
    return new IllegalStateException(
        source
            + " does not start with the header '"
            + String.join(",", header)
            + "'; the starter-set loader reads columns by that layout; restore the header line.");
  }

  /** A starter set line has another number of fields than the header. */
  public static IllegalStateException starterFieldCount(
      String source, int line, int actual, int expected) {
    return lineDefect(
        source,
        line,
        "has "
            + actual
            + " fields instead of "
            + expected
            + "; a description holding a comma must be quoted; quote it.");
  }

  /** A starter set code is not in the stored form. */
  public static IllegalStateException starterCodeNotStored(String source, int line, String code) {
    return lineDefect(
        source,
        line,
        "code '"
            + code
            + "' is not in the stored form; the starter set holds codes undotted and upper case"
            + " as the order file does; write it as the order file does.");
  }

  /** A starter set line's billable flag is neither true nor false. */
  public static IllegalStateException starterBillableWrong(String source, int line, String value) {
    return lineDefect(
        source,
        line,
        "billable is '"
            + value
            + "'; the column holds the order file's flag, 1 for billable and 0 for a header;"
            + " write 1 or 0.");
  }

  /** A starter set code has no description. */
  public static IllegalStateException starterDescriptionBlank(
      String source, int line, String code) {
    return lineDefect(
        source,
        line,
        "code '"
            + code
            + "' has a blank description; both descriptions come from the order file; copy"
            + " them from it.");
  }

  /** A starter set code falls in no chapter. */
  public static IllegalStateException starterCodeWithoutChapter(
      String source, int line, String code) {
    return lineDefect(
        source,
        line,
        "code '"
            + code
            + "' lies in no chapter's range, so it is not an ICD-10-CM FY2021 code; use a code"
            + " from the order file.");
  }

  /** A starter set code is listed twice. */
  public static IllegalStateException starterCodeRepeated(String source, int line, String code) {
    return lineDefect(
        source,
        line,
        "code '"
            + code
            + "' appears a second time; a code has one entry; remove the repeated line.");
  }

  /** The starter set is not on the class path. */
  public static IllegalStateException starterResourceMissing(String resource) {
    return new IllegalStateException(
        "The ICD-10-CM starter set "
            + resource
            + " is not on the class path; the carelake-core jar was built or packaged without"
            + " its resources (a shaded jar may have filtered them); rebuild carelake-core and"
            + " keep src/main/resources in the jar.");
  }

  /** A file of the ICD-10-CM release is missing. */
  public static CarelakeException releaseFileMissing(String what, Path file) {
    return new CarelakeException(
        "The ICD-10-CM "
            + what
            + " "
            + file.toAbsolutePath()
            + " does not exist or is not a file; the loader reads the release files CMS publishes"
            + " (icd10cm_order_<year>.txt, icd10cm_tabular_<year>.xml); check the path.");
  }

  /** A file of the ICD-10-CM release could not be read. */
  public static CarelakeException releaseFileUnreadable(String what, Path file, IOException cause) {
    return new CarelakeException(
        "The ICD-10-CM "
            + what
            + " "
            + file.toAbsolutePath()
            + " could not be read ("
            + cause.getMessage()
            + "); the file may be locked or its permissions too strict; check that the user"
            + " running carelake can read it.",
        cause);
  }

  /** An ICD-10-CM order file holds no codes. */
  public static CarelakeException orderFileEmpty(String source) {
    return new CarelakeException(
        source
            + " holds no codes; an order file lists every code, one per line; pass the"
            + " icd10cm_order_<year>.txt file of the release, not an addenda or an empty file.");
  }

  /** An order file line does not have the order file's fixed layout. */
  public static CarelakeException orderLineLayout(String source, int line) {
    return lineError(
        source,
        line,
        "does not follow the order-file layout (order number in columns 1-5, code in"
            + " 7-13, flag in 15, short description in 17-76, long description from 78); the"
            + " file may not be an order file, or was edited or re-wrapped; pass the"
            + " icd10cm_order_<year>.txt file as CMS publishes it.");
  }

  /** An order file line's code is not an ICD-10-CM code. */
  public static CarelakeException orderCodeWrong(String source, int line, String code) {
    return lineError(
        source,
        line,
        "'"
            + code
            + "' in columns 7-13 is not an undotted upper-case ICD-10-CM code; the order file"
            + " stores codes that way; pass the order file as CMS publishes it.");
  }

  /** An order file line's billable flag is neither 0 nor 1. */
  public static CarelakeException orderFlagWrong(String source, int line, char flag) {
    return lineError(
        source,
        line,
        "column 15 holds '"
            + flag
            + "' instead of 1 (billable) or 0 (header); the file may not be an order file;"
            + " pass the icd10cm_order_<year>.txt file as CMS publishes it.");
  }

  /** An order file code has no description. */
  public static CarelakeException orderDescriptionBlank(String source, int line, String code) {
    return lineError(
        source,
        line,
        "code '"
            + code
            + "' has a blank short or long description; every line of an order file has both;"
            + " pass the order file as CMS publishes it.");
  }

  /** An order file lists a code twice. */
  public static CarelakeException orderCodeRepeated(String source, int line, String code) {
    return lineError(
        source,
        line,
        "code '"
            + code
            + "' appears a second time; an order file lists each code once; the file may be"
            + " two releases concatenated; pass one release's order file.");
  }

  /** The tabular list is not well-formed XML. */
  public static CarelakeException tabularNotXml(String source, XMLStreamException cause) {
    return new CarelakeException(
        source
            + " is not well-formed XML ("
            + cause.getMessage()
            + "); the tabular list is the release's icd10cm_tabular_<year>.xml; pass that file"
            + " unchanged, or leave --icd10cm-tabular out to load codes without blocks.",
        cause);
  }

  /** The tabular list has no version or no chapter. */
  public static CarelakeException tabularWithoutStructure(String source) {
    return new CarelakeException(
        source
            + " has no <version> or no <chapter>; it is not an ICD-10-CM tabular list; pass the"
            + " release's icd10cm_tabular_<year>.xml.");
  }

  /** A chapter of the tabular list is not numbered or named as expected. */
  public static CarelakeException tabularChapterWrong(String source, int line, String text) {
    return lineError(
        source,
        line,
        "chapter '"
            + text
            + "' does not have a number and a description ending in its range, such as"
            + " 'Neoplasms (C00-D49)'; the file does not follow the release's layout; pass the"
            + " tabular list as CMS publishes it.");
  }

  /** A section of the tabular list has no code range. */
  public static CarelakeException tabularSectionWrong(String source, int line, String id) {
    return lineError(
        source,
        line,
        "section '"
            + id
            + "' has no range as its id, no description, or stands outside a chapter; the file"
            + " does not follow the release's layout; pass the tabular list as CMS publishes it.");
  }

  /** The release of an order file cannot be told from its name. */
  public static CarelakeException releaseNameUnknown(Path orderFile) {
    return new CarelakeException(
        "Cannot tell which release "
            + orderFile.getFileName()
            + " is: without the tabular list, the release comes from the year in the order"
            + " file's name, and this name has none; pass --release FY<year>, such as FY2021.");
  }

  /** A release name is not FY and four digits. */
  public static CarelakeException releaseNameWrong(String name) {
    return new CarelakeException(
        "'"
            + name
            + "' is not a release name; releases are named by fiscal year, FY and four digits,"
            + " so they sort in time; pass --release FY<year>, such as FY2021.");
  }

  /** An order file category is in no block of the tabular list. */
  public static CarelakeException categoryWithoutBlock(String release, String code) {
    return new CarelakeException(
        "Code "
            + code
            + " of the order file has a category that no block of the tabular list holds; the"
            + " two files are probably of different releases ("
            + release
            + "); pass the order file and the tabular list of the same release.");
  }

  /** An order file code is in no chapter of the tabular list. */
  public static CarelakeException codeWithoutChapter(String release, String code) {
    return new CarelakeException(
        "Code "
            + code
            + " of release "
            + release
            + " lies in no chapter range carelake knows (FY2021); a newer release may have a new"
            + " chapter; pass the release's tabular list with --icd10cm-tabular, which names"
            + " its chapters.");
  }

  // FHIR mapping, validation and export.

  /** The HAPI FHIR validator could not be built. */
  public static CarelakeException fhirValidatorUnavailable(Exception cause) {
    return new CarelakeException(
        "The FHIR validator could not be built ("
            + cause.getMessage()
            + "); it needs the base R4 definitions of hapi-fhir-validation-resources-r4 and a"
            + " cache from hapi-fhir-caching-caffeine on the class path. Rebuild carelake, or set"
            + " fhir.validation-sample=0 to write FHIR resources without validating them.",
        cause);
  }

  /** A validation batch's result could not be read back. */
  public static CarelakeException fhirValidationFailed(int resources, Exception cause) {
    return new CarelakeException(
        "Validating a batch of "
            + resources
            + " FHIR resources failed ("
            + cause.getMessage()
            + "); the resources' JSON may not be well-formed. This is a bug in carelake's FHIR"
            + " mapping: report it with the resource types involved.",
        cause);
  }

  /** An unknown resource type was asked for. */
  public static CarelakeException unknownFhirResourceType(String name, List<String> known) {
    return new CarelakeException(
        "'"
            + name
            + "' is not a FHIR resource type carelake writes; carelake writes "
            + String.join(", ", known)
            + ". Name the types with --types, separated by commas.");
  }

  /** A record of the wrong type was given to a mapping. */
  public static CarelakeException fhirRecordTypeMismatch(
      FhirType type, Class<?> expected, Class<?> given) {
    return new CarelakeException(
        "FHIR "
            + type.resourceType()
            + " resources are mapped from "
            + expected.getSimpleName()
            + " records, but a "
            + given.getSimpleName()
            + " was given; map each silver table with its own FhirType.");
  }

  // Terminology lookups in the lake.

  /** An ICD-10-CM release asked for is not in the lake. */
  public static CarelakeException releaseNotLoaded(String release, List<String> loaded) {
    return new CarelakeException(
        "ICD-10-CM release '"
            + release
            + "' is not in the lake ("
            + (loaded.isEmpty() ? "no release is loaded" : "loaded: " + String.join(", ", loaded))
            + "); terminology.icd10cm-release names the release silver classifies diagnoses"
            + " against; load it with 'carelake terminology load --icd10cm-order FILE"
            + " --icd10cm-tabular FILE', or clear the key to use the newest loaded release.");
  }

  // The lake's FHIR layer.

  /** A FHIR export found no FHIR layer. */
  public static CarelakeException noFhirLayer(String path) {
    return new CarelakeException(
        "There is no FHIR layer at "
            + path
            + " to export; it is written by the pipeline's fhir steps after silver. Run 'carelake"
            + " run' (or 'carelake demo') first, or check lake.uri.");
  }

  // The quarantine.

  /** A quarantine replay's counts do not add up. */
  public static CarelakeException replayDoesNotReconcile(
      String table, long replayed, long released, long stillQuarantined) {
    return new CarelakeException(
        "The quarantine replay of "
            + table
            + " does not reconcile: "
            + replayed
            + " open rows replayed, but "
            + released
            + " released + "
            + stillQuarantined
            + " still quarantined; nothing was written for this table. A key was probably"
            + " quarantined twice in one run (a resumed run with a lost transaction id); look at"
            + " 'carelake quarantine list --table "
            + table
            + "' and report this as a bug.");
  }

  // The embedded services.

  /** An embedded service's port is taken. */
  public static CarelakeException portInUse(String service, int port, String key) {
    return new CarelakeException(
        "The embedded "
            + service
            + " could not start on 127.0.0.1:"
            + port
            + ": another program listens on that port; set "
            + key
            + " to a free port, or to 0 to pick one.");
  }

  /** The embedded PostgreSQL did not start. */
  public static CarelakeException embeddedPostgresFailed(Path folder, Exception cause) {
    String detail = String.valueOf(cause.getMessage());
    String fix;
    if (detail.contains("cannot be run as root") || detail.contains("unshare")) {
      fix =
          "PostgreSQL refuses to run as root, and this machine has no 'unshare' to run it in a"
              + " user namespace; run carelake as an ordinary user, or set source.jdbc-url and"
              + " publish.jdbc-url to a PostgreSQL server.";
    } else {
      fix =
          "see the server log under "
              + folder
              + ", or delete that folder to start afresh (the source data in it is lost), or set"
              + " source.jdbc-url and publish.jdbc-url to a PostgreSQL server.";
    }
    return new CarelakeException(
        "The embedded PostgreSQL did not start in " + folder + " (" + detail + "); " + fix, cause);
  }

  // The synthetic EHR's catalogs. They ship inside carelake-synth's jar, so each of these is a
  // defect of the build, found by its tests.

  /** A catalog of the synthetic EHR is not on the class path. */
  public static IllegalStateException catalogMissing(String file) {
    return new IllegalStateException(
        "The catalog "
            + file
            + " is not on the class path; the synthetic EHR reads its catalogs from"
            + " org/carelake/synth/catalog/ in carelake-synth's jar; rebuild carelake-synth.");
  }

  /** A catalog does not start with its header. */
  public static IllegalStateException catalogHeaderWrong(String file, List<String> columns) {
    return new IllegalStateException(
        "The catalog "
            + file
            + " does not start with the header '"
            + String.join(",", columns)
            + "'; the catalog class reads its columns by these names; restore the header line.");
  }

  /** A catalog line has another number of fields than its header. */
  public static IllegalStateException catalogFieldCount(
      String file, int line, int found, int expected) {
    return new IllegalStateException(
        "The catalog "
            + file
            + " line "
            + line
            + " has "
            + found
            + " fields, not "
            + expected
            + "; every entry has one field per header column; quote a field that holds a comma.");
  }

  /** A catalog field that holds a number does not. */
  public static IllegalStateException catalogNotANumber(String file, int line, String column) {
    return new IllegalStateException(
        "The catalog "
            + file
            + " line "
            + line
            + ", column "
            + column
            + ", is not a number; the generator draws with it; write it as a decimal number such"
            + " as 0.25.");
  }

  // The application's commands, services and benchmarks.

  /** The embedded PostgreSQL could not create a database. */
  public static CarelakeException embeddedDatabaseNotCreated(String name, Exception cause) {
    return new CarelakeException(
        "The embedded PostgreSQL could not create the database "
            + name
            + " ("
            + cause.getMessage()
            + "); delete the data folder's postgres/ folder to start afresh.",
        cause);
  }

  /** The embedded PostgreSQL did not stop. */
  public static CarelakeException embeddedPostgresNotStopped(Exception cause) {
    return new CarelakeException(
        "The embedded PostgreSQL did not stop cleanly ("
            + rootMessage(cause)
            + "); a server process may be left running; stop it, or delete the data folder's"
            + " postgres/postmaster.pid once no process holds it.",
        cause);
  }

  /**
   * A command was asked for fewer than one message.
   *
   * @param messages the count given
   * @param example a count to suggest
   */
  public static ConfigException tooFewMessages(int messages, int example) {
    return new ConfigException(
        "--messages is " + messages + "; it must be at least 1, e.g. --messages " + example + ".");
  }

  /** A micro-batch size below one. */
  public static ConfigException tooFewBatchMessages(long messages) {
    return new ConfigException(
        "--batch-messages is "
            + messages
            + "; a micro-batch must read at least 1 message, e.g. --batch-messages 5000.");
  }

  /** A message family carelake does not generate. */
  public static ConfigException unknownMessageFamily(String type) {
    return new ConfigException(
        "--types has '"
            + type
            + "', which is not a message family carelake generates; use ADT, SIU and ORU,"
            + " separated by commas.");
  }

  /** HAPI could not parse a message carelake generated; the message is not quoted. */
  public static CarelakeException generatedMessageUnparsed(Exception cause) {
    return new CarelakeException(
        "HAPI could not parse a generated message ("
            + cause.getClass().getSimpleName()
            + "); the generator and HAPI disagree, which is a bug to report.",
        cause);
  }

  /** The HL7 benchmark's run did not reconcile every message. */
  public static CarelakeException hl7BenchmarkDoesNotReconcile(
      String runId, long reconciled, int messages) {
    return new CarelakeException(
        "The HL7 benchmark's run "
            + runId
            + " reconciled "
            + reconciled
            + " of "
            + messages
            + " messages; the ingestion lost or duplicated messages, which is a bug to report"
            + " with the run's history.");
  }

  /** The stream benchmark's stream did not account for every message it was sent. */
  public static CarelakeException streamBenchmarkDoesNotReconcile(
      String scenario, long sent, long received, long mapped, long quarantined, long duplicates) {
    return new CarelakeException(
        "The stream benchmark's scenario '"
            + scenario
            + "' sent "
            + sent
            + " messages and the stream received "
            + received
            + " ("
            + mapped
            + " mapped into silver, "
            + quarantined
            + " quarantined, "
            + duplicates
            + " duplicates); every message must be in silver, quarantine or the dead-letter topic"
            + " exactly once, so the stream lost or duplicated messages, which is a bug to report"
            + " with the stream's log.");
  }

  /** The stream benchmark's simulator could not store every message it sent. */
  public static CarelakeException streamBenchmarkNotAccepted(
      String scenario, long accepted, long sent) {
    return new CarelakeException(
        "The stream benchmark's scenario '"
            + scenario
            + "' had "
            + accepted
            + " of "
            + sent
            + " messages stored; the listener or Kafka refused or lost the others (see the"
            + " event=simulate lines of the log), so the figures would not be comparable. Check"
            + " that Kafka has room and run the benchmark again.");
  }

  /** The stream fell so far behind the sender that it did not catch up in time. */
  public static CarelakeException streamBenchmarkDidNotDrain(
      String scenario, long received, long expected, Duration waited) {
    return new CarelakeException(
        "The stream benchmark's scenario '"
            + scenario
            + "' received "
            + received
            + " of "
            + expected
            + " messages within "
            + waited.toSeconds()
            + " s after the last send; the stream is much slower than the sending rate on this"
            + " machine. Run it with a lower --rate or a shorter --duration.");
  }

  /**
   * A command needs the synthetic EHR, which the shaded jar leaves out.
   *
   * @param command the command, such as {@code source generate}
   */
  public static ConfigException syntheticEhrMissing(String command) {
    return new ConfigException(
        "'carelake "
            + command
            + "' needs the synthetic EHR (carelake-synth), which this jar leaves out; the shaded"
            + " jar is for production runs, where data comes from a real source; run the"
            + " command from the full build instead ('./carelake "
            + command
            + "', or target/carelake-app.jar with target/lib on the class path).");
  }

  /**
   * A silver row has no value in its key column.
   *
   * @param type the record type the row maps to
   * @param column the key column
   */
  public static CarelakeException silverKeyMissing(Class<?> type, String column) {
    return new CarelakeException(
        "A silver row of "
            + type.getSimpleName()
            + " has no value in column '"
            + column
            + "', which is the record's key; silver rejects such rows, so the table was not"
            + " written by carelake's silver stage. Rebuild it with 'carelake run --full'.");
  }

  // ---- publishing gold to SQL ----

  /** The gold table's columns are not the ones its mart's header describes. */
  public static CarelakeException publishGoldColumnsDiffer(
      String mart, List<String> described, List<String> stored) {
    return new CarelakeException(
        "The gold table "
            + mart
            + " has the columns "
            + stored
            + " but its mart's header describes "
            + described
            + ", so it cannot be published with the header's names, key and comments; it was built"
            + " by another version of sql/gold/"
            + mart
            + ".sql. Rebuild gold with 'carelake run --full'.");
  }

  /** A gold column's type has no SQL counterpart. */
  public static CarelakeException publishUnsupportedType(
      String mart, String column, String problem) {
    return new CarelakeException(
        "The gold mart "
            + mart
            + " cannot be published: column "
            + column
            + ": "
            + problem
            + ". Published marts hold flat values (text, numbers, booleans, dates, times); select"
            + " this column as one of those in sql/gold/"
            + mart
            + ".sql (for example with to_json or concat_ws).");
  }

  /** A mart's name is longer than the database's identifiers. */
  public static CarelakeException publishNameTooLong(String mart, int limit) {
    return new CarelakeException(
        "The gold mart "
            + mart
            + " cannot be published: its name is longer than the "
            + limit
            + " characters the publish database keeps in a table name. Give it a shorter name.");
  }

  /** A mart is named like the catalog table. */
  public static CarelakeException publishReservedName(String mart) {
    return new CarelakeException(
        "The gold mart "
            + mart
            + " cannot be published: the publish schema's table of that name is the catalog of"
            + " the published marts. Give the mart another name.");
  }

  /** The staged rows broke the primary key: a key column empty, or a key that repeats. */
  public static CarelakeException publishKeyViolation(
      String mart, List<String> key, String url, Throwable cause) {
    return new CarelakeException(
        "Publishing the gold mart "
            + mart
            + " to "
            + JdbcUrls.redact(url)
            + " failed: its rows do not fit its primary key "
            + key
            + " ("
            + rootMessage(cause)
            + "); a key column is empty or two rows share a key. The published table was left as"
            + " it was. Make the '-- key:' line of sql/gold/"
            + mart
            + ".sql name columns that identify a row and are never empty (COALESCE them in the"
            + " SELECT).",
        cause);
  }

  /** Anything else that failed while publishing. */
  public static CarelakeException publishFailed(String table, String url, Throwable cause) {
    return new CarelakeException(
        "Publishing "
            + table
            + " to "
            + JdbcUrls.redact(url)
            + " failed ("
            + rootMessage(cause)
            + "); the published table was left as it was. Check that publish.jdbc-url is"
            + " reachable and that publish.user may create tables in schema publish.schema, and"
            + " for a changed layout that no view depends on the table (it is dropped and"
            + " replaced).",
        cause);
  }

  // ---- HL7 events: Kafka topics and the MLLP listener ----

  /** A message could not be stored in Kafka in time, or Kafka refused it. */
  public static CarelakeException eventNotStored(String topic, Duration timeout, Throwable cause) {
    return new CarelakeException(
        "The message was not stored in Kafka topic "
            + topic
            + " within "
            + timeout.toSeconds()
            + " s ("
            + rootMessage(cause)
            + "); it was not acknowledged. The sender keeps it and should resend it; check that"
            + " the brokers in kafka.bootstrap-servers are up and reachable, or raise"
            + " events.send-timeout.",
        cause);
  }

  /** Storing a message was interrupted, because carelake is stopping. */
  public static CarelakeException eventStoreInterrupted(String topic, InterruptedException cause) {
    return new CarelakeException(
        "Storing a message in Kafka topic "
            + topic
            + " was interrupted because carelake is stopping; it was not acknowledged, so the"
            + " sender resends it to the next listener.",
        cause);
  }

  /** The event topics could not be created or described. */
  public static CarelakeException eventTopicsFailed(List<String> topics, Throwable cause) {
    return new CarelakeException(
        "Could not make sure the Kafka topics "
            + topics
            + " exist and serve ("
            + rootMessage(cause)
            + "). Check that kafka.bootstrap-servers is reachable and that carelake may describe"
            + " and create topics there (on Event Hubs, create the event hubs in the portal if"
            + " its policy may not manage them).",
        cause);
  }

  /** Created topics did not get a leader for every partition in time. */
  public static CarelakeException eventTopicsNotServed(List<String> topics, Duration timeout) {
    return new CarelakeException(
        "The Kafka topics "
            + topics
            + " exist but not every partition had a leader within "
            + timeout.toSeconds()
            + " s, so nothing could be stored in them yet. Check the brokers' health (a broker"
            + " down, a controller election) and start again.");
  }

  /** The MLLP listener could not bind its port. */
  public static CarelakeException listenerCannotBind(String address, int port, Exception cause) {
    return new CarelakeException(
        "The MLLP listener could not listen on "
            + address
            + ":"
            + port
            + " ("
            + rootMessage(cause)
            + "): the port is in use, the address is not one of this machine's, or a port below"
            + " 1024 needs privileges. Set listen.port (0 picks a free port) or listen.address.",
        cause);
  }

  // ---- HL7 events: the event simulator ----

  /** An MLLP exchange with a listener failed: no connection, or no acknowledgement. */
  public static CarelakeException mllpSendFailed(String host, int port, IOException cause) {
    return new CarelakeException(
        "The MLLP exchange with "
            + host
            + ":"
            + port
            + " failed ("
            + rootMessage(cause)
            + "): the listener is not running there, closed the connection, or did not answer"
            + " within the timeout. Start 'carelake listen' or give the listener's --host and"
            + " --port.",
        cause);
  }

  /** The simulator's rate is not a positive number of messages per second. */
  public static ConfigException badEventRate(double rate) {
    return new ConfigException(
        "--rate is "
            + rate
            + ", but the simulator sends a positive number of messages per second, at most"
            + " 100,000; give e.g. --rate 50.");
  }

  /** The simulator's duration is not a positive duration. */
  public static ConfigException badSimulationDuration(String text, String reason) {
    return new ConfigException(
        "--duration is '"
            + text
            + "': "
            + reason
            + "; give a positive duration such as 30s, 2m or 1h.");
  }

  /** The simulator's transport is neither MLLP nor Kafka. */
  public static ConfigException unknownEventTransport(String via) {
    return new ConfigException(
        "--via is '"
            + via
            + "', which the simulator does not know; use --via kafka (store in the topics"
            + " directly) or --via mllp (send to a listener).");
  }
}
