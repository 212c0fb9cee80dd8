package org.carelake.lake.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.carelake.core.CarelakeException;
import org.junit.jupiter.api.Test;

class GoldMartTest {

  @Test
  void everyRegisteredMartHasACompleteHeaderWhoseKeyIsAmongItsColumns() {
    assertThat(GoldMart.ALL).hasSameSizeAs(GoldMart.NAMES);
    for (GoldMart mart : GoldMart.ALL) {
      assertThat(mart.grain()).as(mart.name()).isNotBlank();
      assertThat(mart.definition()).as(mart.name()).isNotBlank();
      assertThat(mart.silverEntities().size() + mart.lakeViews().size())
          .as("%s reads something", mart.name())
          .isPositive();
      assertThat(GoldMart.LAKE_VIEWS).containsAll(mart.lakeViews());
      assertThat(mart.columns().keySet()).as(mart.name()).containsAll(mart.key());
      assertThat(mart.columns().values())
          .as(mart.name())
          .allSatisfy(c -> assertThat(c).isNotBlank());
    }
  }

  @Test
  void aHeaderIsReadWithItsContinuedLinesAndItsColumnsInOrder() {
    GoldMart mart =
        GoldMart.parse(
            "m",
            "test",
            """
            -- grain: one row per month
            --   and facility
            -- definition: admissions
            -- follows: a published measure
            -- reads: encounters, diagnoses
            -- key: month, facility
            -- column month: first day of the month
            -- column facility: the facility's id,
            --   not its name
            -- column admissions: admissions in the month
            SELECT 1
            """);

    assertThat(mart.grain()).isEqualTo("one row per month and facility");
    assertThat(mart.follows()).contains("a published measure");
    assertThat(mart.silverEntities()).containsExactly("encounters", "diagnoses");
    assertThat(mart.lakeViews()).isEmpty();
    assertThat(mart.key()).containsExactly("month", "facility");
    assertThat(mart.columns().keySet()).containsExactly("month", "facility", "admissions");
    assertThat(mart.columns()).containsEntry("facility", "the facility's id, not its name");
  }

  @Test
  void aMartReadingTheQualityReportsNamesThemAsLakeViewsNotAsSilver() {
    GoldMart mart = GoldMart.named("data_quality_by_run");

    assertThat(mart.lakeViews())
        .containsExactly("quality_runs", "quality_rule_failures", "quarantine");
    assertThat(mart.silverEntities()).isEmpty();
  }

  @Test
  void aHeaderWithoutAKeyIsRefusedNamingTheMissingLine() {
    assertThatThrownBy(
            () ->
                GoldMart.parse(
                    "m",
                    "sql/gold/m.sql",
                    """
                    -- grain: one row per month
                    -- definition: admissions
                    -- reads: encounters
                    -- column month: the month
                    SELECT 1
                    """))
        .isInstanceOf(CarelakeException.class)
        .hasMessageContaining("sql/gold/m.sql")
        .hasMessageContaining("'-- key: ...'");
  }

  @Test
  void aKeyColumnThatIsNotDescribedIsRefused() {
    assertThatThrownBy(
            () ->
                GoldMart.parse(
                    "m",
                    "sql/gold/m.sql",
                    """
                    -- grain: one row per month
                    -- definition: admissions
                    -- reads: encounters
                    -- key: month, facility
                    -- column month: the month
                    SELECT 1
                    """))
        .isInstanceOf(CarelakeException.class)
        .hasMessageContaining("key column(s) [facility] are not described");
  }

  @Test
  void anIncrementalLineNamesTheMonthColumnAndTheDrivingColumnsWithTheirMonthWhenNull() {
    GoldMart mart =
        GoldMart.parse(
            "m",
            "test",
            """
            -- grain: one row per month and facility
            -- definition: admissions and results
            -- reads: encounters, lab_results, facilities
            -- key: month, facility
            -- incremental: month from encounters.admit_time,
            --   lab_results.collected_at or 1900-01-01
            -- column month: first day of the month
            -- column facility: the facility's id
            SELECT 1
            """);

    GoldMart.Incremental incremental = mart.incremental().orElseThrow();
    assertThat(incremental.monthColumn()).isEqualTo("month");
    assertThat(incremental.drivers())
        .containsExactly(
            Map.entry("encounters", "admit_time"), Map.entry("lab_results", "collected_at"));
    assertThat(incremental.unknownMonths())
        .containsExactly(Map.entry("lab_results", LocalDate.of(1900, 1, 1)));
  }

  @Test
  void anIncrementalLineNamingAColumnOutsideTheKeyOrAnEntityTheMartDoesNotReadIsRefused() {
    for (String line :
        List.of(
            "admissions from encounters.admit_time",
            "month from diagnoses.onset_date",
            "month from encounters",
            "month from encounters.admit_time or never",
            "month from encounters.encounter_id -> encounters")) {
      assertThatThrownBy(
              () ->
                  GoldMart.parse(
                      "m",
                      "sql/gold/m.sql",
                      """
                      -- grain: one row per month
                      -- definition: admissions
                      -- reads: encounters
                      -- key: month
                      -- incremental: %s
                      -- column month: the month
                      -- column admissions: admissions
                      SELECT 1
                      """
                          .formatted(line)))
          .as(line)
          .isInstanceOf(CarelakeException.class)
          .hasMessageContaining("sql/gold/m.sql")
          .hasMessageContaining("'-- incremental: <month column> from <entity>.<column>")
          .hasMessageContaining(line);
    }
  }

  @Test
  void onlyTheMartsWhoseMonthsFollowTheirSilverRowsAreRebuiltByMonth() {
    assertThat(GoldMart.ALL.stream().filter(mart -> mart.incremental().isPresent()))
        .extracting(GoldMart::name)
        .containsExactly("encounters_by_month_chapter", "length_of_stay", "abnormal_labs");
    assertThat(GoldMart.ENCOUNTERS_BY_MONTH_CHAPTER.incremental().orElseThrow().targets())
        .containsExactly(Map.entry("diagnoses", "encounters"));
  }
}
