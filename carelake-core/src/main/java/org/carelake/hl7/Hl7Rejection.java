package org.carelake.hl7;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One record of a message that could not be mapped, while the rest of the message was: a DG1 whose
 * date is not a date, an OBX without an identifier, an SIU patient whose birth date is malformed.
 * It goes to quarantine on its own, so that one bad segment costs that record, never the patient,
 * the encounter or the other results the message carries.
 *
 * @param entity the silver table the record was meant for ({@code diagnoses}, {@code lab_results},
 *     {@code patients})
 * @param segment where the record comes from, {@code DG1[2]} or {@code OBX[7]}
 * @param problems the located reasons; none prints a field's value
 */
public record Hl7Rejection(String entity, String segment, List<Hl7Problem> problems) {
  /** Copies the list. */
  public Hl7Rejection {
    problems = List.copyOf(problems);
  }

  /** The reasons as one line each, {@code location: text}. */
  public List<String> reasonLines() {
    return problems.stream().map(Hl7Problem::toString).collect(Collectors.toList());
  }
}
