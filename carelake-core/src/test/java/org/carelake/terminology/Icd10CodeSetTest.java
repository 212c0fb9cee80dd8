package org.carelake.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Icd10CodeSetTest {
  private static final Icd10CodeSet RELEASE =
      Icd10CodeSet.of(
          "FY2021",
          List.of(
              new Icd10Concept(
                  "I21",
                  "I21",
                  false,
                  "Acute myocardial infarction",
                  "Acute myocardial infarction",
                  "I21",
                  "Acute myocardial infarction",
                  "I20-I25",
                  "Ischemic heart diseases",
                  9,
                  "Diseases of the circulatory system"),
              new Icd10Concept(
                  "I214",
                  "I21.4",
                  true,
                  "Non-ST elevation (NSTEMI) myocardial infarction",
                  "Non-ST elevation (NSTEMI) myocardial infarction",
                  "I21",
                  "Acute myocardial infarction",
                  "I20-I25",
                  "Ischemic heart diseases",
                  9,
                  "Diseases of the circulatory system")));

  @ParameterizedTest(name = "\"{0}\" is {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "I21.4|BILLABLE",
        " i214 |BILLABLE",
        "I21|HEADER",
        "I21.9|UNKNOWN",
        "I21,4|MALFORMED",
        "'  '|MISSING"
      })
  void classifiesAValueAgainstALoadedRelease(String value, Icd10Status status) {
    assertThat(RELEASE.statusOf(value)).isEqualTo(status);
  }

  @ParameterizedTest(name = "\"{0}\" is {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "E11.9|BILLABLE",
        "E11|HEADER",
        "N18.3|HEADER",
        "E11.99|UNKNOWN",
        "F32.A|UNKNOWN",
        "E11.|MALFORMED"
      })
  void classifiesAValueAgainstTheStarterSetWithTheHeadersItsCodesImply(
      String value, Icd10Status status) {
    assertThat(Icd10CodeSet.starter().statusOf(value)).isEqualTo(status);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource({"null", "''"})
  void anAbsentValueIsMissing(String value) {
    assertThat(RELEASE.statusOf("null".equals(value) ? null : value))
        .isEqualTo(Icd10Status.MISSING);
  }

  @org.junit.jupiter.api.Test
  void lookupGivesTheConceptOfAListedCodeOnly() {
    assertThat(RELEASE.lookup("I21.4"))
        .map(Icd10Concept::blockTitle)
        .contains("Ischemic heart diseases");
    assertThat(RELEASE.lookup("I21.9")).isEmpty();
    assertThat(Icd10CodeSet.starter().lookup("E11")).isEmpty();
    assertThat(Icd10CodeSet.starter().release()).isEqualTo("starter");
  }
}
