package org.carelake.lake.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.carelake.core.CarelakeException;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake lock between processes, as deployed: two {@code carelake run} processes on one lake.
 * Each contender is a {@link LockContender} in a JVM of its own, started from this test's class
 * path; this JVM writes stale locks, starts the rounds and plays the second runner.
 */
class LakeLockAcrossProcessesTest {
  /** Long enough that no claim made during a race is superseded on a slow machine. */
  private static final Duration RACE_TIMEOUT = Duration.ofSeconds(30);

  /** Short, so that a heartbeat and a takeover are seen within seconds. */
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);

  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path lake;
  @TempDir Path logs;

  private final List<Contender> contenders = new ArrayList<>();

  @AfterEach
  void stopContenders() throws InterruptedException {
    for (Contender contender : contenders) {
      contender.process.destroyForcibly().waitFor();
    }
  }

  @Test
  void ofContendersInSeparateProcessesRacingForAStaleLockExactlyOneTakesItOverInEveryRound()
      throws Exception {
    int processes = 4;
    for (int i = 0; i < processes; i++) {
      start(RACE_TIMEOUT);
    }

    for (int round = 0; round < 25; round++) {
      String old = Instant.now().minus(Duration.ofMinutes(5)).toString();
      writeHolder(
          new LakeLock.Holder(
              "another-host", 1, "carelake run", old, old, UUID.randomUUID().toString(), round));
      long startAt = System.currentTimeMillis() + 300;
      for (Contender contender : contenders) {
        contender.send("acquire " + startAt);
      }
      List<Contender> winners = new ArrayList<>();
      for (Contender contender : contenders) {
        String reply = contender.reply();
        if (reply.startsWith("won ")) {
          winners.add(contender);
          contender.owner = reply.split(" ")[1];
        } else {
          assertThat(reply)
              .as("answer of pid %d in round %d", contender.process.pid(), round)
              .startsWith("refused ")
              .containsAnyOf("locked by another carelake process", "changing hands");
        }
      }

      assertThat(winners).as("owners in round %d", round).hasSize(1);
      Contender winner = winners.get(0);
      assertThat(readHolder().owner()).isEqualTo(winner.owner);
      assertThat(readHolder().pid()).isEqualTo(winner.process.pid());
      winner.send("check");
      assertThat(winner.reply()).startsWith("held ");
      assertThat(strayFiles()).as("claim files after round %d", round).isEmpty();
      winner.send("release");
      assertThat(winner.reply()).isEqualTo("released");
      assertThat(lockFile()).doesNotExist();
      assertThat(strayFiles()).as("files left by round %d", round).isEmpty();
    }
  }

  @Test
  void aLiveOwnerInAnotherProcessKeepsTheLockByItsHeartbeatAndLosesItOnlyOnceKilled()
      throws Exception {
    Contender owner = start(HEARTBEAT_TIMEOUT);
    owner.send("acquire 0");
    assertThat(owner.reply()).startsWith("won ");
    long firstGeneration = readHolder().generation();

    // Three timeouts long: only a heartbeat written by the other process keeps its lock alive.
    Duration watch = HEARTBEAT_TIMEOUT.multipliedBy(3);
    await()
        .during(watch)
        .atMost(watch.plusSeconds(1))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> refusedHere(owner));
    assertThat(readHolder().pid()).isEqualTo(owner.process.pid());
    assertThat(readHolder().generation()).isGreaterThanOrEqualTo(firstGeneration + 3);

    owner.process.destroyForcibly().waitFor();

    LakeLock taken =
        await()
            .atMost(HEARTBEAT_TIMEOUT.plusSeconds(10))
            .pollInterval(Duration.ofMillis(100))
            .until(this::acquireHere, Optional::isPresent)
            .orElseThrow();
    try (taken) {
      taken.ensureHeld();
      assertThat(readHolder().pid()).isEqualTo(ProcessHandle.current().pid());
      assertThat(readHolder().owner()).isEqualTo(taken.holder().owner());
    }
    assertThat(lockFile()).doesNotExist();
    assertThat(strayFiles()).isEmpty();
  }

  @Test
  void aHungOwnerInAnotherProcessLosesTheLockAfterTheTimeoutAndFindsItLostWhenItWakes()
      throws Exception {
    Contender owner = start(HEARTBEAT_TIMEOUT);
    owner.send("acquire 0");
    assertThat(owner.reply()).startsWith("won ");
    freezeOutsideAHeartbeat(owner);
    Instant lastHeartbeat = Instant.parse(readHolder().heartbeatAt());

    assertThat(refusedHere(owner)).isTrue();
    LakeLock taken =
        await()
            .atMost(HEARTBEAT_TIMEOUT.plusSeconds(10))
            .pollInterval(Duration.ofMillis(100))
            .until(this::acquireHere, Optional::isPresent)
            .orElseThrow();
    try (taken) {
      assertThat(Instant.now()).isAfter(lastHeartbeat.plus(HEARTBEAT_TIMEOUT));
      signal(owner, "-CONT");

      owner.send("check");
      assertThat(owner.reply())
          .startsWith("lost ")
          .contains(
              "This run lost the lake's lock to another carelake process (takeover, pid "
                  + ProcessHandle.current().pid());
      owner.send("release");
      assertThat(owner.reply()).isEqualTo("released");
      taken.ensureHeld();
      assertThat(readHolder().owner()).isEqualTo(taken.holder().owner());
    }
    assertThat(lockFile()).doesNotExist();
    assertThat(strayFiles()).isEmpty();
  }

  /**
   * Stops the owner's process where it holds no claim file: between its claim and its write a
   * heartbeat could, once woken, still write over a takeover, the window every lease without
   * fencing has, which this test is not about.
   */
  private void freezeOutsideAHeartbeat(Contender owner) throws Exception {
    for (int attempt = 0; attempt < 20; attempt++) {
      signal(owner, "-STOP");
      if (strayFiles().isEmpty()) {
        return;
      }
      signal(owner, "-CONT");
    }
    fail("the owner was stopped inside a heartbeat 20 times in a row");
  }

  private void signal(Contender contender, String signal) throws Exception {
    Process kill =
        new ProcessBuilder("kill", signal, Long.toString(contender.process.pid()))
            .inheritIO()
            .start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  /** Whether this JVM's attempt to take the lock is refused because the contender holds it. */
  private boolean refusedHere(Contender holder) {
    long pid = holder.process.pid();
    try {
      LakeLock.acquire(LakeFiles.withDefaults(), paths(), "takeover", HEARTBEAT_TIMEOUT).close();
      return false;
    } catch (CarelakeException e) {
      assertThat(e.getMessage())
          .contains("locked by another carelake process (contender " + pid + ", pid " + pid);
      return true;
    }
  }

  /**
   * This JVM's attempt to take the lock; empty while another process holds it or is taking it over
   * (a claim left by a process killed inside a heartbeat blocks until it is a timeout old).
   */
  private Optional<LakeLock> acquireHere() {
    try {
      return Optional.of(
          LakeLock.acquire(LakeFiles.withDefaults(), paths(), "takeover", HEARTBEAT_TIMEOUT));
    } catch (CarelakeException e) {
      assertThat(e.getMessage())
          .containsAnyOf("locked by another carelake process (contender ", "changing hands");
      return Optional.empty();
    }
  }

  private Contender start(Duration timeout) throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Path log = logs.resolve("contender-" + contenders.size() + ".log");
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx96m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                LockContender.class.getName(),
                lake.toUri().toString(),
                Long.toString(timeout.toMillis()))
            .redirectError(log.toFile())
            .start();
    Contender contender = new Contender(process, log);
    contenders.add(contender);
    assertThat(contender.reply()).isEqualTo("ready " + process.pid());
    return contender;
  }

  private LakePaths paths() {
    return LakePaths.of(lake.toUri());
  }

  private Path lockFile() {
    return lake.resolve("_carelake/lock");
  }

  private LakeLock.Holder readHolder() throws IOException {
    return new ObjectMapper().readValue(Files.readAllBytes(lockFile()), LakeLock.Holder.class);
  }

  private void writeHolder(LakeLock.Holder holder) throws IOException {
    Files.createDirectories(lockFile().getParent());
    Files.write(lockFile(), new ObjectMapper().writeValueAsBytes(holder));
  }

  /** Claim files, and anything else in the lock's folder but the lock and the claims' folder. */
  private List<Path> strayFiles() throws IOException {
    Path folder = lockFile().getParent();
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(
              path ->
                  !path.equals(folder)
                      && !path.equals(lockFile())
                      && !path.equals(folder.resolve("lock-claims")))
          .toList();
    }
  }

  /** A contender process and the conversation with it. */
  private static final class Contender {
    private final Process process;
    private final Path log;
    private final PrintWriter commands;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private String owner;

    Contender(Process process, Path log) {
      this.process = process;
      this.log = log;
      this.commands =
          new PrintWriter(
              new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith(LockContender.REPLY)) {
                      replies.add(line.substring(LockContender.REPLY.length()));
                    }
                  }
                } catch (IOException e) {
                  replies.add("unreadable " + e);
                }
              },
              "contender-" + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    void send(String command) {
      commands.println(command);
    }

    String reply() throws Exception {
      String reply = replies.poll(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (reply == null) {
        fail(
            "no answer from contender pid %d (alive: %s) within %s; its log:%n%s",
            process.pid(), process.isAlive(), REPLY_TIMEOUT, Files.readString(log));
      }
      return reply;
    }
  }
}
