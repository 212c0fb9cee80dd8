package org.carelake.lake.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.carelake.core.CarelakeException;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.carelake.lake.run.RunHistory;
import org.carelake.lake.run.RunRecord;
import org.carelake.lake.run.RunStatus;
import org.carelake.lake.run.StepRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepExecutorTest {
  @TempDir Path folder;

  /** A step of these tests: real work (a function of the context), named and ordered. */
  private record Work(
      StepName name,
      List<StepName> dependsOn,
      boolean concurrent,
      Function<RunContext, StepResult> work)
      implements Step {
    static Work alone(String name, List<String> after, Function<RunContext, StepResult> work) {
      return new Work(
          StepName.parse(name), after.stream().map(StepName::parse).toList(), false, work);
    }

    static Work beside(String name, List<String> after, Function<RunContext, StepResult> work) {
      return new Work(
          StepName.parse(name), after.stream().map(StepName::parse).toList(), true, work);
    }

    @Override
    public String description() {
      return "a test step";
    }

    @Override
    public StepResult run(RunContext context) {
      return work.apply(context);
    }
  }

  private RunHistory history() {
    return new RunHistory(LakeFiles.withDefaults(), LakePaths.of(folder.toUri()));
  }

  private static StepResult counted(long rows) {
    return new StepResult() {
      @Override
      public Map<String, Long> counts() {
        return Counts.of("rows", rows);
      }

      @Override
      public String summary() {
        return rows + " rows";
      }
    };
  }

  @Test
  void aStepStartsOnlyAfterEveryStepItDependsOnSucceeded() {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    Function<String, Function<RunContext, StepResult>> log =
        name ->
            context -> {
              order.add(name);
              return counted(1);
            };
    Pipeline pipeline =
        new Pipeline(
            "test",
            List.of(
                Work.beside("extract:a", List.of(), log.apply("extract:a")),
                Work.beside("extract:b", List.of(), log.apply("extract:b")),
                Work.beside("bronze:a", List.of("extract:a", "extract:b"), log.apply("bronze:a")),
                Work.alone("reconcile", List.of("bronze:a"), log.apply("reconcile"))));
    RunHistory history = history();

    RunRecord run =
        new StepExecutor(history, 2, StepListener.NONE, () -> {})
            .execute(pipeline, history.start("test"), RunMode.INCREMENTAL, Map.of());

    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(order.indexOf("bronze:a"))
        .isGreaterThan(order.indexOf("extract:a"))
        .isGreaterThan(order.indexOf("extract:b"));
    assertThat(order).last().isEqualTo("reconcile");
    assertThat(history.find(run.id()).orElseThrow().steps())
        .extracting(StepRecord::status)
        .containsOnly(RunStatus.SUCCEEDED);
  }

  @Test
  void concurrentStepsOverlapWhileAStepThatRunsAloneNeverDoes() {
    // Both extracts wait for each other at the barrier: they pass only if they run at once.
    CyclicBarrier together = new CyclicBarrier(2);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostBesideAlone = new AtomicInteger();
    Function<RunContext, StepResult> meet =
        context -> {
          running.incrementAndGet();
          try {
            together.await(20, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException("the concurrent steps did not run together", e);
          } finally {
            running.decrementAndGet();
          }
          return counted(1);
        };
    Function<RunContext, StepResult> alone =
        context -> {
          mostBesideAlone.accumulateAndGet(running.incrementAndGet() - 1, Math::max);
          running.decrementAndGet();
          return counted(1);
        };
    Pipeline pipeline =
        new Pipeline(
            "test",
            List.of(
                Work.alone("prepare", List.of(), alone),
                Work.beside("extract:a", List.of(), meet),
                Work.beside("extract:b", List.of(), meet),
                Work.alone("check", List.of(), alone)));
    RunHistory history = history();

    RunRecord run =
        new StepExecutor(history, 4, StepListener.NONE, () -> {})
            .execute(pipeline, history.start("test"), RunMode.INCREMENTAL, Map.of());

    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(mostBesideAlone).hasValue(0);
  }

  @Test
  void afterAFailureNoStepStartsTheRunningOnesAreRecordedAndTheRunFails() {
    CyclicBarrier bothStarted = new CyclicBarrier(2);
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    Pipeline pipeline =
        new Pipeline(
            "test",
            List.of(
                Work.beside(
                    "extract:broken",
                    List.of(),
                    context -> {
                      await(bothStarted);
                      throw new CarelakeException("source table 'broken' has no key");
                    }),
                Work.beside(
                    "extract:slow",
                    List.of(),
                    context -> {
                      await(bothStarted);
                      ran.add("extract:slow");
                      return counted(3);
                    }),
                Work.alone(
                    "reconcile",
                    List.of(),
                    context -> {
                      ran.add("reconcile");
                      return counted(0);
                    })));
    RunHistory history = history();
    RunRecord started = history.start("test");

    assertThatThrownBy(
            () ->
                new StepExecutor(history, 2, StepListener.NONE, () -> {})
                    .execute(pipeline, started, RunMode.INCREMENTAL, Map.of()))
        .isInstanceOf(CarelakeException.class)
        .hasMessage("source table 'broken' has no key");

    RunRecord recorded = history.find(started.id()).orElseThrow();
    assertThat(recorded.status()).isEqualTo(RunStatus.FAILED);
    assertThat(recorded.error()).isEqualTo("source table 'broken' has no key");
    assertThat(recorded.step("extract:broken").orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    assertThat(recorded.step("extract:slow").orElseThrow().count("rows")).isEqualTo(3);
    assertThat(recorded.step("reconcile")).isEmpty();
    assertThat(ran).containsExactly("extract:slow");
  }

  @Test
  void aResumedRunPassesTheStepsThatSucceededAndKeepsTheirCounts() {
    AtomicInteger extracts = new AtomicInteger();
    AtomicInteger failuresLeft = new AtomicInteger(1);
    Pipeline pipeline =
        new Pipeline(
            "test",
            List.of(
                Work.beside(
                    "extract:a",
                    List.of(),
                    context -> {
                      extracts.incrementAndGet();
                      return counted(5);
                    }),
                Work.alone(
                    "reconcile",
                    List.of("extract:a"),
                    context -> {
                      if (failuresLeft.getAndDecrement() > 0) {
                        throw new CarelakeException("interrupted");
                      }
                      return counted(context.count(StepName.parse("extract:a"), "rows"));
                    })));
    RunHistory history = history();
    RunRecord first = history.start("test");
    StepExecutor executor = new StepExecutor(history, 2, StepListener.NONE, () -> {});
    assertThatThrownBy(() -> executor.execute(pipeline, first, RunMode.INCREMENTAL, Map.of()))
        .hasMessage("interrupted");
    List<String> passed = Collections.synchronizedList(new ArrayList<>());
    StepListener listener =
        new StepListener() {
          @Override
          public void alreadyDone(Step step) {
            passed.add(step.name().toString());
          }
        };

    RunRecord resumed =
        new StepExecutor(history, 2, listener, () -> {})
            .execute(
                pipeline,
                history.find(first.id()).orElseThrow().resumed(),
                RunMode.INCREMENTAL,
                Map.of());

    assertThat(resumed.id()).isEqualTo(first.id());
    assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(extracts).hasValue(1);
    assertThat(passed).containsExactly("extract:a");
    assertThat(resumed.step("reconcile").orElseThrow().count("rows")).isEqualTo(5);
  }

  @Test
  void theWatermarksAStepAdvancedAreRecordedAndTheGuardStopsARunBeforeAStep() {
    StepResult advanced =
        new StepResult() {
          @Override
          public Map<String, Long> counts() {
            return Counts.of("rows", 2);
          }

          @Override
          public String summary() {
            return "2 rows";
          }

          @Override
          public Map<String, String> watermarks() {
            return Map.of("patients", "2021-03-01T00:00:00Z");
          }
        };
    Pipeline pipeline =
        new Pipeline(
            "test",
            List.of(
                Work.beside(
                    "extract:patients",
                    List.of(),
                    context -> {
                      assertThat(context.previousWatermark("patients"))
                          .contains("2021-02-01T00:00:00Z");
                      return advanced;
                    })));
    RunHistory history = history();

    RunRecord run =
        new StepExecutor(history, 1, StepListener.NONE, () -> {})
            .execute(
                pipeline,
                history.start("test"),
                RunMode.INCREMENTAL,
                Map.of("patients", "2021-02-01T00:00:00Z"));
    assertThat(run.watermarks()).containsEntry("patients", "2021-03-01T00:00:00Z");

    RunRecord guarded = history.start("test");
    assertThatThrownBy(
            () ->
                new StepExecutor(
                        history,
                        1,
                        StepListener.NONE,
                        () -> {
                          throw new CarelakeException("the lake lock was taken over");
                        })
                    .execute(pipeline, guarded, RunMode.INCREMENTAL, Map.of()))
        .hasMessage("the lake lock was taken over");
    assertThat(history.find(guarded.id()).orElseThrow().watermarks()).isEmpty();
  }

  @Test
  void anotherLibrarysFailureIsRecordedWithoutTheValuesItsMessageQuotes() {
    Pipeline pipeline =
        new Pipeline(
            "test",
            List.of(
                Work.alone(
                    "bronze:patients",
                    List.of(),
                    context -> {
                      throw new IllegalStateException(
                          "Job aborted",
                          new RuntimeException(
                              "Malformed records are detected in record parsing:"
                                  + " [17,MRN0042,Maria,Rivera,1980-02-14,999-12-3456]"));
                    })));
    RunHistory history = history();
    RunRecord started = history.start("test");

    assertThatThrownBy(
            () ->
                new StepExecutor(history, 1, StepListener.NONE, () -> {})
                    .execute(pipeline, started, RunMode.INCREMENTAL, Map.of()))
        .isInstanceOf(CarelakeException.class)
        .hasMessageStartingWith(
            "Step bronze:patients failed: IllegalStateException: Job aborted (caused by"
                + " RuntimeException: Malformed records are detected in record parsing:"
                + " <withheld>)");

    RunRecord recorded = history.find(started.id()).orElseThrow();
    assertThat(recorded.error() + recorded.step("bronze:patients").orElseThrow().error())
        .contains("Malformed records")
        .doesNotContain("Maria", "Rivera", "MRN0042", "1980-02-14", "999-12-3456");
  }

  @Test
  void aPipelineRefusesADependencyRegisteredAfterItsStepOrTwoStepsOfOneName() {
    Function<RunContext, StepResult> nothing = context -> counted(0);

    assertThatThrownBy(
            () ->
                new Pipeline(
                    "test",
                    List.of(
                        Work.alone("silver:a", List.of("bronze:a"), nothing),
                        Work.alone("bronze:a", List.of(), nothing))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Step silver:a of the test pipeline depends on bronze:a, which is not registered"
                + " before it; register every step after the steps it depends on.");
    assertThatThrownBy(
            () ->
                new Pipeline(
                    "test",
                    List.of(
                        Work.alone("bronze:a", List.of(), nothing),
                        Work.alone("bronze:a", List.of(), nothing))))
        .hasMessage("Step bronze:a is registered twice in the test pipeline.");
  }

  @Test
  void aPipelineCutToSomeStagesDropsTheDependenciesOnTheOthers() {
    Function<RunContext, StepResult> nothing = context -> counted(0);
    Pipeline pipeline =
        new Pipeline(
            "test",
            List.of(
                Work.beside("extract:a", List.of(), nothing),
                Work.alone("silver:a", List.of("extract:a"), nothing),
                Work.alone("gold:m", List.of("silver:a"), nothing)));

    Pipeline cut = pipeline.only(stage -> !stage.equals("silver"));

    assertThat(cut.graph())
        .containsExactly(
            Map.entry(StepName.parse("extract:a"), List.of()),
            Map.entry(StepName.parse("gold:m"), List.of()));
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the steps did not start together", e);
    }
  }
}
