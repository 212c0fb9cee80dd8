package org.carelake.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.MessageValidator;
import ca.uhn.hl7v2.validation.ValidationContext;
import ca.uhn.hl7v2.validation.ValidationException;
import ca.uhn.hl7v2.validation.ValidationExceptionHandler;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads HL7 v2 messages into the silver entities: normalize the framing, parse with HAPI into the
 * v2.5.1 structures, validate without rejecting, and map.
 *
 * <p>Parsing uses HAPI's {@link CanonicalModelClassFactory} for version 2.5.1, so a message that
 * declares any version from 2.3 to 2.8 is read into the same structures, and with validation off,
 * so that no field a real sender gets wrong stops the parse. HAPI's default validation rules
 * (primitive formats, lengths, allowed segments) then run over the parsed message and every finding
 * becomes a located warning; only what the mapping cannot do without (the patient's MRN, a date it
 * stores, a key) is an error, and a message with an error maps to no records.
 *
 * <p>A v2.7 or v2.8 message may name its structure in MSH-9.3 ({@code ADT_A04}, {@code SIU_S15})
 * where v2.5.1 defines the trigger through a shared structure ({@code ADT_A01}, {@code SIU_S12});
 * the reader reads it as that shared structure ({@link #STRUCTURES}). The mappers then read the
 * segments in the order sent ({@link Segments}), so a segment a sender places where v2.5.1 does not
 * expect it is still read.
 *
 * <p>Building a reader costs a few milliseconds (HAPI's context and rule set); reuse one per
 * thread. A reader is not thread-safe.
 */
public final class Hl7Reader {
  /** The message types and triggers carelake maps, as {@code TYPE^TRIGGER}. */
  public static final Set<String> SUPPORTED =
      Set.of(
          "ADT^A01", "ADT^A03", "ADT^A04", "ADT^A08", "SIU^S12", "SIU^S14", "SIU^S15", "ORU^R01");

  /**
   * The v2.5.1 structure of each structure name later versions give in MSH-9.3 for the triggers
   * carelake maps (HL7 v2.5.1 Ch. 3.3 and 10.4: A04 and A08 share ADT_A01; S14 and S15 share
   * SIU_S12). A name v2.5.1 defines itself reads as it is.
   */
  static final Map<String, String> STRUCTURES =
      Map.of(
          "ADT_A04", "ADT_A01",
          "ADT_A08", "ADT_A01",
          "ADT_A13", "ADT_A01",
          "SIU_S14", "SIU_S12",
          "SIU_S15", "SIU_S12",
          "SIU_S13", "SIU_S12");

  private final PipeParser parser;
  private final MessageValidator validator;

  /** A reader with its own HAPI context. */
  public Hl7Reader() {
    HapiContext context = new DefaultHapiContext();
    context.setModelClassFactory(new SharedStructures());
    context.getParserConfiguration().setValidating(false);
    context.setValidationContext(ValidationContextFactory.noValidation());
    this.parser = context.getPipeParser();
    ValidationContext rules = ValidationContextFactory.defaultValidation();
    // The boolean is "fail on error", which is off: findings are collected, never thrown. Primitive
    // rules (DTM, NM, SI formats) run only when asked for.
    this.validator = new MessageValidator(rules, false);
    this.validator.setValidatePrimitives(true);
  }

  /** The HAPI parser this reader uses, configured as above; for benchmarks and tools. */
  public PipeParser parser() {
    return parser;
  }

  /**
   * Reads one message.
   *
   * @param text the message, in any framing {@link Hl7Framing} accepts
   * @return the header, the records (none when there is an error) and the located problems
   */
  public Hl7Reading read(String text) {
    String message = Hl7Framing.normalize(text);
    Hl7Header header = Hl7Header.peek(message);
    Findings findings = new Findings();
    if (header == Hl7Header.NONE) {
      findings.error(
          Hl7Problem.MESSAGE,
          "the message does not start with an MSH segment; every HL7 v2 message must (v2.5.1 Ch."
              + " 2.14.9)");
      return done(header, Optional.empty(), Hl7Records.NONE, findings);
    }
    Optional<Instant> sentAt = Hl7Values.instant(header.sentAt(), Fields.at("MSH", 7), findings);
    if (header.sentAt().isEmpty()) {
      findings.error(
          Fields.at("MSH", 7),
          "date/time of message is missing; silver orders versions of a record by it");
    }
    if (header.controlId().isEmpty()) {
      findings.warning(Fields.at("MSH", 10), "message control ID is missing");
    }
    String type = header.messageType() + "^" + header.triggerEvent();
    if (!SUPPORTED.contains(type)) {
      findings.error(
          Fields.at("MSH", 9),
          "'"
              + type
              + "' is not a message type carelake maps; it maps ADT^A01, A03, A04, A08, SIU^S12,"
              + " S14, S15 and ORU^R01");
      return done(header, sentAt, Hl7Records.NONE, findings);
    }
    if (header.version().isEmpty()) {
      findings.error(Fields.at("MSH", 12), "version ID is missing; HAPI needs it to parse");
      return done(header, sentAt, Hl7Records.NONE, findings);
    }
    Message parsed;
    try {
      parsed = parser.parse(message);
    } catch (HL7Exception e) {
      findings.error(locate(e.getLocation()), "does not parse: " + e.getMessageWithoutLocation());
      return done(header, sentAt, Hl7Records.NONE, findings);
    }
    validate(parsed, findings);
    Hl7Records records;
    try {
      Segments segments = Segments.of(parsed, message, parser);
      records =
          switch (header.messageType()) {
            case "ADT" -> AdtMapper.map(segments, header.triggerEvent(), findings);
            case "SIU" -> SiuMapper.map(segments, header.triggerEvent(), findings);
            default -> OruMapper.map(segments, findings);
          };
    } catch (HL7Exception e) {
      findings.error(
          locate(e.getLocation()),
          "a segment does not parse as its v2.5.1 definition: " + e.getMessageWithoutLocation());
      records = Hl7Records.NONE;
    }
    return done(header, sentAt, records, findings);
  }

  private void validate(Message message, Findings findings) {
    Collector collector = new Collector();
    try {
      validator.validate(message, collector);
    } catch (HL7Exception e) {
      findings.warning(Hl7Problem.MESSAGE, "HAPI's validation stopped: " + e.getMessage());
    }
    for (ValidationException problem : collector.problems) {
      findings.warning(locate(problem.getLocation()), problem.getMessageWithoutLocation());
    }
  }

  private static Hl7Reading done(
      Hl7Header header, Optional<Instant> sentAt, Hl7Records records, Findings findings) {
    return new Hl7Reading(
        header,
        sentAt,
        findings.hasErrors() ? Hl7Records.NONE : records,
        findings.errors,
        findings.warnings);
  }

  /** HAPI's location in carelake's notation ({@link Hl7Problem}). */
  static String locate(Location location) {
    if (location == null || location.isUnknown() || location.getSegmentName() == null) {
      return Hl7Problem.MESSAGE;
    }
    if (location.getField() <= 0) {
      return location.getSegmentName()
          + (location.getSegmentRepetition() > 1
              ? "[" + location.getSegmentRepetition() + "]"
              : "");
    }
    return Fields.at(
        location.getSegmentName(),
        location.getSegmentRepetition(),
        location.getField(),
        location.getFieldRepetition(),
        Math.max(0, location.getComponent()));
  }

  /** HAPI's canonical v2.5.1 classes, with later versions' structure names read as v2.5.1's. */
  private static final class SharedStructures extends CanonicalModelClassFactory {
    SharedStructures() {
      super("2.5.1");
    }

    @Override
    public Class<? extends Message> getMessageClass(String name, String version, boolean isExplicit)
        throws HL7Exception {
      return super.getMessageClass(STRUCTURES.getOrDefault(name, name), version, isExplicit);
    }
  }

  /** Collects every finding, never failing. */
  private static final class Collector implements ValidationExceptionHandler<Boolean> {
    private final List<ValidationException> problems = new ArrayList<>();

    @Override
    public void onExceptions(ValidationException... exceptions) {
      problems.addAll(List.of(exceptions));
    }

    @Override
    public Boolean result() {
      return problems.isEmpty();
    }

    @Override
    public void setValidationSubject(Object subject) {
      // The subject is the message being validated; the findings carry their own location.
    }

    @Override
    public boolean hasFailed() {
      return false;
    }
  }
}
