package org.carelake.lake.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carelake.core.Errors;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;

/**
 * The lake's append-only audit trail: who ran, exported or looked at patient data, when, from
 * where, and how it ended.
 *
 * <p>Kept as the run history is, as plain files in the lake ({@code _carelake/audit/}), so that it
 * needs no Spark session and travels with the lake: one small owner-only JSON file per entry, named
 * by its sequence ({@code 00000000000000000042.json}), created once with {@link
 * LakeFiles#createIfAbsent} and never rewritten. Of two processes recording at once, exactly one
 * creates the next sequence's file; the other reads the new last entry and tries the sequence after
 * it, so concurrent writers need no lock (a run holds the lake's lock while a quarantine listing
 * may be recorded).
 *
 * <p>Each entry carries the hash of the entry before it and its own hash, SHA-256 of that previous
 * hash and the entry's canonical JSON ({@link AuditEntry#canonical()}), so {@link #verify()} finds
 * an entry edited, deleted or moved to another place. Removing the newest entries leaves a shorter
 * chain that still verifies: compare the count with a copy kept elsewhere to see that.
 *
 * <p>Entries never hold patient data: targets are run ids, folders, filters or pseudonymous keys.
 */
public final class AuditTrail {
  /** The previous hash of the first entry: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  private static final int ATTEMPTS = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LakeFiles files;
  private final LakePaths paths;
  private final AuditActor actor;

  /**
   * The trail of a lake, recording as the given actor.
   *
   * @param files the lake's files
   * @param paths the lake's paths
   * @param actor who this process's actions are recorded as
   */
  public AuditTrail(LakeFiles files, LakePaths paths, AuditActor actor) {
    this.files = files;
    this.paths = paths;
    this.actor = actor;
  }

  /**
   * Records an action of this trail's actor. Costs a listing of the trail's folder, a read of its
   * last entry and the creation of one file.
   *
   * @param action what was done
   * @param target what it was done to; never patient data (a run id, a folder, a pseudonymous key)
   * @param outcome how it ended
   * @return the entry as recorded
   */
  public AuditEntry record(AuditAction action, String target, AuditOutcome outcome) {
    return record(actor, action, target, outcome);
  }

  /**
   * Records an action of another actor: a dashboard user's sign-in or page view.
   *
   * @param who the user and the client address
   * @param action what was done
   * @param target what it was done to; never patient data
   * @param outcome how it ended
   * @return the entry as recorded
   */
  public AuditEntry record(
      AuditActor who, AuditAction action, String target, AuditOutcome outcome) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<AuditEntry> last = last();
      long sequence = last.map(AuditEntry::sequence).orElse(0L) + 1;
      String previous = last.map(AuditEntry::hash).orElse(GENESIS);
      AuditEntry unsealed =
          new AuditEntry(sequence, Instant.now(), who, action, target, outcome, previous, "");
      AuditEntry entry =
          new AuditEntry(
              sequence, unsealed.at(), who, action, target, outcome, previous, hash(unsealed));
      if (files.createIfAbsent(path(sequence), text(entry).getBytes(StandardCharsets.UTF_8))) {
        return entry;
      }
    }
    throw Errors.auditTrailContended(paths.audit(), ATTEMPTS);
  }

  /**
   * The entries, newest first, that match a filter. Reads entry files from the newest back until
   * the limit is reached, so a filter that matches few entries reads the whole trail.
   *
   * @param since only entries at or after this time, when given
   * @param action only entries of this action, when given
   * @param limit at most this many entries
   */
  public List<AuditEntry> list(Optional<Instant> since, Optional<AuditAction> action, int limit) {
    List<String> names = entryFiles();
    List<AuditEntry> entries = new ArrayList<>();
    for (int i = names.size() - 1; i >= 0 && entries.size() < limit; i--) {
      String path = paths.audit() + "/" + names.get(i);
      AuditEntry entry =
          parse(files.read(path)).orElseThrow(() -> Errors.auditEntryUnreadable(path));
      boolean recent = since.map(time -> !entry.at().isBefore(time)).orElse(true);
      boolean matches = action.map(wanted -> wanted == entry.action()).orElse(true);
      if (recent && matches) {
        entries.add(entry);
      }
    }
    return entries;
  }

  /**
   * Checks the chain from the first entry to the last: each file holds the entry of its position,
   * chained to the one before by its previous hash, with the hash its content gives.
   *
   * @return the first entry that breaks the chain; empty when the whole trail holds
   */
  public Optional<AuditBreak> verify() {
    List<String> names = entryFiles();
    String previous = GENESIS;
    for (int i = 0; i < names.size(); i++) {
      long expected = i + 1L;
      String name = names.get(i);
      String path = paths.audit() + "/" + name;
      Optional<AuditEntry> read = parse(files.read(path));
      if (read.isEmpty()) {
        return Optional.of(new AuditBreak(expected, path, "it is not a readable audit entry"));
      }
      AuditEntry entry = read.get();
      if (!name.equals(fileName(expected))) {
        return Optional.of(
            new AuditBreak(
                expected,
                path,
                "entry "
                    + expected
                    + " is missing: the file after entry "
                    + (expected - 1)
                    + " is "
                    + name));
      }
      if (entry.sequence() != expected) {
        return Optional.of(
            new AuditBreak(
                expected,
                path,
                "the file of entry " + expected + " holds entry " + entry.sequence()));
      }
      if (!entry.previousHash().equals(previous)) {
        return Optional.of(
            new AuditBreak(
                expected,
                path,
                "its previous hash is not the hash of entry "
                    + (expected - 1)
                    + ": an entry before it was removed, replaced or moved"));
      }
      if (!entry.hash().equals(hash(entry))) {
        return Optional.of(
            new AuditBreak(
                expected, path, "its content does not give its hash: the entry was changed"));
      }
      previous = entry.hash();
    }
    return Optional.empty();
  }

  /** The number of entries in the trail. */
  public int size() {
    return entryFiles().size();
  }

  private Optional<AuditEntry> last() {
    List<String> names = entryFiles();
    if (names.isEmpty()) {
      return Optional.empty();
    }
    String path = paths.audit() + "/" + names.get(names.size() - 1);
    return Optional.of(
        parse(files.read(path)).orElseThrow(() -> Errors.auditEntryUnreadable(path)));
  }

  private List<String> entryFiles() {
    List<String> names = new ArrayList<>(files.list(paths.audit()));
    names.removeIf(name -> !name.matches("[0-9]{20}\\.json"));
    return names;
  }

  private String path(long sequence) {
    return paths.audit() + "/" + fileName(sequence);
  }

  private static String fileName(long sequence) {
    return String.format("%020d.json", sequence);
  }

  /** SHA-256 of the previous hash and the canonical JSON of the entry, in hexadecimal. */
  static String hash(AuditEntry entry) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(entry.previousHash().getBytes(StandardCharsets.UTF_8));
      digest.update(JSON.writeValueAsBytes(entry.canonical()));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      // Every Java platform has SHA-256, and a map of strings and numbers always serializes.
      throw new IllegalStateException(e);
    }
  }

  private static String text(AuditEntry entry) {
    Map<String, Object> fields = new LinkedHashMap<>(entry.canonical());
    fields.put("hash", entry.hash());
    try {
      return JSON.writeValueAsString(fields) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The entry a file holds; empty when it is not a complete entry. */
  private static Optional<AuditEntry> parse(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      JsonNode client = node.path("client");
      Optional<AuditAction> action = AuditAction.ofCode(node.path("action").asText());
      Optional<AuditOutcome> outcome =
          java.util.Arrays.stream(AuditOutcome.values())
              .filter(value -> value.code().equals(node.path("outcome").asText()))
              .findFirst();
      if (!node.path("sequence").canConvertToLong() || action.isEmpty() || outcome.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new AuditEntry(
              node.path("sequence").asLong(),
              Instant.parse(node.path("at").asText()),
              new AuditActor(
                  node.path("principal").asText(),
                  node.path("host").asText(),
                  client.isNull() || client.isMissingNode()
                      ? Optional.empty()
                      : Optional.of(client.asText())),
              action.get(),
              node.path("target").asText(),
              outcome.get(),
              node.path("previous_hash").asText(),
              node.path("hash").asText()));
    } catch (JsonProcessingException | java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
