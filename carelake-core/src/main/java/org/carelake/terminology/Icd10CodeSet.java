package org.carelake.terminology;

import java.io.Serializable;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A code set that diagnoses are classified against: a loaded release, or the bundled starter set
 * when none is loaded.
 *
 * <p>{@link #statusOf(String)} classifies a value as entered: {@code missing} and {@code malformed}
 * by syntax ({@link Icd10Code#formatOf(String)}); a well-formed code is {@code billable} or {@code
 * header} when the set has it, and {@code unknown} when it does not.
 *
 * <p>The starter set lists only billable codes (about two hundred). Against it, a well-formed code
 * that is a proper prefix of a listed code ({@code E11} of {@code E119}) counts as a header, since
 * in ICD-10-CM every such prefix is a header; other codes are {@code unknown}, which there means
 * "not in the starter set" and may be a valid code. Load the release ({@code carelake terminology
 * load}) for a classification that holds for every code.
 *
 * <p>Immutable and serializable: Spark broadcasts one to every executor. Lookups cost one regular
 * expression match and one hash lookup.
 */
public final class Icd10CodeSet implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The name of the bundled starter set, where a release name would stand. */
  public static final String STARTER = "starter";

  private final String release;
  private final Map<String, Icd10Concept> byCode;
  private final Set<String> derivedHeaders;

  private Icd10CodeSet(
      String release, Map<String, Icd10Concept> byCode, Set<String> derivedHeaders) {
    this.release = release;
    this.byCode = byCode;
    this.derivedHeaders = derivedHeaders;
  }

  /**
   * A code set of a loaded release.
   *
   * @param release the release's name, such as {@code FY2021}
   * @param concepts every code of the release, headers included
   * @return the code set
   */
  public static Icd10CodeSet of(String release, Collection<Icd10Concept> concepts) {
    Map<String, Icd10Concept> byCode = new HashMap<>(concepts.size() * 2);
    concepts.forEach(concept -> byCode.put(concept.code(), concept));
    return new Icd10CodeSet(release, byCode, Set.of());
  }

  /**
   * The bundled starter set, with the headers its codes imply (see the class description).
   *
   * @return the code set named {@value #STARTER}
   */
  public static Icd10CodeSet starter() {
    Map<String, Icd10Concept> byCode = new HashMap<>();
    Set<String> headers = new HashSet<>();
    for (Icd10Entry entry : Icd10StarterSet.entries()) {
      String category = entry.code().substring(0, 3);
      byCode.put(
          entry.code(),
          new Icd10Concept(
              entry.code(),
              entry.dottedCode(),
              entry.billable(),
              entry.shortDescription(),
              entry.longDescription(),
              category,
              Icd10StarterSet.lookup(category).map(Icd10Entry::longDescription).orElse(null),
              null,
              null,
              entry.chapter().number(),
              entry.chapter().title()));
      for (int length = 3; length < entry.code().length(); length++) {
        headers.add(entry.code().substring(0, length));
      }
    }
    headers.removeAll(byCode.keySet());
    return new Icd10CodeSet(STARTER, byCode, headers);
  }

  /**
   * Returns the release's name, or {@value #STARTER}.
   *
   * @return the name
   */
  public String release() {
    return release;
  }

  /**
   * Returns how many codes the set lists.
   *
   * @return the number of codes, headers included
   */
  public int size() {
    return byCode.size();
  }

  /**
   * Finds a code.
   *
   * @param asEntered the value as entered, in any form {@link Icd10Code#normalize(String)} accepts;
   *     may be null
   * @return the concept, or empty when the value is missing, malformed or not in the set (headers
   *     the starter set implies have no concept)
   */
  public Optional<Icd10Concept> lookup(String asEntered) {
    return Icd10Code.normalize(asEntered).map(byCode::get);
  }

  /**
   * Classifies a value as entered.
   *
   * @param asEntered the value; may be null
   * @return its status (see the class description)
   */
  public Icd10Status statusOf(String asEntered) {
    return switch (Icd10Code.formatOf(asEntered)) {
      case MISSING -> Icd10Status.MISSING;
      case MALFORMED -> Icd10Status.MALFORMED;
      case WELL_FORMED -> {
        String code = Icd10Code.normalize(asEntered).orElseThrow();
        Icd10Concept concept = byCode.get(code);
        if (concept != null) {
          yield concept.billable() ? Icd10Status.BILLABLE : Icd10Status.HEADER;
        }
        yield derivedHeaders.contains(code) ? Icd10Status.HEADER : Icd10Status.UNKNOWN;
      }
    };
  }
}
