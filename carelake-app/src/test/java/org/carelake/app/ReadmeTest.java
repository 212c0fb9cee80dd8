package org.carelake.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.carelake.config.ConfigKey;
import org.carelake.config.ConfigKeys;
import org.junit.jupiter.api.Test;

/** Keeps the README in step with the code it documents. */
class ReadmeTest {
  private static String readme() throws Exception {
    Path folder = Path.of("").toAbsolutePath();
    while (folder != null && !Files.isRegularFile(folder.resolve("README.md"))) {
      folder = folder.getParent();
    }
    assertThat(folder).as("README.md above %s", Path.of("").toAbsolutePath()).isNotNull();
    return Files.readString(folder.resolve("README.md"));
  }

  @Test
  void everyConfigurationKeyIsInTheConfigurationTableWithItsEnvironmentVariable() throws Exception {
    String readme = readme();
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      assertThat(readme)
          .as("README row for %s", key.name())
          .contains("| `" + key.name() + "` | `" + key.environmentVariable() + "` |");
    }
  }

  @Test
  void theConfigurationTableListsNoKeyThatDoesNotExist() throws Exception {
    List<String> documented =
        readme()
            .lines()
            .filter(line -> line.matches("\\| `[a-z0-9.\\-]+` \\| `CARELAKE_[A-Z0-9_]+` \\|.*"))
            .map(line -> line.substring(3, line.indexOf('`', 3)))
            .toList();
    assertThat(documented)
        .containsExactlyElementsOf(ConfigKeys.ALL.stream().map(ConfigKey::name).toList());
  }

  @Test
  void theReadmeOpensWithTheTwoCommands() throws Exception {
    String readme = readme();
    int commands = readme.indexOf("## The two commands");
    assertThat(commands).isPositive().isLessThan(readme.indexOf("## How the data flows"));
    assertThat(readme.substring(commands)).contains("./carelake demo").contains("mvn -B verify");
  }

  @Test
  void theCiScriptRunsTheReadmeTestCommand() throws Exception {
    Path folder = Path.of("").toAbsolutePath();
    while (!Files.isRegularFile(folder.resolve(".ci/run"))) {
      folder = folder.getParent();
    }
    assertThat(Files.readString(folder.resolve(".ci/run"))).contains("exec mvn -B verify");
  }
}
