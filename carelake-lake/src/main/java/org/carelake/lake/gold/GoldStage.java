package org.carelake.lake.gold;

import io.delta.tables.DeltaTable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.core.Errors;
import org.carelake.fhir.FhirType;
import org.carelake.lake.DeltaState;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.fhir.SilverRows;

/**
 * Computes a gold mart from silver.
 *
 * <p>Input: the silver tables the mart names, read at their latest version. Output: the mart's
 * rows. Side effect: registers temporary views {@code silver_<entity>} in the session.
 *
 * <p>A mart is a function of its silver inputs, so it needs no rebuild while they stay as they
 * were: {@link #inputs} names their versions (from the Delta logs, no Spark job), and {@link
 * #builtFrom} / {@link #recordBuiltFrom} keep the inputs of the last build in {@code
 * _carelake/gold/<mart>.json}.
 */
final class GoldStage {
  private final SparkSession spark;
  private final LakePaths paths;

  /** A stage over the given lake. */
  public GoldStage(SparkSession spark, LakePaths paths) {
    this.spark = spark;
    this.paths = paths;
  }

  /**
   * The current versions of a mart's silver inputs.
   *
   * @return per silver entity, {@code <table id>@<version>}; "missing" for a table not written yet
   */
  public Map<String, String> inputs(GoldMart mart) {
    Map<String, String> inputs = new TreeMap<>();
    for (String entity : mart.silverEntities()) {
      String path = paths.silver(entity);
      if (DeltaTable.isDeltaTable(spark, path)) {
        DeltaState state = DeltaState.of(spark, path);
        inputs.put(entity, state.tableId() + "@" + state.version());
      } else {
        inputs.put(entity, "missing");
      }
    }
    return inputs;
  }

  /** What {@code _carelake/gold/<mart>.json} holds: the inputs of the mart's last build. */
  record BuiltFrom(Map<String, String> inputs) {}

  /**
   * The inputs the mart was last built from.
   *
   * @return their versions as {@link #inputs} gives them, or empty when unknown
   */
  public Optional<Map<String, String>> builtFrom(GoldMart mart, LakeFiles files) {
    if (!DeltaTable.isDeltaTable(spark, paths.gold(mart.name()))) {
      return Optional.empty();
    }
    return files.readJson(inputsPath(mart), BuiltFrom.class).map(BuiltFrom::inputs);
  }

  /** Records the inputs a build of the mart read, after the build committed. */
  public void recordBuiltFrom(GoldMart mart, Map<String, String> inputs, LakeFiles files) {
    files.writeJsonAtomically(inputsPath(mart), new BuiltFrom(inputs));
  }

  private String inputsPath(GoldMart mart) {
    return paths.root() + "/_carelake/gold/" + mart.name() + ".json";
  }

  /**
   * A silver table; one the lake has not written (a lake fed by HL7 alone has no prescriptions) is
   * empty, with the columns of its model record.
   */
  private Dataset<Row> silver(String entity) {
    String path = paths.silver(entity);
    Optional<FhirType> type =
        Arrays.stream(FhirType.values()).filter(t -> t.silverEntity().equals(entity)).findFirst();
    if (type.isPresent() && !DeltaTable.isDeltaTable(spark, path)) {
      return spark.createDataFrame(List.of(), SilverRows.schema(type.get().recordType()));
    }
    return spark.read().format("delta").load(path);
  }

  /** The mart's rows. */
  public Dataset<Row> apply(GoldMart mart) {
    for (String entity : mart.silverEntities()) {
      silver(entity).createOrReplaceTempView("silver_" + entity);
    }
    Dataset<Row> rows = spark.sql(mart.sql());
    List<String> selected = Arrays.asList(rows.columns());
    List<String> described = List.copyOf(mart.columns().keySet());
    if (!selected.equals(described)) {
      throw Errors.goldMartColumns(mart.name(), described, selected);
    }
    return rows;
  }
}
