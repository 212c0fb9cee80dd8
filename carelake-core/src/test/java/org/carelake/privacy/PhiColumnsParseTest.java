package org.carelake.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.carelake.core.CarelakeException;
import org.junit.jupiter.api.Test;

class PhiColumnsParseTest {
  private static final String SUFFIX =
      ". Every line is 'table,column,class,safe-harbor identifier,form' with class direct,"
          + " quasi or none, and each table and column is classified once (see PhiColumns).";

  @Test
  void linesAreReadWithTheirClassIdentifierAndFormAndCommentsAreSkipped() {
    PhiColumns columns =
        PhiColumns.parse(
            List.of(
                "# a comment",
                "",
                "silver/patients,mrn,direct,medical-record-number,as-is",
                "silver/patients,birth_date,quasi,dates,day",
                "silver/patients,_run_id,none,,none"));

    assertThat(columns.tables()).containsExactly("silver/patients");
    assertThat(columns.find("silver/patients", "mrn"))
        .hasValue(
            new PhiColumn(
                "silver/patients",
                "mrn",
                PhiClass.DIRECT_IDENTIFIER,
                java.util.Optional.of(SafeHarborIdentifier.MEDICAL_RECORD_NUMBER),
                "as-is"));
    assertThat(columns.find("silver/patients", "birth_date").orElseThrow().identifier())
        .hasValue(SafeHarborIdentifier.DATES);
    assertThat(columns.find("silver/patients", "ssn")).isEmpty();
    assertThat(SafeHarborIdentifier.MEDICAL_RECORD_NUMBER.letter()).isEqualTo('H');
    assertThat(SafeHarborIdentifier.values()).hasSize(18);
  }

  @Test
  void aColumnClassifiedTwiceIsRefusedWithItsLine() {
    assertThatThrownBy(
            () ->
                PhiColumns.parse(
                    List.of(
                        "silver/patients,mrn,direct,medical-record-number,as-is",
                        "silver/patients,mrn,none,,none")))
        .isInstanceOf(CarelakeException.class)
        .hasMessage(
            "The PHI classification privacy/phi-columns.csv has an unusable line 2:"
                + " silver/patients.mrn is classified twice"
                + SUFFIX);
  }

  @Test
  void aDirectIdentifierWithoutItsSafeHarborIdentifierIsRefused() {
    assertThatThrownBy(() -> PhiColumns.parse(List.of("silver/patients,ssn,direct,,as-is")))
        .isInstanceOf(CarelakeException.class)
        .hasMessage(
            "The PHI classification privacy/phi-columns.csv has an unusable line 1:"
                + " silver/patients.ssn: a direct identifier names its Safe Harbor identifier"
                + SUFFIX);
  }

  @Test
  void anUnknownClassOrIdentifierIsRefused() {
    assertThatThrownBy(() -> PhiColumns.parse(List.of("gold/x,age,secret,,none")))
        .isInstanceOf(CarelakeException.class)
        .hasMessageContaining("line 1: the class 'secret' is unknown");
    assertThatThrownBy(() -> PhiColumns.parse(List.of("gold/x,zip3,quasi,zip,zip3")))
        .isInstanceOf(CarelakeException.class)
        .hasMessageContaining("line 1: the Safe Harbor identifier 'zip' is unknown");
  }

  @Test
  void theShippedClassificationLoads() {
    assertThat(PhiColumns.load().all()).hasSizeGreaterThan(500);
  }
}
