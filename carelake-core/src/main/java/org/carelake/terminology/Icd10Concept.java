package org.carelake.terminology;

import java.io.Serializable;

/**
 * One code of a release with everything silver enriches a diagnosis with: descriptions, billable
 * flag, category, block and chapter.
 *
 * <p>A concept from the order file and the tabular list has every field; one from the order file
 * alone, or from the starter set, has no block (the block titles are only in the tabular list) and
 * takes its chapter from the chapter ranges in code.
 *
 * @param code the stored form, undotted upper case, such as {@code "I214"}
 * @param dottedCode the display form, such as {@code "I21.4"}
 * @param billable true for a code valid for HIPAA-covered transactions, false for a header
 * @param shortDescription the release's abbreviated description
 * @param longDescription the release's full description
 * @param category the code's first three characters, such as {@code "I21"}
 * @param categoryTitle the category's description; null when the code set does not list the
 *     category
 * @param block the range of the block holding the category, such as {@code "I20-I25"}; null without
 *     the tabular list
 * @param blockTitle the block's title, such as {@code "Ischemic heart diseases"}; null without the
 *     tabular list
 * @param chapter the chapter's number, 1 to 22
 * @param chapterTitle the chapter's title
 */
public record Icd10Concept(
    String code,
    String dottedCode,
    boolean billable,
    String shortDescription,
    String longDescription,
    String category,
    String categoryTitle,
    String block,
    String blockTitle,
    int chapter,
    String chapterTitle)
    implements Serializable {}
