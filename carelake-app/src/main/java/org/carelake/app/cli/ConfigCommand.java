package org.carelake.app.cli;

import java.util.concurrent.Callable;
import org.carelake.config.CarelakeConfig;
import org.carelake.config.ConfigKey;
import org.carelake.config.ConfigKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carelake config}: shows the effective configuration and where each value came from. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Show the effective configuration: every key, its value (secrets masked) and where it came"
          + " from (default, file, environment variable, --set).",
      "Validates it too: a bad value is reported with the key, the problem and the fix."
    })
public final class ConfigCommand implements Callable<Integer> {
  @Mixin private ConfigOptions configOptions;

  @Option(
      names = "--keys",
      description = "List the keys with their environment variables and descriptions.")
  private boolean keys;

  @Override
  public Integer call() {
    if (keys) {
      for (ConfigKey<?> key : ConfigKeys.ALL) {
        System.out.printf(
            "%-26s %-36s %s%n", key.name(), key.environmentVariable(), key.description());
      }
      return 0;
    }
    CarelakeConfig config = configOptions.load();
    System.out.println(
        "configuration file: " + config.file().map(Object::toString).orElse("(none)"));
    for (String[] row : config.describe()) {
      System.out.printf("%-26s %-40s %s%n", row[0], row[1].isEmpty() ? "(empty)" : row[1], row[2]);
    }
    System.out.println("lake: " + config.lakeUri());
    return 0;
  }
}
