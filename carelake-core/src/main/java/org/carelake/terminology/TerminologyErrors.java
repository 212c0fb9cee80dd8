package org.carelake.terminology;

import java.util.List;

/**
 * Builds the exceptions of this package, each message stating what went wrong, why, and what to do
 * about it.
 *
 * <p>Values that may come from patient records (codes as entered) are never echoed: a code field
 * sometimes holds free text, and messages end up in logs. Values from carelake's own bundled files
 * are echoed, since they hold no patient data.
 */
final class TerminologyErrors {

  private TerminologyErrors() {}

  static IllegalArgumentException notACode(Icd10Format format, String value) {
    String what =
        format == Icd10Format.MISSING
            ? "the value is missing (null, empty or only whitespace)"
            : "the value (" + value.length() + " characters, not shown) is malformed";
    return new IllegalArgumentException(
        "Cannot format an ICD-10-CM code: "
            + what
            + "; a code is a letter, a digit, a letter or digit, then up to four letters or"
            + " digits, optionally with one dot after the third character; check values with"
            + " Icd10Code.formatOf or Icd10Code.normalize before formatting them.");
  }

  static IllegalArgumentException chapterNumberOutOfRange(int number) {
    return new IllegalArgumentException(
        "Chapter number "
            + number
            + " is out of range; the ICD-10-CM tabular list has chapters 1 to 22; use a number"
            + " from the release's tabular list.");
  }

  static IllegalArgumentException chapterRangeInvalid(int number, String first, String last) {
    return new IllegalArgumentException(
        "Chapter "
            + number
            + " has the range '"
            + first
            + "-"
            + last
            + "', which is not two upper-case three-character categories in ascending order;"
            + " a chapter's range compares on categories such as A00 and B99; write the range as"
            + " the tabular list's chapter description does.");
  }

  static IllegalArgumentException chapterTitleBlank(int number) {
    return new IllegalArgumentException(
        "Chapter "
            + number
            + " has a blank title; every chapter of the tabular list is named; use the title"
            + " from the chapter's description without the trailing range.");
  }

  static IllegalArgumentException entryCodeNotStored(String code) {
    return new IllegalArgumentException(
        "Entry code '"
            + code
            + "' is not in the stored form; entries hold codes undotted and upper case as the"
            + " order file does; pass Icd10Code.normalize(code).");
  }

  static IllegalArgumentException entryDottedCodeMismatch(String code, String dottedCode) {
    return new IllegalArgumentException(
        "Entry '"
            + code
            + "' has the dotted code '"
            + dottedCode
            + "', which is not its display form; the dotted code must equal"
            + " Icd10Code.dotted(code); pass '"
            + Icd10Code.dotted(code)
            + "'.");
  }

  static IllegalArgumentException entryChapterMismatch(String code, Icd10Chapter chapter) {
    return new IllegalArgumentException(
        "Entry '"
            + code
            + "' is given chapter "
            + chapter.number()
            + " ("
            + chapter.range()
            + "), whose range does not hold it; an entry's chapter is the one whose range holds"
            + " its category; pass Icd10Chapters.chapterOf(code).");
  }

  static IllegalArgumentException entryDescriptionBlank(String code) {
    return new IllegalArgumentException(
        "Entry '"
            + code
            + "' has a blank description; every code in the order file has a short and a long"
            + " description; copy both from the order file.");
  }

  static IllegalStateException csvUnclosedQuote(String source, int line) {
    return new IllegalStateException(
        source
            + " line "
            + line
            + ": a quoted field is never closed; the file ends inside quotes; add the closing"
            + " double quote, and write a quote inside a field as two quotes.");
  }

  static IllegalStateException csvStrayQuote(String source, int line) {
    return new IllegalStateException(
        source
            + " line "
            + line
            + ": a double quote stands inside an unquoted field or after a closing quote;"
            + " in CSV only a whole field may be quoted; quote the whole field and write a quote"
            + " inside it as two quotes.");
  }

  static IllegalStateException starterHeaderWrong(String source, List<String> header) {
    return new IllegalStateException(
        source
            + " does not start with the header '"
            + String.join(",", header)
            + "'; the starter-set loader reads columns by that layout; restore the header line.");
  }

  static IllegalStateException starterFieldCount(
      String source, int line, int actual, int expected) {
    return new IllegalStateException(
        source
            + " line "
            + line
            + ": has "
            + actual
            + " fields instead of "
            + expected
            + "; a description holding a comma must be quoted; quote it.");
  }

  static IllegalStateException starterCodeNotStored(String source, int line, String code) {
    return new IllegalStateException(
        source
            + " line "
            + line
            + ": code '"
            + code
            + "' is not in the stored form; the starter set holds codes undotted and upper case"
            + " as the order file does; write it as the order file does.");
  }

  static IllegalStateException starterBillableWrong(String source, int line, String value) {
    return new IllegalStateException(
        source
            + " line "
            + line
            + ": billable is '"
            + value
            + "'; the column holds the order file's flag, 1 for billable and 0 for a header;"
            + " write 1 or 0.");
  }

  static IllegalStateException starterDescriptionBlank(String source, int line, String code) {
    return new IllegalStateException(
        source
            + " line "
            + line
            + ": code '"
            + code
            + "' has a blank description; both descriptions come from the order file; copy"
            + " them from it.");
  }

  static IllegalStateException starterCodeWithoutChapter(String source, int line, String code) {
    return new IllegalStateException(
        source
            + " line "
            + line
            + ": code '"
            + code
            + "' lies in no chapter's range, so it is not an ICD-10-CM FY2021 code; use a code"
            + " from the order file.");
  }

  static IllegalStateException starterCodeRepeated(String source, int line, String code) {
    return new IllegalStateException(
        source
            + " line "
            + line
            + ": code '"
            + code
            + "' appears a second time; a code has one entry; remove the repeated line.");
  }

  static IllegalStateException starterResourceMissing(String resource) {
    return new IllegalStateException(
        "The ICD-10-CM starter set "
            + resource
            + " is not on the class path; the carelake-core jar was built or packaged without"
            + " its resources (a shaded jar may have filtered them); rebuild carelake-core and"
            + " keep src/main/resources in the jar.");
  }

  static String starterResourceUnreadable(String resource) {
    return "The ICD-10-CM starter set "
        + resource
        + " could not be read from the class path; the jar may be damaged; rebuild carelake-core.";
  }
}
