package org.carelake.standardize;

/**
 * Format and check-digit tests of the codes silver can verify offline.
 *
 * <ul>
 *   <li>LOINC: one to seven digits, a hyphen, and a mod-10 check digit (LOINC's own algorithm, the
 *       Luhn variant that doubles alternate digits from the right of the base number).
 *   <li>NPI: ten digits whose last is the Luhn check digit of the first nine prefixed with 80840,
 *       as CMS specifies.
 *   <li>RxNorm RXCUI: one to eight digits, no leading zero. Whether the concept exists needs the
 *       RxNorm release, which carelake does not ship.
 * </ul>
 */
public final class Identifiers {
  private Identifiers() {}

  /** Whether a LOINC code is well formed and its check digit right ({@code 2345-7}). */
  public static boolean isLoinc(String code) {
    if (code == null || !code.matches("[0-9]{1,7}-[0-9]")) {
      return false;
    }
    String base = code.substring(0, code.indexOf('-'));
    int check = code.charAt(code.length() - 1) - '0';
    return loincCheckDigit(base) == check;
  }

  /** LOINC's mod-10 check digit of a base number. */
  static int loincCheckDigit(String base) {
    int sum = 0;
    boolean doubleIt = true;
    for (int i = base.length() - 1; i >= 0; i--) {
      int digit = base.charAt(i) - '0';
      if (doubleIt) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
      doubleIt = !doubleIt;
    }
    return (10 - sum % 10) % 10;
  }

  /** Whether an NPI has ten digits and a right Luhn check digit. */
  public static boolean isNpi(String npi) {
    if (npi == null || !npi.matches("[12][0-9]{9}")) {
      return false;
    }
    String withPrefix = "80840" + npi.substring(0, 9);
    return loincCheckDigit(withPrefix) == npi.charAt(9) - '0';
  }

  /** Whether an RxNorm concept id is well formed. */
  public static boolean isRxcui(String code) {
    return code != null && code.matches("[1-9][0-9]{0,7}");
  }
}
