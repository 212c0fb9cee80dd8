package org.carelake.hl7;

/**
 * A fault in a message, located.
 *
 * <p>The location reads {@code SEG[n]-f(r).c}: the segment, its occurrence in the message when
 * there may be several ({@code OBX[3]}), the field, the field's repetition when it is not the first
 * ({@code PID-3(2)}) and the component when the fault is in one ({@code PID-3(2).5}). {@code MSH-9}
 * is field 9 of the MSH segment, counted as the HL7 standard counts them (MSH-1 is the field
 * separator). A fault of the whole message (framing, syntax) is located at {@code message}.
 *
 * @param location where, as above
 * @param text what is wrong, and what was expected
 */
public record Hl7Problem(String location, String text) {
  /** The location of a fault of the whole message. */
  public static final String MESSAGE = "message";

  /** A problem at a location. */
  public static Hl7Problem at(String location, String text) {
    return new Hl7Problem(location, text);
  }

  /** {@code location: text}, as stored in quarantine's reasons. */
  @Override
  public String toString() {
    return location + ": " + text;
  }
}
