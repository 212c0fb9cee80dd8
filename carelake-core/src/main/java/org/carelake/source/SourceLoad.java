package org.carelake.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.carelake.core.Errors;
import org.postgresql.copy.CopyManager;

/**
 * Replaces the whole content of the reference schema's EHR tables with rows staged as COPY text
 * files: what a generation and an import of real data share. Every method works inside the caller's
 * transaction, so a reader sees the old data or the new, never a mix.
 */
public final class SourceLoad {
  private SourceLoad() {}

  /**
   * Empties every EHR table, the deletion log and carelake's bookkeeping, in the caller's
   * transaction.
   *
   * @param connection an open connection, not in auto-commit
   * @throws SQLException when the database fails
   */
  public static void truncate(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    for (SourceTable table : SourceTable.values()) {
      tables.add(table.tableName());
    }
    tables.addAll(
        List.of(
            DeletionLog.TABLE, "carelake_manifest", "carelake_batches", "carelake_external_ids"));
    try (Statement statement = connection.createStatement()) {
      statement.execute("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY");
    }
  }

  /**
   * COPYs a file into every EHR table, inside the caller's transaction, which must have emptied the
   * tables with {@link #truncate}: its lock keeps every other session out until commit. The INSERT
   * timestamp trigger is switched off meanwhile, because COPY cannot batch rows into a table with a
   * BEFORE INSERT row trigger; the columns' default, now(), gives the values the trigger would.
   *
   * @param connection an open connection, not in auto-commit
   * @param copy the connection's COPY API
   * @param files the staged file of each table, in {@link CopyText}'s format
   * @throws SQLException when the database fails
   */
  public static void bulkLoad(
      Connection connection, CopyManager copy, Function<SourceTable, Path> files)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (SourceTable table : SourceTable.values()) {
        statement.execute(insertTrigger(table, "DISABLE"));
      }
      for (SourceTable table : SourceTable.values()) {
        copyIn(copy, table.copyInStatement(), files.apply(table));
      }
      for (SourceTable table : SourceTable.values()) {
        statement.execute(insertTrigger(table, "ENABLE"));
      }
    }
  }

  private static String insertTrigger(SourceTable table, String action) {
    return "ALTER TABLE "
        + table.tableName()
        + " "
        + action
        + " TRIGGER "
        + table.tableName()
        + "_insert_timestamps";
  }

  /**
   * Runs one {@code COPY ... FROM STDIN} with a file's content.
   *
   * @param copy the connection's COPY API
   * @param statement the COPY statement
   * @param file the file, in COPY text format
   * @throws SQLException when the database fails
   */
  public static void copyIn(CopyManager copy, String statement, Path file) throws SQLException {
    try (InputStream in = Files.newInputStream(file)) {
      copy.copyIn(statement, in, 1 << 16);
    } catch (IOException e) {
      throw Errors.scratchFileFailed(file, e);
    }
  }

  /**
   * Updates the planner's statistics of every EHR table after a load; switches the connection to
   * auto-commit, since ANALYZE after the commit must not hold the load's locks.
   *
   * @param connection an open connection whose load is committed
   * @throws SQLException when the database fails
   */
  public static void analyze(Connection connection) throws SQLException {
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      for (SourceTable table : SourceTable.values()) {
        statement.execute("ANALYZE " + table.tableName());
      }
    }
  }

  /**
   * A new temporary folder for staged files.
   *
   * @return the folder, which the caller deletes with {@link #deleteQuietly}
   */
  public static Path scratchFolder() {
    try {
      return Files.createTempDirectory("carelake-source-");
    } catch (IOException e) {
      throw Errors.scratchFileFailed(Path.of(System.getProperty("java.io.tmpdir")), e);
    }
  }

  /**
   * Deletes a scratch folder and everything in it, as far as possible.
   *
   * @param folder the folder
   */
  public static void deleteQuietly(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // The folder is in the temporary folder; a leftover is harmless and the OS cleans it.
    }
  }
}
