package org.carelake.hl7;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What reading one message gave.
 *
 * @param header what MSH says, read even when the message does not parse
 * @param sentAt MSH-7 as an instant (UTC), when it is a valid DTM: the source version of every
 *     record of the message, by which silver keeps the latest
 * @param records the mapped records; {@link Hl7Records#NONE} when there are errors
 * @param errors faults that keep the message out of silver (it goes to quarantine)
 * @param warnings faults that are reported and kept, like HAPI's validation findings
 */
public record Hl7Reading(
    Hl7Header header,
    Optional<Instant> sentAt,
    Hl7Records records,
    List<Hl7Problem> errors,
    List<Hl7Problem> warnings) {

  /** Copies the lists. */
  public Hl7Reading {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  /** Whether the message mapped without errors. */
  public boolean isValid() {
    return errors.isEmpty();
  }

  /** The errors as one line each, {@code location: text}. */
  public List<String> errorLines() {
    return errors.stream().map(Hl7Problem::toString).collect(Collectors.toList());
  }
}
