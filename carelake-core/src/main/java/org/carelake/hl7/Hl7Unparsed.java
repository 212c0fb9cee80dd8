package org.carelake.hl7;

/**
 * A value of a mapped record that is not of its field's type, left for silver to judge: the record
 * is mapped with the column empty, and silver types the text as sent and applies its declared rule
 * (a PID-7 that is not a date breaks PAT-003 there), so that the record goes to quarantine under
 * the rule id every path reports, located at the field it came from.
 *
 * @param entity the silver table of the record ({@code patients})
 * @param key the record's business key
 * @param column the silver column ({@code birth_date})
 * @param location where in the message, as {@link Hl7Problem} locates ({@code PID-7})
 * @param asSent the value as sent; it travels as data, never into a reason
 */
public record Hl7Unparsed(String entity, long key, String column, String location, String asSent) {}
