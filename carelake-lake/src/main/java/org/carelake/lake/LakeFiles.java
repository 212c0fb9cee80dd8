package org.carelake.lake;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.carelake.core.Errors;

/**
 * Plain files in the lake (raw extracts, manifests, run history) through the Hadoop file system
 * API, so the same code writes to local disk, abfss:// and s3a://.
 */
public final class LakeFiles {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Configuration configuration;

  /** Uses the given Hadoop configuration (Spark's, when a session runs). */
  public LakeFiles(Configuration configuration) {
    this.configuration = configuration;
  }

  /** Uses a default Hadoop configuration (core-site.xml on the class path, if any). */
  public static LakeFiles withDefaults() {
    return new LakeFiles(ownerOnly(new Configuration()));
  }

  /** Hadoop's key for the permission mask of the files and folders it creates. */
  public static final String UMASK = "fs.permissions.umask-mode";

  /**
   * carelake's default mask: files and folders the lake writes are the owner's alone (0600 and 0700
   * on a local disk or HDFS), since raw extracts, bronze and silver hold patient data. A mask set
   * in the configuration ({@code spark.hadoop.fs.permissions.umask-mode=022}, or core-site.xml) is
   * kept. Object stores (abfss://, s3a://) ignore it: their access is the container's.
   */
  public static final String OWNER_ONLY = "077";

  /** The configuration with carelake's {@link #OWNER_ONLY} mask, unless it sets one itself. */
  public static Configuration ownerOnly(Configuration configuration) {
    // Hadoop's core-default.xml sets 022, so "unset" means: set by nothing but that file.
    String[] sources = configuration.getPropertySources(UMASK);
    if (sources == null
        || java.util.Arrays.stream(sources).allMatch(source -> source.equals("core-default.xml"))) {
      configuration.set(UMASK, OWNER_ONLY, "carelake");
    }
    return configuration;
  }

  /**
   * The Hadoop file system that holds a path, for callers that need an operation this class does
   * not offer (the lake lock's exclusive creates and modification times). Paths are read by
   * Hadoop's {@link Path}, never as a strict {@code java.net.URI}: a file name dropped into an
   * inbox may hold a space, a tab, a backslash, braces, quotes or a caret, which a URI refuses and
   * Hadoop encodes.
   *
   * <p>On a local disk the raw file system is used: Hadoop's checksummed local file system keeps a
   * {@code .crc} file beside each file and renames the two one after the other, so a reader racing
   * a rewrite (a {@code carelake status} during a run) saw new data against an old checksum and
   * failed with a checksum error.
   *
   * @throws IOException when the file system cannot be reached or its scheme is unknown
   */
  public FileSystem fileSystem(String path) throws IOException {
    FileSystem fs = new Path(path).getFileSystem(configuration);
    return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
  }

  /** Whether a file or folder exists. */
  public boolean exists(String path) {
    try {
      return fileSystem(path).exists(new Path(path));
    } catch (IOException e) {
      throw Errors.fileFailed("check", path, e);
    }
  }

  /** Creates a new file, failing if it exists: files in the raw zone are written once. */
  public OutputStream createNew(String path) {
    try {
      return fileSystem(path).create(new Path(path), false);
    } catch (IOException e) {
      throw Errors.fileFailed("create", path, e);
    }
  }

  /** Opens a file for reading. */
  public InputStream open(String path) {
    try {
      return fileSystem(path).open(new Path(path));
    } catch (IOException e) {
      throw Errors.fileFailed("open", path, e);
    }
  }

  /** Reads a whole small file as UTF-8. */
  public String read(String path) {
    try (InputStream in = open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Errors.fileFailed("read", path, e);
    }
  }

  /**
   * Writes a small file so that readers see either the old or the new content: write a hidden
   * temporary file beside it, then rename it over the target.
   */
  public void writeAtomically(String path, String content) {
    try {
      FileSystem fs = fileSystem(path);
      Path target = new Path(path);
      Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp");
      try (OutputStream out = fs.create(temporary, true)) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      }
      if (fs instanceof RawLocalFileSystem) {
        // A local rename replaces the target in one step (rename(2)); a checksum left by an
        // earlier checksummed write would no longer match.
        Path checksum = new Path(target.getParent(), "." + target.getName() + ".crc");
        if (fs.exists(checksum)) {
          fs.delete(checksum, false);
        }
      } else if (fs.exists(target)) {
        // Object stores and HDFS refuse to rename over an existing file.
        fs.delete(target, false);
      }
      if (!fs.rename(temporary, target)) {
        throw new IOException("could not rename " + temporary + " to " + target);
      }
    } catch (IOException e) {
      throw Errors.fileFailed("write", path, e);
    }
  }

  /**
   * Creates a small owner-only file (0600 where the file system keeps permissions) unless it
   * exists, so that a reader sees it whole or not at all and of two creators exactly one wins: the
   * content goes to a hidden temporary file, which is then linked (local disk) or renamed (HDFS,
   * ADLS Gen2: a rename that never replaces) to the target.
   *
   * @return whether this call created the file; false when it existed
   */
  public boolean createIfAbsent(String path, byte[] content) {
    try {
      FileSystem fs = fileSystem(path);
      Path target = new Path(path);
      Path temporary =
          new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
      fs.mkdirs(target.getParent());
      try {
        if (fs instanceof RawLocalFileSystem local) {
          java.nio.file.Path file = local.pathToFile(temporary).toPath();
          createOwnerOnly(file);
          Files.write(file, content);
          try {
            Files.createLink(local.pathToFile(target).toPath(), file);
            return true;
          } catch (FileAlreadyExistsException e) {
            return false;
          }
        }
        try (OutputStream out = fs.create(temporary, false)) {
          out.write(content);
        }
        try {
          fs.setPermission(temporary, new FsPermission((short) 0600));
        } catch (UnsupportedOperationException e) {
          // Object stores keep no permissions; access is the bucket's or container's.
        }
        return fs.rename(temporary, target);
      } finally {
        fs.delete(temporary, false);
      }
    } catch (IOException e) {
      throw Errors.fileFailed("create", path, e);
    }
  }

  private static void createOwnerOnly(java.nio.file.Path file) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
  }

  /**
   * Reads a small JSON file that carelake wrote ({@link #writeJsonAtomically}), such as the
   * position a layer was last brought to.
   *
   * @param path the file
   * @param type what it holds (a record)
   * @return the value, or empty when the file is missing or cannot be read as {@code type}: such
   *     state is only ever a shortcut, and losing it costs a full pass, never data
   */
  public <T> Optional<T> readJson(String path, Class<T> type) {
    if (!exists(path)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(read(path), type));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Writes a value as a small JSON file, atomically ({@link #writeAtomically}). */
  public void writeJsonAtomically(String path, Object value) {
    try {
      writeAtomically(path, JSON.writeValueAsString(value));
    } catch (IOException e) {
      throw Errors.fileFailed("write", path, e);
    }
  }

  /** Deletes a file or folder (recursively), if present. */
  public void delete(String path) {
    try {
      fileSystem(path).delete(new Path(path), true);
    } catch (IOException e) {
      throw Errors.fileFailed("delete", path, e);
    }
  }

  /** Moves a file, creating the target's folder. */
  public void rename(String from, String to) {
    try {
      FileSystem fs = fileSystem(from);
      Path target = new Path(to);
      fs.mkdirs(target.getParent());
      if (!fs.rename(new Path(from), target)) {
        throw new IOException("could not move " + from + " to " + to);
      }
    } catch (IOException e) {
      throw Errors.fileFailed("move", from, e);
    }
  }

  /** The file size in bytes. */
  public long size(String path) {
    try {
      return fileSystem(path).getFileStatus(new Path(path)).getLen();
    } catch (IOException e) {
      throw Errors.fileFailed("read the size of", path, e);
    }
  }

  /** The names of the entries of a folder, sorted; empty when the folder does not exist. */
  public List<String> list(String folder) {
    try {
      FileSystem fs = fileSystem(folder);
      Path path = new Path(folder);
      List<String> names = new ArrayList<>();
      if (!fs.exists(path)) {
        return names;
      }
      for (FileStatus status : fs.listStatus(path)) {
        names.add(status.getPath().getName());
      }
      names.sort(null);
      return names;
    } catch (IOException e) {
      throw Errors.fileFailed("list", folder, e);
    }
  }
}
