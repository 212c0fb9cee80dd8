package org.carelake.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.carelake.app.CarelakeCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password written inside a JDBC URL, as PostgreSQL's and SQL Server's drivers allow, never
 * reaches the console or the log: not in {@code carelake config}'s listing, and not in the error of
 * a command that could not reach the database.
 */
class SecretsInOutputTest {
  private static final String SECRET = "hunter2-Vq81";

  @TempDir Path data;

  private record Output(int exit, String out, String err) {
    String both() {
      return out + err;
    }
  }

  private Output run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      String[] all = new String[args.length + 2];
      System.arraycopy(args, 0, all, 0, args.length);
      all[args.length] = "--set";
      all[args.length + 1] = "data-dir=" + data;
      int exit = CarelakeCli.execute(all);
      return new Output(
          exit,
          outBytes.toString(StandardCharsets.UTF_8),
          errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void configListsAJdbcUrlWithItsPasswordMasked() {
    Output output =
        run(
            "config",
            "--set",
            "source.jdbc-url=jdbc:postgresql://db.example:5432/ehr?user=etl&password=" + SECRET,
            "--set",
            "publish.jdbc-url=jdbc:sqlserver://gold.example:1433;database=gold;password=" + SECRET);

    assertThat(output.exit()).isZero();
    assertThat(output.out())
        .contains("jdbc:postgresql://db.example:5432/ehr?user=etl&password=********")
        .contains("jdbc:sqlserver://gold.example:1433;database=gold;password=********");
    assertThat(output.both()).doesNotContain(SECRET);
  }

  @Test
  void aDatabaseThatCannotBeReachedIsNamedWithoutItsPassword() throws IOException {
    // Port 1 on the loopback refuses at once: the command fails reaching the database.
    Output output =
        run(
            "source",
            "stats",
            "--set",
            "source.jdbc-url=jdbc:postgresql://127.0.0.1:1/ehr?user=etl&password=" + SECRET);

    assertThat(output.exit()).isNotZero();
    assertThat(output.both()).contains("127.0.0.1:1").contains("********");
    assertThat(output.both()).doesNotContain(SECRET);
    assertThat(logs()).doesNotContain(SECRET);
  }

  private String logs() throws IOException {
    StringBuilder text = new StringBuilder();
    if (Files.isDirectory(data)) {
      try (Stream<Path> files = Files.walk(data)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          text.append(Files.readString(file, StandardCharsets.ISO_8859_1));
        }
      }
    }
    return text.toString();
  }
}
