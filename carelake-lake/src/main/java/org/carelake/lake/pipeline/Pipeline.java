package org.carelake.lake.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A pipeline: its steps in registration order, checked to form a graph the executor can run (unique
 * names, every dependency a registered step, registered before the steps that need it, so the order
 * is a topological one). {@code carelake pipeline show} draws exactly this graph, and {@link
 * StepExecutor} runs exactly these steps.
 */
public final class Pipeline {
  private final String name;
  private final List<Step> steps;

  /**
   * A checked pipeline.
   *
   * @param name what it is, e.g. {@code ehr batch}
   * @param steps its steps, each after the steps it depends on
   * @throws IllegalArgumentException when names repeat or a dependency is unknown or later
   */
  public Pipeline(String name, List<Step> steps) {
    Set<StepName> seen = new HashSet<>();
    for (Step step : steps) {
      for (StepName dependency : step.dependsOn()) {
        if (!seen.contains(dependency)) {
          throw new IllegalArgumentException(
              "Step "
                  + step.name()
                  + " of the "
                  + name
                  + " pipeline depends on "
                  + dependency
                  + ", which is not registered before it; register every step after the steps it"
                  + " depends on.");
        }
      }
      if (!seen.add(step.name())) {
        throw new IllegalArgumentException(
            "Step " + step.name() + " is registered twice in the " + name + " pipeline.");
      }
    }
    this.name = name;
    this.steps = List.copyOf(steps);
  }

  /** What the pipeline is. */
  public String name() {
    return name;
  }

  /** The steps in registration order. */
  public List<Step> steps() {
    return steps;
  }

  /**
   * The pipeline with only the steps of the stages a test accepts; dependencies on the steps left
   * out count as met.
   */
  public Pipeline only(Predicate<String> stages) {
    List<Step> kept = new ArrayList<>();
    Set<StepName> names = new HashSet<>();
    for (Step step : steps) {
      if (stages.test(step.name().stage())) {
        kept.add(step);
        names.add(step.name());
      }
    }
    return new Pipeline(name, kept.stream().map(step -> within(step, names)).toList());
  }

  /** The graph: each step's name and dependencies, in order. */
  public Map<StepName, List<StepName>> graph() {
    Map<StepName, List<StepName>> graph = new LinkedHashMap<>();
    steps.forEach(step -> graph.put(step.name(), step.dependsOn()));
    return graph;
  }

  /** A step whose dependencies outside the kept names are dropped. */
  private static Step within(Step step, Set<StepName> names) {
    List<StepName> kept = step.dependsOn().stream().filter(names::contains).toList();
    if (kept.size() == step.dependsOn().size()) {
      return step;
    }
    return new Step() {
      @Override
      public StepName name() {
        return step.name();
      }

      @Override
      public List<StepName> dependsOn() {
        return kept;
      }

      @Override
      public String description() {
        return step.description();
      }

      @Override
      public String label() {
        return step.label();
      }

      @Override
      public boolean concurrent() {
        return step.concurrent();
      }

      @Override
      public StepResult run(RunContext context) {
        return step.run(context);
      }
    };
  }
}
