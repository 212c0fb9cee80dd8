/**
 * Terminology in the lake: the versioned ICD-10-CM lookup table ({@code terminology/icd10cm}), its
 * sink and its source. The release files are parsed in {@code org.carelake.terminology}
 * (carelake-core, no Spark); this package stores and reads them with Spark and Delta.
 */
package org.carelake.lake.terminology;
