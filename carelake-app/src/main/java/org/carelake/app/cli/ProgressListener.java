package org.carelake.app.cli;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.carelake.lake.pipeline.Step;
import org.carelake.lake.pipeline.StepListener;
import org.carelake.lake.pipeline.StepResult;

/**
 * Renders a run's progress events as {@link Progress} lines: a step that runs alone gets its label
 * when it starts and its result when it ends; a step that runs beside others gets its whole line
 * when it ends, so the lines of overlapping steps do not mix.
 */
public final class ProgressListener implements StepListener {
  private final Progress progress;
  private final Map<Object, Progress.Step> open = new ConcurrentHashMap<>();

  /** A listener that writes to the given progress. */
  public ProgressListener(Progress progress) {
    this.progress = progress;
  }

  @Override
  public void started(Step step) {
    open.put(
        step.name(),
        step.concurrent() ? progress.startConcurrent(step.label()) : progress.start(step.label()));
  }

  @Override
  public void succeeded(Step step, StepResult result, double seconds) {
    Progress.Step line = open.remove(step.name());
    if (line != null) {
      line.done(result.summary());
    }
  }

  @Override
  public void failed(Step step, RuntimeException error, double seconds) {
    Progress.Step line = open.remove(step.name());
    if (line != null) {
      line.failed();
    }
  }

  @Override
  public void alreadyDone(Step step) {
    progress.line(String.format(Locale.ROOT, "  %-44s done before the interruption", step.label()));
  }

  @Override
  public void preparing(String label) {
    open.put(label, progress.start(label));
  }

  @Override
  public void prepared(String label, String detail) {
    Progress.Step line = open.remove(label);
    if (line != null) {
      line.done(detail);
    }
  }

  @Override
  public void note(String text) {
    progress.line(text);
  }
}
