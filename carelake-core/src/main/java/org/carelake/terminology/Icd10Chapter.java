package org.carelake.terminology;

import java.util.Objects;
import java.util.regex.Pattern;
import org.carelake.core.Errors;

/**
 * One chapter of the ICD-10-CM tabular list, such as chapter 9, "Diseases of the circulatory
 * system", I00-I99.
 *
 * <p>A chapter's range is inclusive and compares on the first three characters of a code (its
 * category) in ASCII order, where digits sort before letters: {@code O9A} falls after {@code O99},
 * so chapter 15 (O00-O9A) holds both.
 *
 * @param number the chapter's number in the tabular list, 1 to 22
 * @param first the first category of the range, three characters such as {@code "A00"}
 * @param last the last category of the range, three characters such as {@code "B99"}
 * @param title the chapter's title as in the tabular list, without the trailing range
 */
public record Icd10Chapter(int number, String first, String last, String title) {

  private static final Pattern CATEGORY = Pattern.compile("[A-Z][0-9][A-Z0-9]");

  /**
   * Checks the components.
   *
   * @param number the chapter's number, 1 to 22
   * @param first the first category of the range
   * @param last the last category of the range, not before {@code first}
   * @param title the chapter's title, not blank
   * @throws IllegalArgumentException when the number is outside 1 to 22, a bound is not an
   *     upper-case three-character category, the bounds are in the wrong order or the title is
   *     blank
   */
  public Icd10Chapter {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(last, "last");
    Objects.requireNonNull(title, "title");
    if (number < 1 || number > 22) {
      throw Errors.chapterNumberOutOfRange(number);
    }
    if (!CATEGORY.matcher(first).matches()
        || !CATEGORY.matcher(last).matches()
        || first.compareTo(last) > 0) {
      throw Errors.chapterRangeInvalid(number, first, last);
    }
    if (title.isBlank()) {
      throw Errors.chapterTitleBlank(number);
    }
  }

  /**
   * Returns the range as the tabular list writes it, such as {@code "A00-B99"}.
   *
   * @return the first and last category joined by a hyphen
   */
  public String range() {
    return first + "-" + last;
  }

  /**
   * Tells whether a code falls in this chapter's range.
   *
   * @param code a code in any of the forms {@link Icd10Code#normalize(String)} accepts; may be null
   * @return true when the code is well formed and its category lies between {@link #first()} and
   *     {@link #last()}; false for missing or malformed values
   */
  public boolean contains(String code) {
    return Icd10Code.normalize(code).map(this::containsNormalized).orElse(false);
  }

  /** Tells whether an already normalized code's category lies in this chapter's range. */
  boolean containsNormalized(String normalizedCode) {
    String category = normalizedCode.substring(0, 3);
    return first.compareTo(category) <= 0 && category.compareTo(last) <= 0;
  }
}
