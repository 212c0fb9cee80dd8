package org.carelake.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.parser.EncodingCharacters;
import ca.uhn.hl7v2.parser.ModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The segments of a message in the order they were sent, each read into its v2.5.1 segment class.
 *
 * <p>Why not HAPI's groups: HAPI places each segment in the message structure by walking forward
 * through it, so a segment sent where the v2.5.1 structure does not expect it (a DG1 after GT1, an
 * OBX after a v2.7 PRT, a Z-segment between OBR and OBX) ends up as a non-standard segment named
 * {@code DG12}, invisible to {@code getAll("DG1")}. Real senders order segments in every way the
 * standards of 2.3 to 2.8 allow and some they do not; the mappers therefore read segments by name
 * and order (the PID that precedes an OBR is its patient, an OBX belongs to the OBR before it).
 * Segments v2.5.1 does not define (PRT, Z-segments) are kept in {@link #names} only.
 */
final class Segments {
  private final List<Segment> segments;
  private final List<String> names;
  private final String sendingFacility;
  private final Message parent;
  private final ModelClassFactory factory;

  private Segments(
      List<Segment> segments,
      List<String> names,
      String sendingFacility,
      Message parent,
      ModelClassFactory factory) {
    this.segments = segments;
    this.names = names;
    this.sendingFacility = sendingFacility;
    this.parent = parent;
    this.factory = factory;
  }

  /**
   * Reads every segment of a normalized message.
   *
   * @param parsed the message as HAPI parsed it, the parent of the segments read here (it holds the
   *     encoding characters and the model class factory)
   * @param text the message, segments ended by CR
   * @param parser the parser that parsed it
   */
  static Segments of(Message parsed, String text, PipeParser parser) throws HL7Exception {
    EncodingCharacters encoding = EncodingCharacters.getInstance(parsed);
    ModelClassFactory factory = parsed.getParser().getHapiContext().getModelClassFactory();
    List<Segment> segments = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String line : text.split("\r")) {
      if (line.length() < 3) {
        continue;
      }
      String name = line.substring(0, 3);
      names.add(name);
      if (name.equals("MSH")) {
        continue;
      }
      Class<? extends Segment> type = factory.getSegmentClass(name, "2.5.1");
      if (type == null || !type.getPackageName().startsWith("ca.uhn.hl7v2.model.v251")) {
        continue;
      }
      Segment segment = instance(type, parsed, factory);
      parser.parse(segment, line, encoding);
      segments.add(segment);
    }
    String facility = null;
    if (parsed.get("MSH") instanceof MSH msh) {
      facility = Fields.value(msh.getSendingFacility().getNamespaceID());
    }
    return new Segments(segments, names, facility, parsed, factory);
  }

  private static Segment instance(
      Class<? extends Segment> type, Message parent, ModelClassFactory factory)
      throws HL7Exception {
    try {
      return type.getConstructor(Group.class, ModelClassFactory.class).newInstance(parent, factory);
    } catch (NoSuchMethodException
        | InstantiationException
        | IllegalAccessException
        | InvocationTargetException e) {
      throw new HL7Exception("cannot build the v2.5.1 segment " + type.getSimpleName(), e);
    }
  }

  /** The typed segments, in the order sent. */
  List<Segment> inOrder() {
    return segments;
  }

  /** The names of all segments, in the order sent, those v2.5.1 lacks included. */
  List<String> names() {
    return names;
  }

  /** MSH-4.1 Sending Facility, the default assigning authority of the message's identifiers. */
  Optional<String> sendingFacility() {
    return Optional.ofNullable(sendingFacility);
  }

  /** Every segment of a type, in the order sent. */
  <T extends Segment> List<T> all(Class<T> type) {
    List<T> found = new ArrayList<>();
    for (Segment segment : segments) {
      if (type.isInstance(segment)) {
        found.add(type.cast(segment));
      }
    }
    return found;
  }

  /** The first segment of a type, else an empty one, whose fields all read as absent. */
  <T extends Segment> T firstOrEmpty(Class<T> type) throws HL7Exception {
    Optional<T> found = first(type);
    return found.isPresent() ? found.get() : type.cast(instance(type, parent, factory));
  }

  /** The first segment of a type. */
  <T extends Segment> Optional<T> first(Class<T> type) {
    List<T> found = all(type);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }
}
