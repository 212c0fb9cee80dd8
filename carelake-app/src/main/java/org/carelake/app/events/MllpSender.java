package org.carelake.app.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.carelake.core.Errors;

/**
 * Sends HL7 v2 messages over MLLP as an interface engine does: one frame out ({@code 0x0B}, the
 * message, {@code 0x1C 0x0D}; HL7 v2.5.1 Appendix C), then wait for the acknowledgement's frame.
 *
 * <p>Input: messages as text or bytes; output: the acknowledgement's text (read as ISO-8859-1,
 * which reads any byte); side effects: one TCP connection, held until {@link #close()}. Not
 * thread-safe: one sender per connection, one message in flight.
 */
public final class MllpSender implements AutoCloseable {
  private final String host;
  private final int port;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private MllpSender(String host, int port, Socket socket) throws IOException {
    this.host = host;
    this.port = port;
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /**
   * Connects to a listener.
   *
   * @param host the listener's address
   * @param port its port
   * @param timeout how long connecting, and then waiting for each acknowledgement, may take
   * @throws org.carelake.core.CarelakeException when no listener accepts the connection in time
   */
  public static MllpSender connect(String host, int port, Duration timeout) {
    Socket socket = new Socket();
    try {
      int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
      socket.connect(new InetSocketAddress(host, port), millis);
      socket.setSoTimeout(millis);
      return new MllpSender(host, port, socket);
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw Errors.mllpSendFailed(host, port, e);
    }
  }

  /** Sends a message, encoded as UTF-8, in one frame and returns the acknowledgement's text. */
  public String send(String message) {
    return send(message.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends bytes in one frame and returns the acknowledgement's text.
   *
   * @throws org.carelake.core.CarelakeException when the connection fails or no acknowledgement
   *     comes within the timeout; the connection is then of no further use
   */
  public String send(byte[] message) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(message.length + 3);
    frame.write(0x0B);
    frame.writeBytes(message);
    frame.write(0x1C);
    frame.write(0x0D);
    return sendRaw(frame.toByteArray());
  }

  /** Writes bytes as they are, framing included, and returns the next acknowledgement's text. */
  String sendRaw(byte[] bytes) {
    write(bytes);
    return readAck();
  }

  /** Writes bytes as they are, without waiting for an answer. */
  void write(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw Errors.mllpSendFailed(host, port, e);
    }
  }

  /** Reads the next acknowledgement's frame and returns its text. */
  String readAck() {
    try {
      ByteArrayOutputStream ack = new ByteArrayOutputStream();
      int b = in.read();
      while (b != 0x0B) {
        if (b < 0) {
          throw new IOException("the listener closed the connection before an ACK");
        }
        b = in.read();
      }
      for (b = in.read(); b != 0x1C; b = in.read()) {
        if (b < 0) {
          throw new IOException("the listener closed the connection inside an ACK");
        }
        ack.write(b);
      }
      if (in.read() != 0x0D) {
        throw new IOException("the ACK's end block is not followed by a carriage return");
      }
      return ack.toString(StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw Errors.mllpSendFailed(host, port, e);
    }
  }

  /** MSA-1 of an acknowledgement: {@code AA}, {@code AE} or {@code AR}; empty when missing. */
  public static String code(String ack) {
    return field(ack, "MSA", 1);
  }

  /**
   * Field {@code number} of the first segment named {@code segment} of an acknowledgement; empty
   * when missing.
   */
  public static String field(String ack, String segment, int number) {
    for (String line : ack.split("\r")) {
      if (line.startsWith(segment + "|")) {
        String[] fields = line.split("\\|", -1);
        return number < fields.length ? fields[number] : "";
      }
    }
    return "";
  }

  /** Closes the connection. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw Errors.mllpSendFailed(host, port, e);
    }
  }
}
