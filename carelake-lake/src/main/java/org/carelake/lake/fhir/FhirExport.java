package org.carelake.lake.fhir;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.delta.tables.DeltaTable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.carelake.core.Errors;
import org.carelake.fhir.FhirExportUrls;
import org.carelake.fhir.FhirJson;
import org.carelake.fhir.FhirType;
import org.carelake.lake.LakeFiles;

/**
 * Exports the FHIR layer as FHIR Bulk Data NDJSON
 * (https://hl7.org/fhir/uv/bulkdata/STU2/export.html): one file per resource type ({@code
 * Patient.ndjson}; a type fed by several silver tables, such as Observation, in one file; one
 * resource per line, with {@code meta.versionId} and {@code meta.lastUpdated}), and {@code
 * manifest.json} shaped like the body of a completed {@code $export} status request.
 *
 * <p>The export reads one snapshot (Delta version) of the table, and its {@code transactionTime} is
 * that version's commit time, so an export {@code --since} that time picks up exactly what changed
 * after it. With a {@code since}, resources deleted after it are listed under {@code deleted}: one
 * file per type of transaction Bundles with one DELETE entry each, as the specification describes.
 * Reads the table; writes the files into the output folder, replacing files of the same name.
 */
public final class FhirExport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final SparkSession spark;
  private final LakeFiles files;
  private final String tablePath;

  /**
   * What an export wrote.
   *
   * @param transactionTime the snapshot's time
   * @param resources per resource type, the resources written
   * @param deleted per resource type, the deleted resources listed
   * @param manifest where the manifest is
   */
  public record Result(
      Instant transactionTime,
      Map<String, Long> resources,
      Map<String, Long> deleted,
      String manifest) {}

  /**
   * An export of the FHIR table at a path.
   *
   * @param spark the session
   * @param files the file system the output goes to
   * @param tablePath the FHIR table ({@code LakePaths.fhirResources()})
   */
  public FhirExport(SparkSession spark, LakeFiles files, String tablePath) {
    this.spark = spark;
    this.files = files;
    this.tablePath = tablePath;
  }

  /**
   * Exports resources.
   *
   * @param since only resources changed after this time (and those deleted after it); empty for all
   *     current resources
   * @param types the resource types, in the order of the manifest
   * @param output the folder's URI (file:, abfss:, s3a:)
   * @return what was written
   * @throws org.carelake.core.CarelakeException when the FHIR table does not exist
   */
  public Result export(Optional<Instant> since, List<FhirType> types, String output) {
    if (!DeltaTable.isDeltaTable(spark, tablePath)) {
      throw Errors.noFhirLayer(tablePath);
    }
    Row commit =
        DeltaTable.forPath(spark, tablePath).history(1).select("version", "timestamp").first();
    long version = commit.getLong(0);
    Instant transactionTime = commit.getTimestamp(1).toInstant();
    Dataset<Row> snapshot =
        spark.read().format("delta").option("versionAsOf", version).load(tablePath);
    if (since.isPresent()) {
      snapshot = snapshot.where(col("last_updated").gt(Timestamp.from(since.get())));
    }
    String folder = output.endsWith("/") ? output : output + "/";
    List<Map<String, Object>> outputs = new ArrayList<>();
    List<Map<String, Object>> deletedOutputs = new ArrayList<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    Map<String, Long> deletedCounts = new LinkedHashMap<>();
    for (String resourceType : resourceTypes(types)) {
      Dataset<Row> ofType =
          snapshot.where(col("resource_type").equalTo(resourceType)).orderBy(col("id"));
      String file = folder + resourceType + ".ndjson";
      long count =
          write(
              ofType.where(col("deleted").equalTo(false)),
              file,
              row ->
                  FhirJson.withMeta(
                      row.getAs("json"),
                      row.<Long>getAs("version_id"),
                      row.<Timestamp>getAs("last_updated").toInstant().toString()));
      counts.put(resourceType, count);
      if (count > 0) {
        outputs.add(entry(resourceType, file, count));
      }
      if (since.isPresent()) {
        String deletedFile = folder + resourceType + ".deleted.ndjson";
        long deleted =
            write(
                ofType.where(col("deleted").equalTo(true)),
                deletedFile,
                row -> deletion(resourceType, row.getAs("id")));
        deletedCounts.put(resourceType, deleted);
        if (deleted > 0) {
          deletedOutputs.add(entry("Bundle", deletedFile, deleted));
        }
      }
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("transactionTime", transactionTime.toString());
    manifest.put("request", request(since, types));
    manifest.put("requiresAccessToken", false);
    manifest.put("output", outputs);
    manifest.put("deleted", deletedOutputs);
    manifest.put("error", List.of());
    String manifestFile = folder + "manifest.json";
    try {
      files.writeAtomically(manifestFile, JSON.writeValueAsString(manifest) + "\n");
    } catch (IOException e) {
      throw Errors.fileFailed("write", manifestFile, e);
    }
    return new Result(transactionTime, counts, deletedCounts, manifestFile);
  }

  private long write(
      Dataset<Row> rows, String file, java.util.function.Function<Row, String> line) {
    long count = 0;
    Iterator<Row> iterator = rows.toLocalIterator();
    if (!iterator.hasNext()) {
      if (files.exists(file)) {
        files.delete(file);
      }
      return 0;
    }
    if (files.exists(file)) {
      files.delete(file);
    }
    try (Writer writer =
        new BufferedWriter(
            new OutputStreamWriter(files.createNew(file), StandardCharsets.UTF_8), 1 << 16)) {
      while (iterator.hasNext()) {
        writer.write(line.apply(iterator.next()));
        writer.write('\n');
        count++;
      }
    } catch (IOException e) {
      throw Errors.fileFailed("write", file, e);
    }
    return count;
  }

  private static String deletion(String resourceType, String id) {
    return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"request\":"
        + "{\"method\":\"DELETE\",\"url\":\""
        + resourceType
        + "/"
        + id
        + "\"}}]}";
  }

  /**
   * The resource types of the types asked for, each once, in their order. Two types of one resource
   * type (laboratory results and other observations, both Observation) share one file: the Bulk
   * Data specification groups output by resource type, and a client asking for {@code
   * _type=Observation} expects every Observation, whichever silver table it came from.
   */
  private static List<String> resourceTypes(List<FhirType> types) {
    return types.stream().map(FhirType::resourceType).distinct().toList();
  }

  private static Map<String, Object> entry(String type, String url, long count) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("type", type);
    entry.put("url", url);
    entry.put("count", count);
    return entry;
  }

  private static String request(Optional<Instant> since, List<FhirType> types) {
    StringBuilder request =
        new StringBuilder(FhirExportUrls.BASE)
            .append("$export?_type=")
            .append(String.join(",", resourceTypes(types)));
    since.ifPresent(time -> request.append("&_since=").append(time));
    return request.toString();
  }
}
