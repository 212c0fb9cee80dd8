package org.carelake.terminology;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ICD-10-CM FY2021 release files that the project reads for tests but never copies.
 *
 * <p>They live in {@code shared/terminology/icd10cm} beside the project's checkout, so from a
 * module folder (Surefire's working directory) they are usually at {@code
 * ../../shared/terminology/icd10cm}. The folder is found by walking up from the working directory
 * and looking for a {@code shared/terminology/icd10cm} holding both files, so the tests also run
 * from the project root or from a checkout placed one level deeper. Tests that need the files call
 * {@link #assumeFolder()} and are skipped when the files are absent.
 */
final class ReferenceFiles {

  static final String ORDER_FILE = "icd10cm_order_2021.txt";
  static final String TABULAR_FILE = "icd10cm_tabular_2021.xml";

  private static final Path RELATIVE = Path.of("shared", "terminology", "icd10cm");

  /**
   * One line of the order file.
   *
   * @param order the order number (columns 1 to 5)
   * @param code the undotted code (columns 7 to 13)
   * @param billable whether column 15 is 1
   * @param shortDescription columns 17 to 76, trailing spaces removed
   * @param longDescription column 78 onwards, trailing spaces removed
   */
  record OrderLine(
      int order, String code, boolean billable, String shortDescription, String longDescription) {

    static OrderLine parse(String line) {
      return new OrderLine(
          Integer.parseInt(line.substring(0, 5)),
          line.substring(6, 13).strip(),
          line.charAt(14) == '1',
          line.substring(16, 76).strip(),
          line.substring(77).strip());
    }
  }

  /** Reads the order file once per test JVM; the holder keeps the 95,358 lines for all tests. */
  private static final class OrderFile {
    static final List<OrderLine> LINES = read();

    private static List<OrderLine> read() {
      try {
        return Files.readAllLines(assumeFolder().resolve(ORDER_FILE), StandardCharsets.US_ASCII)
            .stream()
            .map(OrderLine::parse)
            .collect(Collectors.toUnmodifiableList());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private ReferenceFiles() {}

  /**
   * Finds the release folder by walking up from the working directory.
   *
   * @return the folder, or empty when no ancestor of the working directory has a {@code
   *     shared/terminology/icd10cm} beside it holding both release files
   */
  static Optional<Path> folder() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE);
      if (Files.isRegularFile(candidate.resolve(ORDER_FILE))
          && Files.isRegularFile(candidate.resolve(TABULAR_FILE))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the release folder, or skips the calling test when it is absent.
   *
   * @return the folder
   */
  static Path assumeFolder() {
    Optional<Path> folder = folder();
    assumeTrue(
        folder.isPresent(),
        () ->
            "The ICD-10-CM FY2021 release files are not in "
                + RELATIVE
                + " beside "
                + Path.of("").toAbsolutePath()
                + " or any folder above it; these tests need them.");
    return folder.get();
  }

  /**
   * Returns the lines of the order file, or skips the calling test when it is absent.
   *
   * @return the lines in file order
   */
  static List<OrderLine> orderLines() {
    assumeFolder();
    return OrderFile.LINES;
  }
}
