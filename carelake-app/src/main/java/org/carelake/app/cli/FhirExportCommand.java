package org.carelake.app.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.carelake.config.CarelakeConfig;
import org.carelake.core.Errors;
import org.carelake.fhir.FhirType;
import org.carelake.lake.Lake;
import org.carelake.lake.audit.AuditAction;
import org.carelake.lake.audit.AuditOutcome;
import org.carelake.lake.fhir.FhirExport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carelake fhir export}: FHIR Bulk Data NDJSON from the lake's FHIR layer. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export the FHIR layer as FHIR Bulk Data NDJSON: one file per resource type"
          + " (Patient.ndjson, ...) and manifest.json, shaped like the body of a completed"
          + " $export request (transactionTime, request, requiresAccessToken, output, deleted,"
          + " error).",
      "With --since, only resources changed after that time, and those deleted after it (as"
          + " <Type>.deleted.ndjson, transaction Bundles of DELETE entries). Use the manifest's"
          + " transactionTime as the next --since. Starts Spark; no other service."
    })
public final class FhirExportCommand implements Callable<Integer> {
  @Mixin private ConfigOptions configOptions;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description =
          "Only resources changed after this ISO-8601 instant, e.g. 2024-05-01T00:00:00Z.")
  private String since;

  @Option(
      names = "--types",
      paramLabel = "TYPE,...",
      split = ",",
      description = "Resource types to export (default: all, in reference order).")
  private List<String> types = new ArrayList<>();

  @Option(
      names = "--output",
      required = true,
      paramLabel = "DIR",
      description = "Folder to write the NDJSON files and manifest.json into.")
  private Path output;

  @Override
  public Integer call() {
    CarelakeConfig config = configOptions.load();
    Optional<Instant> from = parseSince();
    List<FhirType> chosen = chosenTypes();
    Lake lake = Lake.open(config);
    String destination = output.toAbsolutePath().toUri().toString();
    String target =
        "fhir export of "
            + chosen.stream().map(FhirType::resourceType).toList()
            + from.map(time -> " since " + time).orElse("")
            + " to "
            + destination;
    FhirExport.Result result;
    try {
      result =
          new FhirExport(lake.spark(), lake.files(), lake.paths().fhirResources())
              .export(from, chosen, destination);
    } catch (RuntimeException e) {
      lake.audit().record(AuditAction.EXPORT, target, AuditOutcome.FAILED);
      throw e;
    }
    lake.audit().record(AuditAction.EXPORT, target, AuditOutcome.SUCCEEDED);
    for (Map.Entry<String, Long> entry : result.resources().entrySet()) {
      String deleted =
          result.deleted().containsKey(entry.getKey())
              ? ", " + Progress.count(result.deleted().get(entry.getKey())) + " deleted"
              : "";
      System.out.println(
          "  " + entry.getKey() + ": " + Progress.count(entry.getValue()) + " resources" + deleted);
    }
    System.out.println("transactionTime " + result.transactionTime());
    System.out.println("manifest " + result.manifest());
    return 0;
  }

  private Optional<Instant> parseSince() {
    if (since == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(since.strip()));
    } catch (DateTimeParseException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--since '"
              + since
              + "' is not an ISO-8601 instant; give one in UTC such as 2024-05-01T00:00:00Z, for"
              + " example the transactionTime of an earlier export's manifest.");
    }
  }

  private List<FhirType> chosenTypes() {
    if (types.isEmpty()) {
      return List.of(FhirType.values());
    }
    List<FhirType> chosen = new ArrayList<>();
    for (String name : types) {
      chosen.add(
          FhirType.ofResourceType(name)
              .orElseThrow(() -> Errors.unknownFhirResourceType(name, FhirType.resourceTypes())));
    }
    return chosen;
  }
}
