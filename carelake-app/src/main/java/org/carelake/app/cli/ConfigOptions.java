package org.carelake.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.ConfigKey;
import picocli.CommandLine.Option;

/**
 * The options every command takes to find its configuration: a file and {@code --set} overrides.
 * Environment variables ({@code CARELAKE_*}) are read as well.
 */
public final class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Configuration file (Java properties). Default: $CARELAKE_CONFIG, else ./carelake.properties"
              + " when it exists.")
  private Path file;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one configuration key, e.g. --set spark.shuffle-partitions=8.")
  private Map<String, String> overrides = new LinkedHashMap<>();

  /**
   * Loads the configuration with other defaults for some keys: each applies only where neither the
   * file, the environment nor {@code --set} gives the key a value.
   */
  public CarelakeConfig loadWithDefaults(Map<ConfigKey<?>, String> defaults) {
    CarelakeConfig config = load();
    Map<String, String> more = new LinkedHashMap<>();
    defaults.forEach(
        (key, value) -> {
          if (config.origin(key) == CarelakeConfig.Origin.DEFAULT) {
            more.put(key.name(), value);
          }
        });
    if (more.isEmpty()) {
      return config;
    }
    more.putAll(overrides);
    return CarelakeConfig.load(config.file(), System.getenv(), more);
  }

  /** Loads and validates the configuration; throws a ConfigException naming every bad key. */
  public CarelakeConfig load() {
    return load(Map.<String, String>of());
  }

  /**
   * Loads and validates the configuration with some keys set by the command itself, over every
   * other origin (a benchmark's own lake, for instance).
   */
  public CarelakeConfig load(Map<String, String> fixed) {
    Map<String, String> environment = System.getenv();
    Optional<Path> chosen = Optional.ofNullable(file);
    if (chosen.isEmpty() && environment.containsKey("CARELAKE_CONFIG")) {
      chosen = Optional.of(Path.of(environment.get("CARELAKE_CONFIG")));
    }
    if (chosen.isEmpty() && Path.of("carelake.properties").toFile().isFile()) {
      chosen = Optional.of(Path.of("carelake.properties"));
    }
    Map<String, String> all = new LinkedHashMap<>(overrides);
    all.putAll(fixed);
    return CarelakeConfig.load(chosen, environment, all);
  }
}
