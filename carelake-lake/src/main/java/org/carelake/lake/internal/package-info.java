/**
 * The lake's implementation, with no promise to anyone outside {@code carelake-lake}: the stages,
 * sources, sinks and steps that the public registrations ({@link
 * org.carelake.lake.pipeline.EhrPipeline}, {@link org.carelake.lake.pipeline.Hl7Pipeline}) are made
 * of, in one sub-package per stage ({@code .bronze}, {@code .silver}, {@code .fhir}, ...), and here
 * the Spark session and the Delta helpers every stage shares.
 *
 * <p>As in Delta Kernel, public here means public to the other lake packages only. The app's main
 * code never imports these packages ({@code LakeSurfaceTest} in {@code carelake-app} fails when it
 * does); a type the app needs is moved out to the API deliberately.
 */
package org.carelake.lake.internal;
