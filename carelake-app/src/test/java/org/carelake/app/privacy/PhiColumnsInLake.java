package org.carelake.app.privacy;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.carelake.privacy.PhiColumns;

/**
 * The PHI classification against a real lake: the columns of every Delta table of its bronze,
 * silver, pending, quarantine, FHIR and gold layers that {@link PhiColumns} does not classify. Used
 * by the integration tests that build a lake anyway, so that a column a stage adds at run time
 * (person matching, ICD-10-CM, a schema merge) cannot go unclassified. Reads each table's schema
 * only.
 */
public final class PhiColumnsInLake {
  private static final List<String> LAYERS =
      List.of("bronze", "silver", "pending", "quarantine", "fhir", "gold");

  private PhiColumnsInLake() {}

  /**
   * The unclassified columns, as {@code table.column}, and the number of tables read.
   *
   * @param spark the session that reads the tables
   * @param lakeRoot the lake's root folder on local disk
   */
  public static Result unclassified(SparkSession spark, Path lakeRoot) {
    PhiColumns classification = PhiColumns.load();
    List<String> missing = new ArrayList<>();
    int tables = 0;
    for (String layer : LAYERS) {
      Path folder = lakeRoot.resolve(layer);
      if (!Files.isDirectory(folder)) {
        continue;
      }
      try (Stream<Path> children = Files.list(folder)) {
        for (Path table : children.sorted().toList()) {
          String path = table.toUri().toString();
          if (!DeltaTable.isDeltaTable(spark, path)) {
            continue;
          }
          tables++;
          String name = layer + "/" + table.getFileName();
          for (String column : spark.read().format("delta").load(path).schema().fieldNames()) {
            if (classification.find(name, column).isEmpty()) {
              missing.add(name + "." + column);
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new Result(missing, tables);
  }

  /**
   * What {@link #unclassified} found.
   *
   * @param columns the unclassified columns, as {@code table.column}
   * @param tables how many Delta tables were read
   */
  public record Result(List<String> columns, int tables) {}
}
