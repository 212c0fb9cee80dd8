package org.carelake.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake's files hold patient data: what the lake writes through Hadoop (its own files and
 * Spark's Delta tables) is the owner's alone, unless the configuration sets another mask.
 */
class OwnerOnlyFilesTest {
  private static final Set<PosixFilePermission> OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  @TempDir Path folder;

  @Test
  void filesAndFoldersTheLakeWritesAreTheOwnersAlone() throws IOException {
    SparkSession spark = TestSpark.session();
    Path lake = folder.resolve("lake");
    LakeFiles files = new LakeFiles(spark.sparkContext().hadoopConfiguration());
    files.writeAtomically(
        lake.resolve("raw/ehr/patients/run-1/manifest.json").toUri().toString(), "{}");
    spark
        .range(3)
        .selectExpr("id AS patient_id", "'Ann' AS given_name")
        .write()
        .format("delta")
        .save(lake.resolve("silver/patients").toUri().toString());

    List<Path> written = walk(lake);
    assertThat(written).as("files and folders written").hasSizeGreaterThan(6);
    for (Path path : written) {
      assertThat(Files.getPosixFilePermissions(path))
          .as("permissions of %s", folder.relativize(path))
          .doesNotContainAnyElementsOf(OTHERS);
    }
  }

  @Test
  void aMaskSetInTheConfigurationIsKept() {
    assertThat(Lake.hadoopConfiguration(Map.of()).get(LakeFiles.UMASK)).isEqualTo("077");
    assertThat(
            Lake.hadoopConfiguration(Map.of("spark.hadoop.fs.permissions.umask-mode", "022"))
                .get(LakeFiles.UMASK))
        .isEqualTo("022");
  }

  private static List<Path> walk(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(path -> !path.equals(root)).toList();
    }
  }
}
