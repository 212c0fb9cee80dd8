package org.carelake.lake.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.carelake.lake.gold.GoldMart;
import org.carelake.lake.internal.bronze.BronzeStage;
import org.carelake.lake.internal.silver.SilverStage;
import org.carelake.lake.silver.EhrEntities;
import org.carelake.lake.silver.SilverEntity;
import org.carelake.privacy.PhiClass;
import org.carelake.privacy.PhiColumn;
import org.carelake.privacy.PhiColumns;
import org.carelake.source.SourceTable;
import org.junit.jupiter.api.Test;

/**
 * The PHI classification against the schemas the code declares: bronze's source columns and
 * metadata, silver's typed columns and metadata, and the gold marts' SQL headers (which the gold
 * step checks against what each statement selects). DemoPipelineIT checks it against the tables of
 * a real lake, which include the columns other stages add (person matching, ICD-10-CM);
 * Hl7BronzeColumnsTest checks HL7 bronze.
 */
class PhiColumnsTest {
  private static final PhiColumns CLASSIFICATION = PhiColumns.load();

  /**
   * Gold columns that keep a full date, which Safe Harbor does not allow; each must go (issue 16,
   * Safe Harbor gold) and then leave this list, since the test fails on an entry that no longer
   * breaks the rule.
   */
  private static final Map<String, String> FULL_DATES_AWAITING_SAFE_HARBOR =
      Map.of(
          "gold/daily_census.census_date", "a census per day: to be reduced to months",
          "gold/patient_features.as_of_date", "a limited data set for model building");

  private static List<String> sourceColumns(SourceTable table) {
    List<String> columns = new ArrayList<>(table.columns());
    columns.add(SourceTable.CREATED_AT);
    columns.add(SourceTable.UPDATED_AT);
    columns.addAll(Arrays.asList(BronzeStage.METADATA));
    return columns;
  }

  private static List<String> classified(String table) {
    return CLASSIFICATION.columns(table).stream().map(PhiColumn::column).toList();
  }

  @Test
  void everyBronzeColumnOfEverySourceTableIsClassifiedAndNoOtherOne() {
    for (SourceTable table : SourceTable.values()) {
      assertThat(classified("bronze/ehr_" + table.tableName()))
          .as("classified columns of bronze/ehr_%s", table.tableName())
          .containsExactlyInAnyOrderElementsOf(sourceColumns(table));
    }
  }

  @Test
  void everyTypedAndMetadataColumnOfEverySilverEntityIsClassified() {
    for (SilverEntity entity : EhrEntities.ALL) {
      List<String> declared = new ArrayList<>(entity.typedColumns().keySet());
      declared.addAll(SilverStage.METADATA);
      assertThat(classified("silver/" + entity.name()))
          .as("classified columns of silver/%s", entity.name())
          .containsAll(declared);
    }
  }

  @Test
  void everyPendingTableOfAnEntityWithReferencesIsClassifiedAndNoOtherOne() {
    Set<String> pendingTables = new TreeSet<>();
    for (SilverEntity entity : EhrEntities.ALL) {
      if (entity.references().isEmpty()) {
        continue;
      }
      pendingTables.add("pending/" + entity.name());
      SourceTable source =
          Arrays.stream(SourceTable.values())
              .filter(table -> table.tableName().equals(entity.table()))
              .findFirst()
              .orElseThrow();
      List<String> declared = new ArrayList<>(source.columns());
      declared.add(SourceTable.CREATED_AT);
      declared.add(SourceTable.UPDATED_AT);
      declared.addAll(SilverStage.PENDING_METADATA);
      declared.add("_pending_since");
      declared.add("_waiting_for");
      assertThat(classified("pending/" + entity.name()))
          .as("classified columns of pending/%s", entity.name())
          .containsExactlyInAnyOrderElementsOf(declared);
    }
    assertThat(CLASSIFICATION.tables().stream().filter(table -> table.startsWith("pending/")))
        .containsExactlyInAnyOrderElementsOf(pendingTables);
  }

  @Test
  void everyGoldColumnIsClassifiedExactlyAsTheMartsHeaderDocumentsIt() {
    Set<String> martTables = new TreeSet<>();
    for (GoldMart mart : GoldMart.ALL) {
      martTables.add("gold/" + mart.name());
      assertThat(classified("gold/" + mart.name()))
          .as("classified columns of gold/%s", mart.name())
          .containsExactlyElementsOf(mart.columns().keySet());
    }
    assertThat(CLASSIFICATION.tables().stream().filter(table -> table.startsWith("gold/")))
        .as("classified gold tables")
        .containsExactlyInAnyOrderElementsOf(martTables);
  }

  @Test
  void noGoldColumnIsADirectIdentifier() {
    assertThat(goldColumns().filter(column -> column.phiClass() == PhiClass.DIRECT_IDENTIFIER))
        .isEmpty();
  }

  @Test
  void goldQuasiIdentifiersAreOnlyInDeidentifiedFormsBesidesTheListedFullDates() {
    List<String> notDeidentified =
        goldColumns()
            .filter(column -> column.phiClass() == PhiClass.QUASI_IDENTIFIER)
            .filter(column -> !PhiColumns.DE_IDENTIFIED_FORMS.contains(column.form()))
            .map(column -> column.table() + "." + column.column())
            .toList();

    assertThat(notDeidentified)
        .containsExactlyInAnyOrderElementsOf(FULL_DATES_AWAITING_SAFE_HARBOR.keySet());
  }

  @Test
  void everyClassifiedTableIsInALayerThatHoldsRecords() {
    assertThat(CLASSIFICATION.tables())
        .allSatisfy(
            table ->
                assertThat(table)
                    .matches("(bronze|silver|pending|quarantine|fhir|gold)/[a-z0-9_]+"));
    assertThat(CLASSIFICATION.tables())
        .contains(
            "bronze/hl7_messages",
            "silver/patients_history",
            "quarantine/records",
            "quarantine/releases",
            "fhir/resources",
            "fhir/findings");
  }

  private static Stream<PhiColumn> goldColumns() {
    return CLASSIFICATION.all().stream().filter(column -> column.layer().equals("gold"));
  }
}
