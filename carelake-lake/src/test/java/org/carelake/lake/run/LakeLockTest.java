package org.carelake.lake.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

  @Test
  void ofManyRunnersRacingForAStaleLockExactlyOneTakesItOverInEveryRound() throws Exception {
    int contenders = 8;
    ExecutorService pool = Executors.newFixedThreadPool(contenders);
    try {
      for (int round = 0; round < 200; round++) {
        writeHolder(
            new LakeLock.Holder(
                "another-host",
                1,
                "carelake run",
                Instant.now().minus(Duration.ofMinutes(5)).toString(),
                Instant.now().minus(Duration.ofMinutes(5)).toString(),
                UUID.randomUUID().toString(),
                round));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<LakeLock>> attempts = new ArrayList<>();
        for (int contender = 0; contender < contenders; contender++) {
          String purpose = "contender " + contender;
          attempts.add(
              pool.submit(
                  () -> {
                    start.await();
                    try {
                      return LakeLock.acquire(LakeFiles.withDefaults(), paths(), purpose, TIMEOUT);
                    } catch (CarelakeException e) {
                      assertThat(e.getMessage())
                          .containsAnyOf("locked by another carelake process", "changing hands");
                      return null;
                    }
                  }));
        }
        start.countDown();
        List<LakeLock> winners = new ArrayList<>();
        for (Future<LakeLock> attempt : attempts) {
          LakeLock lock = attempt.get();
          if (lock != null) {
            winners.add(lock);
          }
        }

        assertThat(winners).as("owners in round %d", round).hasSize(1);
        LakeLock winner = winners.get(0);
        assertThat(Files.readString(lockFile())).contains(winner.holder().owner());
        winner.ensureHeld();
        winner.close();
        assertThat(lockFile()).doesNotExist();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(lake.resolve("_carelake/lock-claims")).isEmptyDirectory();
  }

  @Test
  void aRunnerWhoseLockWasTakenOverFailsItsHeartbeatAndStopsBeforeItsNextCommit() throws Exception {
    LakeFiles files = LakeFiles.withDefaults();
    LakeLock first = LakeLock.acquire(files, paths(), "carelake run", TIMEOUT);
    LakeLock.Holder held = first.holder();
    // The first runner paused: its last heartbeat is now older than the timeout.
    String old = Instant.now().minus(Duration.ofMinutes(5)).toString();
    writeHolder(
        new LakeLock.Holder(
            held.host(), held.pid(), held.purpose(), old, old, held.owner(), held.generation()));

    try (LakeLock second = LakeLock.acquire(files, paths(), "carelake replay", TIMEOUT)) {
      first.beat();

      assertThatThrownBy(first::ensureHeld)
          .isInstanceOf(CarelakeException.class)
          .hasMessageContaining(
              "This run lost the lake's lock to another carelake process (carelake replay, pid "
                  + ProcessHandle.current().pid())
          .hasMessageContaining("The run stops before its next commit")
          .hasMessageContaining("Raise run.lock-timeout")
          .hasMessageContaining("Lock file: " + paths().root() + "/_carelake/lock");
      first.close();
      assertThat(Files.readString(lockFile())).contains(second.holder().owner());
      second.ensureHeld();
      second.beat();
      second.ensureHeld();
      assertThat(second.holder().generation()).isEqualTo(held.generation() + 2);
    }
    assertThat(lockFile()).doesNotExist();
  }

  @Test
  void aHeartbeatMovesTheLockOnAndKeepsItHeld() throws Exception {
    try (LakeLock lock =
        LakeLock.acquire(LakeFiles.withDefaults(), paths(), "carelake run", TIMEOUT)) {
      lock.beat();
      lock.beat();

      lock.ensureHeld();
      assertThat(Files.readString(lockFile())).contains("\"generation\":2");
    }
  }

  @Test
  void anEmptyLockFileBlocksOnlyUntilItIsOlderThanTheTimeout() throws Exception {
    Files.createDirectories(lockFile().getParent());
    Files.write(lockFile(), new byte[0]);

    assertThatThrownBy(() -> LakeLock.acquire(LakeFiles.withDefaults(), paths(), "run", TIMEOUT))
        .isInstanceOf(CarelakeException.class)
        .hasMessageContaining("The lake's lock is changing hands")
        .hasMessageContaining("counts as abandoned 120 s after it was last written")
        .hasMessageContaining("Lock file: " + paths().root() + "/_carelake/lock");

    Files.setLastModifiedTime(
        lockFile(), FileTime.from(Instant.now().minus(Duration.ofMinutes(3))));
    try (LakeLock lock = LakeLock.acquire(LakeFiles.withDefaults(), paths(), "run", TIMEOUT)) {
      assertThat(Files.readString(lockFile())).contains(lock.holder().owner());
    }
  }

  @Test
  void aLockFileThatCannotBeReadIsAnErrorAndNotAFreeLake() throws Exception {
    // A folder where the lock file should be: it exists, and reading it fails.
    Files.createDirectories(lockFile().resolve("unexpected"));

    assertThatThrownBy(() -> LakeLock.acquire(LakeFiles.withDefaults(), paths(), "run", TIMEOUT))
        .isInstanceOf(CarelakeException.class)
        .hasMessageContaining("Cannot read the lake's lock file")
        .hasMessageContaining("carelake cannot tell whether another run holds the lake")
        .hasMessageContaining(paths().root() + "/_carelake/lock");
    assertThat(lockFile().resolve("unexpected")).exists();
  }

  private void writeHolder(LakeLock.Holder holder) throws Exception {
    Files.createDirectories(lockFile().getParent());
    Files.write(lockFile(), new ObjectMapper().writeValueAsBytes(holder));
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
