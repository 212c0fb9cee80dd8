package org.carelake.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.app.CarelakeCli;
import org.carelake.app.privacy.PhiColumnsInLake;
import org.carelake.app.services.EmbeddedPostgresService;
import org.carelake.config.CarelakeConfig;
import org.carelake.fhir.FhirType;
import org.carelake.fhir.FhirValidation;
import org.carelake.fhir.MappedResource;
import org.carelake.fhir.ValidationFinding;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.internal.LakeSession;
import org.carelake.lake.run.RunHistory;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.RunStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin slice end to end on embedded services: {@code carelake demo} twice, then a {@code
 * carelake run} after changes in the source. The source and publish databases are given as external
 * JDBC URLs, so this also checks that configuration alone replaces the embedded ones. The demos run
 * with {@code --no-stream}: the stream section merges HL7 events into the same silver tables, which
 * the checks of the batch runs here count; {@code DemoStreamIT} checks that section.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoPipelineIT {
  private static final int PATIENTS = 120;
  private static final int VALIDATED_PER_TYPE = 60;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] SOURCE_TABLES = {"patients", "encounters", "diagnoses"};

  /** Resource types whose silver tables only imports fill: the generator writes none. */
  private static final Set<FhirType> IMPORTED_ONLY =
      Set.of(FhirType.IMMUNIZATION, FhirType.PROCEDURE, FhirType.OBSERVATION_OTHER);

  @TempDir static Path folder;

  private static EmbeddedPostgresService postgres;
  private static String[] settings;
  private static LakePaths paths;

  @BeforeAll
  static void startDatabase() {
    // The demo runs only on its embedded services: this server is the one the demo's data folder
    // names, so the demo and the commands after it attach to it while the test reads it.
    Path dataDir = folder.resolve("data");
    postgres = EmbeddedPostgresService.start(dataDir.resolve("postgres"), 0);
    settings =
        new String[] {
          "--set",
          "data-dir=" + dataDir,
          "--set",
          "spark.master=local[2]",
          "--set",
          "spark.shuffle-partitions=2",
          "--set",
          "fhir.validation-sample=0"
        };
    paths =
        LakePaths.of(
            CarelakeConfig.fromEnvironment(Map.of("CARELAKE_DATA_DIR", dataDir.toString()))
                .lakeUri());
  }

  @AfterAll
  static void stopDatabase() {
    postgres.close();
  }

  @Test
  @Order(0)
  void theDemoRefusesAConfiguredSourceAndTouchesNothing() {
    java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
    java.io.PrintStream standardError = System.err;
    System.setErr(new java.io.PrintStream(errors, true, java.nio.charset.StandardCharsets.UTF_8));
    int exit;
    try {
      exit =
          CarelakeCli.execute(
              args(
                  "demo",
                  "--set",
                  "source.jdbc-url=" + postgres.jdbcUrl(EmbeddedPostgresService.SOURCE_DATABASE)));
    } finally {
      System.setErr(standardError);
    }

    assertThat(exit).isEqualTo(2);
    assertThat(errors.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("carelake demo refuses to run: 'source.jdbc-url' (command line) is configured");
    assertThat(history().latest(10)).isEmpty();
  }

  @Test
  @Order(1)
  void demoCarriesEverySourceRowToSilverAndPublishesGoldThatMatchesTheSource() throws Exception {
    int exit =
        CarelakeCli.execute(
            args(
                "demo",
                "--patients",
                String.valueOf(PATIENTS),
                "--seed",
                "7",
                "--defect-rate",
                "0",
                "--no-stream"));

    assertThat(exit).isZero();
    RunRecord run = latestRun();
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    for (String table : SOURCE_TABLES) {
      long sourceRows = sourceCount(table);
      assertThat(sourceRows).isPositive();
      assertThat(run.step("extract:" + table).orElseThrow().count("rows")).isEqualTo(sourceRows);
      assertThat(deltaCount(paths.bronze("ehr", table))).isEqualTo(sourceRows);
      assertThat(deltaCount(paths.silver(table))).isEqualTo(sourceRows);
    }
    assertThat(sourceCount("patients")).isEqualTo(PATIENTS);
    assertThat(publishedGold()).isEqualTo(expectedGoldFromTheSource());
    assertThat(run.step("gold:encounters_by_month_chapter").orElseThrow().count("unchanged"))
        .isZero();
    for (FhirType type : FhirType.values()) {
      if (IMPORTED_ONLY.contains(type)) {
        continue;
      }
      long silverRows = deltaCount(paths.silver(type.silverEntity()));
      assertThat(run.step("fhir:" + type.layerName()).orElseThrow().count("written"))
          .as("%s resources written", type.layerName())
          .isEqualTo(silverRows)
          .isPositive();
    }
    theRunExecutedExactlyTheGraphPipelineShowDraws(run);
    PhiColumnsInLake.Result phi =
        PhiColumnsInLake.unclassified(spark(), Path.of(URI.create(paths.root())));
    assertThat(phi.tables()).as("Delta tables of the demo's lake").isGreaterThan(30);
    assertThat(phi.columns())
        .as("columns of the demo's lake without a line in privacy/phi-columns.csv")
        .isEmpty();
  }

  /**
   * {@code carelake pipeline show} and the executor agree: the run recorded exactly the steps the
   * command prints, and each started only after every step it depends on had ended.
   */
  private static void theRunExecutedExactlyTheGraphPipelineShowDraws(RunRecord run) {
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    java.io.PrintStream standardOutput = System.out;
    System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertThat(CarelakeCli.execute(args("pipeline", "show", "--mermaid"))).isZero();
    } finally {
      System.setOut(standardOutput);
    }
    Map<String, List<String>> drawn = new java.util.LinkedHashMap<>();
    for (String line : printed.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
      java.util.regex.Matcher node =
          java.util.regex.Pattern.compile("^  (\\S+)\\[\"(.+)\"]$").matcher(line);
      java.util.regex.Matcher edge =
          java.util.regex.Pattern.compile("^  (\\S+) --> (\\S+)$").matcher(line);
      if (node.matches()) {
        drawn.put(node.group(2), new java.util.ArrayList<>());
      } else if (edge.matches()) {
        drawn.get(edge.group(2).replaceFirst("_", ":")).add(edge.group(1).replaceFirst("_", ":"));
      }
    }
    assertThat(drawn).isNotEmpty();
    assertThat(run.steps())
        .extracting(org.carelake.lake.run.StepRecord::name)
        .containsExactlyInAnyOrderElementsOf(drawn.keySet());
    for (Map.Entry<String, List<String>> step : drawn.entrySet()) {
      java.time.Instant started =
          java.time.Instant.parse(run.step(step.getKey()).orElseThrow().startedAt());
      for (String dependency : step.getValue()) {
        assertThat(java.time.Instant.parse(run.step(dependency).orElseThrow().endedAt()))
            .as("%s ended before %s started", dependency, step.getKey())
            .isBeforeOrEqualTo(started);
      }
    }
  }

  @Test
  @Order(2)
  void aSecondDemoOnTheSameSourceExtractsNothingAndLeavesTheSameTables() throws Exception {
    Map<String, Long> published = publishedGold();

    int exit =
        CarelakeCli.execute(
            args(
                "demo",
                "--patients",
                String.valueOf(PATIENTS),
                "--seed",
                "7",
                "--defect-rate",
                "0",
                "--no-stream"));

    assertThat(exit).isZero();
    RunRecord run = latestRun();
    assertThat(run.sequence()).isEqualTo(2);
    for (String table : SOURCE_TABLES) {
      assertThat(run.step("extract:" + table).orElseThrow().count("rows")).isZero();
      assertThat(deltaCount(paths.bronze("ehr", table))).isEqualTo(sourceCount(table));
      assertThat(distinctKeys(paths.silver(table), table)).isEqualTo(sourceCount(table));
    }
    assertThat(publishedGold()).isEqualTo(published);
    for (FhirType type : FhirType.values()) {
      assertThat(run.step("fhir:" + type.layerName()).orElseThrow().count("mapped"))
          .as("silver %s did not change: nothing to map", type.silverEntity())
          .isZero();
    }
    assertThat(run.step("gold:encounters_by_month_chapter").orElseThrow().count("unchanged"))
        .as("gold not rebuilt from unchanged silver")
        .isEqualTo(1);
  }

  @Test
  @Order(3)
  void aRunPicksUpChangesUpdatesSilverAndQuarantinesWhatBreaksARule() throws Exception {
    try (Connection connection = source();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "UPDATE patients SET city = 'Changed City' WHERE patient_id IN (SELECT patient_id FROM patients ORDER BY patient_id LIMIT 3)");
      statement.executeUpdate(
          "INSERT INTO encounters (encounter_id, patient_id, encounter_class, admit_time,"
              + " discharge_time) SELECT max(encounter_id) + 1, 1, 'inpatient',"
              + " timestamp '2025-03-02 10:00', timestamp '2025-03-01 10:00' FROM encounters");
    }

    int exit = CarelakeCli.execute(args("run"));

    assertThat(exit).isZero();
    RunRecord run = latestRun();
    assertThat(run.step("extract:patients").orElseThrow().count("rows")).isEqualTo(3);
    assertThat(run.step("extract:encounters").orElseThrow().count("rows")).isEqualTo(1);
    assertThat(run.step("silver:patients").orElseThrow().count("upserted")).isEqualTo(3);
    assertThat(run.step("silver:encounters").orElseThrow().count("quarantined")).isEqualTo(1);
    // FHIR maps the changed silver rows only: the three patients, and no encounter.
    assertThat(run.step("fhir:Patient").orElseThrow().count("mapped")).isEqualTo(3);
    assertThat(run.step("fhir:Patient").orElseThrow().count("written")).isEqualTo(3);
    assertThat(run.step("fhir:Encounter").orElseThrow().count("mapped")).isZero();
    // The mart reads silver encounters and diagnoses, which the quarantined row left as they were.
    assertThat(run.step("gold:encounters_by_month_chapter").orElseThrow().count("unchanged"))
        .isEqualTo(1);
    SparkSession spark = spark();
    assertThat(
            spark
                .read()
                .format("delta")
                .load(paths.silver("patients"))
                .where("city = 'Changed City'")
                .count())
        .isEqualTo(3);
    assertThat(distinctKeys(paths.silver("patients"), "patients"))
        .isEqualTo(sourceCount("patients"));
    List<Row> quarantined = spark.read().format("delta").load(paths.quarantine()).collectAsList();
    assertThat(quarantined).hasSize(1);
    assertThat(quarantined.get(0).<String>getList(quarantined.get(0).fieldIndex("rule_ids")))
        .containsExactly("ENC-005");
    assertThat(quarantined.get(0).<String>getList(quarantined.get(0).fieldIndex("reasons")))
        .containsExactly("discharge_time is before admit_time");
    assertThat(quarantined.get(0).<String>getAs("source_position"))
        .startsWith("ehr.encounters:encounter_id=");
    assertThat(publishedGold())
        .isEqualTo(expectedGoldFromTheSourceWithout(quarantinedKeys(quarantined)));
  }

  @Test
  @Order(4)
  void statusListsTheRunsNewestFirst() {
    assertThat(CarelakeCli.execute(args("status", "--limit", "2"))).isZero();
    List<RunRecord> runs = history().latest(10);
    assertThat(runs).extracting(RunRecord::sequence).containsExactly(3L, 2L, 1L);
    assertThat(runs).extracting(RunRecord::command).containsExactly("run", "demo", "demo");
  }

  @Test
  @Order(5)
  void everyResourceTypeIsExportedWithResolvableReferencesAndPassesTheValidator() throws Exception {
    Path export = folder.resolve("export");

    int exit = CarelakeCli.execute(args("fhir", "export", "--output", export.toString()));

    assertThat(exit).isZero();
    Set<String> ids = new HashSet<>();
    Map<String, List<String>> resources = new LinkedHashMap<>();
    for (FhirType type : FhirType.values()) {
      if (IMPORTED_ONLY.contains(type)) {
        continue;
      }
      List<String> lines = Files.readAllLines(export.resolve(type.resourceType() + ".ndjson"));
      assertThat(lines).as("%s exported", type.resourceType()).isNotEmpty();
      resources.put(type.resourceType(), lines);
      for (String line : lines) {
        ids.add(type.resourceType() + "/" + JSON.readTree(line).get("id").asText());
      }
    }
    List<String> unresolved = new ArrayList<>();
    long references = 0;
    List<MappedResource> sample = new ArrayList<>();
    Pattern reference = Pattern.compile("\"reference\":\"([A-Za-z]+/[^\"]+)\"");
    for (Map.Entry<String, List<String>> type : resources.entrySet()) {
      for (String line : type.getValue()) {
        Matcher matcher = reference.matcher(line);
        while (matcher.find()) {
          references++;
          if (!ids.contains(matcher.group(1))) {
            unresolved.add(type.getKey() + " -> " + matcher.group(1));
          }
        }
      }
      // The validator checks a few hundred resources a second: a sample of each type.
      for (String line :
          type.getValue().subList(0, Math.min(VALIDATED_PER_TYPE, type.getValue().size()))) {
        sample.add(new MappedResource(type.getKey(), JSON.readTree(line).get("id").asText(), line));
      }
    }
    assertThat(references).as("references checked").isGreaterThan(ids.size());
    assertThat(unresolved).as("references that do not resolve within the export").isEmpty();
    List<ValidationFinding> errors = new ArrayList<>();
    for (int from = 0; from < sample.size(); from += FhirValidation.BATCH_SIZE) {
      FhirValidation.get()
          .validate(sample.subList(from, Math.min(sample.size(), from + FhirValidation.BATCH_SIZE)))
          .stream()
          .filter(ValidationFinding::isError)
          .forEach(errors::add);
    }
    assertThat(sample).hasSizeGreaterThan(FhirType.values().length * 10);
    assertThat(errors).as("validator errors").isEmpty();
  }

  @Test
  @Order(6)
  void aMalformedInboxRowIsQuarantinedAndNoneOfItsValuesIsPrintedOrLogged() throws Exception {
    // Values no generated row holds, so a hit can only come from this file.
    String[] values = {"MRN-ZQ-90417", "Quintessa", "Vandermolen", "1911-11-11", "555-0199-77"};
    Path inbox = Path.of(java.net.URI.create(paths.inbox("ehr", "patients")));
    Files.createDirectories(inbox);
    Files.writeString(
        inbox.resolve("front desk export.csv"),
        "patient_id,mrn,given_name,family_name,birth_date,phone,updated_at\n"
            + "990001,"
            + values[0]
            + ","
            + values[1]
            + ","
            + values[2]
            + ","
            + values[3]
            + ","
            + values[4]
            + ",2025-03-01T10:00:00Z,an extra field\n");
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    java.io.PrintStream standardOutput = System.out;
    java.io.PrintStream standardError = System.err;
    java.io.PrintStream both =
        new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8);
    System.setOut(both);
    System.setErr(both);
    int exit;
    try {
      exit = CarelakeCli.execute(args("run"));
    } finally {
      System.setOut(standardOutput);
      System.setErr(standardError);
    }

    assertThat(exit).isZero();
    RunRecord run = latestRun();
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.step("bronze:patients").orElseThrow().count("malformed")).isEqualTo(1);
    List<Row> malformed =
        spark()
            .read()
            .format("delta")
            .load(paths.quarantine())
            .where("array_contains(rule_ids, 'RAW-001')")
            .collectAsList();
    assertThat(malformed).hasSize(1);
    assertThat(malformed.get(0).<String>getAs("record")).contains(values[1]);
    String console = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
    StringBuilder log = new StringBuilder();
    for (Path file : logFiles()) {
      if (Files.exists(file)) {
        log.append(Files.readString(file));
      }
    }
    String history = String.join("\n", Files.readAllLines(runFile(run)));
    for (String value : values) {
      assertThat(console).as("the console").doesNotContain(value);
      assertThat(log.toString()).as("the log files").doesNotContain(value);
      assertThat(history).as("the run history").doesNotContain(value);
    }
  }

  /** The files the test JVM's logging configuration writes, as it stands when asked. */
  private static List<Path> logFiles() {
    org.apache.logging.log4j.core.LoggerContext context =
        (org.apache.logging.log4j.core.LoggerContext)
            org.apache.logging.log4j.LogManager.getContext(false);
    List<Path> files = new ArrayList<>();
    for (org.apache.logging.log4j.core.Appender appender :
        context.getConfiguration().getAppenders().values()) {
      if (appender instanceof org.apache.logging.log4j.core.appender.FileAppender file) {
        files.add(Path.of(file.getFileName()).toAbsolutePath());
      } else if (appender
          instanceof org.apache.logging.log4j.core.appender.RollingFileAppender rolling) {
        files.add(Path.of(rolling.getFileName()).toAbsolutePath());
      }
    }
    return files;
  }

  private static Path runFile(RunRecord run) {
    return Path.of(java.net.URI.create(paths.runs() + "/" + run.id() + ".json"));
  }

  private static String[] args(String... command) {
    String[] all = new String[command.length + settings.length];
    System.arraycopy(command, 0, all, 0, command.length);
    System.arraycopy(settings, 0, all, command.length, settings.length);
    return all;
  }

  private static RunHistory history() {
    return new RunHistory(LakeFiles.withDefaults(), paths);
  }

  private static RunRecord latestRun() {
    return history().latest(1).get(0);
  }

  private static SparkSession spark() {
    return LakeSession.getOrCreate(
        CarelakeConfig.fromEnvironment(Map.of()).spark(), folder.resolve("data/spark"));
  }

  private static long deltaCount(String path) {
    return spark().read().format("delta").load(path).count();
  }

  private static long distinctKeys(String path, String table) {
    String key = table.substring(0, table.length() - 1).replace("diagnose", "diagnosis") + "_id";
    return spark().read().format("delta").load(path).select(key).distinct().count();
  }

  private static Connection source() throws SQLException {
    return postgres.connect(EmbeddedPostgresService.SOURCE_DATABASE);
  }

  private static long sourceCount(String table) throws SQLException {
    try (Connection connection = source();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static List<Long> quarantinedKeys(List<Row> quarantined) {
    List<Long> keys = new ArrayList<>();
    quarantined.forEach(row -> keys.add(Long.parseLong(row.getAs("source_key"))));
    return keys;
  }

  private static Map<String, Long> publishedGold() throws SQLException {
    try (Connection connection = postgres.connect(EmbeddedPostgresService.PUBLISH_DATABASE)) {
      return GoldCheck.published(connection);
    }
  }

  private static Map<String, Long> expectedGoldFromTheSource() throws SQLException {
    return expectedGoldFromTheSourceWithout(List.of());
  }

  private static Map<String, Long> expectedGoldFromTheSourceWithout(List<Long> excluded)
      throws SQLException {
    try (Connection connection = source()) {
      return GoldCheck.expected(connection, excluded);
    }
  }
}
