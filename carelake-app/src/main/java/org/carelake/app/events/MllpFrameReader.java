package org.carelake.app.events;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads MLLP frames from a stream: a start block (0x0B), the message, an end block (0x1C) and a
 * carriage return (HL7 v2.5.1 Appendix C, Minimal Lower Layer Protocol release 2).
 *
 * <p>Forgiving as receivers must be: bytes between frames (the CR after an end block, stray line
 * breaks, noise) are skipped; a start block inside a frame abandons the frame begun before it and
 * starts anew; a frame longer than the limit is read to its end and reported as oversized with its
 * first {@code limit} bytes, so the connection stays in step with the sender.
 *
 * <p>State survives a read timeout: {@link #next()} may throw {@link
 * java.net.SocketTimeoutException} and be called again, and carries on with the frame in hand. Not
 * thread-safe; one per connection.
 */
final class MllpFrameReader {
  static final byte START_BLOCK = 0x0B;
  static final byte END_BLOCK = 0x1C;

  /**
   * A frame read.
   *
   * @param content the message's bytes, the first {@code limit} of them when oversized
   * @param size the frame's size, which is larger than the content's when oversized
   */
  record Frame(byte[] content, long size) {
    /** Whether the frame was longer than the limit. */
    boolean oversized() {
      return size > content.length;
    }
  }

  private final InputStream in;
  private final int limit;
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int end;
  private byte[] frame = new byte[8 * 1024];
  private int length;
  private long size;
  private boolean inFrame;
  private long abandoned;
  private long skipped;
  private long lastReadNanos = System.nanoTime();

  MllpFrameReader(InputStream in, int limit) {
    this.in = in;
    this.limit = limit;
  }

  /**
   * The next frame, or empty at the end of the stream (a frame cut by the end is dropped, and
   * counted as abandoned).
   *
   * @throws IOException as the stream throws it, {@link java.net.SocketTimeoutException} included
   */
  Optional<Frame> next() throws IOException {
    while (true) {
      if (position == end) {
        int read = in.read(buffer);
        if (read < 0) {
          if (inFrame) {
            abandoned++;
            inFrame = false;
          }
          return Optional.empty();
        }
        position = 0;
        end = read;
        lastReadNanos = System.nanoTime();
      }
      byte b = buffer[position++];
      if (!inFrame) {
        if (b == START_BLOCK) {
          begin();
        } else if (b != '\r' && b != '\n') {
          skipped++;
        }
      } else if (b == END_BLOCK) {
        inFrame = false;
        return Optional.of(new Frame(Arrays.copyOf(frame, length), size));
      } else if (b == START_BLOCK) {
        abandoned++;
        begin();
      } else {
        append(b);
      }
    }
  }

  /** Whether a frame has begun and not ended. */
  boolean inFrame() {
    return inFrame;
  }

  /** When bytes last arrived, as {@link System#nanoTime()}. */
  long lastReadNanos() {
    return lastReadNanos;
  }

  /** Frames begun and never ended (cut by a new start block or by the end of the stream). */
  long abandoned() {
    return abandoned;
  }

  /** Bytes outside frames that were not carriage returns or line feeds after an end block. */
  long skipped() {
    return skipped;
  }

  private void begin() {
    inFrame = true;
    length = 0;
    size = 0;
    if (frame.length > 64 * 1024) {
      frame = new byte[8 * 1024];
    }
  }

  private void append(byte b) {
    size++;
    if (length == limit) {
      return;
    }
    if (length == frame.length) {
      frame = Arrays.copyOf(frame, (int) Math.min(limit, (long) frame.length * 2));
    }
    frame[length++] = b;
  }
}
