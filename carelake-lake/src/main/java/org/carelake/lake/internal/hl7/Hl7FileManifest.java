package org.carelake.lake.internal.hl7;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one landed HL7 file holds, written beside it after it and never changed: the sibling of
 * {@link org.carelake.lake.raw.RawManifest} for message files.
 *
 * @param runId the run that landed it
 * @param source always {@code hl7}
 * @param file the file's name in the run's folder
 * @param format always {@code hl7v2-er7} (pipe-delimited HL7 v2, any framing)
 * @param messageCount messages found in the file
 * @param bytes the file's size
 * @param sha256 the file's SHA-256, hex
 * @param receivedAt when it was landed (ISO-8601, UTC)
 */
record Hl7FileManifest(
    @JsonProperty("run_id") String runId,
    String source,
    String file,
    String format,
    @JsonProperty("message_count") long messageCount,
    long bytes,
    String sha256,
    @JsonProperty("received_at") String receivedAt) {}
