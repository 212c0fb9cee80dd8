package org.carelake.lake.internal.hl7;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.carelake.core.Errors;
import org.carelake.hl7.Hl7Charsets;
import org.carelake.hl7.Hl7Framing;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;

/**
 * Lands HL7 files in the immutable raw zone: {@code raw/hl7/messages/<run-id>/<file>}, each with a
 * manifest {@code <file>.manifest.json} written last, as {@link org.carelake.lake.raw.RawZone} does
 * for database extracts. A file without a manifest is an interrupted attempt and is written again;
 * one with a manifest is never changed, and landing it again returns the manifest. The file holds
 * the bytes as received, whatever their character set; {@link #read} decodes them.
 *
 * <p>The inbox is {@code raw/inbox/hl7/}: files ending in {@code .hl7} dropped there are landed by
 * {@code carelake hl7 ingest} and then removed from the inbox.
 */
public final class Hl7RawZone {
  /** The source name of HL7 messages in the raw zone and bronze. */
  static final String SOURCE = "hl7";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final LakeFiles files;
  private final LakePaths paths;

  /** The HL7 part of a lake's raw zone. */
  public Hl7RawZone(LakeFiles files, LakePaths paths) {
    this.files = files;
    this.paths = paths;
  }

  /** The default inbox: {@code <lake>/raw/inbox/hl7}. */
  public String inbox() {
    return paths.root() + "/raw/inbox/hl7";
  }

  /** The folder a run's files land in. */
  String folder(String runId) {
    return paths.raw(SOURCE, "messages", runId);
  }

  /** The {@code .hl7} files waiting in an inbox, sorted by name. */
  List<String> waiting(String inbox) {
    List<String> names = new ArrayList<>();
    for (String name : files.list(inbox)) {
      if (name.endsWith(".hl7") && !name.startsWith(".")) {
        names.add(name);
      }
    }
    return names;
  }

  /** Lands one file's bytes for a run, or returns the manifest of the file already landed. */
  Hl7FileManifest land(String runId, String name, byte[] content) {
    Optional<Hl7FileManifest> existing = manifest(runId, name);
    if (existing.isPresent()) {
      return existing.get();
    }
    String path = folder(runId) + "/" + name;
    files.delete(path);
    try (OutputStream out = files.createNew(path)) {
      out.write(content);
    } catch (IOException e) {
      throw Errors.fileFailed("write", path, e);
    }
    String text = Hl7Charsets.decode(content);
    Hl7FileManifest manifest =
        new Hl7FileManifest(
            runId,
            SOURCE,
            name,
            "hl7v2-er7",
            Hl7Framing.split(text).size(),
            content.length,
            sha256(content),
            Instant.now().toString());
    try {
      files.writeAtomically(path + ".manifest.json", JSON.writeValueAsString(manifest));
    } catch (IOException e) {
      throw Errors.fileFailed("write", path + ".manifest.json", e);
    }
    return manifest;
  }

  /** The manifests of the files a run landed, by file name; none when it landed nothing. */
  List<Hl7FileManifest> landed(String runId) {
    List<Hl7FileManifest> manifests = new ArrayList<>();
    for (String name : files.list(folder(runId))) {
      if (name.endsWith(".manifest.json")) {
        manifest(runId, name.substring(0, name.length() - ".manifest.json".length()))
            .ifPresent(manifests::add);
      }
    }
    return manifests;
  }

  /** The runs that landed HL7 files, oldest first (run ids start with their sequence). */
  List<String> runs() {
    List<String> runs = new ArrayList<>(files.list(paths.raw(SOURCE, "messages")));
    runs.removeIf(name -> name.startsWith(".") || name.startsWith("_"));
    runs.sort(java.util.Comparator.comparingLong(Hl7RawZone::sequenceOf));
    return runs;
  }

  /** The sequence number a run id starts with. */
  static long sequenceOf(String runId) {
    int dash = runId.indexOf('-');
    return Long.parseLong(dash < 0 ? runId : runId.substring(0, dash));
  }

  /** The manifest of a landed file, if it was landed. */
  Optional<Hl7FileManifest> manifest(String runId, String name) {
    String path = folder(runId) + "/" + name + ".manifest.json";
    if (!files.exists(path)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(files.read(path), Hl7FileManifest.class));
    } catch (IOException e) {
      throw Errors.fileFailed("read", path, e);
    }
  }

  /**
   * The text of a landed file, decoded from its bytes as {@link Hl7Charsets} decides (UTF-8 when
   * valid, else the MSH-18 character set, else ISO-8859-1): the raw zone holds the bytes as
   * received, and decoding happens here, on the way to bronze.
   */
  String read(Hl7FileManifest manifest) {
    return Hl7Charsets.decode(bytes(manifest));
  }

  /** The bytes of a landed file, exactly as received. */
  byte[] bytes(Hl7FileManifest manifest) {
    String path = folder(manifest.runId()) + "/" + manifest.file();
    try (InputStream in = files.open(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw Errors.fileFailed("read", path, e);
    }
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
