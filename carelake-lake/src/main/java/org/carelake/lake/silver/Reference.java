package org.carelake.lake.silver;

/**
 * A column that names a row of a parent entity, such as an encounter's {@code patient_id}.
 *
 * <p>The reference holds when the column is null (an optional reference left empty) or when the
 * lake has received the parent: it is in silver, in the quarantine or waiting itself. A row whose
 * parent has not arrived is not rejected: it waits in the pending table and is evaluated again by
 * later runs, because in an incremental extract a parent committed late arrives after its child.
 * Only when it has waited longer than the grace period does it go to quarantine, under {@code
 * ruleId}.
 *
 * @param ruleId the rule id quarantine records carry when the wait is over, e.g. {@code ENC-201}
 * @param column the referring column of the child
 * @param parent the parent entity's name, e.g. {@code patients}
 * @param description a readable reason, never containing the row's values
 */
public record Reference(String ruleId, String column, String parent, String description) {}
