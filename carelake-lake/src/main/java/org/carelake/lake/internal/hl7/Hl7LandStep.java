package org.carelake.lake.internal.hl7;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.carelake.core.Errors;
import org.carelake.lake.Lake;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.pipeline.Counts;
import org.carelake.lake.pipeline.RunContext;
import org.carelake.lake.pipeline.Step;
import org.carelake.lake.pipeline.StepName;
import org.carelake.lake.pipeline.StepResult;

/**
 * Lands the {@code .hl7} files of an inbox in the run's folder of the raw zone, bytes as received,
 * each with its manifest; a file leaves the inbox only once it is landed with its manifest.
 *
 * <p>Idempotent: run again in the same run (a resume), it lands what is still waiting and counts
 * every file the run's folder holds, so the count covers the files landed by the first attempt.
 */
public final class Hl7LandStep implements Step {
  /** The name of the step. */
  public static final StepName NAME = StepName.of("raw", Hl7RawZone.SOURCE);

  /**
   * The files the run's raw folder holds after the step.
   *
   * @param files landed files
   * @param messages messages in them, from their manifests
   */
  public record Result(long files, long messages) implements StepResult {
    @Override
    public Map<String, Long> counts() {
      return Counts.of("files", files, "messages", messages);
    }

    @Override
    public String summary() {
      return Counts.format(files) + " files, " + Counts.format(messages) + " messages";
    }
  }

  private final Lake lake;
  private final String inbox;

  /**
   * The landing of an inbox.
   *
   * @param lake the lake
   * @param inbox the inbox folder, as a URI or lake path
   */
  public Hl7LandStep(Lake lake, String inbox) {
    this.lake = lake;
    this.inbox = inbox;
  }

  @Override
  public StepName name() {
    return NAME;
  }

  @Override
  public List<StepName> dependsOn() {
    return List.of();
  }

  @Override
  public String description() {
    return "land the inbox's .hl7 files in raw/hl7/messages/<run-id> with a manifest each, bytes"
        + " as received; a file leaves the inbox once landed";
  }

  @Override
  public String label() {
    return "raw hl7";
  }

  @Override
  public Result run(RunContext context) {
    LakeFiles files = lake.files();
    Hl7RawZone raw = new Hl7RawZone(files, lake.paths());
    for (String name : raw.waiting(inbox)) {
      String source = inbox + "/" + name;
      byte[] content;
      try (InputStream in = files.open(source)) {
        content = in.readAllBytes();
      } catch (IOException e) {
        throw Errors.fileFailed("read", source, e);
      }
      raw.land(context.runId(), name, content);
      files.delete(source);
    }
    List<Hl7FileManifest> landed = raw.landed(context.runId());
    return new Result(
        landed.size(), landed.stream().mapToLong(Hl7FileManifest::messageCount).sum());
  }
}
