package org.carelake.hl7;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed values from HL7 text, each failure a located problem that never quotes the value (it may be
 * a patient's birth date or a result).
 *
 * <p>Date/time values follow DTM (HL7 v2.5.1 Ch. 2.A.22): {@code
 * YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]] [+/-ZZZZ]}. An instant without an offset is taken as UTC,
 * as the database path takes the EHR's wall-clock times (silver stores UTC and the reference EHR
 * records wall-clock time); with an offset it is converted to UTC.
 */
final class Hl7Values {
  private static final Pattern DTM =
      Pattern.compile(
          "(\\d{4})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(\\.\\d{1,4})?)?)?)?)?)?"
              + "([+-]\\d{4})?");
  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)");

  private Hl7Values() {}

  /** Trimmed text, or null when empty. */
  static String text(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }

  /** A DTM as an instant in UTC; a problem when it is not a DTM. */
  static Optional<Instant> instant(String value, String location, Findings findings) {
    String text = text(value);
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = DTM.matcher(text);
    if (!m.matches()) {
      findings.error(location, "not a date/time (DTM YYYYMMDDHHMMSS[+/-ZZZZ])");
      return Optional.empty();
    }
    try {
      LocalDateTime local =
          LocalDateTime.of(
              Integer.parseInt(m.group(1)),
              number(m.group(2), 1),
              number(m.group(3), 1),
              number(m.group(4), 0),
              number(m.group(5), 0),
              number(m.group(6), 0),
              m.group(7) == null
                  ? 0
                  : (int) Math.round(Double.parseDouble("0" + m.group(7)) * 1_000_000_000L));
      ZoneOffset offset = ZoneOffset.UTC;
      if (m.group(8) != null) {
        String z = m.group(8);
        int sign = z.charAt(0) == '-' ? -1 : 1;
        offset =
            ZoneOffset.ofHoursMinutes(
                sign * Integer.parseInt(z.substring(1, 3)),
                sign * Integer.parseInt(z.substring(3, 5)));
      }
      return Optional.of(local.toInstant(offset));
    } catch (DateTimeException e) {
      findings.error(location, "not a valid date/time (DTM): a part is out of range");
      return Optional.empty();
    }
  }

  /** The date part of a DTM, which must be precise to the day; a problem otherwise. */
  static Optional<LocalDate> date(String value, String location, Findings findings) {
    String text = text(value);
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = DTM.matcher(text);
    if (!m.matches() || m.group(3) == null) {
      findings.error(location, "not a date (DTM, at least YYYYMMDD)");
      return Optional.empty();
    }
    try {
      // The date as recorded: a birth date is a calendar date, not shifted by any offset.
      LocalDate date =
          LocalDate.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)));
      if (m.group(4) != null) {
        LocalDateTime.of(
            date.getYear(),
            date.getMonth(),
            date.getDayOfMonth(),
            number(m.group(4), 0),
            number(m.group(5), 0),
            number(m.group(6), 0));
      }
      return Optional.of(date);
    } catch (DateTimeException e) {
      findings.error(location, "not a valid date (DTM): a part is out of range");
      return Optional.empty();
    }
  }

  /** A number (NM, HL7 v2.5.1 Ch. 2.A.47); a problem when it is not one. */
  static Optional<BigDecimal> decimal(String value, String location, Findings findings) {
    String text = text(value);
    if (text == null) {
      return Optional.empty();
    }
    if (!NUMBER.matcher(text).matches()) {
      findings.error(location, "not a number (NM)");
      return Optional.empty();
    }
    return Optional.of(new BigDecimal(text.startsWith("+") ? text.substring(1) : text));
  }

  /** Whether the text is a number as NM writes it. */
  static boolean isNumber(String text) {
    return text != null && NUMBER.matcher(text).matches();
  }

  private static int number(String digits, int absent) {
    return digits == null ? absent : Integer.parseInt(digits);
  }
}
