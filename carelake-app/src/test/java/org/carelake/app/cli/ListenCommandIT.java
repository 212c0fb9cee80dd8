package org.carelake.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carelake.app.CarelakeCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carelake listen} as an operator runs it: embedded Kafka, a message acknowledged, SIGTERM,
 * a summary and exit code 0.
 */
class ListenCommandIT {
  private static final Pattern LISTENING =
      Pattern.compile("Listening for MLLP on 127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path folder;

  @Test
  void listensAcknowledgesAStoredMessageAndOnSigtermPrintsItsSummaryAndExitsZero()
      throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
    try {
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(
              () ->
                  CarelakeCli.execute(
                      "listen",
                      "--progress-every",
                      "0",
                      "--set",
                      "data-dir=" + folder,
                      "--set",
                      "embedded.kafka-port=0",
                      "--set",
                      "listen.port=0",
                      "--set",
                      "events.partitions=1"));
      Matcher listening = LISTENING.matcher("");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  exit.isDone() || listening.reset(output.toString(StandardCharsets.UTF_8)).find());
      assertThat(exit).isNotDone();
      int port = Integer.parseInt(listening.group(1));

      String ack =
          send(
              port,
              "MSH|^~\\&|ENGINE|RIVERVIEW|CARELAKE|LAKE|20240512093000||ADT^A08^ADT_A01|CMD-1|P|2.7\r"
                  + "EVN|A08|20240512093000\rPID|1||RV-6001^^^RIVERVIEW^MR||Quill^Ione\r");
      assertThat(ack).contains("\rMSA|AA|CMD-1\r");

      StopSignals.raise("TERM");

      assertThat(exit.get()).isZero();
      assertThat(output.toString(StandardCharsets.UTF_8))
          .contains("listen summary")
          .contains("received:      1")
          .contains("acknowledged:  1 (AA, stored)")
          .contains("failed:        0");
    } finally {
      System.setOut(original);
    }
  }

  private static String send(int port, String message) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(0x0B);
      out.write(message.getBytes(StandardCharsets.UTF_8));
      out.write(new byte[] {0x1C, 0x0D});
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream ack = new ByteArrayOutputStream();
      for (int b = in.read(); b != 0x1C && b >= 0; b = in.read()) {
        ack.write(b);
      }
      return ack.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
