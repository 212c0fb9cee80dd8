package org.carelake.lake.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.carelake.core.CarelakeException;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;

/**
 * A contender for a lake's lock in its own JVM, driven by {@link LakeLockAcrossProcessesTest} as a
 * second {@code carelake run} process would be.
 *
 * <p>Arguments: the lake's URI and the lock timeout in milliseconds. It reads one command a line
 * from standard input and answers each with one line on standard output that starts with {@link
 * #REPLY}; anything else there (a logger's output) is not part of the conversation.
 *
 * <ul>
 *   <li>{@code acquire <epoch-millis>}: waits until that instant, so that all contenders start
 *       together, then takes the lock; answers {@code won <owner> <generation>}, or {@code refused
 *       <message>} when {@link LakeLock#acquire} refused.
 *   <li>{@code check}: {@link LakeLock#ensureHeld} on the lock this process holds; answers {@code
 *       held <generation>} or {@code lost <message>}.
 *   <li>{@code release}: closes the lock this process holds; answers {@code released}.
 * </ul>
 *
 * <p>Before it answers {@code ready} it takes and releases a lock in a folder of its own, so that
 * class loading does not make the first round's race lopsided.
 */
final class LockContender {
  /** The prefix of every line of the conversation. */
  static final String REPLY = "contender: ";

  private LockContender() {}

  public static void main(String[] args) throws Exception {
    LakePaths paths = LakePaths.of(URI.create(args[0]));
    Duration timeout = Duration.ofMillis(Long.parseLong(args[1]));
    LakeFiles files = LakeFiles.withDefaults();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    warmUp(files, timeout);
    out.println(REPLY + "ready " + ProcessHandle.current().pid());

    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    LakeLock held = null;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] command = line.split(" ");
      switch (command[0]) {
        case "acquire" -> {
          waitUntil(Long.parseLong(command[1]));
          try {
            held =
                LakeLock.acquire(
                    files, paths, "contender " + ProcessHandle.current().pid(), timeout);
            out.println(REPLY + "won " + held.holder().owner() + " " + held.holder().generation());
          } catch (CarelakeException e) {
            out.println(REPLY + "refused " + oneLine(e));
          }
        }
        case "check" -> {
          try {
            held.ensureHeld();
            out.println(REPLY + "held " + held.holder().generation());
          } catch (CarelakeException e) {
            out.println(REPLY + "lost " + oneLine(e));
          }
        }
        case "release" -> {
          held.close();
          held = null;
          out.println(REPLY + "released");
        }
        default -> out.println(REPLY + "unknown " + line);
      }
    }
  }

  private static void warmUp(LakeFiles files, Duration timeout) throws IOException {
    Path folder = Files.createTempDirectory("carelake-contender-");
    try (LakeLock lock =
        LakeLock.acquire(files, LakePaths.of(folder.toUri()), "warm-up", timeout)) {
      lock.ensureHeld();
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /**
   * Parks until a wall-clock instant, then spins for its last millisecond: the contenders of a
   * round leave this within a fraction of a millisecond of each other.
   */
  private static void waitUntil(long epochMillis) {
    long left = epochMillis - System.currentTimeMillis();
    if (left > 2) {
      LockSupport.parkNanos(Duration.ofMillis(left - 1).toNanos());
    }
    while (System.currentTimeMillis() < epochMillis) {
      Thread.onSpinWait();
    }
  }

  private static String oneLine(Exception e) {
    return String.valueOf(e.getMessage()).replace('\n', ' ');
  }
}
