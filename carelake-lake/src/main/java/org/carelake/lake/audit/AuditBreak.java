package org.carelake.lake.audit;

/**
 * Where the audit trail's chain breaks: the first entry that is not what the chain says it was.
 *
 * @param sequence the sequence the broken entry should have (its position in the trail, from 1)
 * @param file the entry's file
 * @param reason what is wrong with it
 */
public record AuditBreak(long sequence, String file, String reason) {}
