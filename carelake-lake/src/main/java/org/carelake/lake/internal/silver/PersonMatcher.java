package org.carelake.lake.internal.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.carelake.core.Resources;

/**
 * Person matching: which patient registrations (one per MRN) are the same person.
 *
 * <p>Input: silver patients. Output: {@code patient_id, person_id} for every patient, where {@code
 * person_id} is the smallest patient id of its cluster. Pairs come from the deterministic rules of
 * {@code sql/silver/person_match_pairs.sql} (a self-join blocked on birth date); clusters are the
 * connected components of the pairs, found on the driver (the pairs are few: one per duplicate
 * registration). Side effect: registers the temporary view {@code silver_patients}.
 */
final class PersonMatcher {
  private static final StructType PERSONS =
      new StructType()
          .add("_matched_patient_id", DataTypes.LongType)
          .add("_matched_person_id", DataTypes.LongType);

  private final SparkSession spark;

  /** A matcher using the given session. */
  public PersonMatcher(SparkSession spark) {
    this.spark = spark;
  }

  /** The pairs the rules match, smaller id first. */
  public List<long[]> pairs(Dataset<Row> patients) {
    patients.createOrReplaceTempView("silver_patients");
    List<long[]> pairs = new ArrayList<>();
    for (Row row : spark.sql(sql()).collectAsList()) {
      pairs.add(new long[] {row.getLong(0), row.getLong(1)});
    }
    return pairs;
  }

  /** Every patient with its person id. */
  public Dataset<Row> persons(Dataset<Row> patients) {
    Map<Long, Long> parent = new HashMap<>();
    for (long[] pair : pairs(patients)) {
      union(parent, pair[0], pair[1]);
    }
    List<Row> mapped = new ArrayList<>();
    for (Long id : parent.keySet()) {
      mapped.add(RowFactory.create(id, root(parent, id)));
    }
    Dataset<Row> clusters = spark.createDataFrame(mapped, PERSONS);
    return patients
        .select(col("patient_id"))
        .join(clusters, col("patient_id").equalTo(col("_matched_patient_id")), "left")
        .select(
            col("patient_id"),
            coalesce(col("_matched_person_id"), col("patient_id")).as("person_id"));
  }

  private static void union(Map<Long, Long> parent, long a, long b) {
    long rootA = root(parent, a);
    long rootB = root(parent, b);
    // The smaller id becomes the root, so a cluster's root is its smallest patient id.
    if (rootA < rootB) {
      parent.put(rootB, rootA);
    } else if (rootB < rootA) {
      parent.put(rootA, rootB);
    }
  }

  private static long root(Map<Long, Long> parent, long id) {
    parent.putIfAbsent(id, id);
    long root = id;
    while (parent.get(root) != root) {
      root = parent.get(root);
    }
    long node = id;
    while (node != root) {
      long next = parent.get(node);
      parent.put(node, root);
      node = next;
    }
    return root;
  }

  private static String sql() {
    String resource = "sql/silver/person_match_pairs.sql";
    return Resources.text(resource);
  }
}
