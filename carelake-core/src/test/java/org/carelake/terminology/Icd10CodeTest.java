package org.carelake.terminology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class Icd10CodeTest {

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "' e11.9 '|E119",
        "E11.9|E119",
        "E119|E119",
        "I10|I10",
        "i10|I10",
        "s72.001a|S72001A",
        "S72001A|S72001A",
        "T07.XXXA|T07XXXA",
        "O9A.119|O9A119",
        "C4A.9|C4A9",
        "U07.1|U071"
      })
  void normalizeTrimsRemovesTheDotAndUpperCases(String asEntered, String expected) {
    assertThat(Icd10Code.normalize(asEntered)).contains(expected);
  }

  @Test
  void normalizeRemovesTabsLineBreaksAndOtherUnicodeWhitespaceAroundTheCode() {
    assertThat(Icd10Code.normalize("\tZ00.00\r\n")).contains("Z0000");
    assertThat(Icd10Code.normalize("\u2003Z23\u2003")).contains("Z23");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "E11..9",
        "E11.",
        ".E119",
        "E1.19",
        "E119.",
        "11.9",
        "E1",
        "E",
        "1E119",
        "EE119",
        "E11 9",
        "E11-9",
        "E11,9",
        "S72.001AB",
        "S72001AB",
        "E11.9 E11.9",
        "Ｅ11.9",
        "E１１.9",
        "ı10",
        "É11.9",
        "E11.9\u0000"
      })
  void normalizeRejectsMalformedValues(String asEntered) {
    assertThat(Icd10Code.normalize(asEntered)).isEmpty();
    assertThat(Icd10Code.formatOf(asEntered)).isEqualTo(Icd10Format.MALFORMED);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\t\r\n", "\u2003"})
  void missingValuesHaveNoNormalFormAndAreReportedMissing(String asEntered) {
    assertThat(Icd10Code.normalize(asEntered)).isEmpty();
    assertThat(Icd10Code.formatOf(asEntered)).isEqualTo(Icd10Format.MISSING);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"E11.9", "e119", " I10 ", "S72.001A", "Z3A.39", "U071"})
  void wellFormedValuesAreReportedWellFormed(String asEntered) {
    assertThat(Icd10Code.formatOf(asEntered)).isEqualTo(Icd10Format.WELL_FORMED);
  }

  @Test
  void aWellFormedValueNeedNotBeARealCode() {
    // The pattern is syntax only: E11.9X is shaped like a code but the release has no E119X,
    // which is why lookups go through a code set.
    assertThat(Icd10Code.formatOf("e11.9x")).isEqualTo(Icd10Format.WELL_FORMED);
    assertThat(Icd10Code.normalize("e11.9x")).contains("E119X");
    assertThat(Icd10StarterSet.lookup("e11.9x")).isEmpty();
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource({
    "E119,E11.9",
    "I10,I10",
    "S72001A,S72.001A",
    "e11.9,E11.9",
    "Z0000,Z00.00",
    "O9A119,O9A.119"
  })
  void dottedFormPutsTheDotAfterTheThirdCharacter(String code, String expected) {
    assertThat(Icd10Code.dotted(code)).isEqualTo(expected);
  }

  @Test
  void dottedFormOfAMalformedValueFailsWithoutEchoingIt() {
    assertThatThrownBy(() -> Icd10Code.dotted("E11..9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot format an ICD-10-CM code: the value (6 characters, not shown) is malformed;"
                + " a code is a letter, a digit, a letter or digit, then up to four letters or"
                + " digits, optionally with one dot after the third character; check values with"
                + " Icd10Code.formatOf or Icd10Code.normalize before formatting them.");
  }

  @Test
  void dottedFormOfAMissingValueFailsSayingItIsMissing() {
    assertThatThrownBy(() -> Icd10Code.dotted(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Cannot format an ICD-10-CM code: the value is missing (null, empty or only"
                + " whitespace);");
    assertThatThrownBy(() -> Icd10Code.dotted("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the value is missing");
  }

  @Test
  void everyCodeInTheOrderFileIsWellFormedAndSurvivesTheDottedForm() {
    List<String> failures = new ArrayList<>();
    for (ReferenceFiles.OrderLine line : ReferenceFiles.orderLines()) {
      String code = line.code();
      String dotted = Icd10Code.dotted(code);
      boolean dotInPlace = code.length() == 3 ? dotted.equals(code) : dotted.indexOf('.') == 3;
      if (Icd10Code.formatOf(code) != Icd10Format.WELL_FORMED
          || !dotInPlace
          || !Icd10Code.normalize(dotted).orElseThrow().equals(code)) {
        failures.add(code);
      }
    }
    assertThat(failures).isEmpty();
  }
}
