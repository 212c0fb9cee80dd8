package org.carelake.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class SharedFilesTest {
  @TempDir Path folder;

  private Path root() throws Exception {
    Path root = folder.resolve("carelake");
    Files.createDirectories(root.resolve(".mvn"));
    return root;
  }

  @Test
  void theReleaseIsFoundInSharedBesideTheProjectRoot() throws Exception {
    Path release = Files.createDirectories(folder.resolve("shared/terminology/icd10cm"));
    Files.writeString(release.resolve(SharedFiles.ICD10CM_ORDER_FILE), "");
    Files.writeString(release.resolve(SharedFiles.ICD10CM_TABULAR_FILE), "");

    assertThat(SharedFiles.icd10cmFolder(Optional.empty(), root(), Map.of())).isEqualTo(release);
  }

  @Test
  void aMissingReleaseSkipsTheTestOutsideCi() throws Exception {
    Path root = root();

    assertThatThrownBy(
            () -> SharedFiles.icd10cmFolder(Optional.empty(), root, Map.of("CI", "false")))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("The ICD-10-CM FY2021 release files (icd10cm_order_2021.txt")
        .hasMessageContaining("are not in " + folder.resolve("shared/terminology/icd10cm"))
        .hasMessageContaining("Skipped outside CI.");
  }

  @Test
  void aMissingReleaseFailsTheTestInCi() throws Exception {
    Path root = root();

    assertThatThrownBy(
            () -> SharedFiles.icd10cmFolder(Optional.empty(), root, Map.of("CI", "true")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("are not in " + folder.resolve("shared/terminology/icd10cm"))
        .hasMessageContaining("from the project root " + root)
        .hasMessageContaining("In CI (CI=true) a missing release fails the test.");
  }

  @Test
  void theBuildPassesTheProjectRootWhichHoldsMvn() {
    assertThat(SharedFiles.projectRoot().resolve(".mvn")).isDirectory();
    assertThat(SharedFiles.projectRoot().resolve("carelake-core")).isDirectory();
  }
}
