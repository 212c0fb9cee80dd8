package org.carelake.terminology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Icd10StarterSetTest {

  private static final String HEADER = "code,billable,short_description,long_description\n";

  @Test
  void everyStarterEntryIsInTheOrderFileWithTheSameFlagAndDescriptions() {
    Map<String, ReferenceFiles.OrderLine> release =
        ReferenceFiles.orderLines().stream()
            .collect(Collectors.toMap(ReferenceFiles.OrderLine::code, Function.identity()));

    List<String> wrong = new ArrayList<>();
    for (Icd10Entry entry : Icd10StarterSet.entries()) {
      ReferenceFiles.OrderLine line = release.get(entry.code());
      if (line == null
          || line.billable() != entry.billable()
          || !line.shortDescription().equals(entry.shortDescription())
          || !line.longDescription().equals(entry.longDescription())) {
        wrong.add(entry.code());
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void starterEntriesFollowTheOrderOfTheOrderFile() {
    Map<String, Integer> order =
        ReferenceFiles.orderLines().stream()
            .collect(
                Collectors.toMap(ReferenceFiles.OrderLine::code, ReferenceFiles.OrderLine::order));

    assertThat(Icd10StarterSet.entries()).extracting(entry -> order.get(entry.code())).isSorted();
  }

  @Test
  void starterSetHoldsAboutTwoHundredBillableCodes() {
    assertThat(Icd10StarterSet.entries()).hasSizeBetween(150, 250);
    assertThat(Icd10StarterSet.entries()).allMatch(Icd10Entry::billable);
  }

  @Test
  void starterSetCoversAtLeastEighteenChapters() {
    assertThat(Icd10StarterSet.entries().stream().map(Icd10Entry::chapter).distinct().count())
        .isGreaterThanOrEqualTo(18);
  }

  @Test
  void starterSetHoldsTheCodesADemoRecordNeeds() {
    assertThat(Icd10StarterSet.entries())
        .extracting(Icd10Entry::dottedCode)
        .contains(
            "I10",
            "E11.9",
            "E78.5",
            "J44.9",
            "J18.9",
            "N39.0",
            "I48.91",
            "I21.9",
            "I63.9",
            "F32.9",
            "F41.1",
            "M54.5",
            "S72.001A",
            "O80",
            "Z38.00",
            "Z00.00",
            "Z23",
            "A41.9",
            "U07.1",
            "C61",
            "D64.9",
            "E03.9",
            "K21.9",
            "R55",
            "R51.9");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"E11.9", "E119", "e11.9", " e119 "})
  void lookupAcceptsDottedAndUndottedForms(String code) {
    assertThat(Icd10StarterSet.lookup(code))
        .hasValueSatisfying(
            entry -> {
              assertThat(entry.code()).isEqualTo("E119");
              assertThat(entry.dottedCode()).isEqualTo("E11.9");
              assertThat(entry.billable()).isTrue();
              assertThat(entry.shortDescription())
                  .isEqualTo("Type 2 diabetes mellitus without complications");
              assertThat(entry.chapter().number()).isEqualTo(4);
            });
  }

  @Test
  void quotedDescriptionsKeepTheirCommas() {
    assertThat(Icd10StarterSet.lookup("S72.001A"))
        .map(Icd10Entry::longDescription)
        .contains(
            "Fracture of unspecified part of neck of right femur, initial encounter for closed"
                + " fracture");
    assertThat(Icd10StarterSet.lookup("E78.5"))
        .map(Icd10Entry::shortDescription)
        .contains("Hyperlipidemia, unspecified");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"A00.0", "E11", "E11..9", "", " "})
  void lookupIsEmptyForHeadersUnlistedCodesAndMalformedValues(String code) {
    assertThat(Icd10StarterSet.lookup(code)).isEmpty();
  }

  @Test
  void lookupOfNullIsEmpty() {
    assertThat(Icd10StarterSet.lookup(null)).isEmpty();
  }

  @Test
  void entriesCannotBeModified() {
    List<Icd10Entry> entries = Icd10StarterSet.entries();
    assertThatThrownBy(entries::clear).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void parsingReadsCrlfLineEndsAndHeaderCodes() {
    Map<String, Icd10Entry> parsed =
        Icd10StarterSet.parse(
            HEADER.replace("\n", "\r\n") + "E11,0,Type 2 diabetes mellitus,\"Type 2, long\"\r\n",
            "test.csv");

    assertThat(parsed.get("E11").billable()).isFalse();
    assertThat(parsed.get("E11").longDescription()).isEqualTo("Type 2, long");
  }

  @Test
  void parsingRejectsAWrongHeader() {
    assertThatThrownBy(() -> Icd10StarterSet.parse("code,description\nI10,x\n", "test.csv"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "test.csv does not start with the header"
                + " 'code,billable,short_description,long_description'; the starter-set loader"
                + " reads columns by that layout; restore the header line.");
  }

  @Test
  void parsingRejectsAnUnquotedCommaInADescription() {
    assertThatThrownBy(
            () ->
                Icd10StarterSet.parse(
                    HEADER
                        + "I10,1,Hypertension,Essential (primary) hypertension\n"
                        + "E785,1,Hyperlipidemia, unspecified,Hyperlipidemia, unspecified\n",
                    "test.csv"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "test.csv line 3: has 6 fields instead of 4; a description holding a comma must be"
                + " quoted; quote it.");
  }

  @Test
  void parsingRejectsADottedCode() {
    assertThatThrownBy(() -> Icd10StarterSet.parse(HEADER + "E11.9,1,a,b\n", "test.csv"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "test.csv line 2: code 'E11.9' is not in the stored form; the starter set holds codes"
                + " undotted and upper case as the order file does; write it as the order file"
                + " does.");
  }

  @Test
  void parsingRejectsABillableFlagOtherThanOneOrZero() {
    assertThatThrownBy(() -> Icd10StarterSet.parse(HEADER + "I10,true,a,b\n", "test.csv"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "test.csv line 2: billable is 'true'; the column holds the order file's flag, 1 for"
                + " billable and 0 for a header; write 1 or 0.");
  }

  @Test
  void parsingRejectsABlankDescription() {
    assertThatThrownBy(() -> Icd10StarterSet.parse(HEADER + "I10,1, ,b\n", "test.csv"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "test.csv line 2: code 'I10' has a blank description; both descriptions come from"
                + " the order file; copy them from it.");
  }

  @Test
  void parsingRejectsACodeOutsideEveryChapter() {
    assertThatThrownBy(() -> Icd10StarterSet.parse(HEADER + "U990,1,a,b\n", "test.csv"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "test.csv line 2: code 'U990' lies in no chapter's range, so it is not an ICD-10-CM"
                + " FY2021 code; use a code from the order file.");
  }

  @Test
  void parsingRejectsARepeatedCode() {
    assertThatThrownBy(() -> Icd10StarterSet.parse(HEADER + "I10,1,a,b\nI10,1,a,b\n", "test.csv"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "test.csv line 3: code 'I10' appears a second time; a code has one entry; remove the"
                + " repeated line.");
  }
}
