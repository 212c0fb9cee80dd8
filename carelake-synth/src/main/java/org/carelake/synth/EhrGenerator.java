package org.carelake.synth;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.carelake.config.JdbcEndpoint;
import org.carelake.core.Errors;
import org.carelake.source.CopyText;
import org.carelake.source.GenerationSummary;
import org.carelake.source.Manifest;
import org.carelake.source.Row;
import org.carelake.source.SourceLoad;
import org.carelake.source.SourceSchema;
import org.carelake.source.SourceStats;
import org.carelake.source.SourceTable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Fills the source EHR with realistic, deterministic patient data, optionally with defects.
 *
 * <p>Input: the settings (patients, seed, defect rate). Output: every EHR table of the reference
 * schema replaced by the generated rows, the ground truth of the injected defects in the table
 * {@code carelake_manifest}, and a {@link GenerationSummary}. Side effects: migrates the schema,
 * stages the rows as COPY text files in a temporary folder (deleted afterwards), and replaces the
 * data in one transaction (TRUNCATE, then COPY per table), so a reader sees the old data or the
 * new, never a mix.
 *
 * <p>Determinism: every patient's chart comes from its own random stream, derived from the seed and
 * the patient's key, and keys are handed out in a fixed order, so the same settings give the same
 * rows and the same fingerprint. Defects draw from a second stream per patient, so the data
 * generated with a defect rate is the clean data for the same seed with some rows changed (and
 * duplicate registrations added, keyed after the last patient): exactly the rows the manifest
 * names.
 *
 * <p>Why the manifest is a table beside the data, not a file: it then changes in the same
 * transaction as the rows it describes (generate, churn), so it can never disagree with them; it
 * travels with the database when the source is external; and a test or a pipeline check joins it to
 * the lake's quarantine with plain SQL. Its name starts with {@code carelake_}, and no EHR
 * extraction reads it.
 */
public final class EhrGenerator {
  private static final long DEFECT_STREAM = 0x9E3779B97F4A7C15L;

  private EhrGenerator() {}

  /**
   * Replaces the source's data with generated data.
   *
   * @param source the source database; the reference schema is applied first
   * @param settings how many patients, the seed and the defect rate
   * @return the row counts, the content fingerprint and the seconds it took
   */
  public static GenerationSummary generate(JdbcEndpoint source, GeneratorSettings settings) {
    return generate(source, settings, line -> {});
  }

  /**
   * Replaces the source's data with generated data, reporting progress.
   *
   * @param source the source database; the reference schema is applied first
   * @param settings how many patients, the seed and the defect rate
   * @param progress receives a short line now and then (no patient data)
   * @return the row counts, the content fingerprint and the seconds it took
   */
  public static GenerationSummary generate(
      JdbcEndpoint source, GeneratorSettings settings, Consumer<String> progress) {
    long started = System.nanoTime();
    SourceSchema.migrate(source);
    Path folder = SourceLoad.scratchFolder();
    try {
      Staged staged = stage(settings, folder, progress);
      progress.accept(
          String.format(
              Locale.ROOT,
              "staged %,d rows in %.1f s; loading with COPY",
              staged.rows(),
              (System.nanoTime() - started) / 1e9));
      try (Connection connection = source.connect()) {
        connection.setAutoCommit(false);
        load(connection, staged, settings);
        GenerationSummary summary = SourceStats.read(connection, started);
        connection.commit();
        SourceLoad.analyze(connection);
        return summary;
      } catch (SQLException e) {
        throw Errors.sourceDatabaseFailed("loading the generated data", e);
      }
    } finally {
      SourceLoad.deleteQuietly(folder);
    }
  }

  /** The staged COPY files and how many rows each holds. */
  record Staged(Path folder, Map<SourceTable, Long> counts, long manifestEntries) {
    Path file(SourceTable table) {
      return folder.resolve(table.tableName() + ".copy");
    }

    Path manifest() {
      return folder.resolve("carelake_manifest.copy");
    }

    long rows() {
      return counts.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Generates every row into COPY text files in a folder. */
  static Staged stage(GeneratorSettings settings, Path folder, Consumer<String> progress) {
    Map<SourceTable, Writer> writers = new EnumMap<>(SourceTable.class);
    Map<SourceTable, Long> counts = new EnumMap<>(SourceTable.class);
    Path manifestFile = folder.resolve("carelake_manifest.copy");
    try (Writer manifestWriter = open(manifestFile)) {
      for (SourceTable table : SourceTable.values()) {
        writers.put(table, open(folder.resolve(table.tableName() + ".copy")));
        counts.put(table, 0L);
      }
      World world = new World(settings.patients(), settings.seed());
      for (Row row : world.rows) {
        CopyText.write(row, writers.get(row.table()));
        counts.merge(row.table(), 1L, Long::sum);
      }
      Ids ids = new Ids();
      PatientGenerator generator = new PatientGenerator(world, ids);
      DefectInjector defects =
          new DefectInjector(settings.defectRate(), settings.patients(), Manifest.GENERATE_BATCH);
      int step = Math.max(10_000, settings.patients() / 10);
      for (long patientId = 1; patientId <= settings.patients(); patientId++) {
        Chart chart = generator.generate(patientId, stream(settings.seed(), patientId));
        List<Chart> charts =
            defects.apply(chart, stream(settings.seed() ^ DEFECT_STREAM, patientId));
        for (Chart written : charts) {
          for (SourceTable table : SourceTable.values()) {
            Writer writer = writers.get(table);
            for (Row row : written.rows(table)) {
              CopyText.write(row, writer);
            }
            counts.merge(table, (long) written.rows(table).size(), Long::sum);
          }
        }
        if (patientId % step == 0 && patientId < settings.patients()) {
          progress.accept(
              String.format(
                  Locale.ROOT, "generated %,d of %,d patients", patientId, settings.patients()));
        }
      }
      for (Manifest.Entry entry : defects.entries()) {
        Manifest.write(entry, manifestWriter);
      }
      return new Staged(folder, counts, defects.entries().size());
    } catch (IOException e) {
      throw Errors.scratchFileFailed(folder, e);
    } finally {
      for (Writer writer : writers.values()) {
        try {
          writer.close();
        } catch (IOException e) {
          throw Errors.scratchFileFailed(folder, e);
        }
      }
    }
  }

  /**
   * Replaces the EHR tables' content with the staged files, inside the caller's transaction: one
   * TRUNCATE, then one COPY per table.
   */
  static void load(Connection connection, Staged staged, GeneratorSettings settings)
      throws SQLException {
    SourceLoad.truncate(connection);
    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
    SourceLoad.bulkLoad(connection, copy, staged::file);
    SourceLoad.copyIn(copy, Manifest.COPY_STATEMENT, staged.manifest());
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO carelake_batches (batch_id, operation, seed, parameters, as_of)"
                + " VALUES (?, 'generate', ?, ?, ?)")) {
      insert.setInt(1, Manifest.GENERATE_BATCH);
      insert.setLong(2, settings.seed());
      insert.setString(
          3,
          String.format(
              Locale.ROOT,
              "patients=%d defect-rate=%s",
              settings.patients(),
              settings.defectRate()));
      insert.setObject(4, PatientGenerator.AS_OF);
      insert.executeUpdate();
    }
  }

  /** The random stream of one patient: SplitMix64 of the seed and the key. */
  static SplittableRandom stream(long seed, long key) {
    long z = seed + key * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return new SplittableRandom(z ^ (z >>> 31));
  }

  private static Writer open(Path file) throws IOException {
    return new BufferedWriter(
        new java.io.OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
        1 << 16);
  }
}
