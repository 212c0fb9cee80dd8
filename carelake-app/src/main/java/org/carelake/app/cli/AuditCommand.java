package org.carelake.app.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.carelake.app.CarelakeCli;
import org.carelake.config.CarelakeConfig;
import org.carelake.lake.Lake;
import org.carelake.lake.audit.AuditAction;
import org.carelake.lake.audit.AuditBreak;
import org.carelake.lake.audit.AuditEntry;
import org.carelake.lake.audit.AuditTrail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carelake audit}: the lake's audit trail. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "List the lake's audit trail, newest first: who ran the pipeline, exported data or listed"
          + " quarantined records, when, from which host, and how it ended.",
      "",
      "Entries are append-only files under _carelake/audit/, each chained to the one before by a"
          + " SHA-256 hash; --verify checks the chain and names the first entry that was changed,"
          + " removed or moved. Entries hold no patient data."
    })
public final class AuditCommand implements Callable<Integer> {
  @Mixin private ConfigOptions configOptions;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description = "Only entries at or after this time (ISO-8601, e.g. 2026-01-31T00:00:00Z).")
  private String since;

  @Option(
      names = "--action",
      paramLabel = "ACTION",
      description =
          "Only entries of this action: run, export, quarantine-records, erasure, sign-in,"
              + " page-view.")
  private String action;

  @Option(
      names = "--limit",
      defaultValue = "50",
      paramLabel = "N",
      description = "At most N entries (default: ${DEFAULT-VALUE}).")
  private int limit;

  @Option(
      names = "--verify",
      description = "Check the hash chain instead of listing; exit 1 at the first broken entry.")
  private boolean verify;

  @Override
  public Integer call() {
    CarelakeConfig config = configOptions.load();
    Optional<AuditAction> wanted = Optional.empty();
    if (action != null) {
      wanted = AuditAction.ofCode(action.strip());
      if (wanted.isEmpty()) {
        System.err.println(
            "carelake: unknown audit action '"
                + action
                + "'; use one of run, export, quarantine-records, erasure, sign-in, page-view.");
        return CarelakeCli.EXIT_USAGE;
      }
    }
    Optional<Instant> from = Optional.empty();
    if (since != null) {
      try {
        from = Optional.of(Instant.parse(since.strip()));
      } catch (DateTimeParseException e) {
        System.err.println(
            "carelake: --since '"
                + since
                + "' is not an ISO-8601 instant; write it as 2026-01-31T00:00:00Z.");
        return CarelakeCli.EXIT_USAGE;
      }
    }
    AuditTrail trail = Lake.open(config).audit();
    if (verify) {
      Optional<AuditBreak> broken = trail.verify();
      if (broken.isPresent()) {
        System.out.println(
            "audit trail BROKEN at entry "
                + broken.get().sequence()
                + " ("
                + broken.get().file()
                + "): "
                + broken.get().reason()
                + ".");
        return CarelakeCli.EXIT_FAILED;
      }
      System.out.println("audit trail intact: " + trail.size() + " entries chained.");
      return 0;
    }
    List<AuditEntry> entries = trail.list(from, wanted, limit);
    if (entries.isEmpty()) {
      System.out.println("No audit entries match.");
      return 0;
    }
    for (AuditEntry entry : entries) {
      System.out.printf(
          Locale.ROOT,
          "%6d  %s  %-18s %-9s %s@%s%s  %s%n",
          entry.sequence(),
          entry.at(),
          entry.action().code(),
          entry.outcome().code(),
          entry.actor().principal(),
          entry.actor().host(),
          entry.actor().client().map(client -> " from " + client).orElse(""),
          entry.target());
    }
    if (entries.size() == limit) {
      System.out.println("(newest " + limit + " entries; --limit shows more)");
    }
    return 0;
  }
}
