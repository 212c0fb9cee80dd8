/**
 * The quarantine: listing the rows silver rejected, and replaying them after the source or a rule
 * was fixed. The quarantine table itself ({@code quarantine/records}) is append-only; a replay
 * records the rows it let into silver in a second append-only table ({@code quarantine/releases}),
 * so the history of what was rejected, and when it was released, stays complete.
 */
package org.carelake.lake.quarantine;
