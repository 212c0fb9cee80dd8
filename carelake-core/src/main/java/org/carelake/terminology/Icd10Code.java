package org.carelake.terminology;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carelake.core.Errors;

/**
 * The syntax of ICD-10-CM codes: checking, normalizing and displaying them.
 *
 * <p>A value is a well-formed code when, after surrounding whitespace (as {@link String#strip()}
 * defines it) is removed, it is:
 *
 * <ol>
 *   <li>an ASCII letter (the category's letter, {@code A} to {@code Z} in either case),
 *   <li>an ASCII digit,
 *   <li>an ASCII letter or digit (letters occur here: {@code C4A}, {@code O9A}, {@code Z3A}),
 *   <li>then up to four ASCII letters or digits, optionally preceded by one dot.
 * </ol>
 *
 * <p>So {@code E11}, {@code E119}, {@code e11.9}, {@code S72.001A} and {@code T07.XXXA} are well
 * formed, while {@code E11.} (a dot with nothing after it), {@code E11..9}, {@code E1.19}, {@code
 * 11.9}, {@code E1}, {@code S72.001AB} (eight characters) and values with other characters, inner
 * spaces or non-ASCII letters and digits (such as a full-width {@code Ｅ} or a dotless {@code ı})
 * are malformed. The check is syntax only: a well-formed code need not exist in any release.
 *
 * <p>carelake stores codes in the undotted upper-case form of the release files ({@code E119}) and
 * displays them with the dot after the third character ({@code E11.9}).
 */
public final class Icd10Code {

  /**
   * Letter, digit, letter or digit, then an optional dot and one to four letters or digits. The
   * classes are spelled out in ASCII so that no other script's letters or digits pass, and the
   * value is upper-cased only after it matched, because upper-casing first would turn a dotless
   * {@code ı} or a long {@code ſ} into {@code I} or {@code S}.
   */
  private static final Pattern CODE =
      Pattern.compile("([A-Za-z][0-9][A-Za-z0-9])(?:\\.?([A-Za-z0-9]{1,4}))?");

  private Icd10Code() {}

  /**
   * Returns the stored form of a code as entered: surrounding whitespace removed, the one dot after
   * the third character removed, letters upper-cased.
   *
   * <p>For example {@code " e11.9 "} gives {@code "E119"} and {@code "I10"} gives {@code "I10"}.
   * Costs one regular-expression match; no side effects.
   *
   * @param asEntered the value as entered, dotted or undotted, in either case; may be null
   * @return the undotted upper-case code, or empty when the value is missing or malformed
   */
  public static Optional<String> normalize(String asEntered) {
    if (asEntered == null) {
      return Optional.empty();
    }
    Matcher matcher = CODE.matcher(asEntered.strip());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    String rest = matcher.group(2) == null ? "" : matcher.group(2);
    return Optional.of((matcher.group(1) + rest).toUpperCase(Locale.ROOT));
  }

  /**
   * Returns the display form of a code: upper case, with a dot after the third character when the
   * code is longer than three characters ({@code "E119"} gives {@code "E11.9"}, {@code "I10"} gives
   * {@code "I10"}).
   *
   * @param code a well-formed code in any of the forms {@link #normalize(String)} accepts
   * @return the dotted upper-case code
   * @throws IllegalArgumentException when the code is missing or malformed; check values from
   *     outside carelake with {@link #formatOf(String)} or {@link #normalize(String)} first
   */
  public static String dotted(String code) {
    String normalized =
        normalize(code).orElseThrow(() -> Errors.notAnIcd10Code(formatOf(code), code));
    if (normalized.length() == 3) {
      return normalized;
    }
    return normalized.substring(0, 3) + "." + normalized.substring(3);
  }

  /**
   * Classifies a value entered as a code by its syntax (see the class description for the pattern).
   *
   * @param asEntered the value as entered; may be null
   * @return {@link Icd10Format#MISSING} for null, empty or whitespace-only values, {@link
   *     Icd10Format#WELL_FORMED} when {@link #normalize(String)} accepts the value, {@link
   *     Icd10Format#MALFORMED} otherwise
   */
  public static Icd10Format formatOf(String asEntered) {
    if (asEntered == null || asEntered.isBlank()) {
      return Icd10Format.MISSING;
    }
    return normalize(asEntered).isPresent() ? Icd10Format.WELL_FORMED : Icd10Format.MALFORMED;
  }
}
