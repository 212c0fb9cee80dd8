package org.carelake.lake.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.carelake.core.CarelakeException;
import org.carelake.core.Errors;
import org.carelake.core.ValueFreeMessages;
import org.carelake.lake.run.RunHistory;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.RunStatus;
import org.carelake.lake.run.StepRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the steps of a {@link Pipeline} for one run, scheduled by their declared dependencies: a
 * step starts once every step it depends on succeeded. Steps that allow it ({@link
 * Step#concurrent()}) run up to {@code parallelism} at a time; any other step runs alone. Among the
 * steps ready at once, registration order decides.
 *
 * <p>Every step is recorded in the run history when it starts and when it ends, with its counts or
 * its error, and its progress is sent to a {@link StepListener}. A resumed run passes the steps
 * that already succeeded. After a failure no further step starts; those still running finish and
 * are recorded, then the run is recorded as failed and the first failure is thrown.
 */
public final class StepExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(StepExecutor.class);

  private final RunHistory history;
  private final int parallelism;
  private final StepListener listener;
  private final Runnable guard;

  /**
   * An executor.
   *
   * @param history where runs and steps are recorded
   * @param parallelism how many concurrent steps may run at once, at least 1
   * @param listener receives progress events
   * @param guard runs before each step starts, and may throw to stop the run (the lake lock's check
   *     that this runner still holds it)
   */
  public StepExecutor(RunHistory history, int parallelism, StepListener listener, Runnable guard) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
    }
    this.history = history;
    this.parallelism = parallelism;
    this.listener = listener;
    this.guard = guard;
  }

  /**
   * Runs a pipeline's steps for a run.
   *
   * @param pipeline the steps
   * @param run the run, new or resumed (its succeeded steps are passed)
   * @param mode incremental or full
   * @param previousWatermarks where the last successful run's extraction stopped, per table
   * @return the run's record, succeeded
   * @throws RuntimeException the first step failure, after the run was recorded as failed
   */
  public RunRecord execute(
      Pipeline pipeline, RunRecord run, RunMode mode, Map<String, String> previousWatermarks) {
    return new Execution(run, mode, previousWatermarks).all(pipeline.steps());
  }

  /** One run's state while its steps execute. */
  private final class Execution {
    // Steps run on several threads: every change of the run goes through the synchronized
    // change method, and readers see the latest record.
    private volatile RunRecord run;
    private final RunContext context;

    Execution(RunRecord run, RunMode mode, Map<String, String> previousWatermarks) {
      this.run = run;
      this.context = new RunContext(() -> this.run, mode, previousWatermarks);
    }

    RunRecord all(List<Step> steps) {
      AtomicInteger threads = new AtomicInteger();
      ExecutorService pool =
          Executors.newFixedThreadPool(
              parallelism,
              work -> {
                Thread thread = new Thread(work, "carelake-step-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
      try {
        schedule(steps, pool);
        save(current -> current.ended(RunStatus.SUCCEEDED, Instant.now().toString(), null));
        LOG.info("event=run.succeeded run_id={}", run.id());
        return run;
      } catch (RuntimeException e) {
        save(
            current ->
                current.ended(RunStatus.FAILED, Instant.now().toString(), ValueFreeMessages.of(e)));
        LOG.error("event=run.failed run_id={} error_type={}", run.id(), e.getClass().getName());
        throw e;
      } finally {
        pool.shutdownNow();
      }
    }

    private void schedule(List<Step> steps, ExecutorService pool) {
      Set<StepName> succeeded = new HashSet<>();
      List<Step> waiting = new ArrayList<>();
      for (Step step : steps) {
        if (run.step(step.name().toString())
            .map(record -> record.status() == RunStatus.SUCCEEDED)
            .orElse(false)) {
          succeeded.add(step.name());
          listener.alreadyDone(step);
        } else {
          waiting.add(step);
        }
      }
      CompletionService<Step> completions = new ExecutorCompletionService<>(pool);
      Map<Future<Step>, Step> running = new LinkedHashMap<>();
      boolean aloneRunning = false;
      RuntimeException failure = null;
      while (!waiting.isEmpty() || !running.isEmpty()) {
        if (failure == null && !aloneRunning) {
          for (Step step : List.copyOf(waiting)) {
            if (!succeeded.containsAll(step.dependsOn())) {
              continue;
            }
            if (!step.concurrent()) {
              // A step that runs alone waits for the running ones; nothing later overtakes it.
              if (running.isEmpty()) {
                waiting.remove(step);
                running.put(completions.submit(() -> record(step), step), step);
                aloneRunning = true;
              }
              break;
            }
            if (running.size() < parallelism) {
              waiting.remove(step);
              running.put(completions.submit(() -> record(step), step), step);
            }
          }
        }
        if (running.isEmpty()) {
          if (failure != null) {
            throw failure;
          }
          throw new IllegalStateException(
              "No step can start: "
                  + waiting.stream().map(step -> step.name().toString()).toList()
                  + " wait for steps that are not in the pipeline or did not succeed.");
        }
        Future<Step> done = take(completions);
        Step step = running.remove(done);
        aloneRunning = false;
        try {
          done.get();
          succeeded.add(step.name());
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = asRuntime(e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while running run " + run.id(), e);
        }
      }
      if (failure != null) {
        throw failure;
      }
    }

    private Future<Step> take(CompletionService<Step> completions) {
      try {
        return completions.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while running run " + run.id(), e);
      }
    }

    private RuntimeException asRuntime(Throwable cause) {
      if (cause instanceof RuntimeException runtime) {
        return runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      return new IllegalStateException(cause);
    }

    /** Changes the run's record and writes it to the history. */
    private synchronized void save(UnaryOperator<RunRecord> change) {
      run = change.apply(run);
      history.save(run);
    }

    /** Runs one step, recording it in the history and telling the listener. */
    private void record(Step step) {
      String name = step.name().toString();
      String startedAt = Instant.now().toString();
      long started = System.nanoTime();
      save(
          current ->
              current.withStep(
                  new StepRecord(name, RunStatus.RUNNING, startedAt, null, null, null, null)));
      listener.started(step);
      try {
        guard.run();
        StepResult result = step.run(context);
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Long> counts = new LinkedHashMap<>(result.counts());
        save(
            current -> {
              RunRecord updated = current;
              for (Map.Entry<String, String> watermark : result.watermarks().entrySet()) {
                updated = updated.withWatermark(watermark.getKey(), watermark.getValue());
              }
              return updated.withStep(
                  new StepRecord(
                      name,
                      RunStatus.SUCCEEDED,
                      startedAt,
                      Instant.now().toString(),
                      seconds,
                      counts,
                      null));
            });
        listener.succeeded(step, result, seconds);
        LOG.info(
            "event=step.succeeded run_id={} step={} counts={} seconds={}",
            run.id(),
            name,
            counts,
            seconds);
      } catch (RuntimeException thrown) {
        // Other libraries' messages may quote records: the run history, the console and the
        // log keep only their value-free form.
        RuntimeException e =
            thrown instanceof CarelakeException ? thrown : Errors.stepFailed(name, thrown);
        double seconds = (System.nanoTime() - started) / 1e9;
        save(
            current ->
                current.withStep(
                    new StepRecord(
                        name,
                        RunStatus.FAILED,
                        startedAt,
                        Instant.now().toString(),
                        seconds,
                        Map.of(),
                        ValueFreeMessages.of(e))));
        listener.failed(step, e, seconds);
        LOG.warn(
            "event=step.failed run_id={} step={}", run.id(), name, ValueFreeMessages.loggable(e));
        throw e;
      }
    }
  }
}
