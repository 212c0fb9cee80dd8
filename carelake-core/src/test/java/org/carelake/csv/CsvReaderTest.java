package org.carelake.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.carelake.core.CarelakeException;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

  @Test
  void quotedFieldsKeepCommasAndDoubledQuotes() {
    assertThat(CsvReader.parse("a,\"b, c\",\"say \"\"hi\"\"\"\n", "t"))
        .containsExactly(new CsvRecord(1, List.of("a", "b, c", "say \"hi\"")));
  }

  @Test
  void recordsEndAtLfOrCrlfAndTheLastLineBreakIsOptional() {
    assertThat(CsvReader.parse("a,b\r\nc,d\ne,f", "t"))
        .containsExactly(
            new CsvRecord(1, List.of("a", "b")),
            new CsvRecord(2, List.of("c", "d")),
            new CsvRecord(3, List.of("e", "f")));
  }

  @Test
  void emptyFieldsAreKeptQuotedOrNot() {
    assertThat(CsvReader.parse(",\"\",\n", "t"))
        .containsExactly(new CsvRecord(1, List.of("", "", "")));
  }

  @Test
  void aQuotedLineBreakStaysInTheFieldAndLineNumbersFollowTheText() {
    assertThat(CsvReader.parse("\"a\nb\",c\nd\n", "t"))
        .containsExactly(new CsvRecord(1, List.of("a\nb", "c")), new CsvRecord(3, List.of("d")));
  }

  @Test
  void emptyTextHasNoRecords() {
    assertThat(CsvReader.parse("", "t")).isEmpty();
  }

  @Test
  void anUnclosedQuoteFailsNamingTheLineWhereItOpens() {
    assertThatThrownBy(() -> CsvReader.parse("a,b\nc,\"d\n", "x.csv"))
        .isInstanceOf(CarelakeException.class)
        .hasMessage(
            "x.csv line 2: a quoted field is never closed; the file ends inside quotes; add the"
                + " closing double quote, and write a quote inside a field as two quotes.");
  }

  @Test
  void aQuoteInsideAnUnquotedFieldIsKeptAsText() {
    assertThat(CsvReader.parse("a,b\"c\n", "x.csv"))
        .containsExactly(new CsvRecord(1, List.of("a", "b\"c")));
  }

  @Test
  void textAfterAClosingQuoteFails() {
    assertThatThrownBy(() -> CsvReader.parse("\"a\"b,c\n", "x.csv"))
        .isInstanceOf(CarelakeException.class)
        .hasMessage(
            "x.csv line 1: text follows the closing double quote of a field; in CSV only a whole"
                + " field may be quoted; quote the whole field and write a quote inside it as two"
                + " quotes.");
  }

  @Test
  void anErrorAfterAMultiLineRecordNamesTheLineItStartsOn() {
    assertThatThrownBy(() -> CsvReader.parse("\"x\ny\"\n\"a\"b,c\n", "x.csv"))
        .isInstanceOf(CarelakeException.class)
        .hasMessageStartingWith("x.csv line 3: text follows the closing double quote");
  }

  @Test
  void aByteOrderMarkIsDroppedAndBlankLinesAreOneEmptyField() {
    byte[] bytes = "\uFEFFname,zip\n\n\"O'Brien, Jr.\",02108\n".getBytes(StandardCharsets.UTF_8);
    try (CsvReader reader = CsvReader.open(new ByteArrayInputStream(bytes), "people.csv")) {
      assertThat(reader.next()).contains(new CsvRecord(1, List.of("name", "zip")));
      CsvRecord blank = reader.next().orElseThrow();
      assertThat(blank.isBlank()).isTrue();
      assertThat(blank.line()).isEqualTo(2);
      assertThat(reader.next()).contains(new CsvRecord(3, List.of("O'Brien, Jr.", "02108")));
      assertThat(reader.next()).isEqualTo(Optional.empty());
    }
  }

  @Test
  void errorMessagesNeverShowAFieldsValue() {
    assertThatThrownBy(() -> CsvReader.parse("ok\n\"Secret\"Value\n", "p.csv"))
        .isInstanceOf(CarelakeException.class)
        .message()
        .doesNotContain("Secret")
        .doesNotContain("Value")
        .startsWith("p.csv line 2:");
  }
}
