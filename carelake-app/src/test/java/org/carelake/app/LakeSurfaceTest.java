package org.carelake.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds the lake module to its public surface, the way Delta Kernel separates its API from its
 * {@code internal} packages: the app's main code uses only the lake's API, and the API is the list
 * below, so that a type becomes public API by a deliberate change to this test, never by accident.
 *
 * <p>It reads the source trees rather than the compiled classes, so a fully qualified name in code
 * counts as much as an import, and it runs without Spark.
 */
class LakeSurfaceTest {
  private static final String INTERNAL = "org.carelake.lake.internal";

  /**
   * The lake's public API: every public top-level type of {@code carelake-lake} outside {@code
   * org.carelake.lake.internal}. The handle and its files, paths and lock; the steps' contract,
   * executor and registrations; the declarations the registrations are made of (source tables,
   * silver entities with their rules, references and lookups, gold marts); and the operations and
   * results the CLI runs and prints (reports, replays, quarantine, export, terminology, run
   * history, audit trail). A type stays here only when the app's main code uses it or another type
   * here shows it in a public signature.
   */
  private static final List<String> API =
      List.of(
          "org.carelake.lake.Lake",
          "org.carelake.lake.LakeFiles",
          "org.carelake.lake.LakeInventory",
          "org.carelake.lake.LakePaths",
          "org.carelake.lake.bronze.BronzeReplay",
          "org.carelake.lake.extract.IngestTable",
          "org.carelake.lake.fhir.FhirExport",
          "org.carelake.lake.gold.GoldMart",
          "org.carelake.lake.pipeline.Counts",
          "org.carelake.lake.pipeline.EhrPipeline",
          "org.carelake.lake.pipeline.Hl7Pipeline",
          "org.carelake.lake.pipeline.Hl7Stream",
          "org.carelake.lake.pipeline.Pipeline",
          "org.carelake.lake.pipeline.PipelineScope",
          "org.carelake.lake.pipeline.RunContext",
          "org.carelake.lake.pipeline.RunMode",
          "org.carelake.lake.pipeline.Step",
          "org.carelake.lake.pipeline.StepExecutor",
          "org.carelake.lake.pipeline.StepListener",
          "org.carelake.lake.pipeline.StepName",
          "org.carelake.lake.pipeline.StepResult",
          "org.carelake.lake.quality.QualityReport",
          "org.carelake.lake.quality.QualityReporting",
          "org.carelake.lake.quality.QualityReports",
          "org.carelake.lake.quarantine.QuarantineEntry",
          "org.carelake.lake.quarantine.QuarantineFilter",
          "org.carelake.lake.quarantine.QuarantineReplay",
          "org.carelake.lake.quarantine.QuarantineSource",
          "org.carelake.lake.raw.RawManifest",
          "org.carelake.lake.raw.RawZone",
          "org.carelake.lake.audit.AuditAction",
          "org.carelake.lake.audit.AuditActor",
          "org.carelake.lake.audit.AuditBreak",
          "org.carelake.lake.audit.AuditEntry",
          "org.carelake.lake.audit.AuditOutcome",
          "org.carelake.lake.audit.AuditTrail",
          "org.carelake.lake.run.LakeLock",
          "org.carelake.lake.run.RunHistory",
          "org.carelake.lake.run.RunRecord",
          "org.carelake.lake.run.RunStatus",
          "org.carelake.lake.run.StepRecord",
          "org.carelake.lake.silver.EhrEntities",
          "org.carelake.lake.silver.Lookup",
          "org.carelake.lake.silver.Reference",
          "org.carelake.lake.silver.SilverEntity",
          "org.carelake.lake.silver.StandardFunctions",
          "org.carelake.lake.silver.ValidationRule",
          "org.carelake.lake.terminology.CodeSets",
          "org.carelake.lake.terminology.Icd10LookupSink",
          "org.carelake.lake.terminology.Icd10LookupSource");

  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern PUBLIC_TYPE =
      Pattern.compile(
          "^public\\s+(?:(?:final|abstract|sealed|non-sealed|strictfp)\\s+)*"
              + "(?:class|interface|record|enum|@interface)\\s+(\\w+)",
          Pattern.MULTILINE);

  @Test
  void theAppsMainCodeUsesNoInternalPackageOfTheLake() throws IOException {
    List<String> uses = new ArrayList<>();
    for (Path file : javaFiles(module("carelake-app").resolve("src/main/java"))) {
      List<String> lines = Files.readAllLines(file);
      for (int number = 1; number <= lines.size(); number++) {
        if (lines.get(number - 1).contains(INTERNAL)) {
          uses.add(file.getFileName() + ":" + number + ": " + lines.get(number - 1).strip());
        }
      }
    }
    assertThat(uses)
        .as(
            "The app's main code uses %s, whose types promise nothing and change without notice."
                + " Use the lake's API instead (its public types outside %s, listed in"
                + " LakeSurfaceTest.API); if the app truly needs the type, move it out of %s and"
                + " add it to that list in the same change",
            INTERNAL, INTERNAL, INTERNAL)
        .isEmpty();
  }

  @Test
  void theLakesPublicTypesOutsideInternalAreExactlyItsDeclaredApi() throws IOException {
    TreeSet<String> found = new TreeSet<>();
    for (Path file : javaFiles(module("carelake-lake").resolve("src/main/java"))) {
      publicType(Files.readString(file))
          .filter(type -> !type.startsWith(INTERNAL + "."))
          .ifPresent(found::add);
    }
    TreeSet<String> unlisted = new TreeSet<>(found);
    unlisted.removeAll(API);
    TreeSet<String> gone = new TreeSet<>(API);
    gone.removeAll(found);
    assertThat(unlisted)
        .as(
            "These lake types are public outside %s but not in LakeSurfaceTest.API. Make the type"
                + " package-private when only its package uses it; move it to %s.<stage> when only"
                + " the lake uses it; add it to the list only when the app's main code needs it or"
                + " an API type shows it in a public signature",
            INTERNAL, INTERNAL)
        .isEmpty();
    assertThat(gone)
        .as(
            "These types of LakeSurfaceTest.API are no longer public outside %s (moved, renamed,"
                + " made package-private or removed); take them off the list",
            INTERNAL)
        .isEmpty();
  }

  /** The fully qualified name of the file's top-level type when it is public. */
  private static Optional<String> publicType(String source) {
    Matcher type = PUBLIC_TYPE.matcher(source);
    Matcher name = PACKAGE.matcher(source);
    if (!type.find() || !name.find()) {
      return Optional.empty();
    }
    return Optional.of(name.group(1) + "." + type.group(1));
  }

  private static List<Path> javaFiles(Path root) throws IOException {
    assertThat(root).as("source folder").isDirectory();
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
    }
  }

  /** A module's folder, found above the working directory as Maven runs the tests. */
  private static Path module(String name) {
    Path folder = Path.of("").toAbsolutePath();
    while (folder != null && !Files.isDirectory(folder.resolve(name))) {
      folder = folder.getParent();
    }
    assertThat(folder).as("%s above %s", name, Path.of("").toAbsolutePath()).isNotNull();
    return folder.resolve(name);
  }
}
