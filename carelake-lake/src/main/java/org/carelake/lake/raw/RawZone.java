package org.carelake.lake.raw;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * raw/<source>/<table>/<run-id>/}, as one or more part files, each with a manifest beside it.
 *
 * <p>A part's manifest is written after its data file, so a data file without one is an interrupted
 * attempt: it is removed and written again. When every part of a table's extract is landed, a
 * marker {@code _landed.json} lists them; only then does the extract count as landed. Once landed,
 * nothing in the folder changes; landing the same part again returns its manifest.
 */
public final class RawZone {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String MARKER = "_landed.json";
  private static final String INBOX_PART = "inbox-";
  private static final java.util.regex.Pattern COLUMN_NAME =
      java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

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

  /** The name of the n-th part of an extract. */
  public static String part(int number) {
    return String.format("part-%05d", number);
  }

  /**
   * Lands one part of an extract, or returns the manifest of the part already landed.
   *
   * @param extract what is extracted
   * @param part the part's name, e.g. {@code part-00000}
   * @param writer writes the CSV rows (with a header line)
   * @return the part's manifest, with the row count, size and SHA-256 of its file
   */
  public RawManifest land(Extract extract, String part, ExtractWriter writer) {
    String folder = paths.raw(extract.source(), extract.table(), extract.runId());
    String manifestPath = folder + "/" + part + ".manifest.json";
    if (files.exists(manifestPath)) {
      return readManifest(manifestPath);
    }
    String dataPath = folder + "/" + part + ".csv";
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
    String file = part + ".csv";
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
      files.writeAtomically(manifestPath, JSON.writeValueAsString(manifest));
    } catch (IOException e) {
      throw Errors.fileFailed("write", manifestPath, e);
    }
    return manifest;
  }

  /** Marks a table's extract in a run as landed: all of its parts are there. */
  public Landed complete(String source, String table, String runId, List<RawManifest> parts) {
    Landed landed = new Landed(List.copyOf(parts));
    try {
      files.writeAtomically(
          paths.raw(source, table, runId) + "/" + MARKER,
          JSON.writeValueAsString(
              parts.stream()
                  .map(manifest -> manifest.file() == null ? "" : manifest.file())
                  .toList()));
    } catch (IOException e) {
      throw Errors.fileFailed("write", paths.raw(source, table, runId) + "/" + MARKER, e);
    }
    return landed;
  }

  /**
   * A table's extract in one run: its parts.
   *
   * @param parts the parts' manifests, in part order
   */
  public record Landed(List<RawManifest> parts) {
    /** Rows in all parts. */
    public long rowCount() {
      return parts.stream().mapToLong(RawManifest::rowCount).sum();
    }

    /** Bytes in all parts. */
    public long bytes() {
      return parts.stream().mapToLong(RawManifest::bytes).sum();
    }

    /** The extract's exclusive upper watermark (the same on every database part). */
    public String watermarkTo() {
      return parts.get(0).watermarkTo();
    }

    /** The columns of the first part: the source table's columns. */
    public List<RawManifest.Column> columns() {
      return parts.get(0).columns();
    }

    /** The first part, whose metadata (run, source, table, time) stands for the extract. */
    public RawManifest first() {
      return parts.get(0);
    }
  }

  /** A table's landed extract in one run, if all its parts were landed. */
  public Optional<Landed> landed(String source, String table, String runId) {
    String folder = paths.raw(source, table, runId);
    if (!files.exists(folder + "/" + MARKER)) {
      return Optional.empty();
    }
    List<RawManifest> parts = new ArrayList<>();
    for (String name : files.list(folder)) {
      if (name.endsWith(".manifest.json") && !name.startsWith(".")) {
        parts.add(readManifest(folder + "/" + name));
      }
    }
    return Optional.of(new Landed(parts));
  }

  private RawManifest readManifest(String path) {
    try {
      return JSON.readValue(files.read(path), RawManifest.class);
    } catch (IOException e) {
      throw Errors.fileFailed("read the manifest", path, e);
    }
  }

  /** The full path of a manifest's data file. */
  public String dataPath(RawManifest manifest) {
    return paths.raw(manifest.source(), manifest.table(), manifest.runId()) + "/" + manifest.file();
  }

  /** The run ids that landed an extract of a table, oldest first (run ids sort by time). */
  public List<String> runs(String source, String table) {
    List<String> runs = new ArrayList<>();
    for (String runId : files.list(paths.raw(source, table))) {
      if (files.exists(paths.raw(source, table, runId) + "/" + MARKER)) {
        runs.add(runId);
      }
    }
    return runs;
  }

  /**
   * The columns of a table's newest extract landed by a run before the given one, reading only what
   * it needs.
   */
  public Optional<List<RawManifest.Column>> previousColumns(
      String source, String table, String runId) {
    List<String> runs = files.list(paths.raw(source, table));
    for (int i = runs.size() - 1; i >= 0; i--) {
      if (runs.get(i).compareTo(runId) < 0) {
        Optional<Landed> landed = landed(source, table, runs.get(i));
        if (landed.isPresent()) {
          return Optional.of(landed.get().columns());
        }
      }
    }
    return Optional.empty();
  }

  /** What happens to raw extracts past their retention. */
  public enum RetentionAction {
    /** Moved under {@code archive/raw/}. */
    ARCHIVE,
    /** Removed. */
    DELETE
  }

  /**
   * Applies retention to one table's raw extracts: the runs that started before the cut-off (run
   * ids begin with their sequence and start time) are moved to {@code archive/raw/} or deleted. The
   * run in progress is never touched.
   *
   * @return how many run folders were archived or deleted
   */
  public int retain(
      String source, String table, Instant cutOff, String currentRunId, RetentionAction action) {
    int moved = 0;
    for (String runId : files.list(paths.raw(source, table))) {
      if (runId.equals(currentRunId) || runId.startsWith(".")) {
        continue;
      }
      Optional<Instant> started = startOf(runId);
      if (started.isEmpty() || !started.get().isBefore(cutOff)) {
        continue;
      }
      String folder = paths.raw(source, table, runId);
      if (action == RetentionAction.ARCHIVE) {
        files.rename(folder, paths.root() + "/archive/raw/" + source + "/" + table + "/" + runId);
      } else {
        files.delete(folder);
      }
      moved++;
    }
    return moved;
  }

  private static Optional<Instant> startOf(String runId) {
    int dash = runId.indexOf('-');
    if (dash < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          java.time.LocalDateTime.parse(
                  runId.substring(dash + 1),
                  java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
              .toInstant(java.time.ZoneOffset.UTC));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Whether a landed part came from a file dropped into the inbox (not from COPY). */
  public static boolean isInboxPart(RawManifest part) {
    return part.file() != null && part.file().startsWith(INBOX_PART);
  }

  /** The CSV files waiting in a table's inbox folder, by name. */
  public List<String> inbox(String source, String table) {
    List<String> names = new ArrayList<>(files.list(paths.inbox(source, table)));
    names.removeIf(name -> !name.endsWith(".csv") || name.startsWith("."));
    return names;
  }

  /**
   * Lands a CSV file dropped into a table's inbox as a part of a run's extract, then removes it
   * from the inbox. The file needs a header line naming the table's columns (in any order, a subset
   * is fine) with at least the key and {@code updated_at}; a file without them is moved to {@code
   * raw/inbox/rejected/} with a note of why, and nothing of it is landed.
   *
   * @param extract the run's extract of the table (run, watermarks)
   * @param name the file's name in the inbox
   * @param required the columns the header must name
   * @return the part's manifest, or empty when the file was rejected
   */
  public Optional<RawManifest> landInbox(Extract extract, String name, List<String> required) {
    String path = paths.inbox(extract.source(), extract.table()) + "/" + name;
    List<String> header = CsvHeader.read(files, path);
    Optional<String> unfit = unfitHeader(header);
    if (unfit.isPresent()) {
      reject(
          extract,
          path,
          name,
          "Not landed: "
              + unfit.get()
              + ". Fix the header line and drop"
              + " the file into the inbox again.\n");
      return Optional.empty();
    }
    List<String> missing = required.stream().filter(column -> !header.contains(column)).toList();
    String part =
        INBOX_PART + name.substring(0, name.length() - 4).replaceAll("[^A-Za-z0-9_-]", "_");
    if (!missing.isEmpty()) {
      reject(
          extract,
          path,
          name,
          "Not landed: the header line has no column "
              + String.join(", ", missing)
              + "; an inbox file for table "
              + extract.table()
              + " needs at least "
              + String.join(", ", required)
              + ". Fix the file and drop it into the inbox again.\n");
      return Optional.empty();
    }
    List<RawManifest.Column> columns =
        header.stream().map(column -> new RawManifest.Column(column, "text")).toList();
    Extract fromInbox =
        new Extract(
            extract.runId(),
            extract.source(),
            extract.table(),
            extract.watermarkFrom(),
            extract.watermarkTo(),
            columns);
    RawManifest manifest =
        land(
            fromInbox,
            part,
            out -> {
              try (InputStream in = files.open(path)) {
                return CsvHeader.copyCountingRecords(in, out) - 1;
              }
            });
    files.delete(path);
    return Optional.of(manifest);
  }

  /**
   * Why a header line cannot name a table's columns, if it cannot: a name that is not a plain
   * column name (a quote, a semicolon from another CSV dialect, a space) or a name given twice.
   * Names are not quoted in the reason: the header may be a data line of a file without one.
   */
  private static Optional<String> unfitHeader(List<String> header) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < header.size(); i++) {
      String column = header.get(i);
      if (!COLUMN_NAME.matcher(column).matches()) {
        return Optional.of(
            "column "
                + (i + 1)
                + " of the header line is not a column name (letters, digits and underscores,"
                + " not starting with a digit; the file must be comma-separated with a header"
                + " line)");
      }
      if (!seen.add(column)) {
        return Optional.of("the header line names column " + column + " twice");
      }
    }
    return Optional.empty();
  }

  /** Moves an inbox file to {@code raw/inbox/rejected/} with a note of why. */
  private void reject(Extract extract, String path, String name, String reason) {
    String rejected = paths.root() + "/raw/inbox/rejected/" + extract.runId() + "-" + name;
    files.rename(path, rejected);
    files.writeAtomically(rejected + ".reason.txt", reason);
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
