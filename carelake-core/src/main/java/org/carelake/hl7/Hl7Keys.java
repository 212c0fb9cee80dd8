package org.carelake.hl7;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The rule that turns HL7 identifiers into the numeric keys of the model.
 *
 * <ol>
 *   <li>An identifier that is a whole number of 1 to 18 digits is the key itself. A feed from the
 *       EHR that carelake also extracts carries the EHR's own keys (PID-3 with identifier type PI,
 *       PV1-19 visit number, DG1-20, SCH-2, OBX-21), so its rows land on the rows extracted from
 *       the database.
 *   <li>Any other identifier is hashed: {@code 2^62 + (FNV-1a 64 of "kind|namespace|id", mixed,
 *       modulo 2^62)}. Derived keys are at least 2^62, a range no EHR sequence reaches, so they
 *       never meet a source key; the same identifier always gives the same key, in every JVM.
 * </ol>
 *
 * <p>Which identifiers feed each key is documented on the mappers: patient (PID-3 PI, else the MRN
 * and its assigning authority), encounter (PV1-19 visit number with its assigning authority, or
 * MSH-4, and the patient; the number itself only when the patient carries the EHR's PI key),
 * diagnosis (DG1-20, else the encounter and the code), appointment (SCH-2 filler id, else SCH-1
 * placer id), lab result (OBX-21, else OBR-3 filler order number, or OBR-2 placer, with OBX-3 and
 * OBX-4).
 */
public final class Hl7Keys {
  /** The smallest derived key. */
  public static final long DERIVED_BASE = 1L << 62;

  private Hl7Keys() {}

  /** The identifier as a key when it is a whole number of 1 to 18 digits. */
  public static Optional<Long> numeric(String identifier) {
    if (identifier == null || identifier.isEmpty() || identifier.length() > 18) {
      return Optional.empty();
    }
    for (int i = 0; i < identifier.length(); i++) {
      char c = identifier.charAt(i);
      if (c < '0' || c > '9') {
        return Optional.empty();
      }
    }
    return Optional.of(Long.parseLong(identifier));
  }

  /** The key of an identifier: itself when numeric, else derived from kind and parts. */
  public static long of(String kind, String identifier, String... qualifiers) {
    Optional<Long> numeric = numeric(identifier);
    if (numeric.isPresent()) {
      return numeric.get();
    }
    String[] parts = new String[qualifiers.length + 1];
    System.arraycopy(qualifiers, 0, parts, 0, qualifiers.length);
    parts[qualifiers.length] = identifier;
    return derive(kind, parts);
  }

  /** A derived key: at least 2^62, the same for the same kind and parts. */
  public static long derive(String kind, String... parts) {
    long hash = 0xcbf29ce484222325L;
    hash = mix(hash, kind);
    for (String part : parts) {
      hash = mix(hash ^ '|', part == null ? "" : part);
    }
    hash = (hash ^ (hash >>> 30)) * 0xBF58476D1CE4E5B9L;
    hash = (hash ^ (hash >>> 27)) * 0x94D049BB133111EBL;
    hash ^= hash >>> 31;
    return DERIVED_BASE | (hash & (DERIVED_BASE - 1));
  }

  private static long mix(long hash, String text) {
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
