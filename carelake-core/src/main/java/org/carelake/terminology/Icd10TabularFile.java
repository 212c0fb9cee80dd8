package org.carelake.terminology;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.carelake.core.Errors;

/**
 * Reads the structure of the release's tabular list ({@code icd10cm_tabular_<year>.xml}): its
 * version, the chapters, the blocks (the XML's {@code section} elements) and which block holds each
 * category.
 *
 * <p>The file is streamed with StAX, keeping only the structure: the notes, inclusion terms and
 * codes below the categories (about 45,000 {@code diag} elements in FY2021) are skipped, so memory
 * stays small and FY2021 reads in about a second. DTDs and external entities are refused.
 *
 * <p>A chapter's {@code desc} ends with its range in parentheses ({@code "Diseases of the
 * circulatory system (I00-I99)"}); a section's {@code id} is its range ({@code "I20-I25"}, or one
 * category such as {@code "C7A"}). Some sections only group others and hold no category ({@code
 * C00-C96} "Malignant neoplasms" groups C00-C14 and the rest); they are not blocks, since no code
 * belongs to them directly.
 */
public final class Icd10TabularFile {

  private static final Pattern TRAILING_RANGE =
      Pattern.compile("(.*\\S)\\s*\\(([A-Z][0-9][A-Z0-9])(?:-([A-Z][0-9][A-Z0-9]))?\\)\\s*");
  private static final Pattern SECTION_ID =
      Pattern.compile("([A-Z][0-9][A-Z0-9])(?:-([A-Z][0-9][A-Z0-9]))?");

  /**
   * What the tabular list says about the structure of the code set.
   *
   * @param version the release year the file states, such as {@code "2021"}
   * @param chapters the chapters in file order
   * @param blocks the blocks that hold categories, in file order
   * @param blockOfCategory for each category (three characters, such as {@code "I21"}), its block
   * @param groupings how many sections only group other sections
   */
  public record Tabular(
      String version,
      List<Icd10Chapter> chapters,
      List<Icd10Block> blocks,
      Map<String, Icd10Block> blockOfCategory,
      int groupings) {

    /**
     * Finds a chapter by its number.
     *
     * @param number the chapter's number
     * @return the chapter, or empty when the file has none of that number
     */
    public Optional<Icd10Chapter> chapter(int number) {
      return chapters.stream().filter(chapter -> chapter.number() == number).findFirst();
    }
  }

  private Icd10TabularFile() {}

  /**
   * Reads a tabular-list file.
   *
   * @param file the XML file
   * @return its structure
   * @throws org.carelake.core.CarelakeException when the file cannot be read, is not well-formed
   *     XML, or a chapter or section does not follow the release's layout
   */
  public static Tabular read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw Errors.releaseFileMissing("tabular list", file);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.getFileName().toString());
    } catch (IOException e) {
      throw Errors.releaseFileUnreadable("tabular list", file, e);
    }
  }

  /**
   * Reads tabular-list XML from a stream.
   *
   * @param in the XML
   * @param source what the stream is, for error messages
   * @return its structure
   */
  static Tabular read(InputStream in, String source) {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    try {
      XMLStreamReader xml = factory.createXMLStreamReader(in);
      try {
        return new Parse(xml, source).run();
      } finally {
        xml.close();
      }
    } catch (XMLStreamException e) {
      throw Errors.tabularNotXml(source, e);
    }
  }

  /** The state of one pass over the file. */
  private static final class Parse {
    private final XMLStreamReader xml;
    private final String source;
    private final Deque<String> path = new ArrayDeque<>();
    private final List<Icd10Chapter> chapters = new ArrayList<>();
    private final List<Icd10Block> blocks = new ArrayList<>();
    private final Map<String, Icd10Block> blockOfCategory = new LinkedHashMap<>();
    private String version;
    private int groupings;

    private Integer chapterNumber;
    private String sectionId;
    private String sectionTitle;
    private List<String> sectionCategories;

    Parse(XMLStreamReader xml, String source) {
      this.xml = xml;
      this.source = source;
    }

    Tabular run() throws XMLStreamException {
      while (xml.hasNext()) {
        int event = xml.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          start(xml.getLocalName());
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          end(path.pop());
        }
      }
      if (version == null || chapters.isEmpty()) {
        throw Errors.tabularWithoutStructure(source);
      }
      return new Tabular(
          version, List.copyOf(chapters), List.copyOf(blocks), blockOfCategory, groupings);
    }

    private String parent() {
      return path.peek();
    }

    private void start(String name) throws XMLStreamException {
      String parent = parent();
      int line = xml.getLocation().getLineNumber();
      if (name.equals("version") && "ICD10CM.tabular".equals(parent)) {
        version = xml.getElementText().strip();
        return;
      }
      if (name.equals("name") && "chapter".equals(parent)) {
        String text = xml.getElementText().strip();
        try {
          chapterNumber = Integer.parseInt(text);
        } catch (NumberFormatException e) {
          throw Errors.tabularChapterWrong(source, line, text);
        }
        return;
      }
      if (name.equals("desc") && "chapter".equals(parent)) {
        chapters.add(chapter(xml.getElementText().strip(), line));
        return;
      }
      if (name.equals("section") && "chapter".equals(parent)) {
        sectionId = xml.getAttributeValue(null, "id");
        sectionTitle = null;
        sectionCategories = new ArrayList<>();
      } else if (name.equals("desc") && "section".equals(parent)) {
        String text = xml.getElementText().strip();
        Matcher matcher = TRAILING_RANGE.matcher(text);
        sectionTitle = matcher.matches() ? matcher.group(1) : text;
        return;
      } else if (name.equals("name") && "diag".equals(parent) && isCategoryLevel()) {
        sectionCategories.add(xml.getElementText().strip());
        return;
      } else if (name.equals("diag") && !"section".equals(parent)) {
        // Codes below the category carry nothing the structure needs: skip the whole subtree.
        skip();
        return;
      }
      path.push(name);
    }

    /** Whether the current element sits directly in a category: section / diag / name. */
    private boolean isCategoryLevel() {
      var iterator = path.iterator();
      iterator.next();
      return iterator.hasNext() && iterator.next().equals("section");
    }

    private void skip() throws XMLStreamException {
      int depth = 1;
      while (depth > 0) {
        int event = xml.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          depth++;
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          depth--;
        }
      }
    }

    private void end(String name) {
      if (!name.equals("section") || !"chapter".equals(parent())) {
        return;
      }
      int line = xml.getLocation().getLineNumber();
      Matcher id = SECTION_ID.matcher(sectionId == null ? "" : sectionId);
      if (!id.matches() || sectionTitle == null || chapterNumber == null) {
        throw Errors.tabularSectionWrong(source, line, sectionId);
      }
      if (sectionCategories.isEmpty()) {
        groupings++;
        return;
      }
      Icd10Block block =
          new Icd10Block(
              id.group(1),
              id.group(2) == null ? id.group(1) : id.group(2),
              sectionTitle,
              chapterNumber);
      blocks.add(block);
      for (String category : sectionCategories) {
        blockOfCategory.put(category, block);
      }
    }

    private Icd10Chapter chapter(String desc, int line) {
      Matcher matcher = TRAILING_RANGE.matcher(desc);
      if (chapterNumber == null || !matcher.matches() || matcher.group(3) == null) {
        throw Errors.tabularChapterWrong(source, line, desc);
      }
      return new Icd10Chapter(chapterNumber, matcher.group(2), matcher.group(3), matcher.group(1));
    }
  }
}
