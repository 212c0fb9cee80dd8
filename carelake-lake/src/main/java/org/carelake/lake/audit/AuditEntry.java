package org.carelake.lake.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of the audit trail: who did what, when, from where, and how it ended, chained to the
 * entry before it.
 *
 * @param sequence the entry's place in the trail, from 1
 * @param at when the action ended
 * @param actor who did it, and from where
 * @param action what was done
 * @param target what it was done to: a run id, an export folder, a filter, a pseudonymous key;
 *     never patient data
 * @param outcome how it ended
 * @param previousHash the hash of the entry before, or {@link AuditTrail#GENESIS} for the first
 * @param hash SHA-256 of {@code previousHash} and this entry's {@link #canonical()} form, in
 *     hexadecimal
 */
public record AuditEntry(
    long sequence,
    Instant at,
    AuditActor actor,
    AuditAction action,
    String target,
    AuditOutcome outcome,
    String previousHash,
    String hash) {

  /**
   * The fields the hash covers, in a fixed order, with the words the file uses: everything but the
   * hash itself.
   */
  public Map<String, Object> canonical() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("sequence", sequence);
    fields.put("at", at.toString());
    fields.put("principal", actor.principal());
    fields.put("host", actor.host());
    fields.put("client", actor.client().orElse(null));
    fields.put("action", action.code());
    fields.put("target", target);
    fields.put("outcome", outcome.code());
    fields.put("previous_hash", previousHash);
    return fields;
  }
}
