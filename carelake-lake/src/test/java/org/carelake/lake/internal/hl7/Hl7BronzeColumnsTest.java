package org.carelake.lake.internal.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.carelake.privacy.PhiColumn;
import org.carelake.privacy.PhiColumns;
import org.junit.jupiter.api.Test;

/** HL7 bronze's declared columns against the PHI classification ({@link PhiColumns}). */
class Hl7BronzeColumnsTest {
  @Test
  void everyColumnOfHl7BronzeFromFilesOrKafkaIsClassifiedAndNoOtherOne() {
    assertThat(PhiColumns.load().columns("bronze/hl7_messages").stream().map(PhiColumn::column))
        .containsExactlyElementsOf(Arrays.asList(Hl7StreamBronze.SCHEMA.fieldNames()));
    assertThat(Hl7StreamBronze.SCHEMA.fieldNames()).contains(Hl7BronzeStage.SCHEMA.fieldNames());
  }
}
