package org.carelake.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.carelake.terminology.Icd10CodeSet;
import org.carelake.terminology.Icd10Status;
import org.junit.jupiter.api.Test;

/**
 * The demo classifies diagnoses against the starter set when no release is loaded: every code the
 * generator writes must be billable there, or clean demo data would be flagged as unknown (DX-103).
 */
class StarterSetCoverageTest {
  @Test
  void everyGeneratedCodeIsBillableInTheStarterSet() {
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
    Icd10CodeSet starter = Icd10CodeSet.starter();

    assertThat(codes)
        .hasSizeGreaterThan(60)
        .allSatisfy(
            code ->
                assertThat(starter.statusOf(code))
                    .as("status of %s", code)
                    .isEqualTo(Icd10Status.BILLABLE));
  }

  @Test
  void headerDefectsAreHeadersAndUnknownDefectsUnknownInTheStarterSet() {
    Icd10CodeSet starter = Icd10CodeSet.starter();

    assertThat(DefectInjector.HEADER_CODES)
        .allSatisfy(code -> assertThat(starter.statusOf(code)).isEqualTo(Icd10Status.HEADER));
    assertThat(DefectInjector.UNKNOWN_CODES)
        .allSatisfy(code -> assertThat(starter.statusOf(code)).isEqualTo(Icd10Status.UNKNOWN));
  }
}
