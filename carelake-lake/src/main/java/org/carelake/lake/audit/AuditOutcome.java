package org.carelake.lake.audit;

import java.util.Locale;

/** How an audited action ended. */
public enum AuditOutcome {
  /** It did what was asked. */
  SUCCEEDED,
  /** It was attempted and failed. */
  FAILED,
  /** It was refused (a sign-in with wrong credentials, a page the user may not see). */
  DENIED;

  /** The word entries use, e.g. {@code succeeded}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
