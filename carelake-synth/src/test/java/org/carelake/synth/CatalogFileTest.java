package org.carelake.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogFileTest {

  @Test
  void entriesKeepFileOrderAndQuotedCommas() {
    List<CatalogFile.Entry> cities =
        CatalogFile.read("cities.csv", "city", "area_code", "zip_codes", "weight");

    assertThat(cities.get(0).text("city")).isEqualTo("Boston");
    assertThat(cities.get(0).number("weight")).isEqualTo(675.0);
    assertThat(PeopleCatalog.CITIES).hasSameSizeAs(cities);
    assertThat(ConditionCatalog.CHRONIC.get(1).description())
        .isEqualTo("Hyperlipidemia, unspecified");
  }

  @Test
  void anEmptyReferenceLimitIsNone() {
    assertThat(LabCatalog.ALL)
        .anySatisfy(test -> assertThat(Double.isNaN(test.low()) || Double.isNaN(test.high())))
        .allSatisfy(test -> assertThat(test.criticalHigh()).isGreaterThan(test.criticalLow()));
  }

  @Test
  void aMissingCatalogFailsNamingIt() {
    assertThatThrownBy(() -> CatalogFile.read("nothing.csv", "name"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "The catalog nothing.csv is not on the class path; the synthetic EHR reads its"
                + " catalogs from org/carelake/synth/catalog/ in carelake-synth's jar; rebuild"
                + " carelake-synth.");
  }

  @Test
  void aCatalogWithAnotherHeaderFails() {
    assertThatThrownBy(() -> CatalogFile.read("test-wrong-header.csv", "city", "weight"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "The catalog test-wrong-header.csv does not start with the header 'city,weight'; the"
                + " catalog class reads its columns by these names; restore the header line.");
  }

  @Test
  void aFieldThatIsNotANumberFailsWithItsLineAndColumn() {
    CatalogFile.Entry boston = CatalogFile.read("test-bad-lines.csv", "city", "weight").get(0);

    assertThatThrownBy(() -> boston.number("weight"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "The catalog test-bad-lines.csv line 2, column weight, is not a number;");
  }

  @Test
  void aLineWithAnotherNumberOfFieldsFails() {
    assertThatThrownBy(() -> CatalogFile.read("test-extra-field.csv", "city", "weight"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "The catalog test-extra-field.csv line 3 has 3 fields, not 2; every entry has one field"
                + " per header column; quote a field that holds a comma.");
  }
}
