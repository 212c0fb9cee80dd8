package org.carelake.lake.raw;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.carelake.core.Errors;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;

/**
 * The immutable raw landing zone: every extract is written once under {@code
 * raw/<source>/<table>/<run-id>/}, with a manifest beside each data file.
 *
 * <p>A manifest is written last, so a data file without one is an interrupted attempt: it is
 * removed and written again. Once a manifest exists, the extract is never changed; extracting the
 * same table in the same run again returns the existing manifest.
 */
public final class RawZone {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String PART = "part-00000";

  private final LakeFiles files;
  private final LakePaths paths;

  /** A raw zone under the given lake. */
  public RawZone(LakeFiles files, LakePaths paths) {
    this.files = files;
    this.paths = paths;
  }

  /** Writes the rows of one extract into a stream and returns how many rows it wrote. */
  @FunctionalInterface
  public interface ExtractWriter {
    /** Writes the extract; the stream is closed by the caller. */
    long writeTo(OutputStream out) throws Exception;
  }

  /**
   * What is being extracted.
   *
   * @param runId the run
   * @param source the source system
   * @param table the table
   * @param watermarkFrom inclusive lower bound, or null on a first run
   * @param watermarkTo exclusive upper bound
   * @param columns the columns, in file order
   */
  public record Extract(
      String runId,
      String source,
      String table,
      String watermarkFrom,
      String watermarkTo,
      List<RawManifest.Column> columns) {}

  /**
   * Lands an extract, or returns the manifest of the one already landed for this run and table.
   *
   * @param extract what is extracted
   * @param writer writes the CSV rows (with a header line)
   * @return the manifest, with the row count, size and SHA-256 of the file
   */
  public RawManifest land(Extract extract, ExtractWriter writer) {
    Optional<RawManifest> existing = manifest(extract.source(), extract.table(), extract.runId());
    if (existing.isPresent()) {
      return existing.get();
    }
    String folder = paths.raw(extract.source(), extract.table(), extract.runId());
    String dataPath = folder + "/" + PART + ".csv";
    files.delete(dataPath);
    long rows;
    CountingDigest counter;
    try (OutputStream raw = files.createNew(dataPath);
        CountingDigest counting = new CountingDigest(raw)) {
      counter = counting;
      rows = writer.writeTo(counting);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw Errors.extractFailed(extract.table(), e);
    }
    String file = PART + ".csv";
    if (rows == 0) {
      files.delete(dataPath);
      file = null;
    }
    RawManifest manifest =
        new RawManifest(
            extract.runId(),
            extract.source(),
            extract.table(),
            file,
            "csv",
            rows,
            rows == 0 ? 0 : counter.count(),
            rows == 0 ? null : counter.sha256(),
            extract.watermarkFrom(),
            extract.watermarkTo(),
            Instant.now().toString(),
            extract.columns());
    try {
      files.writeAtomically(
          folder + "/" + PART + ".manifest.json", JSON.writeValueAsString(manifest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return manifest;
  }

  /** The manifest of one table's extract in one run, if it was landed. */
  public Optional<RawManifest> manifest(String source, String table, String runId) {
    String path = paths.raw(source, table, runId) + "/" + PART + ".manifest.json";
    if (!files.exists(path)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(files.read(path), RawManifest.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The full path of a manifest's data file. */
  public String dataPath(RawManifest manifest) {
    return paths.raw(manifest.source(), manifest.table(), manifest.runId()) + "/" + manifest.file();
  }

  /** Every landed manifest of a table, oldest run first (run ids sort by time). */
  public List<RawManifest> manifests(String source, String table) {
    List<RawManifest> manifests = new ArrayList<>();
    for (String runId : files.list(paths.raw(source, table))) {
      manifest(source, table, runId).ifPresent(manifests::add);
    }
    return manifests;
  }

  /**
   * The manifest of a table's newest extract landed by a run before the given one (run ids sort by
   * time), reading only the manifests it needs.
   */
  public Optional<RawManifest> previous(String source, String table, String runId) {
    List<String> runs = files.list(paths.raw(source, table));
    for (int i = runs.size() - 1; i >= 0; i--) {
      if (runs.get(i).compareTo(runId) < 0) {
        Optional<RawManifest> manifest = manifest(source, table, runs.get(i));
        if (manifest.isPresent()) {
          return manifest;
        }
      }
    }
    return Optional.empty();
  }

  /** Counts bytes and computes the SHA-256 of what passes through. */
  private static final class CountingDigest extends FilterOutputStream {
    private final MessageDigest digest;
    private long count;

    CountingDigest(OutputStream out) {
      super(null);
      try {
        this.digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      this.out = new DigestOutputStream(out, digest);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    long count() {
      return count;
    }

    String sha256() {
      return HexFormat.of().formatHex(digest.digest());
    }
  }
}
