package org.carelake.app.cli;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.carelake.config.CarelakeConfig;
import org.carelake.lake.Lake;
import org.carelake.lake.LakePaths;
import org.carelake.lake.audit.AuditAction;
import org.carelake.lake.audit.AuditOutcome;
import org.carelake.lake.quarantine.QuarantineEntry;
import org.carelake.lake.quarantine.QuarantineFilter;
import org.carelake.lake.quarantine.QuarantineReplay;
import org.carelake.lake.quarantine.QuarantineSource;
import org.carelake.lake.run.LakeLock;
import org.carelake.lake.silver.EhrEntities;
import org.carelake.lake.terminology.CodeSets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carelake quarantine}: the rows silver rejected. */
@Command(
    name = "quarantine",
    mixinStandardHelpOptions = true,
    description = {
      "The rows silver rejected: every failed rule with its reason, the run and the source"
          + " position. The quarantine is append-only; a replay records what it released."
    },
    subcommands = {QuarantineCommand.ListRows.class, QuarantineCommand.Replay.class})
public final class QuarantineCommand implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code carelake quarantine list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List quarantined rows, newest first: rule ids, reasons, source position, run.",
        "",
        "The rows' values are patient data and are not shown unless --show-records is given."
      })
  static final class ListRows implements Callable<Integer> {
    @Mixin private ConfigOptions configOptions;

    @Option(names = "--rule", paramLabel = "RULE", description = "Only rows that failed this rule.")
    private String rule;

    @Option(
        names = "--table",
        paramLabel = "TABLE",
        description = "Only rows of this table (diagnoses, or ehr.diagnoses, hl7.messages).")
    private String table;

    @Option(names = "--run", paramLabel = "RUN-ID", description = "Only rows this run rejected.")
    private String run;

    @Option(
        names = "--limit",
        defaultValue = "20",
        paramLabel = "N",
        description = "At most N rows (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--all", description = "Include rows a replay released.")
    private boolean all;

    @Option(
        names = "--show-records",
        description =
            "Also print each row as received. It is patient data (PHI): only where you may see it,"
                + " never into tickets, chats or logs.")
    private boolean showRecords;

    @Override
    public Integer call() {
      CarelakeConfig config = configOptions.load();
      QuarantineFilter filter =
          new QuarantineFilter(
              Optional.ofNullable(rule),
              Optional.ofNullable(table),
              Optional.ofNullable(run),
              all ? QuarantineFilter.Scope.ALL : QuarantineFilter.Scope.OPEN,
              limit);
      Lake lake = Lake.open(config);
      QuarantineSource source = new QuarantineSource(lake.spark(), lake.paths());
      if (showRecords) {
        System.err.println(
            "WARNING: --show-records prints quarantined rows as received: patient data (PHI)."
                + " Do not copy it into tickets, chats or logs.");
      }
      List<QuarantineEntry> entries =
          showRecords ? source.listWithRecords(filter) : source.list(filter);
      if (showRecords) {
        // Who saw patient data is recorded; what they saw is not: the filter, never the values.
        lake.audit()
            .record(
                AuditAction.QUARANTINE_RECORDS,
                "quarantine list --show-records"
                    + (rule == null ? "" : " --rule " + rule)
                    + (table == null ? "" : " --table " + table)
                    + (run == null ? "" : " --run " + run)
                    + (all ? " --all" : "")
                    + " --limit "
                    + limit
                    + ": "
                    + entries.size()
                    + " records shown",
                AuditOutcome.SUCCEEDED);
      }
      if (entries.isEmpty()) {
        System.out.println(
            "No "
                + (all ? "" : "open ")
                + "quarantined rows match"
                + (all ? "." : "; --all includes rows a replay released."));
        return 0;
      }
      for (QuarantineEntry entry : entries) {
        System.out.printf(
            Locale.ROOT,
            "%s  run %s  %s  %s%n",
            entry.quarantinedAt() == null
                ? "-"
                : entry.quarantinedAt().substring(0, Math.min(19, entry.quarantinedAt().length())),
            entry.runId(),
            entry.sourcePosition(),
            entry.released() ? "released by " + entry.releasedBy() : "open");
        for (int i = 0; i < entry.ruleIds().size(); i++) {
          System.out.printf(
              Locale.ROOT,
              "    %-10s %s%n",
              entry.ruleIds().get(i),
              i < entry.reasons().size() ? entry.reasons().get(i) : "");
        }
        if (showRecords) {
          System.out.println("    record: " + entry.record());
        }
      }
      if (entries.size() == limit) {
        System.out.println("(first " + limit + " rows; --limit shows more)");
      }
      return 0;
    }
  }

  /** {@code carelake quarantine replay}. */
  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description = {
        "Re-process open quarantined rows after the source or a rule was fixed.",
        "",
        "Each quarantined key's current version is read from bronze (the corrected row a later run"
            + " extracted, or the quarantined row itself) and validated with today's rules. Rows"
            + " that pass are merged into silver and recorded as released in quarantine/releases;"
            + " the others stay open. Takes the lake's lock. The next run rebuilds gold from"
            + " silver."
      })
  static final class Replay implements Callable<Integer> {
    @Mixin private ConfigOptions configOptions;

    @Option(
        names = "--table",
        paramLabel = "TABLE",
        description = "Only this table (diagnoses or ehr.diagnoses). Default: every EHR table.")
    private String table;

    @Override
    public Integer call() {
      CarelakeConfig config = configOptions.load();
      Progress progress = Progress.toStandardOutput();
      Lake lake = Lake.open(config);
      SparkSession spark = lake.spark();
      LakePaths paths = lake.paths();
      try (LakeLock lock = lake.lock("carelake quarantine replay")) {
        CodeSets.register(spark, config);
        Progress.Step step = progress.start("replay the open quarantine");
        QuarantineReplay.Result result =
            new QuarantineReplay(spark, paths).replay(EhrEntities.ALL, Optional.ofNullable(table));
        step.done(result.replayId());
        long replayed = 0;
        long released = 0;
        for (QuarantineReplay.TableResult tableResult : result.tables()) {
          replayed += tableResult.replayed();
          released += tableResult.released();
          System.out.printf(
              Locale.ROOT,
              "  %-20s %8s replayed = %8s released + %8s still quarantined; %s versions merged"
                  + " into silver%n",
              tableResult.table(),
              Progress.count(tableResult.replayed()),
              Progress.count(tableResult.released()),
              Progress.count(tableResult.stillQuarantined()),
              Progress.count(tableResult.merged()));
        }
        if (result.notReplayed() > 0) {
          System.out.println(
              "  "
                  + Progress.count(result.notReplayed())
                  + " open rows of other sources (HL7 messages) are not replayed; re-send the"
                  + " corrected messages through the HL7 inbox.");
        }
        System.out.println(
            replayed == 0
                ? "Nothing to replay: no open quarantined rows"
                    + (table == null ? "." : " in " + table + ".")
                : Progress.count(released)
                    + " of "
                    + Progress.count(replayed)
                    + " rows released. Run 'carelake run' to rebuild gold with them.");
        return 0;
      }
    }
  }
}
