package org.carelake.standardize;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.carelake.core.Errors;

/**
 * Whether two registrations' names can be the same person's, for person matching.
 *
 * <p>Names are compared by their {@linkplain PersonNames#matchKey match keys} (accents, case and
 * punctuation ignored). Two names are <em>close</em> when they are equal, one typing slip apart (a
 * letter left out, doubled, changed, or two neighbours swapped: Damerau-Levenshtein distance 1, for
 * names of at least three letters), or, for given names, in the same group of {@code
 * standardize/given_name_variants.csv} (William and Bill). Two registrations' names are compatible
 * when one name is equal and the other close: one slip is tolerated, not two.
 */
public final class NameSimilarity {
  /** The resource the given-name groups are read from. */
  public static final String VARIANTS = "standardize/given_name_variants.csv";

  private static final Map<String, Set<Integer>> GROUPS = loadGroups();

  private NameSimilarity() {}

  /**
   * Whether two registrations' names are compatible: given names equal and family names close, or
   * family names equal and given names close. Null or blank names are never compatible.
   */
  public static boolean compatible(String given1, String family1, String given2, String family2) {
    String g1 = PersonNames.matchKey(given1).orElse(null);
    String f1 = PersonNames.matchKey(family1).orElse(null);
    String g2 = PersonNames.matchKey(given2).orElse(null);
    String f2 = PersonNames.matchKey(family2).orElse(null);
    if (g1 == null || f1 == null || g2 == null || f2 == null) {
      return false;
    }
    return (g1.equals(g2) && close(f1, f2)) || (f1.equals(f2) && closeGiven(g1, g2));
  }

  private static boolean closeGiven(String a, String b) {
    if (close(a, b)) {
      return true;
    }
    Set<Integer> groups = GROUPS.get(a);
    Set<Integer> other = GROUPS.get(b);
    if (groups == null || other == null) {
      return false;
    }
    for (Integer group : groups) {
      if (other.contains(group)) {
        return true;
      }
    }
    return false;
  }

  /** Equal, or one typing slip apart when both have at least three letters. */
  static boolean close(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    if (Math.min(a.length(), b.length()) < 3 || Math.abs(a.length() - b.length()) > 1) {
      return false;
    }
    return distance(a, b) <= 1;
  }

  /** Damerau-Levenshtein distance (optimal string alignment). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static Map<String, Set<Integer>> loadGroups() {
    Map<String, Set<Integer>> groups = new HashMap<>();
    try (InputStream in = NameSimilarity.class.getClassLoader().getResourceAsStream(VARIANTS)) {
      if (in == null) {
        throw Errors.resourceMissing(VARIANTS, null);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int group = 0;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        for (String name : line.split(",")) {
          groups
              .computeIfAbsent(name.strip().toLowerCase(Locale.ROOT), key -> new HashSet<>())
              .add(group);
        }
        group++;
      }
    } catch (IOException e) {
      throw Errors.resourceMissing(VARIANTS, e);
    }
    return groups;
  }
}
