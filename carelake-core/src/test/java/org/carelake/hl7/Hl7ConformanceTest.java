package org.carelake.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance corpus ({@code src/test/resources/hl7/conformance}): messages written from the
 * HL7 v2 segment definitions (v2.3 to v2.8) in the shapes real senders use, each {@code .hl7} with
 * a {@code .json} beside it that states what it must map to and the chapter it checks.
 *
 * <p>Every message whose required fields are present maps; every record a message carries is a
 * mapped record or a rejection with a located reason (counted against the DG1 and OBX segments
 * sent, so nothing is dropped); no reason quotes a field's value.
 */
class Hl7ConformanceTest {
  private static final Hl7Reader READER = new Hl7Reader();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ENTRY = Pattern.compile("(\\w+)\\[(\\d+)]\\.(\\w+)");

  static Stream<String> cases() throws IOException, URISyntaxException {
    try (Stream<Path> files = Files.list(folder())) {
      return files
          .map(path -> path.getFileName().toString())
          .filter(name -> name.endsWith(".hl7"))
          .map(name -> name.substring(0, name.length() - ".hl7".length()))
          .sorted()
          .collect(Collectors.toList())
          .stream();
    }
  }

  private static Path folder() throws URISyntaxException {
    return Path.of(Hl7ConformanceTest.class.getResource("/hl7/conformance").toURI());
  }

  private static List<String> messages(String name) throws Exception {
    byte[] bytes = Files.readAllBytes(folder().resolve(name + ".hl7"));
    return Hl7Framing.split(Hl7Charsets.decode(bytes)).stream()
        .map(Hl7Framing.Framed::text)
        .collect(Collectors.toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void messageMapsToItsExpectedRecordsAndLosesNone(String name) throws Exception {
    JsonNode expected = JSON.readTree(folder().resolve(name + ".json").toFile());
    assertThat(expected.path("cite").asText()).as("the chapter the case checks").isNotBlank();
    List<String> messages = messages(name);
    JsonNode wanted = expected.get("messages");
    assertThat(messages).hasSize(wanted.size());
    List<Hl7Reading> readings = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      Hl7Reading reading = READER.read(messages.get(i));
      readings.add(reading);
      check(messages.get(i), reading, wanted.get(i));
    }
    JsonNode distinct = expected.path("distinctKeys");
    if (distinct.has("encounters")) {
      Set<Long> keys = new HashSet<>();
      readings.forEach(r -> r.records().encounters().forEach(e -> keys.add(e.encounterId())));
      assertThat(keys).hasSize(distinct.get("encounters").asInt());
    }
  }

  private static void check(String text, Hl7Reading reading, JsonNode wanted) throws Exception {
    List<String> reasons = new ArrayList<>(reading.errorLines());
    reading.records().rejected().forEach(r -> reasons.addAll(r.reasonLines()));
    for (JsonNode value : wanted.path("absentFromReasons")) {
      assertThat(reasons).noneMatch(line -> line.contains(value.asText()));
    }
    if (!wanted.get("valid").asBoolean()) {
      assertThat(reading.isValid()).as("valid").isFalse();
      assertThat(reading.errors())
          .extracting(Hl7Problem::location)
          .containsExactlyElementsOf(texts(wanted.path("errorsAt")));
      return;
    }
    assertThat(reading.errorLines()).as("errors").isEmpty();
    Hl7Records records = reading.records();
    assertThat(records.patients()).as("patients").hasSize(wanted.get("patients").asInt());
    assertThat(records.encounters()).as("encounters").hasSize(wanted.get("encounters").asInt());
    assertThat(records.diagnoses()).as("diagnoses").hasSize(wanted.get("diagnoses").asInt());
    assertThat(records.appointments())
        .as("appointments")
        .hasSize(wanted.get("appointments").asInt());
    assertThat(records.labResults()).as("lab results").hasSize(wanted.get("labResults").asInt());
    assertThat(records.rejected())
        .extracting(Hl7Rejection::segment)
        .containsExactlyElementsOf(texts(wanted.path("rejected")));
    for (Hl7Rejection rejection : records.rejected()) {
      assertThat(rejection.problems()).as("reasons of " + rejection.segment()).isNotEmpty();
      assertThat(rejection.problems())
          .extracting(Hl7Problem::location)
          .noneMatch(Hl7Problem.MESSAGE::equals);
    }
    if (wanted.has("rejectedAt")) {
      assertThat(records.rejected().stream().flatMap(r -> r.problems().stream()))
          .extracting(Hl7Problem::location)
          .containsExactlyElementsOf(texts(wanted.get("rejectedAt")));
    }
    assertThat(records.unparsed())
        .as("values left for silver's declared rules")
        .extracting(Hl7Unparsed::location)
        .containsExactlyElementsOf(texts(wanted.path("unparsedAt")));
    for (String location : texts(wanted.path("warningsAt"))) {
      assertThat(reading.warnings()).extracting(Hl7Problem::location).contains(location);
    }
    // Nothing dropped: every DG1 sent is a diagnosis or a rejection (when the visit keys them),
    // every OBX (or run of text lines of one observation) a result or a rejection.
    if (!records.encounters().isEmpty()) {
      long rejectedDiagnoses =
          records.rejected().stream().filter(r -> r.entity().equals("diagnoses")).count();
      assertThat(records.diagnoses().size() + rejectedDiagnoses)
          .as("DG1 segments sent")
          .isEqualTo(segments(text, "DG1").size());
    }
    long rejectedResults =
        records.rejected().stream().filter(r -> r.entity().equals("lab_results")).count();
    assertThat(records.labResults().size() + rejectedResults)
        .as("OBX observations sent")
        .isEqualTo(observations(segments(text, "OBX")));

    Iterator<Map.Entry<String, JsonNode>> fields = wanted.path("fields").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      Object actual = value(records, field.getKey());
      JsonNode value = field.getValue();
      if (value.isNull()) {
        assertThat(actual).as(field.getKey()).isNull();
      } else if (value.asText().equals("derived")) {
        assertThat((Long) actual).as(field.getKey()).isGreaterThanOrEqualTo(Hl7Keys.DERIVED_BASE);
      } else {
        assertThat(String.valueOf(actual)).as(field.getKey()).isEqualTo(value.asText());
      }
    }
    Iterator<Map.Entry<String, JsonNode>> lines = wanted.path("textLines").fields();
    while (lines.hasNext()) {
      Map.Entry<String, JsonNode> line = lines.next();
      assertThat(((String) value(records, line.getKey())).split("\n", -1))
          .as(line.getKey())
          .hasSize(line.getValue().asInt());
    }
  }

  /**
   * The corpus covers every supported message type and trigger, every version from 2.3 to 2.8, and
   * the framings senders use (CR, LF, CRLF, a byte-order mark).
   */
  @Test
  void corpusCoversEverySupportedTypeVersionAndFraming() throws Exception {
    Set<String> types = new HashSet<>();
    Set<String> versions = new HashSet<>();
    Set<String> framings = new HashSet<>();
    for (String name : cases().collect(Collectors.toList())) {
      byte[] bytes = Files.readAllBytes(folder().resolve(name + ".hl7"));
      String raw = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
      framings.add(raw.contains("\r\n") ? "CRLF" : raw.contains("\n") ? "LF" : "CR");
      if (raw.startsWith("\uFEFF")) {
        framings.add("BOM");
      }
      for (String message : messages(name)) {
        Hl7Header header = Hl7Header.peek(message);
        types.add(header.typeAndTrigger().orElseThrow());
        versions.add(header.version());
      }
    }
    assertThat(types).containsAll(Hl7Reader.SUPPORTED);
    assertThat(versions).contains("2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.8");
    assertThat(framings).contains("CR", "LF", "CRLF", "BOM");
  }

  private static Object value(Hl7Records records, String path) throws Exception {
    Matcher m = ENTRY.matcher(path);
    assertThat(m.matches()).as("field path " + path).isTrue();
    List<?> list = (List<?>) Hl7Records.class.getMethod(m.group(1)).invoke(records);
    Object record = list.get(Integer.parseInt(m.group(2)));
    return record.getClass().getMethod(m.group(3)).invoke(record);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static List<String[]> segments(String text, String name) {
    List<String[]> found = new ArrayList<>();
    for (String segment : text.split("\r")) {
      if (segment.startsWith(name + "|")) {
        found.add(segment.split("\\|", -1));
      }
    }
    return found;
  }

  /** OBX segments, a run of TX/FT lines with the same OBX-3 and OBX-4 counted once. */
  private static int observations(List<String[]> obx) {
    int count = 0;
    String previous = null;
    for (String[] fields : obx) {
      String type = fields.length > 2 ? fields[2] : "";
      String key =
          (fields.length > 3 ? fields[3] : "") + "|" + (fields.length > 4 ? fields[4] : "");
      boolean text = type.equals("TX") || type.equals("FT");
      if (!(text && key.equals(previous))) {
        count++;
      }
      previous = text ? key : null;
    }
    return count;
  }
}
