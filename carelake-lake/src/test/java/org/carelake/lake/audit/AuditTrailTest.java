package org.carelake.lake.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.carelake.core.CarelakeException;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailTest {
  private static final AuditActor OPERATOR = new AuditActor("operator", "host-a", Optional.empty());

  @TempDir Path lake;

  private AuditTrail trail() {
    return new AuditTrail(LakeFiles.withDefaults(), LakePaths.of(lake.toUri()), OPERATOR);
  }

  private Path entryFile(long sequence) {
    return lake.resolve("_carelake/audit").resolve(String.format("%020d.json", sequence));
  }

  private AuditTrail trailOfFive() {
    AuditTrail trail = trail();
    trail.record(AuditAction.RUN, "run 000001", AuditOutcome.SUCCEEDED);
    trail.record(AuditAction.EXPORT, "export to /exports/a", AuditOutcome.SUCCEEDED);
    trail.record(AuditAction.QUARANTINE_RECORDS, "table=patients limit=20", AuditOutcome.SUCCEEDED);
    trail.record(
        AuditActor.remote("analyst", "10.0.0.7"),
        AuditAction.SIGN_IN,
        "dashboard",
        AuditOutcome.DENIED);
    trail.record(AuditAction.RUN, "run 000002", AuditOutcome.FAILED);
    return trail;
  }

  @Test
  void entriesAreChainedFromTheGenesisHashAndTheWholeTrailVerifies() {
    AuditTrail trail = trailOfFive();

    List<AuditEntry> entries = trail.list(Optional.empty(), Optional.empty(), 10);
    assertThat(entries).extracting(AuditEntry::sequence).containsExactly(5L, 4L, 3L, 2L, 1L);
    assertThat(entries.get(4).previousHash()).isEqualTo(AuditTrail.GENESIS);
    for (int i = 0; i < 4; i++) {
      assertThat(entries.get(i).previousHash()).isEqualTo(entries.get(i + 1).hash());
    }
    assertThat(entries.get(1).actor()).isEqualTo(entries.get(1).actor());
    assertThat(entries.get(1).actor().principal()).isEqualTo("analyst");
    assertThat(entries.get(1).actor().client()).hasValue("10.0.0.7");
    assertThat(entries.get(0).actor().principal()).isEqualTo("operator");
    assertThat(trail.verify()).isEmpty();
  }

  @Test
  void anEditedEntryBreaksTheChainAtThatEntry() throws Exception {
    AuditTrail trail = trailOfFive();
    Path third = entryFile(3);
    Files.writeString(third, Files.readString(third).replace("table=patients", "table=encounters"));

    assertThat(trail.verify())
        .hasValueSatisfying(
            broken -> {
              assertThat(broken.sequence()).isEqualTo(3);
              assertThat(broken.file()).endsWith("00000000000000000003.json");
              assertThat(broken.reason())
                  .isEqualTo("its content does not give its hash: the entry was changed");
            });
  }

  @Test
  void anEntryEditedTogetherWithItsOwnHashBreaksTheChainAtTheNextEntry() throws Exception {
    AuditTrail trail = trailOfFive();
    AuditEntry original = trail.list(Optional.empty(), Optional.empty(), 5).get(2);
    AuditEntry forged =
        new AuditEntry(
            original.sequence(),
            original.at(),
            original.actor(),
            original.action(),
            original.target().replace("table=patients", "table=encounters"),
            original.outcome(),
            original.previousHash(),
            "");
    String forgedHash = AuditTrail.hash(forged);
    Path third = entryFile(3);
    Files.writeString(
        third,
        Files.readString(third)
            .replace("table=patients", "table=encounters")
            .replace(original.hash(), forgedHash));

    assertThat(trail.verify())
        .hasValueSatisfying(
            broken -> {
              assertThat(broken.sequence()).isEqualTo(4);
              assertThat(broken.reason())
                  .isEqualTo(
                      "its previous hash is not the hash of entry 3: an entry before it was"
                          + " removed, replaced or moved");
            });
  }

  @Test
  void aDeletedEntryBreaksTheChainWhereItWas() throws Exception {
    AuditTrail trail = trailOfFive();
    Files.delete(entryFile(2));

    assertThat(trail.verify())
        .hasValueSatisfying(
            broken -> {
              assertThat(broken.sequence()).isEqualTo(2);
              assertThat(broken.reason())
                  .isEqualTo(
                      "entry 2 is missing: the file after entry 1 is 00000000000000000003.json");
            });
  }

  @Test
  void reorderedEntriesBreakTheChainAtTheFirstMovedEntry() throws Exception {
    AuditTrail trail = trailOfFive();
    String second = Files.readString(entryFile(2));
    String fourth = Files.readString(entryFile(4));
    Files.writeString(entryFile(2), fourth);
    Files.writeString(entryFile(4), second);

    assertThat(trail.verify())
        .hasValueSatisfying(
            broken -> {
              assertThat(broken.sequence()).isEqualTo(2);
              assertThat(broken.reason()).isEqualTo("the file of entry 2 holds entry 4");
            });
  }

  @Test
  void filtersSelectByActionAndTimeNewestFirstUpToTheLimit() {
    AuditTrail trail = trailOfFive();
    Instant afterTheFirstThree = trail.list(Optional.empty(), Optional.empty(), 5).get(2).at();

    assertThat(trail.list(Optional.empty(), Optional.of(AuditAction.RUN), 10))
        .extracting(AuditEntry::target)
        .containsExactly("run 000002", "run 000001");
    assertThat(trail.list(Optional.of(afterTheFirstThree), Optional.empty(), 10))
        .extracting(AuditEntry::sequence)
        .containsExactly(5L, 4L, 3L);
    assertThat(trail.list(Optional.empty(), Optional.empty(), 2))
        .extracting(AuditEntry::sequence)
        .containsExactly(5L, 4L);
    assertThat(trail.list(Optional.empty(), Optional.of(AuditAction.ERASURE), 10)).isEmpty();
  }

  @Test
  void concurrentWritersEachGetTheirOwnSequenceAndTheChainHolds() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<AuditEntry>> futures = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String target = "run " + i;
        futures.add(
            pool.submit(() -> trail().record(AuditAction.RUN, target, AuditOutcome.SUCCEEDED)));
      }
      for (Future<AuditEntry> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }

    AuditTrail trail = trail();
    assertThat(trail.size()).isEqualTo(20);
    assertThat(trail.list(Optional.empty(), Optional.empty(), 20))
        .extracting(AuditEntry::target)
        .hasSize(20)
        .doesNotHaveDuplicates();
    assertThat(trail.verify()).isEmpty();
  }

  @Test
  void entryFilesAreOwnerOnlyAndAnUnreadableLastEntryStopsRecording() throws Exception {
    AuditTrail trail = trailOfFive();
    try (Stream<Path> files = Files.list(lake.resolve("_carelake/audit"))) {
      assertThat(files.filter(file -> file.getFileName().toString().endsWith(".json")))
          .allSatisfy(
              file ->
                  assertThat(Files.getPosixFilePermissions(file).toString())
                      .isEqualTo("[OWNER_READ, OWNER_WRITE]"));
    }
    Files.writeString(entryFile(5), "{\"sequence\":");

    assertThat(trail.verify()).map(AuditBreak::reason).hasValue("it is not a readable audit entry");
    assertThatThrownBy(() -> trail.record(AuditAction.RUN, "run 3", AuditOutcome.SUCCEEDED))
        .isInstanceOf(CarelakeException.class)
        .hasMessageStartingWith("The audit entry ")
        .hasMessageEndingWith(
            "00000000000000000005.json is not a readable entry: the file was changed or damaged"
                + " outside carelake. Run 'carelake audit --verify' to find the first broken"
                + " entry, and restore the trail from a backup.");
  }
}
