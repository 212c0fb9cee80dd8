package org.carelake.app.pipeline;

import java.util.function.Supplier;
import org.carelake.lake.Lake;
import org.carelake.lake.audit.AuditAction;
import org.carelake.lake.audit.AuditOutcome;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.RunStatus;

/** Records every run the runners execute in the lake's audit trail, how it ended included. */
final class RunAudit {
  private RunAudit() {}

  /**
   * Executes a run and records it: succeeded when its record says so, failed when it did not
   * succeed or threw (the exception is rethrown as it was).
   *
   * @param lake the lake whose trail records the run
   * @param run the run as started or resumed
   * @param command what started it ({@code run}, {@code hl7 ingest})
   * @param execution the execution of its steps
   */
  static RunRecord execute(
      Lake lake, RunRecord run, String command, Supplier<RunRecord> execution) {
    String target = "run " + run.id() + " (" + command + ")";
    RunRecord finished;
    try {
      finished = execution.get();
    } catch (RuntimeException e) {
      lake.audit().record(AuditAction.RUN, target, AuditOutcome.FAILED);
      throw e;
    }
    lake.audit()
        .record(
            AuditAction.RUN,
            target,
            finished.status() == RunStatus.SUCCEEDED
                ? AuditOutcome.SUCCEEDED
                : AuditOutcome.FAILED);
    return finished;
  }
}
