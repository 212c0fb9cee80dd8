package org.carelake.lake.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.carelake.core.Errors;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per lake: a lock file at {@code _carelake/lock} that names its holder and is
 * refreshed by a heartbeat.
 *
 * <p>A crashed holder cannot leave the lake locked forever: the lock is taken over when its holder
 * is a process on this host that no longer exists, or when its heartbeat is older than the timeout
 * (a holder on another host, or a hung one). The file is created exclusively: with {@code O_EXCL}
 * on a local disk, with Hadoop's non-overwriting create elsewhere (atomic on HDFS and ADLS Gen2; on
 * S3 it is not, so two runners racing on an S3 lake in the same instant are not excluded).
 */
public final class LakeLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LakeLock.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LakeFiles files;
  private final String path;
  private final Holder holder;
  private final ScheduledExecutorService heartbeat;

  /**
   * Who holds a lock.
   *
   * @param host the host name
   * @param pid the process id
   * @param purpose what the holder is doing
   * @param acquiredAt when it took the lock
   * @param heartbeatAt its last heartbeat
   */
  public record Holder(
      String host,
      long pid,
      String purpose,
      @JsonProperty("acquired_at") String acquiredAt,
      @JsonProperty("heartbeat_at") String heartbeatAt) {

    Holder beat() {
      return new Holder(host, pid, purpose, acquiredAt, Instant.now().toString());
    }
  }

  private LakeLock(LakeFiles files, String path, Holder holder, Duration interval) {
    this.files = files;
    this.path = path;
    this.holder = holder;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "carelake-lock-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    heartbeat.scheduleAtFixedRate(this::beat, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lake's lock.
   *
   * @param files the lake's files
   * @param paths the lake
   * @param purpose what the holder is doing, shown to whoever finds the lake locked
   * @param timeout how old a heartbeat may be before the lock counts as abandoned
   * @throws org.carelake.core.CarelakeException when a live holder has it
   */
  public static LakeLock acquire(
      LakeFiles files, LakePaths paths, String purpose, Duration timeout) {
    String path = paths.root() + "/_carelake/lock";
    Instant now = Instant.now();
    Holder me =
        new Holder(host(), ProcessHandle.current().pid(), purpose, now.toString(), now.toString());
    for (int attempt = 0; attempt < 3; attempt++) {
      if (create(files, path, me)) {
        LOG.info("event=lock.acquired purpose={}", purpose);
        return new LakeLock(files, path, me, timeout.dividedBy(4));
      }
      Optional<Holder> current = read(files, path);
      if (current.isEmpty()) {
        continue;
      }
      Holder other = current.get();
      if (!abandoned(other, timeout)) {
        throw Errors.lakeLocked(
            path, other.purpose(), other.host(), other.pid(), other.heartbeatAt(), timeout);
      }
      LOG.warn(
          "event=lock.taken_over previous_host={} previous_pid={} previous_heartbeat={}",
          other.host(),
          other.pid(),
          other.heartbeatAt());
      files.delete(path);
    }
    throw Errors.lakeLocked(path, "(changing hands)", "?", -1, "?", timeout);
  }

  /** Whether a holder is gone: a dead process on this host, or a heartbeat older than timeout. */
  static boolean abandoned(Holder holder, Duration timeout) {
    if (holder.host().equals(host())) {
      boolean alive = ProcessHandle.of(holder.pid()).map(ProcessHandle::isAlive).orElse(false);
      if (!alive) {
        return true;
      }
    }
    Instant heartbeat;
    try {
      heartbeat = Instant.parse(holder.heartbeatAt());
    } catch (RuntimeException e) {
      return true;
    }
    return heartbeat.plus(timeout).isBefore(Instant.now());
  }

  private void beat() {
    try {
      files.writeAtomically(path, JSON.writeValueAsString(holder.beat()));
    } catch (IOException | RuntimeException e) {
      LOG.warn("event=lock.heartbeat_failed error={}", e.toString());
    }
  }

  /** Releases the lock. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    Optional<Holder> current = read(files, path);
    if (current.isPresent()
        && current.get().pid() == holder.pid()
        && current.get().host().equals(holder.host())) {
      files.delete(path);
      LOG.info("event=lock.released");
    }
  }

  private static boolean create(LakeFiles files, String path, Holder holder) {
    try {
      byte[] content = JSON.writeValueAsBytes(holder);
      URI uri = URI.create(path);
      if ("file".equals(uri.getScheme())) {
        Path file = Path.of(uri);
        Files.createDirectories(file.getParent());
        Files.write(file, content, java.nio.file.StandardOpenOption.CREATE_NEW);
        return true;
      }
      if (files.exists(path)) {
        return false;
      }
      try (OutputStream out = files.createNew(path)) {
        out.write(content);
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (UncheckedIOException e) {
      if (files.exists(path)) {
        return false;
      }
      throw e;
    }
  }

  private static Optional<Holder> read(LakeFiles files, String path) {
    try {
      if (!files.exists(path)) {
        return Optional.empty();
      }
      String text = files.read(path);
      return Optional.of(JSON.readValue(text.getBytes(StandardCharsets.UTF_8), Holder.class));
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
