package org.carelake.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class Icd10ChaptersTest {

  /** A chapter's description in the tabular list: the title, then the range in parentheses. */
  private static final Pattern CHAPTER_DESCRIPTION =
      Pattern.compile("(.+) \\(([A-Z][0-9][A-Z0-9])-([A-Z][0-9][A-Z0-9])\\)");

  /**
   * What the tests take from the tabular list.
   *
   * @param chapters the chapters in document order, built from {@code <name>} and {@code <desc>}
   * @param chapterOfCategory the chapter number of every category ({@code <diag>} directly under a
   *     {@code <section>}), by its three-character code
   */
  private record TabularList(List<Icd10Chapter> chapters, Map<String, Integer> chapterOfCategory) {}

  @Test
  void chaptersAreTheTwentyTwoOfTheTabularListWithTheirNumbersRangesAndTitles() throws Exception {
    TabularList tabular = readTabular(ReferenceFiles.assumeFolder());

    assertThat(tabular.chapters()).hasSize(22);
    assertThat(Icd10Chapters.all()).containsExactlyElementsOf(tabular.chapters());
  }

  @Test
  void everyCodeInTheOrderFileFallsInTheChapterWhoseSectionHoldsItsCategory() throws Exception {
    List<ReferenceFiles.OrderLine> lines = ReferenceFiles.orderLines();
    TabularList tabular = readTabular(ReferenceFiles.assumeFolder());
    assertThat(lines).hasSize(95_358);

    List<String> wrong = new ArrayList<>();
    long start = System.nanoTime();
    for (ReferenceFiles.OrderLine line : lines) {
      Integer expected = tabular.chapterOfCategory().get(line.code().substring(0, 3));
      Optional<Icd10Chapter> actual = Icd10Chapters.chapterOf(line.code());
      if (expected == null || actual.isEmpty() || actual.get().number() != expected) {
        wrong.add(line.code() + " in " + expected + " but found " + actual);
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(wrong).isEmpty();
    assertThat(elapsed).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void chapterOfAcceptsTheDottedAndLowerCaseFormsOfEveryCodeInTheOrderFile() {
    List<String> wrong = new ArrayList<>();
    for (ReferenceFiles.OrderLine line : ReferenceFiles.orderLines()) {
      Optional<Icd10Chapter> undotted = Icd10Chapters.chapterOf(line.code());
      String dotted = Icd10Code.dotted(line.code());
      if (!Icd10Chapters.chapterOf(dotted).equals(undotted)
          || !Icd10Chapters.chapterOf(" " + dotted.toLowerCase() + " ").equals(undotted)) {
        wrong.add(line.code());
      }
    }
    assertThat(wrong).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> chapter {1}")
  @CsvSource({
    "A00.0,1",
    "B99.9,1",
    "C00.0,2",
    "C4A.9,2",
    "D3A.00,2",
    "D49.9,2",
    "D50.0,3",
    "D89.9,3",
    "E11.9,4",
    "H59.89,7",
    "H60.00,8",
    "H95.89,8",
    "I10,9",
    "M1A.00X0,13",
    "O99.89,15",
    "O9A.119,15",
    "S72.001A,19",
    "T88.9XXA,19",
    "V00.01XA,20",
    "Y99.9,20",
    "Z3A.39,21",
    "Z99.89,21",
    "U07.1,22",
    "u071,22"
  })
  void chapterOfFindsTheChapterByTheFirstThreeCharacters(String code, int chapter) {
    assertThat(Icd10Chapters.chapterOf(code)).map(Icd10Chapter::number).contains(chapter);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {"E11..9", "11.9", "F00", "K96.0", "T89", "U86", "U99.9", "W"})
  void chapterOfIsEmptyForMissingMalformedAndUnassignedCodes(String code) {
    assertThat(Icd10Chapters.chapterOf(code)).isEmpty();
  }

  @Test
  void chapterRangesDoNotOverlap() {
    List<Icd10Chapter> chapters = Icd10Chapters.all();
    for (int i = 0; i < chapters.size(); i++) {
      for (int j = i + 1; j < chapters.size(); j++) {
        Icd10Chapter a = chapters.get(i);
        Icd10Chapter b = chapters.get(j);
        boolean overlap = a.first().compareTo(b.last()) <= 0 && b.first().compareTo(a.last()) <= 0;
        assertThat(overlap).as("%s overlaps %s", a.range(), b.range()).isFalse();
      }
    }
  }

  @Test
  void chaptersAreNumberedOneToTwentyTwoInOrder() {
    assertThat(Icd10Chapters.all())
        .extracting(Icd10Chapter::number)
        .containsExactly(
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22);
    assertThat(Icd10Chapters.all().get(8).title()).isEqualTo("Diseases of the circulatory system");
    assertThat(Icd10Chapters.all().get(8).range()).isEqualTo("I00-I99");
  }

  /**
   * Reads chapters and categories from the tabular list with StAX (the file is 9 MB), with DTDs and
   * external entities switched off.
   */
  private static TabularList readTabular(Path folder) throws IOException, XMLStreamException {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    List<Icd10Chapter> chapters = new ArrayList<>();
    Map<String, Integer> chapterOfCategory = new HashMap<>();
    Deque<String> path = new ArrayDeque<>();
    String number = null;
    try (InputStream in = Files.newInputStream(folder.resolve(ReferenceFiles.TABULAR_FILE))) {
      XMLStreamReader reader = factory.createXMLStreamReader(in);
      while (reader.hasNext()) {
        int event = reader.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          path.addLast(reader.getLocalName());
          switch (String.join("/", path)) {
            case "ICD10CM.tabular/chapter/name" -> number = text(reader, path);
            case "ICD10CM.tabular/chapter/desc" ->
                chapters.add(chapter(number, text(reader, path)));
            case "ICD10CM.tabular/chapter/section/diag/name" ->
                chapterOfCategory.put(text(reader, path), Integer.parseInt(number));
            default -> {}
          }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          path.removeLast();
        }
      }
      reader.close();
    }
    return new TabularList(chapters, chapterOfCategory);
  }

  /** Reads an element's text; the reader then stands on its end tag, so the path is popped. */
  private static String text(XMLStreamReader reader, Deque<String> path) throws XMLStreamException {
    String text = reader.getElementText().strip();
    path.removeLast();
    return text;
  }

  private static Icd10Chapter chapter(String number, String description) {
    Matcher matcher = CHAPTER_DESCRIPTION.matcher(description);
    assertThat(matcher.matches()).as("chapter description '%s'", description).isTrue();
    return new Icd10Chapter(
        Integer.parseInt(number), matcher.group(2), matcher.group(3), matcher.group(1));
  }
}
