package org.carelake.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.app.CarelakeCli;
import org.carelake.app.ChildCli;
import org.carelake.app.services.EmbeddedPostgresService;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.JdbcEndpoint;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.extract.IngestTable;
import org.carelake.lake.internal.LakeSession;
import org.carelake.lake.run.LakeLock;
import org.carelake.lake.run.RunHistory;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.RunStatus;
import org.carelake.lake.run.StepRecord;
import org.carelake.source.SourceSchema;
import org.carelake.synth.EhrGenerator;
import org.carelake.synth.GeneratorSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch ingestion against a live source: late commits and concurrent writers lose no row, a child
 * whose parent commits late waits for it across runs, deletes reach silver and the published gold,
 * schema drift is handled, the lock holds and recovers, and a run killed mid-way (a real process
 * kill) resumes to the same bronze as an uninterrupted run.
 *
 * <p>Most tests start from a lake that has had one full run over a generated source. That run is
 * made once, before all tests, and never changed: a test that needs it works on its own copy (the
 * lake folder copied, the source and publish databases created from the first run's as templates),
 * so the tests stay independent of each other and of their order.
 */
class IngestionIT {
  /** Patients in the source of the first run; the concurrent writers change patients 2 to 39. */
  private static final int PATIENTS = 40;

  private static final AtomicInteger DATABASES = new AtomicInteger();

  @TempDir static Path folder;

  private static EmbeddedPostgresService postgres;

  /** The lake after one full run over a generated source; tests copy it and never change it. */
  private static Lake firstRun;

  @BeforeAll
  static void startDatabaseAndRunThePipelineOnce() throws SQLException {
    postgres = EmbeddedPostgresService.start(folder.resolve("postgres"), 0);
    firstRun = lake("first-run", generatedSource(PATIENTS));
    assertThat(CarelakeCli.execute(firstRun.args("run"))).as("the first run's exit code").isZero();
    // Templates only from now on: no one can connect to them and change them, and a database can
    // be created from a template only while no session is connected to it.
    for (JdbcEndpoint database : List.of(firstRun.source(), firstRun.publish())) {
      execute(
          postgres.connect("postgres"),
          "ALTER DATABASE " + name(database) + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
    }
  }

  @AfterAll
  static void stopDatabase() {
    postgres.close();
  }

  /** A source database with the reference schema and generated data, and a publish database. */
  private record Lake(String name, JdbcEndpoint source, JdbcEndpoint publish, Path dataDir) {
    String[] args(String... command) {
      List<String> all = new ArrayList<>(List.of(command));
      all.addAll(
          List.of(
              "--set",
              "data-dir=" + dataDir,
              "--set",
              "source.jdbc-url=" + source.url(),
              "--set",
              "publish.jdbc-url=" + publish.url(),
              "--set",
              "spark.master=local[2]",
              "--set",
              "spark.shuffle-partitions=2",
              "--set",
              "run.retry-backoff=100ms",
              "--set",
              "fhir.enabled=false"));
      return all.toArray(String[]::new);
    }

    LakePaths paths() {
      return LakePaths.of(
          CarelakeConfig.fromEnvironment(Map.of("CARELAKE_DATA_DIR", dataDir.toString()))
              .lakeUri());
    }

    RunHistory history() {
      return new RunHistory(LakeFiles.withDefaults(), paths());
    }

    RunRecord latestRun() {
      return history().latest(1).get(0);
    }
  }

  /** A lake that has never run, reading a source, publishing to a new empty database. */
  private static Lake lake(String name, JdbcEndpoint source) throws SQLException {
    return new Lake(name, source, database(Optional.empty()), folder.resolve(name));
  }

  /** A new source database with the reference schema and a generated EHR. */
  private static JdbcEndpoint generatedSource(int patients) throws SQLException {
    JdbcEndpoint source = database(Optional.empty());
    SourceSchema.migrate(source);
    EhrGenerator.generate(source, new GeneratorSettings(patients, 11, 0.0));
    return source;
  }

  /**
   * A copy of the first run that a test may change: the lake folder copied file by file (times
   * kept), and source and publish databases created from the first run's.
   */
  private static Lake copyOfFirstRun(String name) throws SQLException, IOException {
    Lake copy =
        new Lake(
            name,
            database(Optional.of(firstRun.source())),
            database(Optional.of(firstRun.publish())),
            folder.resolve(name));
    try (Stream<Path> paths = Files.walk(firstRun.dataDir())) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Files.copy(
            path,
            copy.dataDir().resolve(firstRun.dataDir().relativize(path).toString()),
            StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    return copy;
  }

  /** A new database, empty or a copy of a template database. */
  private static JdbcEndpoint database(Optional<JdbcEndpoint> template) throws SQLException {
    String name = "db_" + DATABASES.incrementAndGet();
    execute(
        postgres.connect("postgres"),
        "CREATE DATABASE " + name + template.map(from -> " TEMPLATE " + name(from)).orElse(""));
    return new JdbcEndpoint(postgres.jdbcUrl(name), EmbeddedPostgresService.USER, Optional.empty());
  }

  /** The name of a database on the embedded server, the last part of its URL. */
  private static String name(JdbcEndpoint database) {
    return database.url().substring(database.url().lastIndexOf('/') + 1);
  }

  private static SparkSession spark() {
    return LakeSession.getOrCreate(
        CarelakeConfig.fromEnvironment(Map.of()).spark(), folder.resolve("spark"));
  }

  private static Dataset<Row> delta(String path) {
    return spark().read().format("delta").load(path);
  }

  private static long count(JdbcEndpoint database, String sql) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static void execute(JdbcEndpoint database, String... statements) throws SQLException {
    execute(database.connect(), statements);
  }

  /** Executes statements on a connection, then closes it. */
  private static void execute(Connection connection, String... statements) throws SQLException {
    try (connection;
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static Map<Long, String> sourcePatients(JdbcEndpoint source) throws SQLException {
    Map<Long, String> patients = new TreeMap<>();
    try (Connection connection = source.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT patient_id, city FROM patients")) {
      while (result.next()) {
        patients.put(result.getLong(1), result.getString(2));
      }
    }
    return patients;
  }

  private static Map<Long, String> silverPatients(Lake lake) {
    Map<Long, String> patients = new TreeMap<>();
    for (Row row :
        delta(lake.paths().silver("patients")).select("patient_id", "city").collectAsList()) {
      patients.put(row.getLong(0), row.getString(1));
    }
    return patients;
  }

  /**
   * Writers change the source in many small transactions, some of which stay open for a while
   * before they commit, while runs extract it; a transaction opened before a run commits only after
   * it. After the writers stop, one more run must leave silver equal to the source, deletes
   * included, and the published gold equal to gold computed from the source.
   */
  @Test
  void concurrentWritersAndLateCommitsLoseNoRowAndDeletesReachSilverAndGold() throws Exception {
    Lake lake = copyOfFirstRun("concurrent");

    Connection late = lake.source().connect();
    late.setAutoCommit(false);
    try (Statement statement = late.createStatement()) {
      statement.execute("UPDATE patients SET city = 'Late Commit' WHERE patient_id = 1");
      statement.execute(
          "INSERT INTO patients (patient_id, mrn, given_name, family_name, birth_date, sex)"
              + " VALUES (900001, 'MRN-LATE', 'Late', 'Commit', '1970-01-01', 'female')");
    }
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger writes = new AtomicInteger();
    Thread writer = new Thread(() -> write(lake.source(), writing, writes), "source-writer");
    writer.start();
    assertThat(CarelakeCli.execute(lake.args("run"))).isZero();
    assertThat(CarelakeCli.execute(lake.args("run"))).isZero();
    writing.set(false);
    writer.join();
    late.commit();
    late.close();
    execute(
        lake.source(),
        "DELETE FROM diagnoses WHERE encounter_id IN (SELECT encounter_id FROM encounters"
            + " ORDER BY encounter_id LIMIT 4)",
        "DELETE FROM encounters WHERE encounter_id IN (SELECT encounter_id FROM encounters"
            + " ORDER BY encounter_id LIMIT 4)",
        "ALTER TABLE patients ADD COLUMN preferred_language text",
        "UPDATE patients SET preferred_language = 'es' WHERE patient_id = 2");

    assertThat(CarelakeCli.execute(lake.args("run"))).isZero();

    assertThat(writes.get()).as("writes made during the runs").isGreaterThan(20);
    assertThat(silverPatients(lake)).isEqualTo(sourcePatients(lake.source()));
    assertThat(silverPatients(lake)).containsEntry(1L, "Late Commit").containsKey(900001L);
    assertThat(delta(lake.paths().silver("encounters")).count())
        .isEqualTo(count(lake.source(), "SELECT count(*) FROM encounters"));
    assertThat(delta(lake.paths().silver("diagnoses")).count())
        .isEqualTo(count(lake.source(), "SELECT count(*) FROM diagnoses"));
    assertThat(
            delta(lake.paths().bronze("ehr", "patients"))
                .where("preferred_language = 'es'")
                .count())
        .isEqualTo(1);
    RunRecord last = lake.latestRun();
    assertThat(last.step("silver:encounters").orElseThrow().count("tombstones")).isEqualTo(4);
    try (Connection source = lake.source().connect();
        Connection publish = lake.publish().connect()) {
      assertThat(GoldCheck.published(publish)).isEqualTo(GoldCheck.expected(source, List.of()));
    }
  }

  /** Updates, inserts and deletes of patients, one small transaction each, until told to stop. */
  private static void write(JdbcEndpoint source, AtomicBoolean writing, AtomicInteger writes) {
    Random random = new Random(5);
    long next = 800_000;
    List<Long> inserted = new ArrayList<>();
    try (Connection connection = source.connect()) {
      connection.setAutoCommit(false);
      while (writing.get()) {
        try (Statement statement = connection.createStatement()) {
          int choice = random.nextInt(10);
          if (choice < 5) {
            statement.execute(
                "UPDATE patients SET city = 'City-"
                    + random.nextInt(1000)
                    + "' WHERE patient_id = "
                    + (2 + random.nextInt(38)));
          } else if (choice < 8 || inserted.isEmpty()) {
            long id = next++;
            statement.execute(
                "INSERT INTO patients (patient_id, mrn, given_name, family_name, birth_date, sex,"
                    + " city) VALUES ("
                    + id
                    + ", 'MRN-"
                    + id
                    + "', 'New', 'Patient', '1980-05-05',"
                    + " 'male', 'Newtown')");
            inserted.add(id);
          } else {
            statement.execute(
                "DELETE FROM patients WHERE patient_id = "
                    + inserted.remove(random.nextInt(inserted.size())));
          }
          if (random.nextInt(4) == 0) {
            // Hold the transaction open, as a slow client does, so it commits after it began.
            statement.execute("SELECT pg_sleep(0.3)");
          }
        }
        connection.commit();
        writes.incrementAndGet();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An encounter is committed while its patient's registration sits in a transaction that commits
   * only after the first run, and another encounter names a patient that never exists. The first
   * run holds both in pending, neither in silver nor in quarantine; the second run, after the
   * registration commits and the grace period has passed, merges the first into silver and
   * quarantines the second with a readable reason, leaving pending empty. Both runs reconcile.
   */
  @Test
  void anEncounterWaitsForItsLatePatientAndOneWhosePatientNeverArrivesIsQuarantined()
      throws Exception {
    Lake lake = lake("late-parent", generatedSource(3));
    String grace = "silver.reference-grace-period=2s";
    execute(
        lake.source(),
        "INSERT INTO encounters (encounter_id, patient_id, encounter_class, admit_time)"
            + " VALUES (900200, 900100, 'outpatient', '2021-03-04 10:00:00'),"
            + " (900201, 999999, 'outpatient', '2021-03-04 11:00:00')");
    // Begun after the encounters committed, so the run extracts them (it holds back only rows
    // changed after the oldest open transaction began) but not the registration.
    Connection late = lake.source().connect();
    late.setAutoCommit(false);
    try (Statement statement = late.createStatement()) {
      statement.execute(
          "INSERT INTO patients (patient_id, mrn, given_name, family_name, birth_date, sex)"
              + " VALUES (900100, 'MRN-900100', 'Late', 'Parent', '1970-01-01', 'female')");
    }

    assertThat(CarelakeCli.execute(lake.args("run", "--set", grace))).isZero();

    RunRecord first = lake.latestRun();
    assertReconciled(first);
    StepRecord waiting = first.step("silver:encounters").orElseThrow();
    assertThat(waiting.count("pending")).isEqualTo(2);
    assertThat(waiting.count("quarantined")).isZero();
    assertThat(
            delta(lake.paths().pending("encounters"))
                .select("_source_key", "_waiting_for")
                .collectAsList())
        .extracting(row -> row.getString(0), row -> row.getList(1))
        .containsExactlyInAnyOrder(
            tuple("900200", List.of("ENC-201")), tuple("900201", List.of("ENC-201")));
    assertThat(delta(lake.paths().silver("encounters")).where("encounter_id >= 900200").count())
        .isZero();
    assertThat(quarantined(lake, "ehr.encounters")).isEmpty();

    late.commit();
    late.close();
    Instant firstStart = Instant.parse(first.startedAt());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Instant.now().isAfter(firstStart.plusSeconds(2)));
    assertThat(CarelakeCli.execute(lake.args("run", "--set", grace))).isZero();

    RunRecord second = lake.latestRun();
    assertThat(second.id()).isNotEqualTo(first.id());
    assertReconciled(second);
    StepRecord decided = second.step("silver:encounters").orElseThrow();
    assertThat(decided.count("retried")).isEqualTo(2);
    assertThat(decided.count("pending")).isZero();
    assertThat(decided.count("quarantined")).isEqualTo(1);
    assertThat(silverPatients(lake)).containsKey(900100L);
    assertThat(
            delta(lake.paths().silver("encounters"))
                .where("encounter_id >= 900200")
                .select("encounter_id", "patient_id")
                .collectAsList())
        .extracting(row -> row.getLong(0), row -> row.getLong(1))
        .containsExactly(tuple(900200L, 900100L));
    assertThat(delta(lake.paths().pending("encounters")).count()).isZero();
    assertThat(quarantined(lake, "ehr.encounters"))
        .containsExactly(
            "900201 [ENC-201] [patient_id names no patient the lake received within the grace"
                + " period]");
  }

  /** The run reconciled: its step passed, and for encounters every row evaluated is accounted. */
  private static void assertReconciled(RunRecord run) {
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.step("reconcile").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    StepRecord encounters = run.step("silver:encounters").orElseThrow();
    assertThat(encounters.count("received") + encounters.count("retried"))
        .isEqualTo(
            encounters.count("upserted")
                + encounters.count("quarantined")
                + encounters.count("duplicates")
                + encounters.count("tombstones")
                + encounters.count("pending"));
  }

  /** The quarantine records of a source table, as "key [rule ids] [reasons]". */
  private static List<String> quarantined(Lake lake, String sourceTable) {
    if (!LakeFiles.withDefaults().exists(lake.paths().quarantine())) {
      return List.of();
    }
    return delta(lake.paths().quarantine())
        .where(org.apache.spark.sql.functions.col("source_table").equalTo(sourceTable))
        .collectAsList()
        .stream()
        .map(
            row ->
                row.getAs("source_key")
                    + " "
                    + row.getList(row.fieldIndex("rule_ids"))
                    + " "
                    + row.getList(row.fieldIndex("reasons")))
        .toList();
  }

  @Test
  void aRemovedColumnStopsTheTableWithItsNameAndRestoringItLetsTheRunResume() throws Exception {
    Lake lake = copyOfFirstRun("drift");
    execute(lake.source(), "ALTER TABLE patients DROP COLUMN email");

    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    PrintStream original = System.err;
    int exit;
    System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
    try {
      exit = CarelakeCli.execute(lake.args("run"));
    } finally {
      System.setErr(original);
    }

    assertThat(exit).isEqualTo(CarelakeCli.EXIT_FAILED);
    assertThat(errors.toString(StandardCharsets.UTF_8))
        .contains("Source table 'patients' changed incompatibly: column 'email' was removed");
    RunRecord failed = lake.latestRun();
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.step("extract:patients").orElseThrow().error())
        .contains("'email' was removed");

    execute(lake.source(), "ALTER TABLE patients ADD COLUMN email text");
    assertThat(CarelakeCli.execute(lake.args("run"))).isZero();
    RunRecord resumed = lake.latestRun();
    assertThat(resumed.id()).isEqualTo(failed.id());
    assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void aCsvExtractDroppedIntoTheInboxIsLandedByTheNextRunAndABadOneIsSetAside() throws Exception {
    Lake lake = copyOfFirstRun("inbox");
    Path inbox = Path.of(java.net.URI.create(lake.paths().inbox("ehr", "patients")));
    Files.createDirectories(inbox);
    Files.writeString(
        inbox.resolve("registrations.csv"),
        "patient_id,mrn,given_name,family_name,birth_date,sex,city,created_at,updated_at\n"
            + "700001,MRN-700001,Ada,\"Byron, Jr\",1990-02-03,female,Boston,"
            + "2030-01-01T00:00:00Z,2030-01-01T00:00:00Z\n"
            + "700002,MRN-700002,Alan,Turing,1985-06-23,male,\"New\nYork\","
            + "2030-01-01T00:00:00Z,2030-01-01T00:00:00Z\n");
    Files.writeString(inbox.resolve("no-timestamps.csv"), "patient_id,mrn\n700003,MRN-700003\n");

    assertThat(CarelakeCli.execute(lake.args("run"))).isZero();

    RunRecord run = lake.latestRun();
    assertThat(run.step("extract:patients").orElseThrow().count("rows")).isEqualTo(2);
    assertThat(run.step("silver:patients").orElseThrow().count("upserted")).isEqualTo(2);
    assertThat(silverPatients(lake))
        .as("silver standardizes text: inner white space, a line break too, becomes one space")
        .containsEntry(700001L, "Boston")
        .containsEntry(700002L, "New York");
    assertThat(
            delta(lake.paths().bronze("ehr", "patients"))
                .where("patient_id = '700002'")
                .select("city")
                .first()
                .getString(0))
        .as("bronze keeps the quoted multi-line field as received")
        .isEqualTo("New\nYork");
    assertThat(inbox).isEmptyDirectory();
    Path rejected = Path.of(java.net.URI.create(lake.paths().root() + "/raw/inbox/rejected"));
    assertThat(Files.readString(rejected.resolve(run.id() + "-no-timestamps.csv.reason.txt")))
        .contains("the header line has no column updated_at");
  }

  @Test
  void aSecondRunIsRefusedWhileTheLakeIsLocked() throws Exception {
    Lake lake = lake("locked", generatedSource(5));
    LakeFiles files = LakeFiles.withDefaults();
    try (LakeLock held =
        LakeLock.acquire(files, lake.paths(), "test holder", Duration.ofMinutes(2))) {
      assertThat(CarelakeCli.execute(lake.args("run"))).isEqualTo(CarelakeCli.EXIT_FAILED);
    }
    assertThat(lake.history().latest(5)).isEmpty();
  }

  /**
   * A run in a child JVM is killed (SIGKILL) after its first bronze steps; the next run resumes it
   * under the same id, takes over the dead process's lock at once, and leaves bronze exactly as a
   * run that was never interrupted, with no duplicates.
   */
  @Test
  void aRunKilledMidwayAndResumedGivesTheSameBronzeAsAnUninterruptedRun() throws Exception {
    // The first run is the uninterrupted one; its copy, because replay below rebuilds its bronze.
    Lake uninterrupted = copyOfFirstRun("uninterrupted");
    Lake interrupted = lake("interrupted", uninterrupted.source());

    List<String> command = ChildCli.command(List.of(interrupted.args("run")));
    Process child =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve("child.log").toFile())
            .start();
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                !child.isAlive()
                    || (!interrupted.history().latest(1).isEmpty()
                        && interrupted
                            .latestRun()
                            .step("bronze:encounters")
                            .map(step -> step.status() == RunStatus.SUCCEEDED)
                            .orElse(false)));
    assertThat(child.isAlive()).as("the child run is still going when it is killed").isTrue();
    child.destroyForcibly().waitFor();
    RunRecord killed = interrupted.latestRun();
    assertThat(killed.status()).isEqualTo(RunStatus.RUNNING);

    assertThat(CarelakeCli.execute(interrupted.args("run"))).isZero();

    RunRecord resumed = interrupted.latestRun();
    assertThat(resumed.id()).isEqualTo(killed.id());
    assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(interrupted.history().latest(10)).hasSize(1);
    assertSameBronze(uninterrupted, interrupted);
    Map<Long, String> silver = silverPatients(interrupted);
    assertThat(silver).isEqualTo(silverPatients(uninterrupted));
    assertThat(silver).hasSize(PATIENTS);

    // Bronze rebuilt from the raw zone alone is the same bronze again.
    assertThat(CarelakeCli.execute(uninterrupted.args("replay"))).isZero();
    assertSameBronze(uninterrupted, interrupted);
  }

  private static void assertSameBronze(Lake expectedLake, Lake actualLake) {
    for (IngestTable table : IngestTable.RECORDS) {
      String expectedPath = expectedLake.paths().bronze("ehr", table.name());
      String actualPath = actualLake.paths().bronze("ehr", table.name());
      SparkSession spark = SparkSession.active();
      // A table the source leaves empty (observations, immunizations, procedures here) has no
      // bronze table; the interrupted lake must not have one either.
      boolean exists = io.delta.tables.DeltaTable.isDeltaTable(spark, expectedPath);
      assertThat(io.delta.tables.DeltaTable.isDeltaTable(spark, actualPath))
          .as("bronze %s exists", table.name())
          .isEqualTo(exists);
      if (!exists) {
        continue;
      }
      Dataset<Row> expected = comparable(delta(expectedPath));
      Dataset<Row> actual = comparable(delta(actualPath));
      assertThat(actual.count()).as("bronze %s rows", table.name()).isEqualTo(expected.count());
      assertThat(actual.exceptAll(expected).count()).as("bronze %s extra", table.name()).isZero();
      assertThat(expected.exceptAll(actual).count()).as("bronze %s missing", table.name()).isZero();
    }
  }

  /** Bronze without what differs between two runs of the same data: run id and times. */
  private static Dataset<Row> comparable(Dataset<Row> bronze) {
    return bronze.drop("_run_id", "_extracted_at", "_ingested_at", "_raw_file");
  }
}
