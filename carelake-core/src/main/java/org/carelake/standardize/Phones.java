package org.carelake.standardize;

import java.util.Optional;

/**
 * Telephone numbers in E.164 ({@code +16175551234}).
 *
 * <p>A number written with digits, spaces, dots, hyphens and parentheses is read as a North
 * American (NANP) number when it has ten digits, or eleven starting with 1: its area code and
 * exchange must start with 2 to 9 and the area code must not be an N11 service code. A number
 * written with a leading {@code +} is taken as already international when it has 8 to 15 digits.
 * Anything else (letters, too few or too many digits, all zeros) has no E.164 form.
 */
public final class Phones {
  private Phones() {}

  /** The number in E.164, or empty when the text is not a dialable number. */
  public static Optional<String> e164(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return Optional.empty();
    }
    boolean international = trimmed.startsWith("+");
    StringBuilder digits = new StringBuilder();
    for (int i = international ? 1 : 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
        return Optional.empty();
      }
    }
    String number = digits.toString();
    if (international && !number.startsWith("1")) {
      return number.length() >= 8 && number.length() <= 15 && number.charAt(0) != '0'
          ? Optional.of("+" + number)
          : Optional.empty();
    }
    if (number.length() == 11 && number.startsWith("1")) {
      number = number.substring(1);
    }
    if (number.length() != 10) {
      return Optional.empty();
    }
    char area = number.charAt(0);
    char exchange = number.charAt(3);
    boolean serviceCode = number.charAt(1) == '1' && number.charAt(2) == '1';
    if (area < '2' || exchange < '2' || serviceCode) {
      return Optional.empty();
    }
    return Optional.of("+1" + number);
  }
}
