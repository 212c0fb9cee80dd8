package org.carelake.terminology;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import org.carelake.core.CarelakeException;

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

  static CarelakeException releaseFileMissing(String what, Path file) {
    return new CarelakeException(
        "The ICD-10-CM "
            + what
            + " "
            + file.toAbsolutePath()
            + " does not exist or is not a file; the loader reads the release files CMS publishes"
            + " (icd10cm_order_<year>.txt, icd10cm_tabular_<year>.xml); check the path.");
  }

  static CarelakeException releaseFileUnreadable(String what, Path file, IOException cause) {
    return new CarelakeException(
        "The ICD-10-CM "
            + what
            + " "
            + file.toAbsolutePath()
            + " could not be read ("
            + cause.getMessage()
            + "); the file may be locked or its permissions too strict; check that the user"
            + " running carelake can read it.",
        cause);
  }

  static CarelakeException orderFileEmpty(String source) {
    return new CarelakeException(
        source
            + " holds no codes; an order file lists every code, one per line; pass the"
            + " icd10cm_order_<year>.txt file of the release, not an addenda or an empty file.");
  }

  static CarelakeException orderLineLayout(String source, int line) {
    return new CarelakeException(
        source
            + " line "
            + line
            + ": does not follow the order-file layout (order number in columns 1-5, code in"
            + " 7-13, flag in 15, short description in 17-76, long description from 78); the"
            + " file may not be an order file, or was edited or re-wrapped; pass the"
            + " icd10cm_order_<year>.txt file as CMS publishes it.");
  }

  static CarelakeException orderCodeWrong(String source, int line, String code) {
    return new CarelakeException(
        source
            + " line "
            + line
            + ": '"
            + code
            + "' in columns 7-13 is not an undotted upper-case ICD-10-CM code; the order file"
            + " stores codes that way; pass the order file as CMS publishes it.");
  }

  static CarelakeException orderFlagWrong(String source, int line, char flag) {
    return new CarelakeException(
        source
            + " line "
            + line
            + ": column 15 holds '"
            + flag
            + "' instead of 1 (billable) or 0 (header); the file may not be an order file;"
            + " pass the icd10cm_order_<year>.txt file as CMS publishes it.");
  }

  static CarelakeException orderDescriptionBlank(String source, int line, String code) {
    return new CarelakeException(
        source
            + " line "
            + line
            + ": code '"
            + code
            + "' has a blank short or long description; every line of an order file has both;"
            + " pass the order file as CMS publishes it.");
  }

  static CarelakeException orderCodeRepeated(String source, int line, String code) {
    return new CarelakeException(
        source
            + " line "
            + line
            + ": code '"
            + code
            + "' appears a second time; an order file lists each code once; the file may be"
            + " two releases concatenated; pass one release's order file.");
  }

  static CarelakeException tabularNotXml(String source, XMLStreamException cause) {
    return new CarelakeException(
        source
            + " is not well-formed XML ("
            + cause.getMessage()
            + "); the tabular list is the release's icd10cm_tabular_<year>.xml; pass that file"
            + " unchanged, or leave --icd10cm-tabular out to load codes without blocks.",
        cause);
  }

  static CarelakeException tabularWithoutStructure(String source) {
    return new CarelakeException(
        source
            + " has no <version> or no <chapter>; it is not an ICD-10-CM tabular list; pass the"
            + " release's icd10cm_tabular_<year>.xml.");
  }

  static CarelakeException tabularChapterWrong(String source, int line, String text) {
    return new CarelakeException(
        source
            + " line "
            + line
            + ": chapter '"
            + text
            + "' does not have a number and a description ending in its range, such as"
            + " 'Neoplasms (C00-D49)'; the file does not follow the release's layout; pass the"
            + " tabular list as CMS publishes it.");
  }

  static CarelakeException tabularSectionWrong(String source, int line, String id) {
    return new CarelakeException(
        source
            + " line "
            + line
            + ": section '"
            + id
            + "' has no range as its id, no description, or stands outside a chapter; the file"
            + " does not follow the release's layout; pass the tabular list as CMS publishes it.");
  }

  static CarelakeException releaseNameUnknown(Path orderFile) {
    return new CarelakeException(
        "Cannot tell which release "
            + orderFile.getFileName()
            + " is: without the tabular list, the release comes from the year in the order"
            + " file's name, and this name has none; pass --release FY<year>, such as FY2021.");
  }

  static CarelakeException releaseNameWrong(String name) {
    return new CarelakeException(
        "'"
            + name
            + "' is not a release name; releases are named by fiscal year, FY and four digits,"
            + " so they sort in time; pass --release FY<year>, such as FY2021.");
  }

  static CarelakeException categoryWithoutBlock(String release, String code) {
    return new CarelakeException(
        "Code "
            + code
            + " of the order file has a category that no block of the tabular list holds; the"
            + " two files are probably of different releases ("
            + release
            + "); pass the order file and the tabular list of the same release.");
  }

  static CarelakeException codeWithoutChapter(String release, String code) {
    return new CarelakeException(
        "Code "
            + code
            + " of release "
            + release
            + " lies in no chapter range carelake knows (FY2021); a newer release may have a new"
            + " chapter; pass the release's tabular list with --icd10cm-tabular, which names"
            + " its chapters.");
  }
}
