package org.carelake.terminology;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carelake.core.Errors;

/**
 * One ICD-10-CM release, read from the official files: every code of the order file, enriched with
 * its category, block and chapter from the tabular list.
 *
 * <p>The order file lists every code and header (FY2021: 95,358 lines, 72,621 billable); the
 * tabular list names the chapters and blocks and places each category in a block. Codes with a
 * seventh character (such as {@code S72001A}) are in the order file only; they take the block of
 * their category. Without the tabular list, concepts have no block and their chapter comes from
 * {@link Icd10Chapters}.
 *
 * @param name the release's name, such as {@code FY2021}
 * @param concepts every code, in the order of the order file
 * @param chapters the chapters the concepts refer to
 * @param blocks how many blocks hold categories (0 without the tabular list)
 */
public record Icd10Release(
    String name, List<Icd10Concept> concepts, List<Icd10Chapter> chapters, int blocks) {

  private static final Pattern RELEASE_NAME = Pattern.compile("FY(19|20)\\d\\d");
  private static final Pattern YEAR_IN_FILE_NAME = Pattern.compile("(?<![0-9])(20\\d\\d)(?![0-9])");

  /**
   * What a release holds, as {@code carelake terminology load} prints it.
   *
   * @param codes every code and header
   * @param billable codes valid for HIPAA-covered transactions
   * @param headers codes with more specific codes below them
   * @param chapters chapters
   * @param blocks blocks holding categories
   */
  public record Counts(long codes, long billable, long headers, int chapters, int blocks) {}

  /**
   * Reads a release from its files.
   *
   * @param orderFile the order file
   * @param tabularFile the tabular list, if given
   * @param name the release's name, such as {@code FY2021}; when empty it is derived from the
   *     tabular list's version or, without one, from the year in the order file's name
   * @return the release
   * @throws org.carelake.core.CarelakeException when a file cannot be read or does not follow the
   *     release's layout, when the name cannot be derived or is not {@code FY} and a year, or when
   *     the order file has a category the tabular list does not place in a block
   */
  public static Icd10Release read(
      Path orderFile, Optional<Path> tabularFile, Optional<String> name) {
    List<Icd10OrderFile.Line> lines = Icd10OrderFile.read(orderFile);
    Optional<Icd10TabularFile.Tabular> tabular = tabularFile.map(Icd10TabularFile::read);
    String release =
        name.map(String::strip)
            .or(() -> tabular.map(t -> "FY" + t.version()))
            .or(() -> yearOf(orderFile).map(year -> "FY" + year))
            .orElseThrow(() -> Errors.releaseNameUnknown(orderFile));
    if (!RELEASE_NAME.matcher(release).matches()) {
      throw Errors.releaseNameWrong(release);
    }
    return of(release, lines, tabular);
  }

  /**
   * Builds a release from parsed files.
   *
   * @param name the release's name
   * @param lines the order file's lines
   * @param tabular the tabular list's structure, if read
   * @return the release
   */
  static Icd10Release of(
      String name, List<Icd10OrderFile.Line> lines, Optional<Icd10TabularFile.Tabular> tabular) {
    Map<String, String> categoryTitles = new HashMap<>();
    for (Icd10OrderFile.Line line : lines) {
      if (line.code().length() == 3) {
        categoryTitles.put(line.code(), line.longDescription());
      }
    }
    List<Icd10Concept> concepts = new ArrayList<>(lines.size());
    for (Icd10OrderFile.Line line : lines) {
      String category = line.code().substring(0, 3);
      Icd10Block block = null;
      Icd10Chapter chapter;
      if (tabular.isPresent()) {
        block = tabular.get().blockOfCategory().get(Icd10Code.dotted(category));
        if (block == null) {
          throw Errors.categoryWithoutBlock(name, line.code());
        }
        int number = block.chapter();
        chapter =
            tabular
                .get()
                .chapter(number)
                .orElseThrow(() -> Errors.categoryWithoutBlock(name, line.code()));
      } else {
        chapter =
            Icd10Chapters.chapterOf(line.code())
                .orElseThrow(() -> Errors.codeWithoutChapter(name, line.code()));
      }
      concepts.add(
          new Icd10Concept(
              line.code(),
              Icd10Code.dotted(line.code()),
              line.billable(),
              line.shortDescription(),
              line.longDescription(),
              category,
              categoryTitles.get(category),
              block == null ? null : block.range(),
              block == null ? null : block.title(),
              chapter.number(),
              chapter.title()));
    }
    List<Icd10Chapter> chapters =
        tabular.map(Icd10TabularFile.Tabular::chapters).orElse(Icd10Chapters.all());
    int blocks = tabular.map(t -> t.blocks().size()).orElse(0);
    return new Icd10Release(name, List.copyOf(concepts), chapters, blocks);
  }

  /**
   * Counts the release's codes, headers, chapters and blocks.
   *
   * @return the counts
   */
  public Counts counts() {
    long billable = concepts.stream().filter(Icd10Concept::billable).count();
    return new Counts(
        concepts.size(), billable, concepts.size() - billable, chapters.size(), blocks);
  }

  private static Optional<String> yearOf(Path file) {
    Matcher matcher = YEAR_IN_FILE_NAME.matcher(file.getFileName().toString());
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }
}
