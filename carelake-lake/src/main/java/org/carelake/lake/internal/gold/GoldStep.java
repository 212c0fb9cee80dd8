package org.carelake.lake.internal.gold;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.carelake.config.ConfigKeys;
import org.carelake.lake.Lake;
import org.carelake.lake.gold.GoldMart;
import org.carelake.lake.internal.DeltaState;
import org.carelake.lake.pipeline.Counts;
import org.carelake.lake.pipeline.RunContext;
import org.carelake.lake.pipeline.Step;
import org.carelake.lake.pipeline.StepName;
import org.carelake.lake.pipeline.StepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Rebuilds one gold mart from silver, unless its silver inputs are the versions it was last built
 * from (a run that changed nothing in them); a full run always rebuilds.
 *
 * <p>A mart declared incremental ({@link GoldMart#incremental()}) rebuilds only the months whose
 * driving silver rows changed since its last build, read from the silver tables' change data feed,
 * and replaces just those months ({@code replaceWhere}) in one Delta commit: months that lost all
 * their rows disappear, the other months' rows are not rewritten. It is rebuilt whole instead on a
 * full run ({@code carelake run --full}), on its first build, and when it cannot tell which months
 * changed: another input changed (a dimension such as facilities, the statement, the pseudonym
 * secret), a driving table was replaced, or its change feed no longer covers the versions since the
 * last build (vacuumed, or written with the feed off). Any other mart is replaced whole in one
 * Delta commit.
 */
public final class GoldStep implements Step {
  private static final Logger LOG = LoggerFactory.getLogger(GoldStep.class);

  /**
   * A mart after the step.
   *
   * @param rows the mart's rows
   * @param unchanged whether it was left as it was, its inputs unchanged
   * @param monthsRebuilt when it was rebuilt by month, how many months; empty when rebuilt whole or
   *     left unchanged
   */
  public record Result(long rows, boolean unchanged, OptionalInt monthsRebuilt)
      implements StepResult {
    /** A mart left unchanged, or rebuilt whole. */
    public Result(long rows, boolean unchanged) {
      this(rows, unchanged, OptionalInt.empty());
    }

    @Override
    public Map<String, Long> counts() {
      return Counts.of(
          "rows",
          rows,
          "unchanged",
          unchanged ? 1 : 0,
          "incremental",
          monthsRebuilt.isPresent() ? 1 : 0,
          "months_rebuilt",
          monthsRebuilt.orElse(0));
    }

    @Override
    public String summary() {
      String rebuilt =
          unchanged
              ? " (silver unchanged: not rebuilt)"
              : monthsRebuilt.isPresent()
                  ? " (rebuilt incremental (" + monthsRebuilt.getAsInt() + " months))"
                  : " (rebuilt full)";
      return Counts.format(rows) + " rows" + rebuilt;
    }
  }

  private final Lake lake;
  private final GoldMart mart;

  /**
   * The step of a mart.
   *
   * @param lake the lake
   * @param mart the mart
   */
  public GoldStep(Lake lake, GoldMart mart) {
    this.lake = lake;
    this.mart = mart;
  }

  @Override
  public StepName name() {
    return StepName.of("gold", mart.name());
  }

  /**
   * The run's reconciliation; for a mart that reads the quarantine or the quality reports, also the
   * run's quality step, so that the mart counts this run.
   */
  @Override
  public List<StepName> dependsOn() {
    return mart.lakeViews().isEmpty()
        ? List.of(StepName.of("reconcile"))
        : List.of(StepName.of("reconcile"), StepName.of("quality"));
  }

  @Override
  public String description() {
    return "rebuild gold/" + mart.name() + " from silver: " + mart.description();
  }

  @Override
  public Result run(RunContext context) {
    SparkSession spark = lake.spark();
    String path = lake.paths().gold(mart.name());
    GoldStage stage =
        new GoldStage(
            spark, lake.paths(), lake.files(), lake.config().get(ConfigKeys.SOURCE_TIME_ZONE));
    Map<String, String> inputs = stage.inputs(mart);
    if (mart.pseudonymous()) {
      // Another secret gives other keys: the mart is rebuilt, though silver did not change.
      Pseudonyms pseudonyms = Pseudonyms.of(lake);
      pseudonyms.register(spark);
      inputs.put("pseudonym-secret", pseudonyms.fingerprint());
    }
    Optional<Map<String, String>> builtFrom =
        context.full() ? Optional.empty() : stage.builtFrom(mart, lake.files());
    if (builtFrom.map(inputs::equals).orElse(false)) {
      return new Result(count(path), true);
    }
    Optional<Set<LocalDate>> months =
        builtFrom.flatMap(built -> changedMonths(stage, built, inputs));
    if (months.isPresent()) {
      String monthColumn = mart.incremental().orElseThrow().monthColumn();
      if (!months.get().isEmpty()) {
        stage
            .apply(mart, months.get())
            .write()
            .format("delta")
            .mode("overwrite")
            .option("replaceWhere", monthColumn + " IN (" + dates(months.get()) + ")")
            .save(path);
      }
      LOG.info("event=gold_incremental mart={} months={}", mart.name(), months.get().size());
    } else {
      // A mart rebuilt by month is partitioned by it, so that replacing a month replaces its
      // files and leaves the other months' files as they are.
      DataFrameWriter<Row> writer =
          stage
              .apply(mart)
              .write()
              .format("delta")
              .mode("overwrite")
              .option("overwriteSchema", "true");
      if (mart.incremental().isPresent()) {
        writer = writer.partitionBy(mart.incremental().get().monthColumn());
      }
      writer.save(path);
      LOG.info("event=gold_full mart={}", mart.name());
    }
    stage.recordBuiltFrom(mart, inputs, lake.files());
    return new Result(
        count(path),
        false,
        months.map(set -> OptionalInt.of(set.size())).orElse(OptionalInt.empty()));
  }

  private long count(String path) {
    return lake.spark().read().format("delta").load(path).count();
  }

  /**
   * The months to rebuild of a mart declared incremental, from the changes of its driving silver
   * tables since the versions it was built from.
   *
   * @return them (none when only rows of no month changed), or empty when the mart must be rebuilt
   *     whole: it is not incremental, another input changed, a driving table was replaced or its
   *     change feed does not cover the versions
   */
  private Optional<Set<LocalDate>> changedMonths(
      GoldStage stage, Map<String, String> built, Map<String, String> inputs) {
    if (mart.incremental().isEmpty()) {
      return Optional.empty();
    }
    String monthColumn = mart.incremental().get().monthColumn();
    List<String> partitions =
        CollectionConverters.asJava(
            DeltaLog.forTable(lake.spark(), lake.paths().gold(mart.name()))
                .update(false, Option.empty(), Option.empty())
                .metadata()
                .partitionColumns());
    if (!partitions.equals(List.of(monthColumn))) {
      return full("gold_not_partitioned_by_month", monthColumn);
    }
    Map<String, String> drivers = mart.incremental().get().drivers();
    Set<String> names = new TreeSet<>(built.keySet());
    names.addAll(inputs.keySet());
    for (String input : names) {
      if (!drivers.containsKey(input) && !Objects.equals(built.get(input), inputs.get(input))) {
        return full("input_changed", input);
      }
    }
    Set<LocalDate> months = new TreeSet<>();
    for (String entity : drivers.keySet()) {
      String before = built.get(entity);
      String now = inputs.get(entity);
      if (before == null || now == null) {
        return full("input_changed", entity);
      }
      if (before.equals(now)) {
        continue;
      }
      int at = before.lastIndexOf('@');
      if (at < 0 || !now.startsWith(before.substring(0, at + 1))) {
        return full("silver_replaced", entity);
      }
      long from = Long.parseLong(before.substring(at + 1)) + 1;
      long to = Long.parseLong(now.substring(at + 1));
      if (from > to || !DeltaState.of(lake.spark(), lake.paths().silver(entity)).changeDataFeed()) {
        return full("change_feed_missing", entity);
      }
      Optional<Set<LocalDate>> changed = stage.changedMonths(mart, entity, from, to);
      if (changed.isEmpty()) {
        return full("change_feed_missing", entity);
      }
      months.addAll(changed.get());
    }
    return Optional.of(months);
  }

  private Optional<Set<LocalDate>> full(String reason, String input) {
    LOG.info("event=gold_full_rebuild mart={} reason={} input={}", mart.name(), reason, input);
    return Optional.empty();
  }

  private static String dates(Set<LocalDate> months) {
    return months.stream().map(month -> "DATE '" + month + "'").collect(Collectors.joining(", "));
  }

  /**
   * The versions of the silver tables a mart's gold table was last built from, as the gold step
   * recorded them ({@code <table id>@<version>} per silver entity).
   *
   * @return them, or an empty map when gold has not been built or its record is missing
   */
  public static Map<String, String> builtFrom(Lake lake, GoldMart mart) {
    return new GoldStage(lake.spark(), lake.paths(), lake.files())
        .builtFrom(mart, lake.files())
        .orElse(Map.of());
  }
}
