package org.carelake.lake.terminology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.carelake.core.CarelakeException;
import org.carelake.lake.TestSpark;
import org.carelake.terminology.Icd10Chapters;
import org.carelake.terminology.Icd10CodeSet;
import org.carelake.terminology.Icd10Concept;
import org.carelake.terminology.Icd10Release;
import org.carelake.terminology.Icd10Status;
import org.carelake.testing.SharedFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Icd10LookupTest {
  private static SparkSession spark;

  @TempDir Path lake;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
  }

  private static Icd10Release small(String name, String description) {
    return new Icd10Release(
        name,
        List.of(
            new Icd10Concept(
                "I10",
                "I10",
                true,
                description,
                description,
                "I10",
                description,
                null,
                null,
                9,
                "Diseases of the circulatory system")),
        Icd10Chapters.all(),
        0);
  }

  @Test
  void theFiscalYear2021ReleaseIsStoredAndReadBackAsTheCodeSetSilverUses() {
    Path folder = SharedFiles.icd10cmFolder();
    String path = lake.resolve("terminology/icd10cm").toUri().toString();
    Icd10Release release =
        Icd10Release.read(
            folder.resolve("icd10cm_order_2021.txt"),
            Optional.of(folder.resolve("icd10cm_tabular_2021.xml")),
            Optional.empty());

    long version = new Icd10LookupSink(spark).write(release, path);

    Icd10LookupSource source = new Icd10LookupSource(spark, path);
    assertThat(version).isZero();
    assertThat(source.releases())
        .singleElement()
        .satisfies(
            loaded -> {
              assertThat(loaded.release()).isEqualTo("FY2021");
              assertThat(loaded.codes()).isEqualTo(95_358);
              assertThat(loaded.billable()).isEqualTo(72_621);
            });
    Icd10CodeSet codes = source.codeSet(Optional.empty());
    assertThat(codes.release()).isEqualTo("FY2021");
    assertThat(codes.size()).isEqualTo(95_358);
    assertThat(codes.lookup("I21.4")).map(Icd10Concept::block).contains("I20-I25");
    assertThat(codes.statusOf("N18.3")).isEqualTo(Icd10Status.HEADER);
    assertThat(codes.statusOf("E11.99")).isEqualTo(Icd10Status.UNKNOWN);
  }

  @Test
  void releasesSitSideBySideAndReloadingOneReplacesOnlyItsRowsInANewVersion() {
    String path = lake.resolve("terminology/icd10cm").toUri().toString();
    Icd10LookupSink sink = new Icd10LookupSink(spark);

    sink.write(small("FY2020", "old"), path);
    sink.write(small("FY2021", "first load"), path);
    long version = sink.write(small("FY2021", "second load"), path);

    Icd10LookupSource source = new Icd10LookupSource(spark, path);
    assertThat(version).isEqualTo(2);
    assertThat(source.releases())
        .extracting(Icd10LookupSource.LoadedRelease::release)
        .containsExactly("FY2020", "FY2021");
    assertThat(source.codeSet(Optional.empty()).lookup("I10"))
        .map(Icd10Concept::longDescription)
        .contains("second load");
    assertThat(source.codeSet(Optional.of("FY2020")).lookup("I10"))
        .map(Icd10Concept::longDescription)
        .contains("old");
  }

  @Test
  void withoutALoadedReleaseTheStarterSetServes() {
    Icd10LookupSource source =
        new Icd10LookupSource(spark, lake.resolve("terminology/icd10cm").toUri().toString());

    assertThat(source.releases()).isEmpty();
    assertThat(source.codeSet(Optional.empty()).release()).isEqualTo("starter");
  }

  @Test
  void namingAReleaseTheLakeDoesNotHoldFailsWithTheLoadedOnes() {
    String path = lake.resolve("terminology/icd10cm").toUri().toString();
    new Icd10LookupSink(spark).write(small("FY2020", "old"), path);

    assertThatThrownBy(() -> new Icd10LookupSource(spark, path).codeSet(Optional.of("FY2022")))
        .isInstanceOf(CarelakeException.class)
        .hasMessageStartingWith("ICD-10-CM release 'FY2022' is not in the lake (loaded: FY2020);")
        .hasMessageEndingWith("or clear the key to use the newest loaded release.");
  }
}
