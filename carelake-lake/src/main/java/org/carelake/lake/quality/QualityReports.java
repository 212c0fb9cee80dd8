package org.carelake.lake.quality;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carelake.core.Errors;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;

/**
 * The data-quality reports of a lake, as plain files under {@code _carelake/quality/}: {@code
 * <run-id>.json} and {@code <run-id>.html} per run, and {@code latest.html}, a copy of the newest
 * page. Files are written atomically (temporary file, then rename), so a reader never sees half a
 * report. Reading needs no Spark session.
 */
public final class QualityReports {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** How many earlier reports a report's trend shows. */
  static final int TREND_RUNS = 10;

  private final LakeFiles files;
  private final LakePaths paths;

  /**
   * The reports of one lake.
   *
   * @param files the lake's file system
   * @param paths the lake
   */
  public QualityReports(LakeFiles files, LakePaths paths) {
    this.files = files;
    this.paths = paths;
  }

  /** Where the JSON report of a run is. */
  public String json(String runId) {
    return paths.quality() + "/" + runId + ".json";
  }

  /** Where the HTML page of a run is. */
  public String html(String runId) {
    return paths.quality() + "/" + runId + ".html";
  }

  /** Where the newest page is. */
  public String latestHtml() {
    return paths.quality() + "/latest.html";
  }

  /**
   * Writes a report as JSON and HTML, and the HTML again as {@code latest.html} unless a report of
   * a later run exists.
   *
   * @param report the report
   */
  public void write(QualityReport report) {
    String page = QualityHtml.render(report);
    try {
      files.writeAtomically(json(report.runId()), JSON.writeValueAsString(report));
    } catch (IOException e) {
      throw Errors.fileFailed("write", json(report.runId()), e);
    }
    files.writeAtomically(html(report.runId()), page);
    List<String> ids = runIds();
    if (ids.isEmpty() || ids.get(ids.size() - 1).compareTo(report.runId()) <= 0) {
      files.writeAtomically(latestHtml(), page);
    }
  }

  /**
   * Reads the report of a run.
   *
   * @param runId the run
   * @return the report, or empty when the run has none
   */
  public Optional<QualityReport> find(String runId) {
    String path = json(runId);
    return files.exists(path) ? Optional.of(read(path)) : Optional.empty();
  }

  /**
   * Reads the newest report.
   *
   * @return the report, or empty when the lake has none
   */
  public Optional<QualityReport> latest() {
    List<String> ids = runIds();
    return ids.isEmpty() ? Optional.empty() : find(ids.get(ids.size() - 1));
  }

  /**
   * The summaries of the reports of runs before one, oldest first.
   *
   * @param runId the run
   * @param limit at most this many, the newest ones
   * @return the summaries
   */
  public List<QualityReport.Summary> before(String runId, int limit) {
    List<String> ids = new ArrayList<>(runIds());
    ids.removeIf(id -> id.compareTo(runId) >= 0);
    List<String> chosen = ids.subList(Math.max(0, ids.size() - limit), ids.size());
    return chosen.stream().map(id -> read(json(id)).summary()).toList();
  }

  /** The run ids that have a report, in order (run ids sort by time). */
  public List<String> runIds() {
    List<String> ids = new ArrayList<>();
    for (String name : files.list(paths.quality())) {
      if (name.endsWith(".json") && !name.startsWith(".")) {
        ids.add(name.substring(0, name.length() - ".json".length()));
      }
    }
    return ids;
  }

  private QualityReport read(String path) {
    try {
      return JSON.readValue(files.read(path), QualityReport.class);
    } catch (IOException e) {
      throw Errors.fileFailed("read the quality report", path, e);
    }
  }
}
