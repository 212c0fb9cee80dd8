package org.carelake.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code carelake fhir}: the lake's FHIR R4 layer. */
@Command(
    name = "fhir",
    mixinStandardHelpOptions = true,
    description = {
      "Work with the lake's FHIR R4 layer: every silver record as a validated FHIR resource,"
          + " versioned, kept up to date by each pipeline run (steps fhir:<type>)."
    },
    subcommands = {FhirExportCommand.class})
public final class FhirCommand implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
