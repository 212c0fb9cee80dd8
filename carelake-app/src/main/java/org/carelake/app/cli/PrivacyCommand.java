package org.carelake.app.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.carelake.app.CarelakeCli;
import org.carelake.privacy.PhiClass;
import org.carelake.privacy.PhiColumn;
import org.carelake.privacy.PhiColumns;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code carelake privacy}: what the lake knows about patient data in its tables. */
@Command(
    name = "privacy",
    mixinStandardHelpOptions = true,
    description = "What the lake's tables hold of patient data (PHI).",
    subcommands = {PrivacyCommand.Columns.class})
public final class PrivacyCommand implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code carelake privacy columns}. */
  @Command(
      name = "columns",
      mixinStandardHelpOptions = true,
      description = {
        "Print the PHI classification of every column of every bronze, silver, pending,"
            + " quarantine, FHIR and gold table: direct identifier, quasi-identifier or not PHI,"
            + " with the HIPAA Safe Harbor identifier (45 CFR 164.514(b)(2), A to R) and the form"
            + " the column keeps it in. Needs no lake."
      })
  static final class Columns implements Callable<Integer> {
    @Option(
        names = "--table",
        paramLabel = "TABLE",
        description = "Only this table (silver/patients) or layer (gold).")
    private String table;

    @Override
    public Integer call() {
      PhiColumns classification = PhiColumns.load();
      int shown = 0;
      for (String name : classification.tables()) {
        if (table != null && !name.equals(table) && !name.startsWith(table + "/")) {
          continue;
        }
        System.out.println(name);
        for (PhiColumn column : classification.columns(name)) {
          System.out.printf(
              Locale.ROOT,
              "  %-30s %-17s %s%n",
              column.column(),
              label(column.phiClass()),
              column
                  .identifier()
                  .map(id -> "(" + id.letter() + ") " + id.code() + ", " + column.form())
                  .orElse(column.phiClass() == PhiClass.NOT_PHI ? "" : column.form()));
          shown++;
        }
      }
      if (shown == 0) {
        System.err.println(
            "carelake: no classified table matches '"
                + table
                + "'; 'carelake privacy columns' lists them all.");
        return CarelakeCli.EXIT_USAGE;
      }
      return 0;
    }

    private static String label(PhiClass phiClass) {
      return switch (phiClass) {
        case DIRECT_IDENTIFIER -> "direct identifier";
        case QUASI_IDENTIFIER -> "quasi-identifier";
        case NOT_PHI -> "not PHI";
      };
    }
  }
}
