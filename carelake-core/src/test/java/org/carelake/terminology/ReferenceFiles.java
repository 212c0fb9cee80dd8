package org.carelake.terminology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.carelake.testing.SharedFiles;

/**
 * The ICD-10-CM FY2021 release files that the project reads for tests but never copies.
 *
 * <p>They live in {@code ../shared/terminology/icd10cm} from the project root ({@link
 * SharedFiles}). Tests that need the files call {@link #assumeFolder()}: they are skipped when the
 * files are absent, or fail in CI.
 */
final class ReferenceFiles {

  static final String ORDER_FILE = SharedFiles.ICD10CM_ORDER_FILE;
  static final String TABULAR_FILE = SharedFiles.ICD10CM_TABULAR_FILE;

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
   * Returns the release folder ({@link SharedFiles#icd10cmFolder}): when it is missing the calling
   * test is skipped, or fails in CI.
   *
   * @return the folder
   */
  static Path assumeFolder() {
    return SharedFiles.icd10cmFolder();
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
