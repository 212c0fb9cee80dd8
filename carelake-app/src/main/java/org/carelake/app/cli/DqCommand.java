package org.carelake.app.cli;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.carelake.config.CarelakeConfig;
import org.carelake.lake.Lake;
import org.carelake.lake.quality.QualityReport;
import org.carelake.lake.quality.QualityReporting;
import org.carelake.lake.quality.QualityReports;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.silver.EhrEntities;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carelake dq}: data quality. */
@Command(
    name = "dq",
    mixinStandardHelpOptions = true,
    description = "Data-quality reports: every run writes one (counts, failures per rule, trend).",
    subcommands = {DqCommand.Report.class})
public final class DqCommand implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code carelake dq report}. */
  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = {
        "Print the summary of the latest data-quality report, or of one run's, and say where its"
            + " HTML page is.",
        "",
        "A run that has no report (it failed before its quality step, for example because its"
            + " counts did not reconcile) gets one made now; that needs a Spark session. Reports"
            + " hold counts and rule ids only, never patient data."
      })
  static final class Report implements Callable<Integer> {
    @Mixin private ConfigOptions configOptions;

    @Option(
        names = "--run",
        paramLabel = "RUN-ID",
        description = "The run, as 'carelake status' lists it. Default: the latest report.")
    private String runId;

    @Option(
        names = "--rules",
        defaultValue = "10",
        paramLabel = "N",
        description = "How many rules to list, most frequent first (default: ${DEFAULT-VALUE}).")
    private int rules;

    @Override
    public Integer call() {
      CarelakeConfig config = configOptions.load();
      Lake lake = Lake.open(config);
      QualityReports reports = new QualityReports(lake.files(), lake.paths());
      Optional<QualityReport> report =
          runId == null ? reports.latest() : reports.find(runId).or(() -> make(lake));
      if (report.isEmpty()) {
        System.err.println(
            runId == null
                ? "carelake: the lake at "
                    + config.lakeUri()
                    + " has no data-quality report yet; every 'carelake run' or 'carelake demo'"
                    + " writes one."
                : "carelake: no run '"
                    + runId
                    + "' in the lake at "
                    + config.lakeUri()
                    + "; 'carelake status' lists the runs there.");
        return 1;
      }
      print(report.get());
      System.out.println("page:   " + reports.html(report.get().runId()));
      System.out.println("latest: " + reports.latestHtml());
      return 0;
    }

    private Optional<QualityReport> make(Lake lake) {
      Optional<RunRecord> run = lake.history().find(runId);
      if (run.isEmpty()) {
        return Optional.empty();
      }
      System.out.println(
          "run " + runId + " has no report (it ended before its quality step); making it now.");
      return Optional.of(
          new QualityReporting(lake.spark(), lake.files(), lake.paths())
              .report(run.get(), EhrEntities.ALL));
    }

    private void print(QualityReport report) {
      QualityReport.Summary summary = report.summary();
      System.out.printf(
          Locale.ROOT,
          "data quality of run %s (%s, %s at report time)%n",
          report.runId(),
          report.command(),
          report.status());
      System.out.println("reconciliation: " + report.reconciliation().outcome());
      report.reconciliation().problems().forEach(problem -> System.out.println("  " + problem));
      System.out.printf(
          Locale.ROOT,
          "silver received %s rows: %s quarantined (%.2f%%), %s flagged by warnings (%.2f%%)%n",
          Progress.count(summary.received()),
          Progress.count(summary.quarantined()),
          summary.quarantineRate() * 100,
          Progress.count(summary.warned()),
          summary.warningRate() * 100);
      System.out.printf(
          Locale.ROOT,
          "  %-18s %9s %9s %9s %9s %11s %10s %10s %9s%n",
          "table",
          "source",
          "bronze",
          "received",
          "upserted",
          "quarantined",
          "duplicates",
          "tombstones",
          "flagged");
      for (QualityReport.TableCounts table : report.tables()) {
        System.out.printf(
            Locale.ROOT,
            "  %-18s %9s %9s %9s %9s %11s %10s %10s %9s%s%n",
            table.table(),
            Progress.count(table.source()),
            Progress.count(table.bronze()),
            orDash(table.received()),
            orDash(table.upserted()),
            orDash(table.quarantined()),
            orDash(table.duplicates()),
            orDash(table.tombstones()),
            orDash(table.warned()),
            table.reconciled() ? "" : "  DOES NOT RECONCILE");
      }
      if (report.rules().isEmpty()) {
        System.out.println("no row failed a rule");
      } else {
        System.out.println("failures per rule (most frequent first):");
        report.rules().stream()
            .limit(rules)
            .forEach(
                rule ->
                    System.out.printf(
                        Locale.ROOT,
                        "  %-12s %-7s %-14s %8s %7.2f%%  %-14s %s%n",
                        rule.ruleId(),
                        rule.severity(),
                        rule.table(),
                        Progress.count(rule.failures()),
                        rule.rate() * 100,
                        rule.previous() == null
                            ? ""
                            : "(before: " + Progress.count(rule.previous()) + ")",
                        rule.description()));
        if (report.rules().size() > rules) {
          System.out.println("  ... " + (report.rules().size() - rules) + " more on the page");
        }
      }
      QualityReport.Fhir fhir = report.fhir();
      if (fhir != null && !fhir.types().isEmpty()) {
        System.out.printf(
            Locale.ROOT,
            "FHIR: %s resources written, %s validated: %s errors, %s warnings%n",
            Progress.count(
                fhir.types().stream().mapToLong(QualityReport.FhirCounts::written).sum()),
            Progress.count(fhir.validated()),
            Progress.count(fhir.errors()),
            Progress.count(fhir.warnings()));
        fhir.findings().stream()
            .limit(rules)
            .forEach(
                group ->
                    System.out.printf(
                        Locale.ROOT,
                        "  %-7s %-18s %6s  %s: %s%n",
                        group.severity(),
                        group.resourceType(),
                        Progress.count(group.count()),
                        group.location(),
                        group.message()));
      }
      System.out.printf(
          Locale.ROOT,
          "quarantine backlog (all runs): %s open records (distinct table and key); of %s rows"
              + " quarantined, %s released by replays, %s fixed by a later run%n",
          Progress.count(report.backlog().open()),
          Progress.count(report.backlog().quarantined()),
          Progress.count(report.backlog().released()),
          Progress.count(report.backlog().fixedLater()));
      if (report.trend().size() > 1) {
        QualityReport.Summary before = report.trend().get(report.trend().size() - 2);
        System.out.printf(
            Locale.ROOT,
            "trend: quarantine rate %.2f%% (run %s: %.2f%%), warning rate %.2f%% (%.2f%%)%n",
            summary.quarantineRate() * 100,
            before.runId(),
            before.quarantineRate() * 100,
            summary.warningRate() * 100,
            before.warningRate() * 100);
      }
    }

    private static String orDash(Long value) {
      return value == null ? "-" : Progress.count(value);
    }
  }
}
