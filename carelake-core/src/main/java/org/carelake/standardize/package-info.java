/**
 * Standardization and identifier checks that silver applies to every value, in plain Java so the
 * Spark jobs, the HL7v2 path and tests share one implementation: phone numbers in E.164, person
 * names trimmed and cased, units in UCUM, code systems by their canonical URIs, check digits of
 * LOINC codes and NPIs, and the plausible range of a laboratory value per LOINC code.
 */
package org.carelake.standardize;
