package org.carelake.app.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.carelake.config.EventSettings;
import org.carelake.hl7.Hl7Acknowledgement.Code;
import org.carelake.hl7.Hl7Acknowledgement.Condition;
import org.carelake.hl7.Hl7Acknowledgement.Refusal;
import org.junit.jupiter.api.Test;

/** What the listener accepts, where it sends it, and what it refuses with which located reason. */
class MessageAdmissionTest {
  static final EventSettings EVENTS =
      new EventSettings(
          "hl7-adt",
          "hl7-siu",
          "hl7-oru",
          "hl7-dead-letter",
          3,
          Duration.ofDays(7),
          Duration.ofSeconds(30));

  private final MessageAdmission admission = new MessageAdmission(EVENTS);

  private Refusal refused(byte[] bytes) {
    Admission decided = admission.admit(bytes);
    assertThat(decided.accepted()).as("accepted").isFalse();
    return decided.refusal().orElseThrow();
  }

  @Test
  void eachFamilyGoesToItsTopicKeyedByTheMrnInEveryVersion() {
    for (String version : List.of("2.3", "2.4", "2.5.1", "2.6", "2.7", "2.8")) {
      assertThat(
              admission
                  .admit(TestMessages.bytes(TestMessages.adt(version, "C1", "RV-1001")))
                  .route())
          .as(version)
          .contains(new Admission.Route("hl7-adt", "RV-1001"));
      assertThat(
              admission
                  .admit(TestMessages.bytes(TestMessages.siu(version, "C2", "RV-1002")))
                  .route())
          .contains(new Admission.Route("hl7-siu", "RV-1002"));
      assertThat(
              admission
                  .admit(TestMessages.bytes(TestMessages.oru(version, "C3", "RV-1003")))
                  .route())
          .contains(new Admission.Route("hl7-oru", "RV-1003"));
    }
  }

  @Test
  void latinOneBytesAreReadAsDeclaredInMsh18() {
    String text =
        TestMessages.adt("2.5.1", "C4", "RV-1004")
            .replace("|P|2.5.1", "|P|2.5.1|||||8859/1")
            .replace("Quill^Ione", "Quill^Ir\u00e8ne");

    Admission decided = admission.admit(text.getBytes(StandardCharsets.ISO_8859_1));

    assertThat(decided.accepted()).isTrue();
    assertThat(decided.charset()).isEqualTo(StandardCharsets.ISO_8859_1);
    assertThat(decided.text()).contains("Ir\u00e8ne");
  }

  @Test
  void anUnsupportedTypeIsRejectedWithItsCode() {
    Refusal refusal =
        refused(
            TestMessages.bytes(
                TestMessages.adt("2.5.1", "C5", "RV-1").replace("ADT^A01^ADT_A01", "ORM^O01")));

    assertThat(refusal.code()).isEqualTo(Code.AR);
    assertThat(refusal.condition()).isEqualTo(Condition.UNSUPPORTED_MESSAGE_TYPE);
  }

  @Test
  void binaryGarbageIsRejectedForItsMissingHeader() {
    byte[] garbage = new byte[4096];
    new Random(7).nextBytes(garbage);

    Refusal refusal = refused(garbage);

    assertThat(refusal.code()).isEqualTo(Code.AR);
    assertThat(refusal.condition()).isEqualTo(Condition.SEGMENT_SEQUENCE_ERROR);
  }

  @Test
  void aMegabyteFieldIsAcceptedWhenTheMessageIsWellFormed() {
    String text =
        TestMessages.oru("2.5.1", "C6", "RV-1006")
            .replace("||97|", "||" + "7".repeat(1 << 20) + "|");

    assertThat(admission.admit(TestMessages.bytes(text)).accepted()).isTrue();
  }

  @Test
  void aMessageWithoutPidIsKeyedByItsControlId() {
    String text = TestMessages.msh("SIU^S12", "SIU-77", "2.8") + "\rSCH|AP-1^RIVERVIEW\rRGS|1|A\r";

    assertThat(admission.admit(TestMessages.bytes(text)).route())
        .contains(new Admission.Route("hl7-siu", "SIU-77"));
  }

  /**
   * Thousands of mutations of valid messages (cuts, flipped and inserted bytes, swapped delimiters,
   * a megabyte field, binary noise, lost headers) each get a decision: never an exception, and a
   * refusal is always located and of the codes the listener uses.
   */
  @Test
  void thousandsOfMutatedMessagesAlwaysGetADecisionAndNeverAnException() {
    Random random = new Random(20240512L);
    List<String> seeds = seeds();
    Map<Mutation, int[]> outcomes = new EnumMap<>(Mutation.class);
    int decisions = 0;
    for (int i = 0; i < 3_600; i++) {
      Mutation mutation = Mutation.values()[i % Mutation.values().length];
      byte[] mutated =
          mutation.apply(
              seeds.get(random.nextInt(seeds.size())).getBytes(StandardCharsets.UTF_8), random);

      Admission decided = admission.admit(mutated);

      assertThat(decided.route().isPresent()).isNotEqualTo(decided.refusal().isPresent());
      decided
          .refusal()
          .ifPresent(
              refusal ->
                  assertThat(refusal.condition())
                      .as("%s", mutation)
                      .isNotEqualTo(Condition.APPLICATION_INTERNAL_ERROR));
      outcomes.computeIfAbsent(mutation, m -> new int[2])[decided.accepted() ? 0 : 1]++;
      decisions++;
    }

    assertThat(decisions).isEqualTo(3_600);
    assertThat(outcomes.get(Mutation.BINARY)[0]).isZero();
    assertThat(outcomes.get(Mutation.NO_HEADER)[0]).isZero();
    assertThat(outcomes.get(Mutation.MEGABYTE_FIELD)[0]).isPositive();
    assertThat(outcomes.get(Mutation.SWAPPED_DELIMITERS)[1]).isPositive();
  }

  /** Valid messages of each family and version, to be spoiled. */
  static List<String> seeds() {
    List<String> seeds = new ArrayList<>();
    for (String version : List.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.8")) {
      seeds.add(TestMessages.adt(version, "F-" + version, "RV-2001"));
      seeds.add(TestMessages.siu(version, "G-" + version, "RV-2002"));
      seeds.add(TestMessages.oru(version, "H-" + version, "RV-2003"));
    }
    return seeds;
  }

  /** The ways a message is spoiled in the fuzz tests. */
  enum Mutation {
    TRUNCATED {
      @Override
      byte[] apply(byte[] message, Random random) {
        return java.util.Arrays.copyOf(message, random.nextInt(message.length));
      }
    },
    FLIPPED_BYTES {
      @Override
      byte[] apply(byte[] message, Random random) {
        byte[] copy = message.clone();
        for (int n = 1 + random.nextInt(8); n > 0; n--) {
          copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return copy;
      }
    },
    RANDOM_BYTES {
      @Override
      byte[] apply(byte[] message, Random random) {
        byte[] copy = message.clone();
        for (int n = 1 + random.nextInt(16); n > 0; n--) {
          copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
      }
    },
    SWAPPED_DELIMITERS {
      @Override
      byte[] apply(byte[] message, Random random) {
        String text = new String(message, StandardCharsets.UTF_8);
        String[] delimiters = {"|", "^", "~", "\\", "&", "\r"};
        String from = delimiters[random.nextInt(delimiters.length)];
        String to = delimiters[random.nextInt(delimiters.length)];
        return text.replace(from, "\u0000")
            .replace(to, from)
            .replace("\u0000", to)
            .getBytes(StandardCharsets.UTF_8);
      }
    },
    LINE_FEEDS {
      @Override
      byte[] apply(byte[] message, Random random) {
        String text = new String(message, StandardCharsets.UTF_8);
        return text.replace("\r", random.nextBoolean() ? "\n" : "\r\n")
            .getBytes(StandardCharsets.UTF_8);
      }
    },
    MEGABYTE_FIELD {
      @Override
      byte[] apply(byte[] message, Random random) {
        String text = new String(message, StandardCharsets.UTF_8);
        int at = text.indexOf("|19770304|");
        return (text.substring(0, at + 1) + "9".repeat(1 << 20) + text.substring(at + 9))
            .getBytes(StandardCharsets.UTF_8);
      }
    },
    BINARY {
      @Override
      byte[] apply(byte[] message, Random random) {
        byte[] noise = new byte[1 + random.nextInt(2048)];
        random.nextBytes(noise);
        // Noise that happens to start with MSH is not noise.
        if (noise.length >= 3 && noise[0] == 'M' && noise[1] == 'S') {
          noise[0] = 0;
        }
        return noise;
      }
    },
    NO_HEADER {
      @Override
      byte[] apply(byte[] message, Random random) {
        String text = new String(message, StandardCharsets.UTF_8);
        return text.substring(text.indexOf('\r') + 1).getBytes(StandardCharsets.UTF_8);
      }
    },
    NOT_UTF8 {
      @Override
      byte[] apply(byte[] message, Random random) {
        byte[] copy = message.clone();
        copy[copy.length / 2 + random.nextInt(copy.length / 2)] =
            (byte) (0x80 + random.nextInt(128));
        return copy;
      }
    },
    OTHER_VERSION {
      @Override
      byte[] apply(byte[] message, Random random) {
        String text = new String(message, StandardCharsets.UTF_8);
        String[] versions = {"2.1", "2.2", "2.9", "3.0", "", "2.5.1.9", "v2"};
        return text.replaceFirst(
                "\\|P\\|[0-9.]+", "|P|" + versions[random.nextInt(versions.length)])
            .getBytes(StandardCharsets.UTF_8);
      }
    };

    abstract byte[] apply(byte[] message, Random random);
  }
}
