package org.carelake.terminology;

/**
 * One block of the ICD-10-CM tabular list (the release calls it a section), such as I20-I25
 * "Ischemic heart diseases" in chapter 9: a run of categories under a common title.
 *
 * @param first the first category of the block, such as {@code "I20"}
 * @param last the last category, equal to {@code first} for a block of one category ({@code C7A})
 * @param title the block's title without the trailing range
 * @param chapter the number of the chapter that holds the block, 1 to 22
 */
public record Icd10Block(String first, String last, String title, int chapter) {

  /**
   * Returns the range as the tabular list writes it: {@code "I20-I25"}, or {@code "C7A"} for a
   * block of one category.
   *
   * @return the range
   */
  public String range() {
    return first.equals(last) ? first : first + "-" + last;
  }
}
