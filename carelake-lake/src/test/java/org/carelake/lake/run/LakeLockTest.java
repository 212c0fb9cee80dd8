package org.carelake.lake.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.carelake.core.CarelakeException;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeLockTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @TempDir Path lake;

  private LakePaths paths() {
    return LakePaths.of(lake.toUri());
  }

  private Path lockFile() {
    return lake.resolve("_carelake/lock");
  }

  @Test
  void aSecondHolderIsRefusedWithWhoHoldsTheLock() {
    LakeFiles files = LakeFiles.withDefaults();
    try (LakeLock first = LakeLock.acquire(files, paths(), "carelake run", TIMEOUT)) {
      assertThatThrownBy(() -> LakeLock.acquire(files, paths(), "carelake demo", TIMEOUT))
          .isInstanceOf(CarelakeException.class)
          .hasMessageContaining(
              "locked by another carelake process (carelake run, pid "
                  + ProcessHandle.current().pid())
          .hasMessageContaining("only one run at a time may write a lake")
          .hasMessageContaining("frees itself 120 s after its last heartbeat");
    }
  }

  @Test
  void closingReleasesTheLock() {
    LakeFiles files = LakeFiles.withDefaults();
    LakeLock.acquire(files, paths(), "first", TIMEOUT).close();

    try (LakeLock second = LakeLock.acquire(files, paths(), "second", TIMEOUT)) {
      assertThat(lockFile()).exists();
    }
    assertThat(lockFile()).doesNotExist();
  }

  @Test
  void aLockLeftByADeadProcessOnThisHostIsTakenOverAtOnce() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    writeHolder(InetAddress.getLocalHost().getHostName(), gone.pid(), Instant.now());

    try (LakeLock lock = LakeLock.acquire(LakeFiles.withDefaults(), paths(), "run", TIMEOUT)) {
      assertThat(Files.readString(lockFile())).contains("\"pid\":" + ProcessHandle.current().pid());
    }
  }

  @Test
  void aLockWhoseHeartbeatIsOlderThanTheTimeoutIsTakenOver() throws Exception {
    writeHolder("another-host", 1, Instant.now().minus(Duration.ofMinutes(5)));

    try (LakeLock lock = LakeLock.acquire(LakeFiles.withDefaults(), paths(), "run", TIMEOUT)) {
      assertThat(Files.readString(lockFile())).doesNotContain("another-host");
    }
  }

  @Test
  void aLiveHolderOnAnotherHostKeepsTheLockUntilItsHeartbeatIsOld() throws Exception {
    writeHolder("another-host", 1, Instant.now().minusSeconds(10));

    assertThatThrownBy(() -> LakeLock.acquire(LakeFiles.withDefaults(), paths(), "run", TIMEOUT))
        .isInstanceOf(CarelakeException.class)
        .hasMessageContaining("pid 1 on another-host");
  }

  private void writeHolder(String host, long pid, Instant heartbeat) throws Exception {
    Files.createDirectories(lockFile().getParent());
    Files.write(
        lockFile(),
        new ObjectMapper()
            .writeValueAsBytes(
                new LakeLock.Holder(
                    host, pid, "carelake run", heartbeat.toString(), heartbeat.toString())));
  }
}
