/**
 * The silver entities as plain Java records: the shape every path into silver produces (the
 * database extract through Spark, HL7v2 messages) and every path out of it reads (FHIR mapping,
 * gold).
 *
 * <p>Contract: a silver Delta table has one column per record component, named in snake_case
 * ({@code admitTime} is {@code admit_time}), with the Spark type matching the Java type ({@code
 * long}/{@code Long} BIGINT, {@code String} STRING, {@code LocalDate} DATE, {@code Instant}
 * TIMESTAMP, {@code BigDecimal} DECIMAL, {@code Integer} INT), plus silver's metadata columns,
 * which start with an underscore. Values are standardized: trimmed text, codes in their canonical
 * form, instants in UTC, administrative gender as FHIR's code. Nullable components are the boxed or
 * reference types; a primitive is always present.
 */
package org.carelake.model;
