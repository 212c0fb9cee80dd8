package org.carelake.app.events;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.carelake.config.ListenSettings;
import org.carelake.core.CarelakeException;
import org.carelake.core.Errors;
import org.carelake.core.ValueFreeMessages;
import org.carelake.hl7.Hl7Acknowledgement;
import org.carelake.hl7.Hl7Acknowledgement.Code;
import org.carelake.hl7.Hl7Acknowledgement.Condition;
import org.carelake.hl7.Hl7Acknowledgement.Location;
import org.carelake.hl7.Hl7Acknowledgement.Refusal;
import org.carelake.hl7.Hl7Charsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MLLP server (HL7 v2.5.1 Appendix C) that stores each message it accepts before it acknowledges
 * it.
 *
 * <p>Per message: {@link MessageAdmission} decides; an accepted message is stored through the
 * {@link EventSink} and answered {@code AA} only once the sink returned; a refused one is answered
 * with the admission's {@code AR} or {@code AE} and its located ERR segment; a message the sink
 * could not store (Kafka down, timeout, refused record) is answered {@code AE} with condition 207
 * and "not stored, resend". A frame larger than {@link #MAX_FRAME_BYTES} is read to its end and
 * answered {@code AR}. Nothing a sender does ends the listener: a connection closed mid-frame, a
 * frame that stalls for {@link #FRAME_STALL}, garbage between frames each cost at most that
 * connection.
 *
 * <p>Connections: up to {@code listen.max-connections} are served at once, each on its own thread
 * and in order (a sender that waits for each ACK, as MLLP senders do, keeps its messages in order);
 * a further one waits in the server socket's backlog until a slot frees. An idle connection stays
 * open as long as the sender keeps it.
 *
 * <p>Closing stops accepting, lets each connection finish the message in hand (its store and ACK),
 * then closes the connections; a connection still busy after the drain time is cut, and its sender
 * resends the message it did not get an ACK for.
 *
 * <p>Logs are {@code event=mllp.*} lines with control ids, types, sizes and reasons, never a
 * message's content.
 */
public final class MllpListener implements AutoCloseable {
  /** The largest message accepted: 4 MiB. */
  public static final int MAX_FRAME_BYTES = 4 * 1024 * 1024;

  /** How long a begun frame may wait for its next bytes before the connection is closed. */
  static final Duration FRAME_STALL = Duration.ofSeconds(60);

  /** How long closing waits for connections to finish the message in hand. */
  static final Duration DRAIN = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(MllpListener.class);
  private static final int POLL_MILLIS = 250;
  private static final Pattern LOGGABLE_ID = Pattern.compile("[A-Za-z0-9._\\-]{1,64}");

  /**
   * What the listener did since it started.
   *
   * @param connections connections accepted
   * @param received messages received (oversized frames included)
   * @param acknowledged messages stored and answered AA
   * @param rejected messages refused by admission (AR or AE), oversized ones included
   * @param failed accepted messages the sink did not store (answered AE)
   */
  public record Tally(
      long connections, long received, long acknowledged, long rejected, long failed) {}

  private final ServerSocket server;
  private final MessageAdmission admission;
  private final EventSink sink;
  private final Clock clock;
  private final Hl7Acknowledgement acknowledgement;
  private final Semaphore slots;
  private final ExecutorService connections;
  private final Thread acceptor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong connectionCount = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean stopping;

  private MllpListener(
      ServerSocket server,
      int maxConnections,
      MessageAdmission admission,
      EventSink sink,
      Clock clock) {
    this.server = server;
    this.admission = admission;
    this.sink = sink;
    this.clock = clock;
    this.acknowledgement = new Hl7Acknowledgement(clock);
    this.slots = new Semaphore(maxConnections);
    this.connections = Executors.newCachedThreadPool(threads("carelake-mllp-connection-"));
    this.acceptor = threads("carelake-mllp-accept-").newThread(this::accept);
  }

  /**
   * Binds the configured address and port and starts serving.
   *
   * @param settings the address, port (0 picks a free one) and connection limit
   * @param admission decides on each message
   * @param sink stores accepted messages
   * @param clock stamps receipts and acknowledgements
   * @throws CarelakeException when the port cannot be bound
   */
  public static MllpListener start(
      ListenSettings settings, MessageAdmission admission, EventSink sink, Clock clock) {
    ServerSocket server;
    try {
      server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(
          new InetSocketAddress(InetAddress.getByName(settings.address()), settings.port()),
          Math.max(50, settings.maxConnections()));
    } catch (IOException e) {
      throw Errors.listenerCannotBind(settings.address(), settings.port(), e);
    }
    MllpListener listener =
        new MllpListener(server, settings.maxConnections(), admission, sink, clock);
    listener.acceptor.start();
    LOG.info(
        "event=mllp.listening address={} port={} max-connections={}",
        settings.address(),
        listener.port(),
        settings.maxConnections());
    return listener;
  }

  /** The port the listener accepts connections on. */
  public int port() {
    return server.getLocalPort();
  }

  /** The counts so far. */
  public Tally tally() {
    return new Tally(
        connectionCount.get(), received.get(), acknowledged.get(), rejected.get(), failed.get());
  }

  /** Stops the listener, waiting up to {@link #DRAIN} for the messages in hand. */
  @Override
  public void close() {
    stop(DRAIN);
  }

  /**
   * Stops accepting, waits up to {@code drain} for the connections to finish the message in hand
   * (its store and its ACK), then closes them. Stopping again does nothing.
   *
   * @param drain how long to wait; at least the sink's timeout, so that no store in progress is cut
   *     from its ACK
   */
  public void stop(Duration drain) {
    if (stopping) {
      return;
    }
    stopping = true;
    closeQuietly(server);
    acceptor.interrupt();
    connections.shutdown();
    try {
      acceptor.join(drain.toMillis());
      if (!connections.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("event=mllp.drain-timeout open-connections={}", open.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    open.forEach(MllpListener::closeQuietly);
    connections.shutdownNow();
    Tally tally = tally();
    LOG.info(
        "event=mllp.stopped connections={} received={} acknowledged={} rejected={} failed={}",
        tally.connections(),
        tally.received(),
        tally.acknowledged(),
        tally.rejected(),
        tally.failed());
  }

  private void accept() {
    while (!stopping) {
      try {
        slots.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        slots.release();
        if (!stopping) {
          LOG.warn("event=mllp.accept-failed reason={}", ValueFreeMessages.of(e));
          pause();
        }
        continue;
      }
      connectionCount.incrementAndGet();
      open.add(socket);
      try {
        connections.execute(
            () -> {
              try {
                serve(socket);
              } finally {
                open.remove(socket);
                closeQuietly(socket);
                slots.release();
              }
            });
      } catch (RuntimeException e) {
        // The pool is shut down: the listener is stopping.
        open.remove(socket);
        closeQuietly(socket);
        slots.release();
      }
    }
  }

  private void serve(Socket socket) {
    String remote = String.valueOf(socket.getRemoteSocketAddress());
    LOG.debug("event=mllp.connection-opened remote={}", remote);
    long messages = 0;
    MllpFrameReader reader = null;
    try {
      socket.setSoTimeout(POLL_MILLIS);
      socket.setTcpNoDelay(true);
      InputStream in = socket.getInputStream();
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
      reader = new MllpFrameReader(in, MAX_FRAME_BYTES);
      while (true) {
        Optional<MllpFrameReader.Frame> frame;
        try {
          frame = reader.next();
        } catch (SocketTimeoutException e) {
          if (stopping && !reader.inFrame()) {
            return;
          }
          if (reader.inFrame()
              && System.nanoTime() - reader.lastReadNanos() > FRAME_STALL.toNanos()) {
            LOG.warn(
                "event=mllp.frame-stalled remote={} seconds={}", remote, FRAME_STALL.toSeconds());
            return;
          }
          continue;
        }
        if (frame.isEmpty()) {
          return;
        }
        messages++;
        byte[] answer = respond(frame.get(), remote);
        out.write(MllpFrameReader.START_BLOCK);
        out.write(answer);
        out.write(MllpFrameReader.END_BLOCK);
        out.write('\r');
        out.flush();
        if (stopping) {
          return;
        }
      }
    } catch (SocketException e) {
      LOG.debug("event=mllp.connection-reset remote={}", remote);
    } catch (IOException | RuntimeException e) {
      LOG.warn("event=mllp.connection-failed remote={} reason={}", remote, ValueFreeMessages.of(e));
    } finally {
      LOG.debug(
          "event=mllp.connection-closed remote={} messages={} abandoned-frames={} skipped-bytes={}",
          remote,
          messages,
          reader == null ? 0 : reader.abandoned(),
          reader == null ? 0 : reader.skipped());
    }
  }

  /** The ACK of one frame, after storing what is accepted. Never throws. */
  byte[] respond(MllpFrameReader.Frame frame, String remote) {
    received.incrementAndGet();
    if (frame.oversized()) {
      rejected.incrementAndGet();
      Charset charset = Hl7Charsets.charset(frame.content());
      String text = new String(frame.content(), charset);
      Refusal refusal =
          new Refusal(
              Code.AR,
              Condition.APPLICATION_INTERNAL_ERROR,
              Location.MESSAGE,
              "the message is "
                  + frame.size()
                  + " bytes, more than the "
                  + MAX_FRAME_BYTES
                  + " bytes carelake accepts; it was not stored. Split it, or send large"
                  + " documents by reference");
      LOG.warn("event=mllp.rejected remote={} bytes={} reason=oversized", remote, frame.size());
      return acknowledgement.refuse(text, refusal).getBytes(charset);
    }
    Admission admission = this.admission.admit(frame.content());
    String controlId = loggable(admission.envelope().controlId());
    String type = admission.envelope().typeAndTrigger();
    if (admission.refusal().isPresent()) {
      rejected.incrementAndGet();
      Refusal refusal = admission.refusal().get();
      LOG.warn(
          "event=mllp.rejected remote={} control-id={} type={} bytes={} code={} condition={}"
              + " location={} reason=\"{}\"",
          remote,
          controlId,
          type,
          frame.size(),
          refusal.code(),
          refusal.condition().number(),
          refusal.location(),
          refusal.reason());
      return acknowledgement.refuse(admission.text(), refusal).getBytes(admission.charset());
    }
    Admission.Route route = admission.route().orElseThrow();
    try {
      sink.store(
          new ReceivedMessage(
              route.topic(),
              route.key(),
              frame.content(),
              admission.charset(),
              clock.instant(),
              admission.envelope().controlId(),
              type));
    } catch (RuntimeException e) {
      failed.incrementAndGet();
      String reason =
          e instanceof CarelakeException
              ? e.getMessage()
              : "carelake failed while storing the message ("
                  + ValueFreeMessages.of(e)
                  + "); it was not stored. Resend it";
      LOG.warn(
          "event=mllp.not-stored remote={} control-id={} type={} topic={} bytes={} reason=\"{}\"",
          remote,
          controlId,
          type,
          route.topic(),
          frame.size(),
          reason);
      Refusal refusal =
          new Refusal(
              Code.AE,
              Condition.APPLICATION_INTERNAL_ERROR,
              Location.MESSAGE,
              "not stored, resend: " + reason);
      return acknowledgement.refuse(admission.text(), refusal).getBytes(admission.charset());
    }
    acknowledged.incrementAndGet();
    LOG.debug(
        "event=mllp.stored remote={} control-id={} type={} topic={} bytes={}",
        remote,
        controlId,
        type,
        route.topic(),
        frame.size());
    return acknowledgement.accept(admission.text()).getBytes(admission.charset());
  }

  /** A control id as logged: itself when it looks like one, else its length only. */
  private static String loggable(String controlId) {
    if (controlId.isEmpty()) {
      return "-";
    }
    return LOGGABLE_ID.matcher(controlId).matches()
        ? controlId
        : "(" + controlId.length() + " characters)";
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger number = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // Closing a socket the listener is done with: nothing depends on it succeeding.
      LOG.debug("event=mllp.close-failed reason={}", e.getClass().getSimpleName());
    }
  }
}
