package org.carelake.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.carelake.config.CarelakeConfig.Origin;
import org.carelake.config.ConfigKey;

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
            + url
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
}
