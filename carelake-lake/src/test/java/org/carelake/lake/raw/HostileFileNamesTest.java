package org.carelake.lake.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files dropped into an inbox by people and interface engines carry names no URI accepts. They are
 * read, landed and removed like any other, never parsed as URIs.
 */
class HostileFileNamesTest {
  @TempDir Path folder;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "admissions 2021-03.csv",
        "tab\there.csv",
        "back\\slash.csv",
        "braces{1}.csv",
        "quote\"d.csv",
        "caret^x.csv",
        "percent%20.csv",
        "hash#1.csv"
      })
  void anInboxFileWithANameNoUriAcceptsIsLandedAndLeavesTheInbox(String name) throws IOException {
    LakePaths paths = LakePaths.of(folder.toUri());
    LakeFiles files = LakeFiles.withDefaults();
    Path inbox = folder.resolve("raw/inbox/ehr/patients");
    Files.createDirectories(inbox);
    Files.writeString(
        inbox.resolve(name),
        "patient_id,updated_at\n1,2021-03-01T10:00:00Z\n2,2021-03-02T10:00:00Z\n",
        StandardCharsets.UTF_8);
    RawZone rawZone = new RawZone(files, paths);

    assertThat(rawZone.inbox("ehr", "patients")).containsExactly(name);
    Optional<RawManifest> landed =
        rawZone.landInbox(
            new RawZone.Extract(
                "000001-test", "ehr", "patients", null, "2021-04-01T00:00:00Z", List.of()),
            name,
            List.of("patient_id", "updated_at"));

    assertThat(landed).isPresent();
    assertThat(landed.get().rowCount()).isEqualTo(2);
    assertThat(files.read(rawZone.dataPath(landed.get())))
        .contains("1,2021-03-01T10:00:00Z", "2,2021-03-02T10:00:00Z");
    assertThat(rawZone.inbox("ehr", "patients")).isEmpty();
  }
}
