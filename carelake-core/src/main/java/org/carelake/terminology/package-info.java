/**
 * ICD-10-CM basics that need no Spark: the code syntax ({@link
 * org.carelake.terminology.Icd10Code}), the 22 chapters of the FY2021 tabular list ({@link
 * org.carelake.terminology.Icd10Chapters}), and a small starter code set bundled with carelake so
 * the demo runs without downloads ({@link org.carelake.terminology.Icd10StarterSet}).
 *
 * <p>The full code set is data, not code: it comes from the official release files through a loader
 * and is versioned in the lake. This package holds only what every module may rely on without those
 * files.
 */
package org.carelake.terminology;
