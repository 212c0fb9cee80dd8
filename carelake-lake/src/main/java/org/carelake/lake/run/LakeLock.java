package org.carelake.lake.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
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
 * (a holder on another host, or a hung one). A lock file that is empty or holds no readable holder
 * counts as abandoned once it was last written longer ago than the timeout.
 *
 * <p>Every change of the lock file after its creation (a takeover, a heartbeat, the release) is a
 * compare-and-swap on the state it replaces. Each state has a key (the holder's random owner id and
 * a generation that grows with every write); whoever changes the state first creates the claim file
 * {@code _carelake/lock-claims/<key>.0} with create-if-absent, then checks the lock still holds
 * that key, then writes. Exactly one contender creates a claim, so of many runners that find the
 * same stale lock exactly one takes it over, and a holder whose lock was taken over finds its next
 * heartbeat's claim taken and knows it lost the lock ({@link #ensureHeld}). A claim whose maker
 * died before writing is itself superseded once older than the timeout ({@code <key>.1}, ...).
 *
 * <p>The file is created exclusively: with {@code O_EXCL} on a local disk, with Hadoop's
 * non-overwriting create elsewhere (atomic on HDFS and ADLS Gen2; on S3 only with conditional
 * writes, without which two runners racing on an S3 lake in the same instant are not excluded). One
 * window stays, as with any lease without fencing: a process that checked the lock and then pauses
 * for longer than the timeout before writing can still write once after it lost the lock.
 */
public final class LakeLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LakeLock.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final int ATTEMPTS = 20;
  private static final int CLAIM_SUCCESSORS = 100;

  private final LockStore store;
  private final String path;
  private final String claims;
  private final Duration timeout;
  private final ScheduledExecutorService heartbeat;

  // Guarded by this: the state this process last wrote, and whether it lost or released it.
  private Holder holder;
  private boolean lost;
  private boolean closed;

  /**
   * Who holds a lock.
   *
   * @param host the host name
   * @param pid the process id
   * @param purpose what the holder is doing
   * @param acquiredAt when it took the lock
   * @param heartbeatAt its last heartbeat
   * @param owner a random id of this hold of the lock; null in lock files of older carelake
   * @param generation grows with every write of the lock file
   */
  record Holder(
      String host,
      long pid,
      String purpose,
      @JsonProperty("acquired_at") String acquiredAt,
      @JsonProperty("heartbeat_at") String heartbeatAt,
      String owner,
      long generation) {

    /** A holder as older carelake wrote it, with no owner id. */
    Holder(String host, long pid, String purpose, String acquiredAt, String heartbeatAt) {
      this(host, pid, purpose, acquiredAt, heartbeatAt, null, 0);
    }

    Holder next() {
      return new Holder(
          host, pid, purpose, acquiredAt, Instant.now().toString(), owner, generation + 1);
    }
  }

  /** The lock file as read: its holder when it holds a readable one, and when it was written. */
  private record State(Optional<Holder> holder, long modifiedMillis) {
    /** The key a change of this state claims. */
    String key() {
      if (holder.isPresent() && holder.get().owner() != null) {
        return holder.get().owner() + "-" + holder.get().generation();
      }
      return "written-" + modifiedMillis;
    }

    boolean abandoned(Duration timeout) {
      if (holder.isPresent()) {
        return LakeLock.abandoned(holder.get(), timeout);
      }
      return modifiedMillis + timeout.toMillis() < System.currentTimeMillis();
    }

    boolean heldBy(Holder holder) {
      return this.holder.isPresent()
          && holder.owner().equals(this.holder.get().owner())
          && holder.generation() == this.holder.get().generation();
    }
  }

  private LakeLock(LockStore store, String path, Holder holder, Duration timeout) {
    this.store = store;
    this.path = path;
    this.claims = claimsFolder(path);
    this.holder = holder;
    this.timeout = timeout;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "carelake-lock-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
    long millis = Math.max(1, timeout.dividedBy(4).toMillis());
    heartbeat.scheduleAtFixedRate(this::beat, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lake's lock.
   *
   * @param files the lake's files
   * @param paths the lake
   * @param purpose what the holder is doing, shown to whoever finds the lake locked
   * @param timeout how old a heartbeat may be before the lock counts as abandoned
   * @throws org.carelake.core.CarelakeException when a live holder has it, when it is changing
   *     hands, or when the lock file cannot be read
   */
  public static LakeLock acquire(
      LakeFiles files, LakePaths paths, String purpose, Duration timeout) {
    LockStore store = new LockStore(files);
    String path = paths.root() + "/_carelake/lock";
    String claims = claimsFolder(path);
    String now = Instant.now().toString();
    Holder me =
        new Holder(
            host(),
            ProcessHandle.current().pid(),
            purpose,
            now,
            now,
            UUID.randomUUID().toString(),
            0);
    try {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        if (store.createExclusively(path, JSON.writeValueAsBytes(me))) {
          LOG.info("event=lock.acquired purpose={}", purpose);
          return new LakeLock(store, path, me, timeout);
        }
        Optional<State> current = read(store, path);
        if (current.isEmpty()) {
          continue;
        }
        State stale = current.get();
        if (!stale.abandoned(timeout)) {
          if (stale.holder().isEmpty()) {
            throw Errors.lakeLockChangingHands(path, timeout);
          }
          Holder other = stale.holder().get();
          throw Errors.lakeLocked(
              path, other.purpose(), other.host(), other.pid(), other.heartbeatAt(), timeout);
        }
        Optional<String> claim = claim(store, claims, stale.key(), timeout);
        if (claim.isPresent()) {
          Optional<State> again = read(store, path);
          if (again.isPresent() && again.get().key().equals(stale.key())) {
            Holder taking =
                new Holder(
                    me.host(),
                    me.pid(),
                    me.purpose(),
                    me.acquiredAt(),
                    me.heartbeatAt(),
                    me.owner(),
                    stale.holder().map(Holder::generation).orElse(0L) + 1);
            store.replace(path, JSON.writeValueAsBytes(taking));
            forget(store, claims, stale.key());
            LOG.warn(
                "event=lock.taken_over purpose={} previous_host={} previous_pid={}"
                    + " previous_heartbeat={}",
                purpose,
                stale.holder().map(Holder::host).orElse("unreadable"),
                stale.holder().map(Holder::pid).orElse(-1L),
                stale.holder().map(Holder::heartbeatAt).orElse("unreadable"));
            return new LakeLock(store, path, taking, timeout);
          }
          // The state moved on after this claim was made: the claim guards nothing any more.
          forget(store, claims, stale.key());
        }
        pause(attempt);
      }
    } catch (IOException e) {
      throw Errors.lakeLockUnreadable(path, e);
    }
    throw Errors.lakeLockChangingHands(path, timeout);
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

  /**
   * Checks that this process still holds the lock; the runner calls it before each step and each
   * commit, so that a run whose lock was taken over stops before it writes again.
   *
   * <p>Cost: one read of the small lock file.
   *
   * @throws org.carelake.core.CarelakeException when another process took the lock over, or the
   *     lock file cannot be read
   */
  public synchronized void ensureHeld() {
    Optional<State> current;
    try {
      current = read(store, path);
    } catch (IOException e) {
      throw Errors.lakeLockUnreadable(path, e);
    }
    if (lost || current.isEmpty() || !current.get().heldBy(holder)) {
      lost = true;
      throw lostTo(current);
    }
  }

  /** The state this process last wrote. */
  synchronized Holder holder() {
    return holder;
  }

  /** Renews the heartbeat, if this process still holds the lock; runs on the heartbeat thread. */
  synchronized void beat() {
    if (lost || closed) {
      return;
    }
    try {
      if (!renew()) {
        lost = true;
        LOG.error("event=lock.lost purpose={}", holder.purpose());
      }
    } catch (IOException | RuntimeException e) {
      // A transient storage failure: the next beat tries again. Should the storage stay away
      // longer than the timeout, another runner may take the lock over, which the next beat or
      // ensureHeld() finds.
      LOG.warn("event=lock.heartbeat_failed error={}", e.toString());
    }
  }

  /** Writes the next generation of this holder's state, as a compare-and-swap; false if lost. */
  private boolean renew() throws IOException {
    Optional<State> current = read(store, path);
    if (current.isEmpty() || !current.get().heldBy(holder)) {
      return false;
    }
    String key = current.get().key();
    if (claim(store, claims, key, timeout).isEmpty()) {
      return false;
    }
    Optional<State> again = read(store, path);
    if (again.isEmpty() || !again.get().heldBy(holder)) {
      return false;
    }
    Holder next = holder.next();
    store.replace(path, JSON.writeValueAsBytes(next));
    holder = next;
    forget(store, claims, key);
    return true;
  }

  /** Releases the lock, if this process still holds it. */
  @Override
  public void close() {
    heartbeat.shutdown();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (lost) {
        return;
      }
      try {
        Optional<State> current = read(store, path);
        if (current.isEmpty() || !current.get().heldBy(holder)) {
          LOG.warn("event=lock.lost_before_release purpose={}", holder.purpose());
          return;
        }
        String key = current.get().key();
        if (claim(store, claims, key, timeout).isEmpty()) {
          LOG.warn("event=lock.lost_before_release purpose={}", holder.purpose());
          return;
        }
        Optional<State> again = read(store, path);
        if (again.isPresent() && again.get().heldBy(holder)) {
          store.delete(path);
          LOG.info("event=lock.released");
        }
        forget(store, claims, key);
      } catch (IOException | RuntimeException e) {
        LOG.warn(
            "event=lock.release_failed error={} frees_after_seconds={}",
            e.toString(),
            timeout.toSeconds());
      }
    }
  }

  /** Who holds the lock now, as it is told to this process, which lost it. */
  private RuntimeException lostTo(Optional<State> current) {
    Optional<Holder> other = current.flatMap(State::holder);
    return Errors.lakeLockLost(
        path,
        other.map(Holder::purpose).orElse("unknown"),
        other.map(Holder::host).orElse("unknown"),
        other.map(Holder::pid).orElse(-1L),
        timeout);
  }

  /**
   * Makes the claim on a state's key: the first claim file, or a successor of claims whose makers
   * died (older than the timeout). Empty when another process holds the claim.
   */
  private static Optional<String> claim(
      LockStore store, String claims, String key, Duration timeout) throws IOException {
    for (int successor = 0; successor < CLAIM_SUCCESSORS; successor++) {
      String claim = claims + "/" + key + "." + successor;
      if (store.createExclusively(claim, new byte[0])) {
        return Optional.of(claim);
      }
      Optional<Long> made = store.modifiedMillis(claim);
      // A claim that vanished was forgotten by its maker once the lock moved past this key.
      if (made.isEmpty() || made.get() + timeout.toMillis() >= System.currentTimeMillis()) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * Removes the claim files of a key once the lock holds another state: a late contender that then
   * claims the key again finds the lock moved on, and keys never come back.
   */
  private static void forget(LockStore store, String claims, String key) {
    for (int successor = 0; successor < CLAIM_SUCCESSORS; successor++) {
      String claim = claims + "/" + key + "." + successor;
      try {
        if (store.modifiedMillis(claim).isEmpty()) {
          return;
        }
        store.delete(claim);
      } catch (IOException e) {
        LOG.warn("event=lock.claim_cleanup_failed error={}", e.toString());
        return;
      }
    }
  }

  private static Optional<State> read(LockStore store, String path) throws IOException {
    Optional<LockStore.Snapshot> snapshot = store.read(path);
    if (snapshot.isEmpty()) {
      return Optional.empty();
    }
    Optional<Holder> holder;
    try {
      Holder parsed = JSON.readValue(snapshot.get().content(), Holder.class);
      holder = parsed == null || parsed.host() == null ? Optional.empty() : Optional.of(parsed);
    } catch (IOException e) {
      // Empty or torn content: abandoned only once the file is older than the timeout.
      holder = Optional.empty();
    }
    return Optional.of(new State(holder, snapshot.get().modifiedMillis()));
  }

  private static String claimsFolder(String path) {
    return path.substring(0, path.lastIndexOf('/')) + "/lock-claims";
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(5L * (attempt + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the lake's lock", e);
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
