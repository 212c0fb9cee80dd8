package org.carelake.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.carelake.app.CarelakeCli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SyntheticEhrTest {

  @Test
  void theFullBuildHasTheSyntheticEhr() {
    assertThatCode(() -> SyntheticEhr.require("source generate")).doesNotThrowAnyException();
  }

  /**
   * picocli reflects on every command class when the command line is built; a type of
   * carelake-synth in a field or method signature would make every command fail in the shaded jar,
   * which leaves that module out.
   */
  @Test
  void noCommandClassNamesASyntheticEhrTypeInItsFieldsOrMethodSignatures() {
    List<String> offending = new ArrayList<>();
    for (Class<?> command : commandClasses(new CommandLine(new CarelakeCli()))) {
      for (Field field : command.getDeclaredFields()) {
        if (isSynth(field.getType())) {
          offending.add(command.getName() + "." + field.getName());
        }
      }
      for (Method method : command.getDeclaredMethods()) {
        if (Stream.concat(Stream.of(method.getReturnType()), Stream.of(method.getParameterTypes()))
            .anyMatch(SyntheticEhrTest::isSynth)) {
          offending.add(command.getName() + "." + method.getName());
        }
      }
    }
    assertThat(offending).isEmpty();
  }

  private static List<Class<?>> commandClasses(CommandLine line) {
    List<Class<?>> classes = new ArrayList<>();
    classes.add(line.getCommand().getClass());
    for (CommandLine sub : line.getSubcommands().values()) {
      classes.addAll(commandClasses(sub));
    }
    return classes;
  }

  private static boolean isSynth(Class<?> type) {
    Class<?> element = type.isArray() ? type.getComponentType() : type;
    return element.getName().startsWith("org.carelake.synth.");
  }
}
