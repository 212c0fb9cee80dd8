package org.carelake.terminology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Icd10EntryTest {

  private static final Icd10Chapter CIRCULATORY = Icd10Chapters.chapterOf("I10").orElseThrow();

  @Test
  void anEntryHoldsTheCodeInBothForms() {
    Icd10Entry entry =
        new Icd10Entry(
            "I10",
            "I10",
            true,
            "Essential (primary) hypertension",
            "Essential (primary) hypertension",
            CIRCULATORY);

    assertThat(entry.dottedCode()).isEqualTo(Icd10Code.dotted(entry.code()));
  }

  @Test
  void anEntryRejectsACodeNotInTheStoredForm() {
    assertThatThrownBy(() -> new Icd10Entry("i10", "I10", true, "a", "b", CIRCULATORY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Entry code 'i10' is not in the stored form; entries hold codes undotted and upper"
                + " case as the order file does; pass Icd10Code.normalize(code).");
  }

  @Test
  void anEntryRejectsADottedCodeThatIsNotItsDisplayForm() {
    assertThatThrownBy(() -> new Icd10Entry("I110", "I110", true, "a", "b", CIRCULATORY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Entry 'I110' has the dotted code 'I110', which is not its display form; the dotted"
                + " code must equal Icd10Code.dotted(code); pass 'I11.0'.");
  }

  @Test
  void anEntryRejectsAChapterThatDoesNotHoldIt() {
    assertThatThrownBy(() -> new Icd10Entry("E119", "E11.9", true, "a", "b", CIRCULATORY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Entry 'E119' is given chapter 9 (I00-I99), whose range does not hold it; an entry's"
                + " chapter is the one whose range holds its category; pass"
                + " Icd10Chapters.chapterOf(code).");
  }

  @Test
  void aChapterRejectsANumberOutsideTheTabularList() {
    assertThatThrownBy(() -> new Icd10Chapter(23, "U00", "U85", "Special"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Chapter number 23 is out of range; the ICD-10-CM tabular list has chapters 1 to 22;"
                + " use a number from the release's tabular list.");
  }

  @Test
  void aChapterRejectsARangeInTheWrongOrder() {
    assertThatThrownBy(() -> new Icd10Chapter(1, "B99", "A00", "Infections"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Chapter 1 has the range 'B99-A00', which is not two upper-case three-character"
                + " categories in ascending order;");
  }

  @Test
  void aChapterContainsCodesInAnyFormWhoseCategoryIsInRange() {
    assertThat(CIRCULATORY.contains("i25.10")).isTrue();
    assertThat(CIRCULATORY.contains("J44.9")).isFalse();
    assertThat(CIRCULATORY.contains(null)).isFalse();
  }
}
