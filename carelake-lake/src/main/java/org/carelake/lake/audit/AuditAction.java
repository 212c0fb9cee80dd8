package org.carelake.lake.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an audit entry records someone doing. */
public enum AuditAction {
  /** A pipeline run ({@code carelake run}, {@code carelake demo}). */
  RUN,
  /** An export of data out of the lake ({@code carelake fhir export}). */
  EXPORT,
  /** A listing that shows quarantined rows as received ({@code quarantine list --show-records}). */
  QUARANTINE_RECORDS,
  /** The erasure of one patient from every layer; the target is a pseudonymous key. */
  ERASURE,
  /** A sign-in to the dashboard. */
  SIGN_IN,
  /** A page of the dashboard viewed. */
  PAGE_VIEW;

  /** The word entries and the command line use, e.g. {@code quarantine-records}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The action a word names. */
  public static Optional<AuditAction> ofCode(String code) {
    return Arrays.stream(values()).filter(value -> value.code().equals(code)).findFirst();
  }
}
