package org.carelake.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class StandardizeTest {
  @Test
  void northAmericanNumbersInAnyCommonSpellingBecomeE164() {
    assertThat(Phones.e164("617-555-0142")).contains("+16175550142");
    assertThat(Phones.e164("(617) 555-0142")).contains("+16175550142");
    assertThat(Phones.e164(" 1 617.555.0142 ")).contains("+16175550142");
    assertThat(Phones.e164("+1 617 555 0142")).contains("+16175550142");
    assertThat(Phones.e164("+44 20 7946 0958")).contains("+442079460958");
  }

  @Test
  void numbersThatCannotBeDialledHaveNoE164Form() {
    assertThat(Phones.e164("617555014")).as("nine digits").isEmpty();
    assertThat(Phones.e164("(617) 55501420")).as("eleven digits, not starting with 1").isEmpty();
    assertThat(Phones.e164("000-000-0000")).as("area code 000").isEmpty();
    assertThat(Phones.e164("n/a")).isEmpty();
    assertThat(Phones.e164("6175550142 ext")).as("letters").isEmpty();
    assertThat(Phones.e164("411-555-0142")).as("N11 service code").isEmpty();
    assertThat(Phones.e164("   ")).isEmpty();
  }

  @Test
  void namesAreTrimmedAndNamesTypedInOneCaseAreTitleCased() {
    assertThat(PersonNames.standardize("  mary\tann ")).contains("Mary Ann");
    assertThat(PersonNames.standardize("MCDONALD")).contains("McDonald");
    assertThat(PersonNames.standardize("o'brien")).contains("O'Brien");
    assertThat(PersonNames.standardize("SULLIVAN-HAYES")).contains("Sullivan-Hayes");
    assertThat(PersonNames.standardize("DeShawn"))
        .as("mixed case is deliberate")
        .contains("DeShawn");
    assertThat(PersonNames.standardize(" ")).isEmpty();
  }

  @Test
  void utf8ReadAsLatin1IsRepairedButRealLatin1NamesAreKept() {
    assertThat(PersonNames.standardize("JosÃ©")).contains("José");
    assertThat(PersonNames.isMisencoded("JosÃ©")).isTrue();
    assertThat(PersonNames.standardize("José")).contains("José");
    assertThat(PersonNames.isMisencoded("José")).isFalse();
  }

  @Test
  void commonUnitSpellingsBecomeUcumAndUnknownUnitsAreKept() {
    assertThat(Units.ucum("mg/dl")).contains("mg/dL");
    assertThat(Units.ucum(" mmol/l ")).contains("mmol/L");
    assertThat(Units.ucum("K/uL")).contains("10*3/uL");
    assertThat(Units.ucum("puff")).contains("{puff}");
    assertThat(Units.ucum("mL/min/{1.73_m2}")).contains("mL/min/{1.73_m2}");
    assertThat(Units.ucum("furlongs")).contains("furlongs");
    assertThat(Units.ucum("")).isEmpty();
  }

  @Test
  void codeSystemNamesBecomeTheirCanonicalUris() {
    assertThat(CodeSystems.uri("ICD-10-CM")).contains("http://hl7.org/fhir/sid/icd-10-cm");
    assertThat(CodeSystems.uri("icd-10-cm")).contains(CodeSystems.ICD10CM);
    assertThat(CodeSystems.uri("SNOMED-CT")).contains("http://snomed.info/sct");
    assertThat(CodeSystems.uri("RxNorm")).contains("http://www.nlm.nih.gov/research/umls/rxnorm");
    assertThat(CodeSystems.uri("http://loinc.org")).contains(CodeSystems.LOINC);
    assertThat(CodeSystems.uri("CPT")).isEmpty();
  }

  @Test
  void loincCodesPassOnlyWithTheirMod10CheckDigit() {
    assertThat(Identifiers.isLoinc("2345-7")).isTrue();
    assertThat(Identifiers.isLoinc("718-7")).isTrue();
    assertThat(Identifiers.isLoinc("4548-4")).isTrue();
    assertThat(Identifiers.isLoinc("33914-3")).isTrue();
    assertThat(Identifiers.isLoinc("2345-6")).as("wrong check digit").isFalse();
    assertThat(Identifiers.isLoinc("23457")).as("no hyphen").isFalse();
  }

  @Test
  void everyLoincCodeOfThePlausibleRangeTableIsValid() {
    assertThat(LabRanges.all()).hasSizeGreaterThanOrEqualTo(20);
    LabRanges.all()
        .values()
        .forEach(
            range -> {
              assertThat(Identifiers.isLoinc(range.loinc())).as(range.loinc()).isTrue();
              assertThat(range.low()).as(range.loinc()).isLessThan(range.high());
            });
    assertThat(LabRanges.of("2345-7").orElseThrow().low()).isEqualByComparingTo(BigDecimal.TEN);
  }

  @Test
  void npisPassOnlyWithTheirLuhnCheckDigit() {
    // The CMS example: 123456789 with prefix 80840 has check digit 3.
    assertThat(Identifiers.isNpi("1234567893")).isTrue();
    assertThat(Identifiers.isNpi("1234567890")).isFalse();
    assertThat(Identifiers.isNpi("123456789")).isFalse();
  }

  @Test
  void rxnormConceptIdsAreDigitsWithoutLeadingZero() {
    assertThat(Identifiers.isRxcui("29046")).isTrue();
    assertThat(Identifiers.isRxcui("029046")).isFalse();
    assertThat(Identifiers.isRxcui("RX29046")).isFalse();
  }

  @Test
  void namesAreCompatibleWhenOneIsEqualAndTheOtherOneSlipOrAKnownVariantAway() {
    assertThat(NameSimilarity.compatible("Jon", "Smith", "John", "Smith")).isTrue();
    assertThat(NameSimilarity.compatible("William", "Smith", "Bill", "Smith")).isTrue();
    assertThat(NameSimilarity.compatible("Catherine", "Lee", "Kathryn", "Lee")).isTrue();
    assertThat(NameSimilarity.compatible("Maria", "Gonzalez", "Maria", "Gonzlaez"))
        .as("swapped letters")
        .isTrue();
    assertThat(NameSimilarity.compatible("Maria", "O'Brien", "MARIA", "OBrien")).isTrue();
  }

  @Test
  void namesAreNotCompatibleWithTwoSlipsOrDifferentPeople() {
    assertThat(NameSimilarity.compatible("Jon", "Smith", "John", "Smyth"))
        .as("both names differ")
        .isFalse();
    assertThat(NameSimilarity.compatible("Maria", "Gonzalez", "Maria", "Garcia")).isFalse();
    assertThat(NameSimilarity.compatible("Anna", "Smith", "Emma", "Smith")).isFalse();
    assertThat(NameSimilarity.compatible(null, "Smith", "Anna", "Smith")).isFalse();
  }
}
