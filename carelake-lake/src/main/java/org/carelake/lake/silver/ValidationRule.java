package org.carelake.lake.silver;

/**
 * A declared validation rule.
 *
 * <p>{@code violatedWhen} is a Spark SQL boolean expression over the typed columns of a silver
 * stage, which can also read each column as received through {@code _raw.<column>}. A row violates
 * the rule when the expression is true.
 *
 * @param id a stable id such as {@code ENC-004}, quoted in the quarantine and reports
 * @param severity ERROR sends the row to quarantine; WARNING keeps it and flags it
 * @param description a readable reason, shown to the user, never containing the row's values
 * @param violatedWhen the SQL expression
 */
public record ValidationRule(
    String id, Severity severity, String description, String violatedWhen) {

  /** What a violation does. */
  public enum Severity {
    /** The row goes to quarantine. */
    ERROR,
    /** The row is kept, flagged in {@code _warnings}. */
    WARNING
  }

  /** An error rule. */
  public static ValidationRule error(String id, String description, String violatedWhen) {
    return new ValidationRule(id, Severity.ERROR, description, violatedWhen);
  }

  /** A warning rule. */
  public static ValidationRule warning(String id, String description, String violatedWhen) {
    return new ValidationRule(id, Severity.WARNING, description, violatedWhen);
  }
}
