package org.carelake.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.carelake.core.Errors;

/**
 * The report every {@code carelake bench <name>} prints and, with {@code --output FILE}, writes as
 * JSON:
 *
 * <pre>{"benchmark": name, "machine": {...}, "parameters": {...},
 *  "scenarios": [{"name": ..., "seconds": ..., "floor_seconds": ..., "ratio": ...}]}</pre>
 *
 * <p>A scenario's floor is the time the same work takes on the bare underlying engine (COPY, a
 * plain Parquet write, HAPI's own parser), measured in the same run on the same machine, so the
 * ratio does not depend on the machine.
 *
 * @param benchmark the benchmark's name
 * @param machine what the benchmark ran on
 * @param parameters the data size and other inputs
 * @param scenarios the measured scenarios
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenchmarkReport(
    String benchmark, Machine machine, Map<String, Object> parameters, List<Scenario> scenarios) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One measured scenario.
   *
   * @param name the scenario's name
   * @param seconds the measured wall time
   * @param floorSeconds the floor's wall time, measured in the same run, or null when none
   * @param ratio seconds / floor seconds, or null when there is no floor
   * @param metrics further figures (rows per second, recall, fraction), in insertion order
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Scenario(
      String name,
      double seconds,
      @JsonProperty("floor_seconds") Double floorSeconds,
      Double ratio,
      Map<String, Object> metrics) {

    /** A scenario compared with a floor measured in the same run. */
    public static Scenario withFloor(String name, double seconds, double floorSeconds) {
      return new Scenario(
          name, seconds, floorSeconds, floorSeconds > 0 ? seconds / floorSeconds : null, null);
    }

    /** A scenario with no floor. */
    public static Scenario alone(String name, double seconds) {
      return new Scenario(name, seconds, null, null, null);
    }

    /** The same scenario with one more figure. */
    public Scenario withMetric(String key, Object value) {
      Map<String, Object> more = new LinkedHashMap<>(metrics == null ? Map.of() : metrics);
      more.put(key, value);
      return new Scenario(name, seconds, floorSeconds, ratio, more);
    }
  }

  /**
   * The machine a benchmark ran on.
   *
   * @param cores available processors
   * @param maxHeapMib the JVM's maximum heap
   * @param os operating system name and version
   * @param arch processor architecture
   * @param java Java runtime version
   */
  public record Machine(int cores, long maxHeapMib, String os, String arch, String java) {
    /** This JVM's machine. */
    public static Machine current() {
      return new Machine(
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() / (1024 * 1024),
          System.getProperty("os.name") + " " + System.getProperty("os.version"),
          System.getProperty("os.arch"),
          System.getProperty("java.runtime.version"));
    }
  }

  /** Starts a report on this machine. */
  public static BenchmarkReport start(String benchmark, Map<String, Object> parameters) {
    return new BenchmarkReport(
        benchmark, Machine.current(), new LinkedHashMap<>(parameters), new ArrayList<>());
  }

  /** The same report with one more scenario. */
  public BenchmarkReport with(Scenario scenario) {
    List<Scenario> more = new ArrayList<>(scenarios);
    more.add(scenario);
    return new BenchmarkReport(benchmark, machine, parameters, more);
  }

  /** The report as indented JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException("A benchmark report did not serialize to JSON", e);
    }
  }

  /** Writes the JSON report to a file, creating its folder. */
  public void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, toJson() + "\n");
    } catch (IOException e) {
      throw Errors.fileFailed("write the benchmark report", file.toString(), e);
    }
  }

  /** A few readable lines: one per scenario, with its floor and ratio. */
  public String summary() {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "benchmark %s on %d cores, Java %s; %s%n",
            benchmark,
            machine.cores(),
            machine.java(),
            parameters));
    for (Scenario scenario : scenarios) {
      text.append(
          String.format(Locale.ROOT, "  %-22s %9.3f s", scenario.name(), scenario.seconds()));
      if (scenario.floorSeconds() != null) {
        text.append(
            String.format(
                Locale.ROOT,
                "   floor %9.3f s   ratio %6.2f",
                scenario.floorSeconds(),
                scenario.ratio()));
      }
      if (scenario.metrics() != null) {
        scenario
            .metrics()
            .forEach((key, value) -> text.append("   ").append(key).append(' ').append(value));
      }
      text.append(System.lineSeparator());
    }
    return text.toString();
  }
}
