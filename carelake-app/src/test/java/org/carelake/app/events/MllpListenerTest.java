package org.carelake.app.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.carelake.config.ListenSettings;
import org.carelake.core.CarelakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The listener's protocol, over real sockets, with a sink in memory. */
class MllpListenerTest {
  private final List<ReceivedMessage> stored = new CopyOnWriteArrayList<>();
  private final AtomicBoolean storeFails = new AtomicBoolean();
  private final EventSink sink =
      message -> {
        if (storeFails.get()) {
          throw new CarelakeException(
              "The message was not stored in Kafka topic " + message.topic());
        }
        stored.add(message);
      };
  private final MllpListener listener =
      MllpListener.start(
          new ListenSettings("127.0.0.1", 0, 4),
          new MessageAdmission(MessageAdmissionTest.EVENTS),
          sink,
          Clock.systemUTC());

  @AfterEach
  void stop() {
    listener.close();
  }

  @Test
  void anAcceptedMessageIsStoredThenAcknowledged() {
    try (MllpSender client =
        MllpSender.connect("127.0.0.1", listener.port(), Duration.ofSeconds(60))) {
      String ack = client.send(TestMessages.adt("2.5.1", "ADT-1", "RV-3001"));

      assertThat(MllpSender.code(ack)).isEqualTo("AA");
      assertThat(MllpSender.field(ack, "MSA", 2)).isEqualTo("ADT-1");
    }
    assertThat(stored)
        .singleElement()
        .satisfies(
            message -> {
              assertThat(message.topic()).isEqualTo("hl7-adt");
              assertThat(message.key()).isEqualTo("RV-3001");
              assertThat(message.controlId()).isEqualTo("ADT-1");
              assertThat(message.messageType()).isEqualTo("ADT^A01");
              assertThat(new String(message.bytes(), StandardCharsets.UTF_8))
                  .isEqualTo(TestMessages.adt("2.5.1", "ADT-1", "RV-3001"));
            });
  }

  @Test
  void aMessageTheSinkCannotStoreIsAnsweredWithAnErrorNeverAnAcceptance() {
    storeFails.set(true);
    try (MllpSender client =
        MllpSender.connect("127.0.0.1", listener.port(), Duration.ofSeconds(60))) {
      String ack = client.send(TestMessages.oru("2.8", "ORU-1", "RV-3002"));

      assertThat(MllpSender.code(ack)).isEqualTo("AE");
      assertThat(MllpSender.field(ack, "ERR", 3))
          .isEqualTo("207^Application internal error^HL70357");
      assertThat(MllpSender.field(ack, "ERR", 8)).startsWith("not stored, resend: ");
    }
    assertThat(stored).isEmpty();
    assertThat(listener.tally().failed()).isEqualTo(1);
    assertThat(listener.tally().acknowledged()).isZero();
  }

  @Test
  void aBadMessageIsRejectedAndTheConnectionServesTheNextOne() {
    try (MllpSender client =
        MllpSender.connect("127.0.0.1", listener.port(), Duration.ofSeconds(60))) {
      String rejected =
          client.send(TestMessages.adt("2.3", "ADT-2", "RV-3003").replace("|2.3", "|2.9"));
      String accepted = client.send(TestMessages.adt("2.3", "ADT-3", "RV-3003"));

      assertThat(MllpSender.code(rejected)).isEqualTo("AR");
      assertThat(MllpSender.field(rejected, "MSH", 11)).isEqualTo("2.5.1");
      assertThat(MllpSender.field(rejected, "ERR", 2)).isEqualTo("MSH^1^12");
      assertThat(MllpSender.field(rejected, "ERR", 3))
          .isEqualTo("203^Unsupported version id^HL70357");
      assertThat(MllpSender.code(accepted)).isEqualTo("AA");
    }
    assertThat(listener.tally()).isEqualTo(new MllpListener.Tally(1, 2, 1, 1, 0));
  }

  @Test
  void anOversizedFrameIsRejectedAndTheConnectionStaysInStep() {
    String huge =
        TestMessages.oru("2.5.1", "ORU-2", "RV-3004")
            .replace("||97|", "||" + "8".repeat(MllpListener.MAX_FRAME_BYTES) + "|");
    try (MllpSender client =
        MllpSender.connect("127.0.0.1", listener.port(), Duration.ofSeconds(60))) {
      String rejected = client.send(huge);
      String accepted = client.send(TestMessages.oru("2.5.1", "ORU-3", "RV-3004"));

      assertThat(MllpSender.code(rejected)).isEqualTo("AR");
      assertThat(MllpSender.field(rejected, "MSA", 2)).isEqualTo("ORU-2");
      assertThat(MllpSender.field(rejected, "ERR", 8)).contains("more than the 4194304 bytes");
      assertThat(MllpSender.code(accepted)).isEqualTo("AA");
    }
  }

  @Test
  void noiseBetweenFramesAndAnAbandonedFrameAreSkipped() {
    try (MllpSender client =
        MllpSender.connect("127.0.0.1", listener.port(), Duration.ofSeconds(60))) {
      client.write("noise\r\n".getBytes(StandardCharsets.US_ASCII));
      client.write(new byte[] {0x0B, 'M', 'S', 'H', '|'});
      String ack = client.send(TestMessages.siu("2.6", "SIU-1", "RV-3005"));

      assertThat(MllpSender.code(ack)).isEqualTo("AA");
      assertThat(MllpSender.field(ack, "MSA", 2)).isEqualTo("SIU-1");
    }
  }

  @Test
  void aSenderThatDisconnectsMidFrameCostsOnlyItsConnection() {
    try (MllpSender client =
        MllpSender.connect("127.0.0.1", listener.port(), Duration.ofSeconds(60))) {
      client.write(new byte[] {0x0B, 'M', 'S', 'H', '|', '^'});
    }
    try (MllpSender client =
        MllpSender.connect("127.0.0.1", listener.port(), Duration.ofSeconds(60))) {
      assertThat(MllpSender.code(client.send(TestMessages.adt("2.4", "ADT-4", "RV-3006"))))
          .isEqualTo("AA");
    }
  }

  @Test
  void binaryGarbageInAFrameIsRejectedWithALocatedError() {
    byte[] garbage = new byte[1000];
    new java.util.Random(3).nextBytes(garbage);
    for (int i = 0; i < garbage.length; i++) {
      if (garbage[i] == 0x0B || garbage[i] == 0x1C) {
        garbage[i] = 0;
      }
    }
    try (MllpSender client =
        MllpSender.connect("127.0.0.1", listener.port(), Duration.ofSeconds(60))) {
      String ack = client.send(garbage);

      assertThat(MllpSender.code(ack)).isEqualTo("AR");
      assertThat(MllpSender.field(ack, "ERR", 2)).isEqualTo("MSH^1");
      assertThat(MllpSender.field(ack, "ERR", 3)).startsWith("100^");
    }
  }

  @Test
  void severalConnectionsAreServedAtOnce() throws Exception {
    ExecutorService senders = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int sender = 0; sender < 4; sender++) {
        int id = sender;
        results.add(
            senders.submit(
                () -> {
                  List<String> codes = new ArrayList<>();
                  try (MllpSender client =
                      MllpSender.connect("127.0.0.1", listener.port(), Duration.ofSeconds(60))) {
                    for (int i = 0; i < 25; i++) {
                      codes.add(
                          MllpSender.code(
                              client.send(
                                  TestMessages.adt("2.5.1", "C" + id + "-" + i, "RV-" + id))));
                    }
                  }
                  return codes;
                }));
      }
      for (Future<List<String>> result : results) {
        assertThat(result.get()).hasSize(25).containsOnly("AA");
      }
    } finally {
      senders.shutdownNow();
    }
    assertThat(stored).hasSize(100);
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.tally().connections() == 4);
  }

  /**
   * A thousand mutated messages on one connection (the fuzz test's mutations, without MLLP's own
   * framing bytes, which belong to the transport) each get an ACK naming AA, AE or AR, and the
   * listener serves the next connection as before.
   */
  @Test
  void aThousandMutatedMessagesOnOneConnectionEachGetAnAcknowledgement() {
    java.util.Random random = new java.util.Random(99);
    List<String> seeds = MessageAdmissionTest.seeds();
    MessageAdmissionTest.Mutation[] mutations = MessageAdmissionTest.Mutation.values();
    try (MllpSender client =
        MllpSender.connect("127.0.0.1", listener.port(), Duration.ofSeconds(60))) {
      for (int i = 0; i < 1_000; i++) {
        byte[] mutated =
            mutations[i % mutations.length].apply(
                seeds.get(random.nextInt(seeds.size())).getBytes(StandardCharsets.UTF_8), random);
        for (int b = 0; b < mutated.length; b++) {
          if (mutated[b] == 0x0B || mutated[b] == 0x1C) {
            mutated[b] = ' ';
          }
        }

        assertThat(MllpSender.code(client.send(mutated)))
            .as("message %d", i)
            .isIn("AA", "AE", "AR");
      }
    }
    try (MllpSender client =
        MllpSender.connect("127.0.0.1", listener.port(), Duration.ofSeconds(60))) {
      assertThat(MllpSender.code(client.send(TestMessages.adt("2.5", "AFTER-1", "RV-3010"))))
          .isEqualTo("AA");
    }
    MllpListener.Tally tally = listener.tally();
    assertThat(tally.received()).isEqualTo(1_001);
    assertThat(tally.acknowledged() + tally.rejected()).isEqualTo(1_001);
    assertThat(tally.failed()).isZero();
  }
}
