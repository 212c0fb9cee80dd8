package org.carelake.lake.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.carelake.core.Errors;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;

/**
 * The durable history of runs: one JSON file per run under {@code _carelake/runs/}, rewritten
 * atomically at every step, so a crashed run is still seen (as RUNNING) with the steps it had
 * finished.
 *
 * <p>Kept as plain files in the lake, not in a database, so that {@code carelake status} needs no
 * Spark session and the history travels with the lake it describes.
 */
public final class RunHistory {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final LakeFiles files;
  private final LakePaths paths;

  /** The history of the given lake. */
  public RunHistory(LakeFiles files, LakePaths paths) {
    this.files = files;
    this.paths = paths;
  }

  /** Records the start of a new run and returns it. */
  public RunRecord start(String command) {
    long sequence = latest(1).stream().mapToLong(RunRecord::sequence).max().orElse(0) + 1;
    Instant now = Instant.now();
    String id = String.format("%06d-%s", sequence, ID_TIME.format(now));
    RunRecord run =
        new RunRecord(
            id,
            sequence,
            command,
            RunStatus.RUNNING,
            now.toString(),
            null,
            List.of(),
            Map.of(),
            null);
    save(run);
    return run;
  }

  /** Writes a run's current state. */
  public void save(RunRecord run) {
    try {
      files.writeAtomically(paths.runs() + "/" + run.id() + ".json", JSON.writeValueAsString(run));
    } catch (IOException e) {
      throw Errors.fileFailed("write", paths.runs() + "/" + run.id() + ".json", e);
    }
  }

  /** The newest runs, newest first. */
  public List<RunRecord> latest(int limit) {
    return newestFirst().limit(limit).toList();
  }

  /**
   * Every run, newest first, each read only when the stream reaches it: a caller that stops at the
   * first run it needs reads that many files, however long the history.
   */
  public Stream<RunRecord> newestFirst() {
    List<String> names = new ArrayList<>(files.list(paths.runs()));
    names.removeIf(name -> !name.endsWith(".json") || name.startsWith("."));
    Collections.reverse(names);
    return names.stream().map(name -> read(paths.runs() + "/" + name));
  }

  /** A run by id. */
  public Optional<RunRecord> find(String id) {
    String path = paths.runs() + "/" + id + ".json";
    return files.exists(path) ? Optional.of(read(path)) : Optional.empty();
  }

  private RunRecord read(String path) {
    try {
      return JSON.readValue(files.read(path), RunRecord.class);
    } catch (IOException e) {
      throw Errors.fileFailed("read the run record", path, e);
    }
  }
}
