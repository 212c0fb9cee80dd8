package org.carelake.lake.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.carelake.lake.LakeFiles;

/**
 * The few file operations the lake lock is built on, each atomic where the storage allows it.
 *
 * <p>On a local disk: exclusive creation with {@code O_EXCL}, replacement by an atomic rename, so a
 * reader sees the old or the new content and the file never goes missing. Elsewhere through Hadoop:
 * {@code create(path, false)} (atomic on HDFS and on ADLS Gen2, which sends {@code If-None-Match:
 * *}) and {@code create(path, true)} for a replacement. On S3 a create is atomic only where the
 * bucket and the S3A client use conditional writes; without them two processes racing in the same
 * instant are not excluded.
 */
final class LockStore {
  private final LakeFiles files;

  /** A file's content and when it was last written. */
  record Snapshot(byte[] content, long modifiedMillis) {}

  LockStore(LakeFiles files) {
    this.files = files;
  }

  /** Creates a file that must not exist; false when it does. */
  boolean createExclusively(String path, byte[] content) throws IOException {
    Optional<Path> local = local(path);
    if (local.isPresent()) {
      Files.createDirectories(local.get().getParent());
      try {
        Files.write(local.get(), content, StandardOpenOption.CREATE_NEW);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    FileSystem fs = files.fileSystem(path);
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(path);
    try (OutputStream out = fs.create(target, false)) {
      out.write(content);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      // Some file systems report an existing file with a plain IOException.
      if (fs.exists(target)) {
        return false;
      }
      throw e;
    }
  }

  /** Replaces a file's content; readers never find it missing meanwhile. */
  void replace(String path, byte[] content) throws IOException {
    Optional<Path> local = local(path);
    if (local.isPresent()) {
      Path target = local.get();
      Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID());
      Files.write(temporary, content, StandardOpenOption.CREATE_NEW);
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return;
    }
    try (OutputStream out =
        files.fileSystem(path).create(new org.apache.hadoop.fs.Path(path), true)) {
      out.write(content);
    }
  }

  /** A file's content and modification time, or empty when it does not exist. */
  Optional<Snapshot> read(String path) throws IOException {
    Optional<Path> local = local(path);
    if (local.isPresent()) {
      try {
        long modified = Files.getLastModifiedTime(local.get()).toMillis();
        return Optional.of(new Snapshot(Files.readAllBytes(local.get()), modified));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
    }
    FileSystem fs = files.fileSystem(path);
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(path);
    try {
      long modified = fs.getFileStatus(target).getModificationTime();
      try (InputStream in = fs.open(target)) {
        return Optional.of(new Snapshot(in.readAllBytes(), modified));
      }
    } catch (java.io.FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /** When a file was last written, or empty when it does not exist. */
  Optional<Long> modifiedMillis(String path) throws IOException {
    Optional<Path> local = local(path);
    if (local.isPresent()) {
      try {
        return Optional.of(Files.getLastModifiedTime(local.get()).toMillis());
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(
          files
              .fileSystem(path)
              .getFileStatus(new org.apache.hadoop.fs.Path(path))
              .getModificationTime());
    } catch (java.io.FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Deletes a file if it exists. */
  void delete(String path) throws IOException {
    Optional<Path> local = local(path);
    if (local.isPresent()) {
      Files.deleteIfExists(local.get());
      return;
    }
    files.fileSystem(path).delete(new org.apache.hadoop.fs.Path(path), false);
  }

  private static Optional<Path> local(String path) {
    URI uri = URI.create(path);
    return "file".equals(uri.getScheme()) ? Optional.of(Path.of(uri)) : Optional.empty();
  }
}
