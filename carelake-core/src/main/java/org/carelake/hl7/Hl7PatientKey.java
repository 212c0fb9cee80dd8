package org.carelake.hl7;

import java.util.List;
import java.util.Optional;

/**
 * The key a message is filed under in Kafka, so that one patient's events land in one partition and
 * keep their order: the patient's medical record number, else the message's control id.
 *
 * <p>The MRN is read from PID-3 Patient Identifier List (HL7 v2.5.1 Ch. 3.4.2.3) as the batch path
 * reads it: the ID (CX-1) of the first repetition whose identifier type (CX-5) is {@code MR}, else
 * the first ID of any repetition. A message without PID (or with an empty PID-3) is keyed by MSH-10
 * Message Control ID, which spreads such messages over the partitions. The text is read with the
 * delimiters its MSH declares, with plain string operations: no parse, so any message that has an
 * MSH gets a key.
 *
 * <p>The key is patient data: it is written to Kafka with the message, and never logged.
 */
public final class Hl7PatientKey {
  private Hl7PatientKey() {}

  /**
   * The key of a message: its MRN, else its control id; empty when it has neither.
   *
   * @param message the message's text, segments ended by CR, LF or CRLF
   */
  public static Optional<String> of(String message) {
    Er7Message er7 = Er7Message.of(message);
    Optional<String> mrn = mrn(er7);
    if (mrn.isPresent()) {
      return mrn;
    }
    String controlId = er7.component(er7.headerField(10), 1).strip();
    return controlId.isEmpty() ? Optional.empty() : Optional.of(controlId);
  }

  /**
   * The MRN of a message, when its PID-3 has an ID.
   *
   * @param message the message's text
   */
  public static Optional<String> mrn(String message) {
    return mrn(Er7Message.of(message));
  }

  private static Optional<String> mrn(Er7Message er7) {
    Optional<String> pid = er7.segment("PID");
    if (pid.isEmpty()) {
      return Optional.empty();
    }
    List<String> repetitions = er7.repetitions(er7.field(pid.get(), 3));
    for (String repetition : repetitions) {
      String id = er7.component(repetition, 1).strip();
      String type = er7.component(repetition, 5).strip();
      if (!id.isEmpty() && "MR".equalsIgnoreCase(type)) {
        return Optional.of(id);
      }
    }
    for (String repetition : repetitions) {
      String id = er7.component(repetition, 1).strip();
      if (!id.isEmpty()) {
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }
}
