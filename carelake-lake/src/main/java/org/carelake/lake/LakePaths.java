package org.carelake.lake;

import java.net.URI;

/**
 * Where each part of the lake lives under its root.
 *
 * <pre>
 * raw/&lt;source&gt;/&lt;table&gt;/&lt;run-id&gt;/   extract files and their manifests (never changed)
 * raw/inbox/&lt;source&gt;/&lt;table&gt;/        files dropped for the next run to pick up
 * bronze/&lt;source&gt;_&lt;table&gt;            Delta, append-only, as received
 * silver/&lt;entity&gt;                    Delta, typed, validated, deduplicated
 * quarantine/records                 Delta, rejected rows with their reasons
 * quarantine/releases                Delta, quarantined rows a replay let into silver
 * terminology/icd10cm                Delta, ICD-10-CM releases (one row per release and code)
 * fhir/resources                     Delta, FHIR R4 resources as JSON, versioned
 * fhir/findings                      Delta, FHIR validation findings per run
 * pending/&lt;entity&gt;                   Delta, rows waiting for a parent that has not arrived
 * gold/&lt;mart&gt;                        Delta, de-identified marts
 * _carelake/runs/&lt;run-id&gt;.json       run history
 * _carelake/quality/&lt;run-id&gt;.json|html data-quality reports, and latest.html
 * _carelake/pseudonym-secret         the secret of gold's keyed pseudonyms (owner-only)
 * _carelake/checkpoints/&lt;stream&gt;    a stream's Structured Streaming checkpoint
 * </pre>
 *
 * @param root the lake's root URI, ending without a slash
 */
public record LakePaths(String root) {
  /** The source name of the EHR database in the raw zone and bronze. */
  public static final String EHR = "ehr";

  /** Paths under a root URI. */
  public static LakePaths of(URI root) {
    String text = root.toString();
    return new LakePaths(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
  }

  /** The raw zone folder of one table's extract in one run. */
  public String raw(String source, String table, String runId) {
    return root + "/raw/" + source + "/" + table + "/" + runId;
  }

  /** The raw zone folder of one table, all runs. */
  public String raw(String source, String table) {
    return root + "/raw/" + source + "/" + table;
  }

  /** The inbox folder of one table: CSV extracts dropped there are landed by the next run. */
  public String inbox(String source, String table) {
    return root + "/raw/inbox/" + source + "/" + table;
  }

  /** A bronze table. */
  public String bronze(String source, String table) {
    return root + "/bronze/" + source + "_" + table;
  }

  /** A silver table. */
  public String silver(String entity) {
    return root + "/silver/" + entity;
  }

  /** The quarantine table. */
  public String quarantine() {
    return root + "/quarantine/records";
  }

  /** The releases of quarantined rows: which a replay let into silver, and when. */
  public String quarantineReleases() {
    return root + "/quarantine/releases";
  }

  /** A terminology lookup table, such as {@code icd10cm}. */
  public String terminology(String codeSystem) {
    return root + "/terminology/" + codeSystem;
  }

  /** The data-quality reports folder. */
  public String quality() {
    return root + "/_carelake/quality";
  }

  /** The FHIR layer: one row per resource, its latest version. */
  public String fhirResources() {
    return root + "/fhir/resources";
  }

  /** Where the FHIR layer stands per resource type: the silver version each was synced with. */
  public String fhirSync() {
    return root + "/fhir/_sync";
  }

  /** The FHIR validation findings of every run. */
  public String fhirFindings() {
    return root + "/fhir/findings";
  }

  /** The rows of a silver entity that wait for a parent the lake has not received yet. */
  public String pending(String entity) {
    return root + "/pending/" + entity;
  }

  /** A gold table. */
  public String gold(String mart) {
    return root + "/gold/" + mart;
  }

  /** The secret of gold's keyed pseudonyms, unless {@code gold.pseudonym-secret-file} is set. */
  public String pseudonymSecret() {
    return root + "/_carelake/pseudonym-secret";
  }

  /** The checkpoint of a stream (Spark Structured Streaming's offsets and commits). */
  public String checkpoint(String stream) {
    return root + "/_carelake/checkpoints/" + stream;
  }

  /** The audit trail folder: one file per entry, never rewritten. */
  public String audit() {
    return root + "/_carelake/audit";
  }

  /** The run history folder. */
  public String runs() {
    return root + "/_carelake/runs";
  }
}
