package org.carelake.terminology;

/**
 * What a value entered as an ICD-10-CM code looks like, judged by syntax alone.
 *
 * <p>A well-formed value need not be a code that exists in a release: {@code E11.9X} is well formed
 * but is not an ICD-10-CM code. Use a code set such as {@link Icd10StarterSet} to check existence.
 *
 * @see Icd10Code#formatOf(String)
 */
public enum Icd10Format {
  /** The value follows the ICD-10-CM code pattern, dotted or undotted, in either case. */
  WELL_FORMED,
  /** The value has characters but does not follow the ICD-10-CM code pattern. */
  MALFORMED,
  /** The value is null, empty or only whitespace. */
  MISSING
}
