/**
 * The one CSV reader: terminology files, inbox headers, Synthea exports and the synthetic EHR's
 * catalogs all read through {@link org.carelake.csv.CsvReader}.
 */
package org.carelake.csv;
