package org.carelake.app;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a carelake command in a child JVM, for tests that kill a process midway: this
 * JVM's Java, its module flags, system properties and memory settings, and its class path.
 */
public final class ChildCli {
  private ChildCli() {}

  /**
   * The command line that runs {@code carelake <arguments>} in a new JVM.
   *
   * @param arguments the command and its options
   */
  public static List<String> command(List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("--add-opens")
          || argument.startsWith("-D")
          || argument.startsWith("-X")) {
        command.add(argument);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CarelakeCli.class.getName());
    command.addAll(arguments);
    return command;
  }
}
