/**
 * HL7 v2 inbound: framing, parsing and mapping of ADT, SIU and ORU messages to the silver entities
 * of {@link org.carelake.model}.
 *
 * <p>{@link org.carelake.hl7.Hl7Framing} cuts a file or stream into messages and normalizes their
 * framing (LF or CRLF between segments, a UTF-8 byte-order mark, MLLP framing characters, batch
 * envelopes). {@link org.carelake.hl7.Hl7Reader} parses each message with HAPI into the HL7 v2.5.1
 * structures, whatever version 2.3 to 2.8 it declares, runs HAPI's validation without rejecting
 * anything, and maps it to {@link org.carelake.hl7.Hl7Records}, reading segments in the order sent.
 * A message whose keys cannot be mapped gets {@link org.carelake.hl7.Hl7Problem}s that locate the
 * fault (segment, field, repetition, component) and no records; a DG1 or OBX that cannot be mapped
 * becomes an {@link org.carelake.hl7.Hl7Rejection} while the rest of the message maps. {@link
 * org.carelake.hl7.Hl7Charsets} decodes received bytes (UTF-8, else MSH-18, else ISO-8859-1).
 *
 * <p><b>Keys.</b> The model needs numeric keys that HL7 carries only sometimes; {@link
 * org.carelake.hl7.Hl7Keys} states the rule: an identifier that is a whole number is the key (so a
 * feed from the EHR that carelake also extracts lands on the same rows), any other identifier is
 * hashed into a key range no EHR hands out.
 */
package org.carelake.hl7;
