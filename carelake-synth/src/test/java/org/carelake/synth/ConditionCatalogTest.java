package org.carelake.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carelake.testing.SharedFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the generator's codes against the official ICD-10-CM FY2021 order file (CMS), read from
 * {@code ../shared/terminology/icd10cm} from the project root ({@link SharedFiles}).
 */
class ConditionCatalogTest {
  /** Code without dot to billable flag. */
  private static final Map<String, Boolean> CODES = new HashMap<>();

  @BeforeAll
  static void readOrderFile() throws IOException {
    Path file = SharedFiles.icd10cmFolder().resolve(SharedFiles.ICD10CM_ORDER_FILE);
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      // Columns 7-13 hold the code, column 15 the billable flag (CMS order file layout).
      CODES.put(line.substring(6, 13).strip(), line.charAt(14) == '1');
    }
  }

  private static List<String> generatorCodes() {
    List<String> codes = new ArrayList<>();
    ConditionCatalog.CHRONIC.forEach(chronic -> codes.add(chronic.code()));
    for (List<ConditionCatalog.Acute> list :
        List.of(
            ConditionCatalog.OUTPATIENT,
            ConditionCatalog.EMERGENCY,
            ConditionCatalog.INPATIENT,
            ConditionCatalog.COMPLICATIONS)) {
      list.forEach(acute -> codes.add(acute.code()));
    }
    codes.add(ConditionCatalog.ADULT_CHECKUP.code());
    codes.add(ConditionCatalog.CHILD_CHECKUP.code());
    codes.add(ConditionCatalog.KNEE_REPLACEMENT.code());
    codes.add(ConditionCatalog.DELIVERY.code());
    return codes;
  }

  @Test
  void everyGeneratedCodeIsBillableInFiscalYear2021() {
    assertThat(generatorCodes())
        .hasSizeGreaterThan(60)
        .allSatisfy(
            code ->
                assertThat(CODES.get(code.replace(".", "")))
                    .as("billable flag of %s", code)
                    .isTrue());
  }

  @Test
  void unknownCodeDefectsAreNotInTheCodeSet() {
    assertThat(DefectInjector.UNKNOWN_CODES)
        .allSatisfy(code -> assertThat(CODES).doesNotContainKey(code.replace(".", "")));
  }

  @Test
  void nonBillableCodeDefectsAreHeaders() {
    assertThat(DefectInjector.HEADER_CODES)
        .allSatisfy(
            code -> assertThat(CODES.get(code.replace(".", ""))).as("flag of %s", code).isFalse());
  }

  @Test
  void everyMedicationOfAConditionIsKeyedByAGeneratedCondition() {
    List<String> keys = new ArrayList<>();
    ConditionCatalog.CHRONIC.forEach(chronic -> keys.add(chronic.key()));
    assertThat(keys).containsAll(MedicationCatalog.BY_CONDITION.keySet());
    assertThat(generatorCodes()).containsAll(MedicationCatalog.BY_DIAGNOSIS.keySet());
  }
}
