package org.carelake.terminology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.carelake.terminology.CsvRecords.CsvRecord;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

  @Test
  void quotedFieldsKeepCommasAndDoubledQuotes() {
    assertThat(CsvRecords.parse("a,\"b, c\",\"say \"\"hi\"\"\"\n", "t"))
        .containsExactly(new CsvRecord(1, List.of("a", "b, c", "say \"hi\"")));
  }

  @Test
  void recordsEndAtLfOrCrlfAndTheLastLineBreakIsOptional() {
    assertThat(CsvRecords.parse("a,b\r\nc,d\ne,f", "t"))
        .containsExactly(
            new CsvRecord(1, List.of("a", "b")),
            new CsvRecord(2, List.of("c", "d")),
            new CsvRecord(3, List.of("e", "f")));
  }

  @Test
  void emptyFieldsAreKeptQuotedOrNot() {
    assertThat(CsvRecords.parse(",\"\",\n", "t"))
        .containsExactly(new CsvRecord(1, List.of("", "", "")));
  }

  @Test
  void aQuotedLineBreakStaysInTheFieldAndLineNumbersFollowTheText() {
    assertThat(CsvRecords.parse("\"a\nb\",c\nd\n", "t"))
        .containsExactly(new CsvRecord(1, List.of("a\nb", "c")), new CsvRecord(3, List.of("d")));
  }

  @Test
  void emptyTextHasNoRecords() {
    assertThat(CsvRecords.parse("", "t")).isEmpty();
  }

  @Test
  void anUnclosedQuoteFailsNamingTheLineWhereItOpens() {
    assertThatThrownBy(() -> CsvRecords.parse("a,b\nc,\"d\n", "x.csv"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "x.csv line 2: a quoted field is never closed; the file ends inside quotes; add the"
                + " closing double quote, and write a quote inside a field as two quotes.");
  }

  @Test
  void aQuoteInsideAnUnquotedFieldFails() {
    assertThatThrownBy(() -> CsvRecords.parse("a,b\"c\n", "x.csv"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "x.csv line 1: a double quote stands inside an unquoted field or after a closing"
                + " quote; in CSV only a whole field may be quoted; quote the whole field and"
                + " write a quote inside it as two quotes.");
  }

  @Test
  void textAfterAClosingQuoteFails() {
    assertThatThrownBy(() -> CsvRecords.parse("\"a\"b,c\n", "x.csv"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("x.csv line 1: a double quote stands inside an unquoted field");
  }
}
