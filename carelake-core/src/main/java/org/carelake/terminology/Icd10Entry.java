package org.carelake.terminology;

import java.util.Objects;
import java.util.Optional;
import org.carelake.core.Errors;

/**
 * One ICD-10-CM code with its descriptions, as the release's order file lists it.
 *
 * @param code the code in the stored form: undotted, upper case, such as {@code "E119"}
 * @param dottedCode the code in the display form, such as {@code "E11.9"}
 * @param billable true when the code is valid for HIPAA-covered transactions, false for a header
 *     that has more specific codes below it
 * @param shortDescription the release's abbreviated description, at most 60 characters
 * @param longDescription the release's full description
 * @param chapter the tabular-list chapter whose range holds the code
 */
public record Icd10Entry(
    String code,
    String dottedCode,
    boolean billable,
    String shortDescription,
    String longDescription,
    Icd10Chapter chapter) {

  /**
   * Checks that the components agree with one another.
   *
   * @param code the code, undotted and upper case
   * @param dottedCode the code's display form, equal to {@link Icd10Code#dotted(String)} of it
   * @param billable whether the code is valid for HIPAA-covered transactions
   * @param shortDescription the abbreviated description, not blank
   * @param longDescription the full description, not blank
   * @param chapter the chapter whose range holds the code
   * @throws IllegalArgumentException when the code is not in the stored form, the dotted code or
   *     the chapter do not belong to the code, or a description is blank
   */
  public Icd10Entry {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(dottedCode, "dottedCode");
    Objects.requireNonNull(shortDescription, "shortDescription");
    Objects.requireNonNull(longDescription, "longDescription");
    Objects.requireNonNull(chapter, "chapter");
    if (!Icd10Code.normalize(code).equals(Optional.of(code))) {
      throw Errors.entryCodeNotStored(code);
    }
    if (!Icd10Code.dotted(code).equals(dottedCode)) {
      throw Errors.entryDottedCodeMismatch(code, dottedCode);
    }
    if (!chapter.containsNormalized(code)) {
      throw Errors.entryChapterMismatch(code, chapter);
    }
    if (shortDescription.isBlank() || longDescription.isBlank()) {
      throw Errors.entryDescriptionBlank(code);
    }
  }
}
