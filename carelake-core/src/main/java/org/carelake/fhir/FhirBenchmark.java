package org.carelake.fhir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carelake.bench.BenchmarkReport;
import org.carelake.bench.BenchmarkReport.Scenario;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The FHIR benchmark ({@code carelake bench fhir}): mapping plus serialization, and validation, on
 * realistic records of every resource type (one chart: patient, encounters, diagnoses, a
 * prescription, lab results, an appointment; plus the providers they reference).
 *
 * <ul>
 *   <li>{@code map-serialize}: carelake's mapping of the records plus JSON serialization. Its floor
 *       is HAPI's bare serialization of the same resources, already built, measured in the same
 *       run. {@code ratio} is seconds / floor seconds; the metric {@code rate_ratio} is its
 *       inverse, carelake's rate as a fraction of the floor's (goal: at least 0.5).
 *   <li>{@code validate}: the HAPI validator on the resources' JSON in Bundles of {@link
 *       FhirValidation#BATCH_SIZE}, against one call per resource on a subset; the validator's
 *       build time is reported too.
 * </ul>
 *
 * Each timed pass runs after a warm-up pass, and the best of three passes is reported.
 */
public final class FhirBenchmark {
  private static final int ONE_BY_ONE_LIMIT = 300;

  private FhirBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param resources how many resources to map, serialize and validate
   * @return the report
   */
  public static BenchmarkReport run(int resources) {
    List<Record> records = new SampleRecords(42).records(resources);
    List<FhirType> types = records.stream().map(r -> FhirType.ofRecord(r).orElseThrow()).toList();
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("resources", resources);
    parameters.put("resource_types", FhirType.resourceTypes().size());
    BenchmarkReport report = BenchmarkReport.start("fhir", parameters);

    List<IBaseResource> built = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      built.add(types.get(i).map(records.get(i)));
    }
    // Summing the lengths keeps the JIT from dropping the serialization as unused.
    long sink = 0;
    double mapSeconds = Double.MAX_VALUE;
    double floorSeconds = Double.MAX_VALUE;
    for (int pass = 0; pass < 4; pass++) {
      long started = System.nanoTime();
      for (int i = 0; i < records.size(); i++) {
        sink += types.get(i).toJson(records.get(i)).json().length();
      }
      double mapped = (System.nanoTime() - started) / 1e9;
      started = System.nanoTime();
      for (IBaseResource resource : built) {
        sink += FhirJson.serialize(resource).length();
      }
      double floor = (System.nanoTime() - started) / 1e9;
      if (pass > 0) {
        mapSeconds = Math.min(mapSeconds, mapped);
        floorSeconds = Math.min(floorSeconds, floor);
      }
    }
    report =
        report.with(
            Scenario.withFloor("map-serialize", mapSeconds, floorSeconds)
                .withMetric("resources_per_second", Math.round(resources / mapSeconds))
                .withMetric("floor_resources_per_second", Math.round(resources / floorSeconds))
                .withMetric("rate_ratio", round(floorSeconds / mapSeconds))
                .withMetric("goal_rate_ratio", 0.5)
                .withMetric("json_characters", sink / 8));

    long buildStarted = System.nanoTime();
    FhirValidation validation = FhirValidation.get();
    double buildWaited = (System.nanoTime() - buildStarted) / 1e9;
    List<MappedResource> mapped = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      mapped.add(types.get(i).toJson(records.get(i)));
    }
    validation.validate(mapped.subList(0, Math.min(mapped.size(), 2 * FhirValidation.BATCH_SIZE)));
    long started = System.nanoTime();
    long errors = validation.validate(mapped).stream().filter(ValidationFinding::isError).count();
    double batchSeconds = (System.nanoTime() - started) / 1e9;
    List<MappedResource> subset = mapped.subList(0, Math.min(mapped.size(), ONE_BY_ONE_LIMIT));
    started = System.nanoTime();
    for (MappedResource resource : subset) {
      validation.validateOne(resource);
    }
    double oneSeconds = (System.nanoTime() - started) / 1e9;
    double batchRate = resources / batchSeconds;
    double oneRate = subset.size() / oneSeconds;
    return report.with(
        Scenario.alone("validate", batchSeconds)
            .withMetric("resources_per_second", Math.round(batchRate))
            .withMetric("batch_size", FhirValidation.BATCH_SIZE)
            .withMetric("one_by_one_resources_per_second", Math.round(oneRate))
            .withMetric("one_by_one_resources", subset.size())
            .withMetric("batch_speedup", round(batchRate / oneRate))
            .withMetric("validator_build_seconds", round(validation.buildSeconds()))
            .withMetric("validator_first_use_seconds", round(buildWaited))
            .withMetric("errors", errors));
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
