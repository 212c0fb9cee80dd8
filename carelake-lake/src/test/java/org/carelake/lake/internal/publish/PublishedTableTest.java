package org.carelake.lake.internal.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.carelake.core.CarelakeException;
import org.junit.jupiter.api.Test;

class PublishedTableTest {
  @Test
  void aGoldTableWhoseColumnsDifferFromItsHeaderIsRefused() {
    StructType reordered =
        new StructType()
            .add("facility", DataTypes.StringType)
            .add("discharge_month", DataTypes.DateType);

    assertThatThrownBy(
            () -> new PublishedTable(new PostgresDialect(), "gold", ExampleMart.MART, reordered))
        .isInstanceOf(CarelakeException.class)
        .hasMessageContaining("The gold table stays_by_month has the columns [facility,")
        .hasMessageContaining("Rebuild gold with 'carelake run --full'");
  }

  @Test
  void aColumnOfNestedValuesIsRefusedWithTheColumnNamed() {
    StructType nested = ExampleMart.TYPES;
    StructType withArray = new StructType();
    for (var field : nested.fields()) {
      withArray =
          field.name().equals("stays")
              ? withArray.add("stays", DataTypes.createArrayType(DataTypes.LongType))
              : withArray.add(field);
    }
    StructType types = withArray;

    assertThatThrownBy(
            () -> new PublishedTable(new SqlServerDialect(), "gold", ExampleMart.MART, types))
        .isInstanceOf(CarelakeException.class)
        .hasMessageContaining(
            "column stays: array<bigint> has no SQL Server column type. Published marts hold flat"
                + " values");
  }

  @Test
  void longNamesAreShortenedToTheDatabaseLimitAndStayDistinct() {
    String name = "appointments_no_show_and_cancellation_by_facility_weekday_lead";
    PublishedTable table =
        new PublishedTable(
            new PostgresDialect(), "gold", ExampleMart.mart(name), ExampleMart.TYPES);

    assertThat(name).hasSizeLessThanOrEqualTo(63);
    assertThat(table.stagingName())
        .hasSize(63)
        .startsWith(name.substring(0, 40))
        .isNotEqualTo(name);
    assertThat(table.createStaging())
        .allSatisfy(
            sql ->
                assertThat(sql.split("\""))
                    .allSatisfy(part -> assertThat(part.length()).isLessThanOrEqualTo(63)));
    assertThat(new PostgresDialect().fit(name + "__staging_a"))
        .isNotEqualTo(new PostgresDialect().fit(name + "__staging_b"));
  }

  @Test
  void onlyDateAndTimeColumnsTheKeyDoesNotLeadWithAreIndexed() {
    PublishedTable table =
        new PublishedTable(new PostgresDialect(), "gold", ExampleMart.MART, ExampleMart.TYPES);

    assertThat(table.createPublished())
        .filteredOn(sql -> sql.startsWith("CREATE INDEX"))
        .containsExactly(
            "CREATE INDEX \"stays_by_month_last_discharge_idx\" ON \"gold\".\"stays_by_month\""
                + " (\"last_discharge\")");
  }
}
