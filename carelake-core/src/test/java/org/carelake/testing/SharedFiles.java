package org.carelake.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.opentest4j.TestAbortedException;

/**
 * Files the tests read but the repository never holds, found beside the project: the ICD-10-CM
 * release files in {@code ../shared/terminology/icd10cm}, relative to the project root (the Maven
 * top-level directory, the one holding {@code .mvn}), whichever module's folder the test runs in.
 *
 * <p>When the files are missing, a test that needs them is skipped on a developer's machine, and
 * fails with a message that says where they were looked for in CI (the environment variable {@code
 * CI} set to {@code true}), so that a CI without them never passes by skipping.
 *
 * <p>The build passes the root as the system property {@code carelake.project-root}; without it (a
 * test started from an IDE) the root is the nearest folder above the working directory that holds
 * {@code .mvn}. The system property {@code carelake.icd10cm.dir} names another folder.
 */
public final class SharedFiles {
  /** The ICD-10-CM FY2021 order file (CMS's code list with billable flags and descriptions). */
  public static final String ICD10CM_ORDER_FILE = "icd10cm_order_2021.txt";

  /** The ICD-10-CM FY2021 tabular list (chapters, blocks, notes). */
  public static final String ICD10CM_TABULAR_FILE = "icd10cm_tabular_2021.xml";

  private static final Path ICD10CM = Path.of("shared", "terminology", "icd10cm");

  private SharedFiles() {}

  /**
   * The ICD-10-CM FY2021 release folder, holding the order file and the tabular list.
   *
   * @return the folder
   * @throws TestAbortedException when the files are missing outside CI, which skips the test
   * @throws AssertionError when the files are missing in CI
   */
  public static Path icd10cmFolder() {
    return icd10cmFolder(
        Optional.ofNullable(System.getProperty("carelake.icd10cm.dir")),
        projectRoot(),
        System.getenv());
  }

  /** As {@link #icd10cmFolder()}, with the override, the root and the environment given. */
  static Path icd10cmFolder(Optional<String> override, Path root, Map<String, String> environment) {
    Path folder =
        override.map(Path::of).orElse(root.resolve("..").resolve(ICD10CM)).toAbsolutePath();
    folder = folder.normalize();
    if (Files.isRegularFile(folder.resolve(ICD10CM_ORDER_FILE))
        && Files.isRegularFile(folder.resolve(ICD10CM_TABULAR_FILE))) {
      return folder;
    }
    String message =
        "The ICD-10-CM FY2021 release files ("
            + ICD10CM_ORDER_FILE
            + ", "
            + ICD10CM_TABULAR_FILE
            + ") are not in "
            + folder
            + " (../shared/terminology/icd10cm from the project root "
            + root
            + "). Put CMS's FY2021 release there, or name its folder with"
            + " -Dcarelake.icd10cm.dir.";
    if ("true".equalsIgnoreCase(environment.getOrDefault("CI", ""))) {
      throw new AssertionError(message + " In CI (CI=true) a missing release fails the test.");
    }
    throw new TestAbortedException(message + " Skipped outside CI.");
  }

  /** The project's top-level directory, as the build passes it or found above the working one. */
  public static Path projectRoot() {
    String given = System.getProperty("carelake.project-root");
    if (given != null && !given.isBlank()) {
      return Path.of(given).toAbsolutePath().normalize();
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(".mvn"))) {
        return dir;
      }
    }
    return start;
  }
}
