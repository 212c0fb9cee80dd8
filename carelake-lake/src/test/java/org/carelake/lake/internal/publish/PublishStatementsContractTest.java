package org.carelake.lake.internal.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract of the generated SQL: every statement publishing a mart makes, per dialect, equals a
 * golden file reviewed by hand ({@code golden-<dialect>.sql} beside this class). No SQL Server runs
 * here, so for SQL Server this, and what H2 runs of it ({@link SqlServerStatementsOnH2Test}), is
 * the check. After a deliberate change, regenerate the files with {@code
 * -Dcarelake.golden.update=true} and review their diff.
 */
class PublishStatementsContractTest {
  private static final String SCHEMA = "gold";

  static String statements(Dialect dialect) {
    PublishedTable table = new PublishedTable(dialect, SCHEMA, ExampleMart.MART, ExampleMart.TYPES);
    PublishCatalog catalog = new PublishCatalog(dialect, SCHEMA);
    Map<String, List<String>> sections = new LinkedHashMap<>();
    sections.put("create the schema", List.of(table.createSchema()));
    sections.put("create the catalog, set its comments", catalog.create());
    sections.put(
        "read, replace the catalog row",
        List.of(catalog.select(), catalog.delete(), catalog.insert()));
    sections.put("create the staging table", table.createStaging());
    sections.put("count the staged rows", List.of(table.countStaging()));
    sections.put("a new table or layout: swap by rename", table.swapByRename());
    sections.put("rows the staging table changes", List.of(table.changedRows()));
    sections.put("same layout, small: replace in place", table.replaceInPlace());
    sections.put("same layout, large: merge by key", table.merge());
    sections.put("then drop the staging table", List.of(table.dropStaging()));
    sections.put("comments from the header", table.comments());
    sections.put("layout", List.of(table.layout()));
    StringBuilder text = new StringBuilder();
    sections.forEach(
        (title, sql) -> {
          text.append("-- ").append(title).append('\n');
          sql.forEach(statement -> text.append(statement).append('\n'));
          text.append('\n');
        });
    return text.toString();
  }

  private static void assertGolden(Dialect dialect) throws IOException {
    String file = "golden-" + dialect.name() + ".sql";
    String actual = statements(dialect);
    if (Boolean.getBoolean("carelake.golden.update")) {
      Path path =
          Path.of(System.getProperty("carelake.project-root", ".."))
              .resolve("carelake-lake/src/test/resources/org/carelake/lake/internal/publish")
              .resolve(file);
      Files.writeString(path, actual, StandardCharsets.UTF_8);
    }
    try (InputStream golden = PublishStatementsContractTest.class.getResourceAsStream(file)) {
      assertThat(golden).as("golden file %s", file).isNotNull();
      assertThat(actual).isEqualTo(new String(golden.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void postgresqlStatementsEqualTheirGoldenFile() throws IOException {
    assertGolden(new PostgresDialect());
  }

  @Test
  void sqlServerStatementsEqualTheirGoldenFile() throws IOException {
    assertGolden(new SqlServerDialect());
  }

  @Test
  void aSqlServerUrlSelectsTheSqlServerDialectAndAnyOtherPostgresql() {
    assertThat(Dialect.of("jdbc:sqlserver://db.example:1433;databaseName=gold").name())
        .isEqualTo("sqlserver");
    assertThat(Dialect.of("jdbc:postgresql://127.0.0.1:5432/publish").name())
        .isEqualTo("postgresql");
  }
}
