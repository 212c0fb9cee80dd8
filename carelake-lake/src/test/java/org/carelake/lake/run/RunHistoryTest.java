package org.carelake.lake.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.carelake.core.CarelakeException;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryTest {
  @TempDir Path lake;

  private RunHistory history() {
    return new RunHistory(LakeFiles.withDefaults(), LakePaths.of(lake.toUri()));
  }

  @Test
  void runsComeNewestFirst() {
    RunHistory history = history();
    String first = history.start("run").id();
    String second = history.start("run").id();
    String third = history.start("hl7 ingest").id();

    assertThat(history.newestFirst().map(RunRecord::id)).containsExactly(third, second, first);
    assertThat(history.latest(2)).extracting(RunRecord::id).containsExactly(third, second);
  }

  @Test
  void aReaderThatStopsEarlyDoesNotReadOlderRuns() throws Exception {
    RunHistory history = history();
    String first = history.start("run").id();
    String second = history.start("run").id();
    Path runs = lake.resolve("_carelake/runs");
    Files.writeString(runs.resolve(first + ".json"), "not json");
    // Hadoop's local file system keeps a checksum beside each file; without it, the damaged file
    // is read as it is.
    Files.deleteIfExists(runs.resolve("." + first + ".json.crc"));

    assertThat(history.newestFirst().findFirst()).map(RunRecord::id).hasValue(second);
    assertThatThrownBy(() -> history.latest(2))
        .isInstanceOf(CarelakeException.class)
        .hasMessageStartingWith("Could not read the run record ")
        .hasMessageContaining(first + ".json (Unrecognized token");
  }
}
