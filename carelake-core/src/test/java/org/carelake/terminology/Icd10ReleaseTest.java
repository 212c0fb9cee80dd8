package org.carelake.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads the real FY2021 release files (skipped when they are absent). */
class Icd10ReleaseTest {
  private static Icd10Release release;
  private static Map<String, Icd10Concept> byCode;

  @BeforeAll
  static void readRelease() {
    Path folder = ReferenceFiles.assumeFolder();
    release =
        Icd10Release.read(
            folder.resolve(ReferenceFiles.ORDER_FILE),
            Optional.of(folder.resolve(ReferenceFiles.TABULAR_FILE)),
            Optional.empty());
    byCode =
        release.concepts().stream()
            .collect(Collectors.toMap(Icd10Concept::code, Function.identity()));
  }

  @Test
  void releaseNameComesFromTheTabularListsVersion() {
    assertThat(release.name()).isEqualTo("FY2021");
  }

  @Test
  void fiscalYear2021Holds72621BillableCodesIn22Chapters() {
    Icd10Release.Counts counts = release.counts();

    assertThat(counts.codes()).isEqualTo(95_358);
    assertThat(counts.billable()).isEqualTo(72_621);
    assertThat(counts.headers()).isEqualTo(95_358 - 72_621);
    assertThat(counts.chapters()).isEqualTo(22);
    assertThat(counts.blocks()).isEqualTo(284);
  }

  @Test
  void acuteMyocardialInfarctionSitsInTheIschemicHeartDiseasesBlockOfChapterNine() {
    Icd10Concept code = byCode.get("I214");

    assertThat(code.dottedCode()).isEqualTo("I21.4");
    assertThat(code.billable()).isTrue();
    assertThat(code.longDescription()).isEqualTo("Non-ST elevation (NSTEMI) myocardial infarction");
    assertThat(code.category()).isEqualTo("I21");
    assertThat(code.categoryTitle()).isEqualTo("Acute myocardial infarction");
    assertThat(code.block()).isEqualTo("I20-I25");
    assertThat(code.blockTitle()).isEqualTo("Ischemic heart diseases");
    assertThat(code.chapter()).isEqualTo(9);
    assertThat(code.chapterTitle()).isEqualTo("Diseases of the circulatory system");
  }

  @Test
  void sevenCharacterCodesTakeTheBlockOfTheirCategory() {
    Icd10Concept code = byCode.get("S72001A");

    assertThat(code.dottedCode()).isEqualTo("S72.001A");
    assertThat(code.block()).isEqualTo("S70-S79");
    assertThat(code.blockTitle()).isEqualTo("Injuries to the hip and thigh");
    assertThat(code.chapter()).isEqualTo(19);
  }

  @Test
  void headersAreNotBillableAndKeepTheirDescription() {
    Icd10Concept header = byCode.get("E11");

    assertThat(header.billable()).isFalse();
    assertThat(header.longDescription()).isEqualTo("Type 2 diabetes mellitus");
    assertThat(header.block()).isEqualTo("E08-E13");
  }

  @Test
  void aBlockOfOneCategoryAndChapterTwentyTwoAreRead() {
    assertThat(byCode.get("C7A00").block()).isEqualTo("C7A");
    assertThat(byCode.get("U071").chapter()).isEqualTo(22);
    assertThat(byCode.get("U071").blockTitle())
        .isEqualTo("Provisional assignment of new diseases of uncertain etiology or emergency use");
  }

  @Test
  void chaptersOfTheTabularListEqualTheChaptersInCode() {
    assertThat(release.chapters()).containsExactlyElementsOf(Icd10Chapters.all());
  }

  @Test
  void withoutTheTabularListCodesHaveNoBlockAndTheirChapterComesFromTheRanges() {
    Path folder = ReferenceFiles.assumeFolder();
    Icd10Release orderOnly =
        Icd10Release.read(
            folder.resolve(ReferenceFiles.ORDER_FILE), Optional.empty(), Optional.empty());

    assertThat(orderOnly.name()).isEqualTo("FY2021");
    assertThat(orderOnly.counts().blocks()).isZero();
    Icd10Concept code =
        orderOnly.concepts().stream()
            .filter(c -> c.code().equals("I214"))
            .findFirst()
            .orElseThrow();
    assertThat(code.block()).isNull();
    assertThat(code.chapter()).isEqualTo(9);
  }
}
