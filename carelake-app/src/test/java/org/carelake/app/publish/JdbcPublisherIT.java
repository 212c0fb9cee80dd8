package org.carelake.app.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.carelake.app.CarelakeCli;
import org.carelake.app.services.EmbeddedPostgresService;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.JdbcEndpoint;
import org.carelake.core.CarelakeException;
import org.carelake.lake.Lake;
import org.carelake.lake.gold.GoldMart;
import org.carelake.lake.internal.DeltaState;
import org.carelake.lake.internal.publish.PublishStep;
import org.carelake.lake.pipeline.RunContext;
import org.carelake.lake.pipeline.RunMode;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.RunStatus;
import org.carelake.source.SourceSchema;
import org.carelake.synth.EhrGenerator;
import org.carelake.synth.GeneratorSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing every registered gold mart ({@link GoldMart#ALL}, whichever marts there are) to
 * PostgreSQL: one {@code carelake run} over a small generated EHR, then the publish steps again
 * after gold changes, replacing and merging.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JdbcPublisherIT {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @TempDir static Path folder;

  private static EmbeddedPostgresService postgres;
  private static JdbcEndpoint publish;
  private static Map<String, String> settings;
  private static String firstRunOutput;

  @BeforeAll
  static void runThePipelineOnce() throws Exception {
    postgres = EmbeddedPostgresService.start(folder.resolve("postgres"), 0);
    JdbcEndpoint source = database();
    publish = database();
    SourceSchema.migrate(source);
    EhrGenerator.generate(source, new GeneratorSettings(40, 11, 0.0));
    settings = new HashMap<>();
    settings.put("data-dir", folder.resolve("data").toString());
    settings.put("source.jdbc-url", source.url());
    settings.put("publish.jdbc-url", publish.url());
    settings.put("spark.master", "local[2]");
    settings.put("spark.shuffle-partitions", "2");
    settings.put("fhir.enabled", "false");
    List<String> args = new ArrayList<>(List.of("run"));
    settings.forEach((key, value) -> args.addAll(List.of("--set", key + "=" + value)));

    ByteArrayOutputStream output = new ByteArrayOutputStream();
    PrintStream standardOutput = System.out;
    System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = CarelakeCli.execute(args.toArray(String[]::new));
    } finally {
      System.setOut(standardOutput);
    }
    firstRunOutput = output.toString(StandardCharsets.UTF_8);
    standardOutput.print(firstRunOutput);
    assertThat(exit).as("carelake run's exit code").isZero();
  }

  @AfterAll
  static void stopDatabase() {
    postgres.close();
  }

  private static JdbcEndpoint database() throws SQLException {
    String name = "publish_it_" + DATABASES.incrementAndGet();
    try (Connection connection = postgres.connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return new JdbcEndpoint(postgres.jdbcUrl(name), EmbeddedPostgresService.USER, Optional.empty());
  }

  private static Lake lake(Map<String, String> overrides) {
    Map<String, String> all = new HashMap<>(settings);
    all.putAll(overrides);
    return Lake.open(CarelakeConfig.load(Optional.empty(), Map.of(), all));
  }

  private static SparkSession spark() {
    return lake(Map.of()).spark();
  }

  private static PublishStep.Result publishAgain(Lake lake, GoldMart mart, RunMode mode) {
    RunRecord record =
        new RunRecord(
            "000099-it",
            99,
            "run",
            RunStatus.RUNNING,
            Instant.now().toString(),
            null,
            List.of(),
            Map.of(),
            null);
    return new PublishStep(lake, mart, () -> publish)
        .run(new RunContext(() -> record, mode, Map.of()));
  }

  private static String goldPath(GoldMart mart) {
    return lake(Map.of()).paths().gold(mart.name());
  }

  /** A value as text that reads the same from Spark and from JDBC. */
  private static String text(Object value) {
    if (value == null) {
      return "null";
    } else if (value instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    } else if (value instanceof LocalDate date) {
      return date.toString();
    } else if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant().toString();
    } else if (value instanceof Instant instant) {
      return instant.toString();
    } else if (value instanceof BigDecimal decimal) {
      return decimal.stripTrailingZeros().toPlainString();
    } else if (value instanceof Double || value instanceof Float) {
      return Double.toString(((Number) value).doubleValue());
    } else if (value instanceof Number number) {
      return Long.toString(number.longValue());
    }
    return value.toString();
  }

  private static List<String> goldRows(GoldMart mart) {
    List<String> rows = new ArrayList<>();
    for (Row row : spark().read().format("delta").load(goldPath(mart)).collectAsList()) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        values.add(text(row.get(i)));
      }
      rows.add(String.join("|", values));
    }
    rows.sort(null);
    return rows;
  }

  private static List<String> publishedRows(GoldMart mart) throws SQLException {
    String columns =
        mart.columns().keySet().stream()
            .map(column -> "\"" + column + "\"")
            .collect(Collectors.joining(", "));
    List<String> rows = new ArrayList<>();
    try (Connection connection = publish.connect();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery("SELECT " + columns + " FROM gold.\"" + mart.name() + "\"")) {
      int count = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
          Object value = result.getObject(i);
          if (value instanceof java.time.OffsetDateTime time) {
            value = time.toInstant();
          }
          values.add(text(value));
        }
        rows.add(String.join("|", values));
      }
    }
    rows.sort(null);
    return rows;
  }

  /** What PostgreSQL's information_schema calls the column type each Spark type must become. */
  private static String expectedType(DataType type) {
    if (type instanceof DecimalType) {
      return "numeric";
    }
    Map<DataType, String> types =
        Map.of(
            DataTypes.DateType, "date",
            DataTypes.LongType, "bigint",
            DataTypes.IntegerType, "integer",
            DataTypes.StringType, "text",
            DataTypes.DoubleType, "double precision",
            DataTypes.BooleanType, "boolean",
            DataTypes.TimestampType, "timestamp with time zone",
            DataTypes.ShortType, "smallint");
    return types.getOrDefault(type, "unexpected " + type.simpleString());
  }

  private static List<String> strings(Connection connection, String sql, String... parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      List<String> values = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          values.add(result.getString(1));
        }
      }
      return values;
    }
  }

  @Test
  @Order(1)
  void everyRegisteredMartIsPublishedTypedKeyedCommentedAndCatalogued() throws SQLException {
    assertThat(GoldMart.ALL).isNotEmpty();
    try (Connection connection = publish.connect()) {
      for (GoldMart mart : GoldMart.ALL) {
        String table = mart.name();
        assertThat(publishedRows(mart)).as("rows of %s", table).isEqualTo(goldRows(mart));

        assertThat(
                strings(
                    connection,
                    "SELECT c.conname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
                        + " JOIN pg_namespace n ON n.oid = t.relnamespace"
                        + " WHERE n.nspname = 'gold' AND t.relname = ? AND c.contype = 'p'",
                    table))
            .as("primary key of %s", table)
            .containsExactly(table + "_pkey");
        assertThat(
                strings(
                    connection,
                    "SELECT k.column_name FROM information_schema.key_column_usage k"
                        + " WHERE k.table_schema = 'gold' AND k.table_name = ?"
                        + " AND k.constraint_name = ? ORDER BY k.ordinal_position",
                    table,
                    table + "_pkey"))
            .as("key columns of %s", table)
            .isEqualTo(mart.key());

        assertThat(
                strings(
                    connection,
                    "SELECT obj_description(('gold.\"' || ? || '\"')::regclass, 'pg_class')",
                    table))
            .singleElement()
            .asString()
            .contains("Grain: " + mart.grain())
            .contains("Definition: " + mart.definition());
        for (Map.Entry<String, String> column : mart.columns().entrySet()) {
          assertThat(
                  strings(
                      connection,
                      "SELECT col_description(('gold.\"' || ? || '\"')::regclass,"
                          + " (SELECT ordinal_position FROM information_schema.columns"
                          + " WHERE table_schema = 'gold' AND table_name = ? AND column_name = ?)::int)",
                      table,
                      table,
                      column.getKey()))
              .as("comment of %s.%s", table, column.getKey())
              .containsExactly(column.getValue());
        }

        for (StructField field :
            spark().read().format("delta").load(goldPath(mart)).schema().fields()) {
          assertThat(
                  strings(
                      connection,
                      "SELECT data_type FROM information_schema.columns"
                          + " WHERE table_schema = 'gold' AND table_name = ? AND column_name = ?",
                      table,
                      field.name()))
              .as("type of %s.%s (%s)", table, field.name(), field.dataType().simpleString())
              .containsExactly(expectedType(field.dataType()));
        }

        DeltaState gold = DeltaState.of(spark(), goldPath(mart));
        try (PreparedStatement catalog =
            connection.prepareStatement(
                "SELECT grain, definition, follows, key_columns, row_count, publish_mode,"
                    + " silver_versions, gold_version FROM gold.catalog WHERE mart = ?")) {
          catalog.setString(1, table);
          try (ResultSet row = catalog.executeQuery()) {
            assertThat(row.next()).as("catalog row of %s", table).isTrue();
            assertThat(row.getString(1)).isEqualTo(mart.grain());
            assertThat(row.getString(2)).isEqualTo(mart.definition());
            assertThat(Optional.ofNullable(row.getString(3))).isEqualTo(mart.follows());
            assertThat(row.getString(4)).isEqualTo(String.join(", ", mart.key()));
            assertThat(row.getLong(5)).isEqualTo(goldRows(mart).size());
            assertThat(row.getString(6)).isEqualTo("replace");
            for (String entity : mart.silverEntities()) {
              assertThat(row.getString(7)).contains("\"" + entity + "\":\"");
            }
            assertThat(row.getString(8)).isEqualTo(gold.tableId() + "@" + gold.version());
          }
        }

        assertThat(firstRunOutput)
            .as("the run's summary line of %s", table)
            .containsPattern(
                "(?m)^  gold\\."
                    + table
                    + " +"
                    + String.format(Locale.ROOT, "%,d", goldRows(mart).size())
                    + " rows  replace \\(");
      }
    }
  }

  @Test
  @Order(2)
  void unchangedGoldIsNotPublishedAgainAndAFullRunRepublishesItIdentically() throws SQLException {
    Lake lake = lake(Map.of());
    for (GoldMart mart : GoldMart.ALL) {
      List<String> before = publishedRows(mart);

      PublishStep.Result skipped = publishAgain(lake, mart, RunMode.INCREMENTAL);
      PublishStep.Result full = publishAgain(lake, mart, RunMode.FULL);

      assertThat(skipped.unchanged()).as("%s skipped", mart.name()).isTrue();
      assertThat(skipped.rows()).isEqualTo(before.size());
      assertThat(full.unchanged()).isFalse();
      assertThat(full.changed()).as("rows a full republish of %s changed", mart.name()).isZero();
      assertThat(publishedRows(mart)).isEqualTo(before);
    }
  }

  /** Deletes one gold row (the first by key) as a deletion at the source would, and returns it. */
  private static String deleteOneGoldRow(GoldMart mart) {
    Row first =
        spark()
            .read()
            .format("delta")
            .load(goldPath(mart))
            .orderBy(mart.key().stream().map(functions::col).toArray(Column[]::new))
            .first();
    Column condition = functions.lit(true);
    for (String key : mart.key()) {
      Object value = first.getAs(key);
      condition = condition.and(functions.col(key).equalTo(functions.lit(value)));
    }
    DeltaTable.forPath(spark(), goldPath(mart)).delete(condition);
    return mart.key().stream().map(key -> text(first.getAs(key))).collect(Collectors.joining("|"));
  }

  /**
   * Adds one to a numeric value of the last row by key, as a change at the source would; does
   * nothing for a mart with fewer than two rows or no numeric value column.
   *
   * @return whether a value changed
   */
  private static boolean changeOneGoldValue(GoldMart mart) {
    Dataset<Row> gold = spark().read().format("delta").load(goldPath(mart));
    Optional<String> column =
        Arrays.stream(gold.schema().fields())
            .filter(field -> !mart.key().contains(field.name()))
            .filter(
                field ->
                    field.dataType().equals(DataTypes.LongType)
                        || field.dataType().equals(DataTypes.IntegerType)
                        || field.dataType().equals(DataTypes.DoubleType))
            .map(StructField::name)
            .findFirst();
    if (column.isEmpty() || gold.count() < 2) {
      return false;
    }
    Row last =
        gold.orderBy(
                mart.key().stream().map(key -> functions.col(key).desc()).toArray(Column[]::new))
            .first();
    Column condition = functions.lit(true);
    for (String key : mart.key()) {
      condition = condition.and(functions.col(key).equalTo(functions.lit(last.getAs(key))));
    }
    DeltaTable.forPath(spark(), goldPath(mart))
        .update(condition, Map.of(column.get(), functions.col(column.get()).plus(1)));
    return true;
  }

  private static List<String> publishedKeys(GoldMart mart) throws SQLException {
    int keys = mart.key().size();
    return publishedRows(mart).stream()
        .map(row -> String.join("|", List.of(row.split("\\|", -1)).subList(0, keys)))
        .toList();
  }

  @Test
  @Order(3)
  void rowsDeletedOrChangedInGoldAreSoInTheTableWhenItIsReplaced() throws SQLException {
    Lake lake = lake(Map.of());
    for (GoldMart mart : GoldMart.ALL) {
      if (goldRows(mart).isEmpty()) {
        continue;
      }
      String deleted = deleteOneGoldRow(mart);
      boolean updated = changeOneGoldValue(mart);

      PublishStep.Result result = publishAgain(lake, mart, RunMode.INCREMENTAL);

      assertThat(result.mode()).isEqualTo(PublishStep.Mode.REPLACE);
      assertThat(result.changed()).as("rows changed in %s", mart.name()).isEqualTo(updated ? 2 : 1);
      assertThat(publishedKeys(mart)).doesNotContain(deleted);
      assertThat(publishedRows(mart)).isEqualTo(goldRows(mart));
    }
  }

  @Test
  @Order(4)
  void rowsDeletedOrChangedInGoldAreSoInTheTableWhenItIsMergedByKey() throws SQLException {
    Lake lake = lake(Map.of("publish.merge-threshold-rows", "0"));
    for (GoldMart mart : GoldMart.ALL) {
      if (goldRows(mart).isEmpty()) {
        continue;
      }
      String deleted = deleteOneGoldRow(mart);
      boolean updated = changeOneGoldValue(mart);

      PublishStep.Result result = publishAgain(lake, mart, RunMode.INCREMENTAL);

      assertThat(result.mode()).isEqualTo(PublishStep.Mode.MERGE);
      assertThat(result.changed()).as("rows changed in %s", mart.name()).isEqualTo(updated ? 2 : 1);
      assertThat(publishedKeys(mart)).doesNotContain(deleted);
      assertThat(publishedRows(mart)).isEqualTo(goldRows(mart));
      try (Connection connection = publish.connect()) {
        assertThat(
                strings(
                    connection,
                    "SELECT publish_mode || ' ' || row_count FROM gold.catalog WHERE mart = ?",
                    mart.name()))
            .containsExactly("merge " + goldRows(mart).size());
      }
    }
  }

  @Test
  @Order(5)
  void goldWhoseKeyRepeatsIsRefusedAndLeavesThePublishedTableAsItWas() throws SQLException {
    GoldMart mart =
        GoldMart.ALL.stream().filter(candidate -> !goldRows(candidate).isEmpty()).findFirst().get();
    List<String> before = publishedRows(mart);
    spark()
        .read()
        .format("delta")
        .load(goldPath(mart))
        .limit(1)
        .write()
        .format("delta")
        .mode("append")
        .save(goldPath(mart));

    assertThatThrownBy(() -> publishAgain(lake(Map.of()), mart, RunMode.INCREMENTAL))
        .isInstanceOf(CarelakeException.class)
        .hasMessageContaining(
            "Publishing the gold mart "
                + mart.name()
                + " to "
                + publish.url()
                + " failed: its rows do not fit its primary key "
                + mart.key())
        .hasMessageContaining("The published table was left as it was.");
    assertThat(publishedRows(mart)).isEqualTo(before);
    try (Connection connection = publish.connect()) {
      assertThat(
              strings(
                  connection,
                  "SELECT table_name FROM information_schema.tables WHERE table_schema = 'gold'"))
          .as("no staging table is left behind")
          .noneMatch(table -> table.endsWith("__staging"));
    }
  }
}
