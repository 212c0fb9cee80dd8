package org.carelake.terminology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.carelake.core.CarelakeException;
import org.junit.jupiter.api.Test;

class Icd10OrderFileTest {
  private static String line(int order, String code, char flag, String shortText, String longText) {
    return String.format("%05d %-7s %c %-60s %s", order, code, flag, shortText, longText);
  }

  @Test
  void readsFixedWidthLinesWithCrlfEnds() throws Exception {
    String text =
        line(1, "A00", '0', "Cholera", "Cholera")
            + "\r\n"
            + line(2, "A000", '1', "Cholera due to Vibrio cholerae 01, biovar cholerae", "Long")
            + "\r\n";

    List<Icd10OrderFile.Line> lines = Icd10OrderFile.read(new StringReader(text), "order.txt");

    assertThat(lines)
        .containsExactly(
            new Icd10OrderFile.Line(1, "A00", false, "Cholera", "Cholera"),
            new Icd10OrderFile.Line(
                2, "A000", true, "Cholera due to Vibrio cholerae 01, biovar cholerae", "Long"));
  }

  @Test
  void aLineOutOfLayoutIsRejectedWithItsNumber() {
    String text = line(1, "A00", '0', "Cholera", "Cholera") + "\nA00 Cholera\n";

    assertThatThrownBy(() -> Icd10OrderFile.read(new StringReader(text), "order.txt"))
        .isInstanceOf(CarelakeException.class)
        .hasMessageStartingWith("order.txt line 2: does not follow the order-file layout")
        .hasMessageEndingWith("pass the icd10cm_order_<year>.txt file as CMS publishes it.");
  }

  @Test
  void aFlagOtherThanZeroOrOneIsRejected() {
    String text = line(1, "A00", 'X', "Cholera", "Cholera");

    assertThatThrownBy(() -> Icd10OrderFile.read(new StringReader(text), "order.txt"))
        .hasMessageStartingWith(
            "order.txt line 1: column 15 holds 'X' instead of 1 (billable) or 0 (header)");
  }

  @Test
  void aRepeatedCodeIsRejected() {
    String text =
        line(1, "A00", '0', "Cholera", "Cholera") + "\n" + line(2, "A00", '0', "Again", "Again");

    assertThatThrownBy(() -> Icd10OrderFile.read(new StringReader(text), "order.txt"))
        .hasMessageStartingWith("order.txt line 2: code 'A00' appears a second time");
  }

  @Test
  void aMissingFileIsNamedInTheError() {
    Path missing = Path.of("no-such-order-file.txt");

    assertThatThrownBy(() -> Icd10OrderFile.read(missing))
        .isInstanceOf(CarelakeException.class)
        .hasMessageContaining("no-such-order-file.txt does not exist or is not a file")
        .hasMessageEndingWith("check the path.");
  }
}
