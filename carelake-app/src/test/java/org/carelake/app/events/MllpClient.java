package org.carelake.app.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A sender as an interface engine is one: a frame out, then wait for the ACK frame. */
final class MllpClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  MllpClient(int port) {
    try {
      socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(60_000);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a message in one frame and returns the ACK's text. */
  String send(String message) {
    return send(message.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends bytes in one frame and returns the ACK's text. */
  String send(byte[] message) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(message.length + 3);
    frame.write(0x0B);
    frame.writeBytes(message);
    frame.write(0x1C);
    frame.write(0x0D);
    return sendRaw(frame.toByteArray());
  }

  /** Writes bytes as they are and returns the next ACK's text. */
  String sendRaw(byte[] bytes) {
    write(bytes);
    return readAck();
  }

  void write(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

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
      throw new UncheckedIOException(e);
    }
  }

  /** MSA-1 of an ACK. */
  static String code(String ack) {
    return field(ack, "MSA", 1);
  }

  /** Field {@code number} of the first segment named {@code segment} of an ACK. */
  static String field(String ack, String segment, int number) {
    for (String line : ack.split("\r")) {
      if (line.startsWith(segment + "|")) {
        String[] fields = line.split("\\|", -1);
        return number < fields.length ? fields[number] : "";
      }
    }
    return "";
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
