package org.carelake.lake.quality;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.RunStatus;
import org.carelake.lake.run.StepRecord;
import org.carelake.lake.silver.SilverEntity;
import org.carelake.lake.silver.ValidationRule;

/**
 * The data-quality report of one run: row counts per table and layer, failures per rule with their
 * rates, the reconciliation, the quarantine backlog, and the trend against earlier runs.
 *
 * <p>It holds counts, rule ids and rule descriptions only, never a value of a record: the report is
 * meant to be shared with people who may not see patient data.
 *
 * @param runId the run
 * @param command what started the run
 * @param status the run's state when the report was made
 * @param startedAt when the run started, ISO-8601 UTC
 * @param generatedAt when the report was made, ISO-8601 UTC
 * @param tables counts per table, in pipeline order
 * @param rules failures per rule, most frequent first
 * @param reconciliation whether the counts of the run reconcile
 * @param backlog the lake's quarantine, all runs
 * @param fhir the FHIR layer's part of the run: resources per type and validation findings
 * @param summary the run's totals, which later reports read for their trend
 * @param trend the totals of earlier runs, oldest first, then this run's
 */
public record QualityReport(
    String runId,
    String command,
    String status,
    String startedAt,
    String generatedAt,
    List<TableCounts> tables,
    List<RuleFailures> rules,
    Reconciliation reconciliation,
    Backlog backlog,
    Fhir fhir,
    Summary summary,
    List<Summary> trend) {

  /**
   * One table's rows through the layers in this run.
   *
   * @param table the source table, such as {@code diagnoses}
   * @param source rows extracted from the source (the raw zone)
   * @param bronze rows appended to bronze: extracted rows plus tombstones
   * @param received bronze rows the silver step read; null for tables without a silver entity
   * @param upserted rows merged into silver
   * @param quarantined rows sent to quarantine
   * @param duplicates rows folded into another version of the same key
   * @param tombstones deletions applied
   * @param warned rows kept but flagged by a warning rule
   * @param reconciled whether source + tombstones = bronze and bronze = received = upserted +
   *     quarantined + duplicates + tombstones
   */
  public record TableCounts(
      String table,
      long source,
      long bronze,
      Long received,
      Long upserted,
      Long quarantined,
      Long duplicates,
      Long tombstones,
      Long warned,
      boolean reconciled) {}

  /**
   * How often one rule failed in this run.
   *
   * @param ruleId the rule's id, such as {@code DX-103}
   * @param table the table it checks
   * @param severity {@code error} (quarantine) or {@code warning} (kept, flagged)
   * @param description what the rule checks; empty for rules of other paths (HL7)
   * @param failures rows that failed it
   * @param rate failures per row the table received in this run, 0 to 1
   * @param previous failures in the previous report, or null when there is none
   */
  public record RuleFailures(
      String ruleId,
      String table,
      String severity,
      String description,
      long failures,
      double rate,
      Long previous) {}

  /**
   * The reconciliation of the run.
   *
   * @param outcome {@code reconciled}, {@code failed}, or {@code not checked} (the step did not
   *     run)
   * @param problems per table, the counts that do not add up
   */
  public record Reconciliation(String outcome, List<String> problems) {}

  /**
   * The lake's quarantine, all runs.
   *
   * @param quarantined rows ever quarantined
   * @param released of those, rows a replay let into silver since
   * @param fixedLater of those, rows whose key a later run let into silver (the source fixed the
   *     record)
   * @param openKeys the records still in quarantine: distinct source table and business key of the
   *     rows neither released nor fixed later
   */
  public record Backlog(long quarantined, long released, long fixedLater, long openKeys) {
    /** Records still in quarantine (distinct table and key). */
    public long open() {
      return openKeys;
    }
  }

  /**
   * What the run's FHIR steps did, and what the HAPI validator found in the resources they wrote.
   *
   * @param types per resource type, in pipeline order; empty when the run had no FHIR step
   * @param findings the validation findings of the run, grouped and most frequent first (see {@link
   *     FindingGroup})
   */
  public record Fhir(List<FhirCounts> types, List<FindingGroup> findings) {
    /** No FHIR step ran. */
    public static final Fhir NONE = new Fhir(List.of(), List.of());

    /** Resources validated, all types. */
    public long validated() {
      return types.stream().mapToLong(FhirCounts::validated).sum();
    }

    /** Findings of error severity, all types. */
    public long errors() {
      return types.stream().mapToLong(FhirCounts::errors).sum();
    }

    /** Findings of warning severity, all types. */
    public long warnings() {
      return types.stream().mapToLong(FhirCounts::warnings).sum();
    }
  }

  /**
   * One resource type's FHIR step.
   *
   * @param resourceType such as {@code Observation}
   * @param mapped silver rows mapped (the changed ones; all in a full run)
   * @param written resources inserted or given a new version
   * @param deleted resources marked deleted
   * @param validated resources validated (all written, or the configured sample)
   * @param errors findings of error severity
   * @param warnings findings of warning severity
   */
  public record FhirCounts(
      String resourceType,
      long mapped,
      long written,
      long deleted,
      long validated,
      long errors,
      long warnings) {}

  /**
   * Validation findings that say the same thing at the same place, counted. The location has its
   * repetition indexes removed ({@code Patient.telecom[1].value} is {@code Patient.telecom.value})
   * and the message has every quoted value (single or double quotes) masked as {@code '…'}, so a
   * finding never carries a value of a record.
   *
   * @param resourceType the resource type
   * @param severity {@code error} or {@code warning}
   * @param location the FHIRPath location, indexes removed
   * @param message the validator's message, quoted values masked
   * @param count how many findings
   */
  public record FindingGroup(
      String resourceType, String severity, String location, String message, long count) {}

  /**
   * A run's totals, for trends.
   *
   * @param runId the run
   * @param received rows the silver steps read
   * @param quarantined rows sent to quarantine
   * @param warned rows flagged by a warning rule
   * @param failuresByRule failures per rule id
   * @param fhirValidated FHIR resources validated (0 in reports made before FHIR was counted)
   * @param fhirErrors FHIR validation findings of error severity
   */
  public record Summary(
      String runId,
      long received,
      long quarantined,
      long warned,
      Map<String, Long> failuresByRule,
      long fhirValidated,
      long fhirErrors) {

    /** Quarantined rows per row received, 0 to 1. */
    public double quarantineRate() {
      return received == 0 ? 0 : (double) quarantined / received;
    }

    /** Flagged rows per row received, 0 to 1. */
    public double warningRate() {
      return received == 0 ? 0 : (double) warned / received;
    }
  }

  /**
   * A count of failures of one rule on one table.
   *
   * @param table the source table's short name, such as {@code diagnoses}
   * @param ruleId the rule id
   * @param failures how many rows failed it
   */
  record Failure(String table, String ruleId, long failures) {}

  /**
   * Builds a report from what a run recorded and what its rows failed. Pure: no IO.
   *
   * @param run the run, with its steps and counts
   * @param entities the silver entities, for their rules and source tables
   * @param failures failures per table and rule in this run (quarantine rows and silver warnings)
   * @param backlog the quarantine backlog
   * @param fhirFindings the run's FHIR validation findings, grouped ({@link FindingGroup})
   * @param earlier summaries of earlier reports, oldest first
   * @param generatedAt the time of the report, ISO-8601 UTC
   * @return the report
   */
  static QualityReport of(
      RunRecord run,
      List<SilverEntity> entities,
      List<Failure> failures,
      Backlog backlog,
      List<FindingGroup> fhirFindings,
      List<Summary> earlier,
      String generatedAt) {
    Map<String, ValidationRule> rules = new LinkedHashMap<>();
    Map<String, String> tableOfEntity = new LinkedHashMap<>();
    for (SilverEntity entity : entities) {
      entity.rules().forEach(rule -> rules.put(rule.id(), rule));
      tableOfEntity.put(entity.name(), shortName(entity.sourceTable()));
    }
    List<TableCounts> tables = tables(run, entities);
    Map<String, Long> receivedByTable = new LinkedHashMap<>();
    for (TableCounts table : tables) {
      receivedByTable.put(
          table.table(), table.received() == null ? table.bronze() : table.received());
    }
    Optional<Summary> previous =
        earlier.isEmpty() ? Optional.empty() : Optional.of(earlier.get(earlier.size() - 1));
    List<RuleFailures> ruleFailures = new ArrayList<>();
    Map<String, Long> failuresByRule = new LinkedHashMap<>();
    for (Failure failure : failures) {
      ValidationRule rule = rules.get(failure.ruleId());
      long received = receivedByTable.getOrDefault(failure.table(), 0L);
      ruleFailures.add(
          new RuleFailures(
              failure.ruleId(),
              failure.table(),
              rule == null ? "error" : rule.severity().name().toLowerCase(java.util.Locale.ROOT),
              rule == null ? "" : rule.description(),
              failure.failures(),
              received == 0 ? 0 : (double) failure.failures() / received,
              previous
                  .map(summary -> summary.failuresByRule().getOrDefault(failure.ruleId(), 0L))
                  .orElse(null)));
      failuresByRule.merge(failure.ruleId(), failure.failures(), Long::sum);
    }
    ruleFailures.sort(
        java.util.Comparator.comparingLong(RuleFailures::failures)
            .reversed()
            .thenComparing(RuleFailures::ruleId));
    long received = 0;
    long quarantined = 0;
    long warned = 0;
    for (TableCounts table : tables) {
      received += table.received() == null ? 0 : table.received();
      quarantined += table.quarantined() == null ? 0 : table.quarantined();
      warned += table.warned() == null ? 0 : table.warned();
    }
    Fhir fhir = new Fhir(fhirCounts(run), fhirFindings);
    Summary summary =
        new Summary(
            run.id(),
            received,
            quarantined,
            warned,
            failuresByRule,
            fhir.validated(),
            fhir.errors());
    List<Summary> trend = new ArrayList<>(earlier);
    trend.add(summary);
    return new QualityReport(
        run.id(),
        run.command(),
        run.status().name().toLowerCase(java.util.Locale.ROOT),
        run.startedAt(),
        generatedAt,
        tables,
        ruleFailures,
        reconciliation(run, tables),
        backlog,
        fhir,
        summary,
        trend);
  }

  private static List<TableCounts> tables(RunRecord run, List<SilverEntity> entities) {
    Map<String, SilverEntity> entityOfTable = new LinkedHashMap<>();
    entities.forEach(entity -> entityOfTable.put(shortName(entity.sourceTable()), entity));
    List<TableCounts> tables = new ArrayList<>();
    for (StepRecord step : run.steps()) {
      if (!step.name().startsWith("bronze:")) {
        continue;
      }
      String table = step.name().substring("bronze:".length());
      long source = run.step("extract:" + table).map(s -> s.count("rows")).orElse(0L);
      long bronze = step.count("rows");
      long tombstonesReceived = step.count("tombstones");
      boolean bronzeReconciled =
          !run.step("extract:" + table).isPresent() || source + tombstonesReceived == bronze;
      SilverEntity entity = entityOfTable.get(table);
      Optional<StepRecord> silver =
          entity == null ? Optional.empty() : run.step("silver:" + entity.name());
      if (silver.isEmpty()) {
        tables.add(
            new TableCounts(
                table, source, bronze, null, null, null, null, null, null, bronzeReconciled));
        continue;
      }
      StepRecord counts = silver.get();
      long received = counts.count("received");
      long accounted =
          counts.count("upserted")
              + counts.count("quarantined")
              + counts.count("duplicates")
              + counts.count("tombstones");
      tables.add(
          new TableCounts(
              table,
              source,
              bronze,
              received,
              counts.count("upserted"),
              counts.count("quarantined"),
              counts.count("duplicates"),
              counts.count("tombstones"),
              counts.count("warnings"),
              bronzeReconciled && bronze == received && received == accounted));
    }
    return tables;
  }

  private static List<FhirCounts> fhirCounts(RunRecord run) {
    List<FhirCounts> counts = new ArrayList<>();
    for (StepRecord step : run.steps()) {
      if (step.name().startsWith("fhir:")) {
        counts.add(
            new FhirCounts(
                step.name().substring("fhir:".length()),
                step.count("mapped"),
                step.count("written"),
                step.count("deleted"),
                step.count("validated"),
                step.count("errors"),
                step.count("warnings")));
      }
    }
    return counts;
  }

  private static Reconciliation reconciliation(RunRecord run, List<TableCounts> tables) {
    List<String> problems = new ArrayList<>();
    for (TableCounts table : tables) {
      if (!table.reconciled()) {
        problems.add(
            table.table()
                + ": source "
                + table.source()
                + ", bronze "
                + table.bronze()
                + (table.received() == null
                    ? ""
                    : ", silver received "
                        + table.received()
                        + " = upserted "
                        + table.upserted()
                        + " + quarantined "
                        + table.quarantined()
                        + " + duplicates "
                        + table.duplicates()
                        + " + tombstones "
                        + table.tombstones()));
      }
    }
    Optional<StepRecord> step = run.step("reconcile");
    String outcome;
    if (step.isEmpty() || step.get().status() == RunStatus.RUNNING) {
      outcome = problems.isEmpty() ? "not checked" : "failed";
    } else if (step.get().status() == RunStatus.SUCCEEDED && problems.isEmpty()) {
      outcome = "reconciled";
    } else {
      outcome = "failed";
    }
    return new Reconciliation(outcome, problems);
  }

  /** {@code ehr.diagnoses} gives {@code diagnoses}. */
  static String shortName(String sourceTable) {
    return sourceTable.substring(sourceTable.indexOf('.') + 1);
  }
}
