package org.carelake.app.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.carelake.core.ConfigException;
import org.junit.jupiter.api.Test;

/** The simulator's pacing, stamping and counting, on a fake clock: no test sleeps. */
class EventSimulatorTest {
  private static final long MILLI = 1_000_000L;
  private static final String ADT =
      "MSH|^~\\&|CARELAKE-EHR|CARELAKE|CARELAKE|LAKE|20240101080000||ADT^A01^ADT_A01|CL0000000001"
          + "|P|2.5.1\rEVN|A01|20240101080000\rPID|1||MRN-1^^^CARELAKE^MR\r";
  private static final String SIU =
      "MSH|^~\\&|CARELAKE-EHR|CARELAKE|CARELAKE|LAKE|20240101080000||SIU^S12^SIU_S12|CL0000000002"
          + "|P|2.5.1\rSCH|1\rPID|1||MRN-2^^^CARELAKE^MR\r";
  private static final String ORU =
      "MSH|^~\\&|CARELAKE-EHR|CARELAKE|CARELAKE|LAKE|20240101080000||ORU^R01^ORU_R01|CL0000000003"
          + "|P|2.5.1\rPID|1||MRN-3^^^CARELAKE^MR\r";

  /** A clock that moves only when waited on, or when a send takes time. */
  private static final class FakePacer implements EventSimulator.Pacer {
    long now = 1_000 * MILLI;
    long stopAt = Long.MAX_VALUE;

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public boolean awaitUntil(long nanoTime) {
      if (nanoTime >= stopAt) {
        now = Math.max(now, stopAt);
        return false;
      }
      now = Math.max(now, nanoTime);
      return true;
    }
  }

  /** Records when each send started, and takes {@code cost} of fake time. */
  private static final class Recorder implements EventSimulator.Transport {
    final FakePacer pacer;
    final LongSupplier cost;
    final Function<SimulatedMessage, EventSimulator.Outcome> outcome;
    final List<Long> startedAt = new ArrayList<>();
    final List<SimulatedMessage> sent = new ArrayList<>();

    Recorder(
        FakePacer pacer,
        LongSupplier cost,
        Function<SimulatedMessage, EventSimulator.Outcome> outcome) {
      this.pacer = pacer;
      this.cost = cost;
      this.outcome = outcome;
    }

    @Override
    public EventSimulator.Outcome send(SimulatedMessage message) {
      startedAt.add(pacer.now);
      sent.add(message);
      pacer.now += cost.getAsLong();
      return outcome.apply(message);
    }

    @Override
    public void close() {}
  }

  private static EventSimulator simulator(
      RateSchedule schedule, FakePacer pacer, List<EventSimulator.Tally> progress) {
    return new EventSimulator(
        List.of(ADT, SIU, ORU), schedule, pacer, "SRUN", Duration.ofSeconds(5), progress::add);
  }

  @Test
  void sendsEachMessageAtItsAbsoluteDueTimeSoTheTimeASendTakesDoesNotDrift() {
    FakePacer pacer = new FakePacer();
    long start = pacer.now;
    Recorder transport =
        new Recorder(pacer, () -> 30 * MILLI, m -> EventSimulator.Outcome.ACCEPTED);

    EventSimulator.Tally tally =
        simulator(new RateSchedule(10, Duration.ofSeconds(2)), pacer, new ArrayList<>())
            .run(transport);

    assertThat(transport.startedAt).hasSize(20);
    for (int i = 0; i < 20; i++) {
      assertThat(transport.startedAt.get(i)).isEqualTo(start + i * 100 * MILLI);
    }
    assertThat(tally.sent()).isEqualTo(20);
    assertThat(tally.maxLagNanos()).isZero();
    assertThat(tally.behind()).isFalse();
    assertThat(tally.elapsedNanos()).isEqualTo(1_930 * MILLI);
    assertThat(tally.achievedRate()).isCloseTo(10.36, org.assertj.core.data.Offset.offset(0.01));
    assertThat(tally.allAccepted()).isTrue();
  }

  @Test
  void sendsBackToBackAndSaysItFellBehindWhenASendTakesLongerThanTheInterval() {
    FakePacer pacer = new FakePacer();
    long start = pacer.now;
    Recorder transport =
        new Recorder(pacer, () -> 20 * MILLI, m -> EventSimulator.Outcome.ACCEPTED);

    EventSimulator.Tally tally =
        simulator(new RateSchedule(100, Duration.ofSeconds(1)), pacer, new ArrayList<>())
            .run(transport);

    assertThat(transport.startedAt).hasSize(100);
    assertThat(transport.startedAt.get(99)).isEqualTo(start + 99 * 20 * MILLI);
    assertThat(tally.elapsedNanos()).isEqualTo(2_000 * MILLI);
    assertThat(tally.achievedRate()).isEqualTo(50.0);
    assertThat(tally.maxLagNanos()).isEqualTo(99 * 10 * MILLI);
    assertThat(tally.lastLagNanos()).isEqualTo(99 * 10 * MILLI);
    assertThat(tally.behind()).isTrue();
  }

  @Test
  void catchesUpAfterOneSlowSendWithoutSkippingOrBurstingBeyondTheBacklog() {
    FakePacer pacer = new FakePacer();
    long start = pacer.now;
    List<Long> costs = new ArrayList<>(List.of(350 * MILLI));
    Recorder transport =
        new Recorder(
            pacer,
            () -> costs.isEmpty() ? MILLI : costs.remove(0),
            m -> EventSimulator.Outcome.ACCEPTED);

    EventSimulator.Tally tally =
        simulator(new RateSchedule(10, Duration.ofSeconds(1)), pacer, new ArrayList<>())
            .run(transport);

    // The first send took 350 ms: messages 1 to 3 were due and go out at once, one after the
    // other; from message 4 on the schedule holds again.
    assertThat(transport.startedAt.subList(0, 6))
        .containsExactly(
            start,
            start + 350 * MILLI,
            start + 351 * MILLI,
            start + 352 * MILLI,
            start + 400 * MILLI,
            start + 500 * MILLI);
    assertThat(transport.startedAt).hasSize(10);
    assertThat(tally.maxLagNanos()).isEqualTo(250 * MILLI);
    assertThat(tally.lateAtTimes()).isTrue();
    assertThat(tally.behind()).isFalse();
  }

  @Test
  void cyclesThroughTheMessagesAndGivesEachSentMessageAControlIdOfItsOwn() {
    FakePacer pacer = new FakePacer();
    Recorder transport = new Recorder(pacer, () -> MILLI, m -> EventSimulator.Outcome.ACCEPTED);

    EventSimulator.Tally tally =
        simulator(new RateSchedule(7, Duration.ofSeconds(1)), pacer, new ArrayList<>())
            .run(transport);

    assertThat(transport.sent).extracting(SimulatedMessage::controlId).doesNotHaveDuplicates();
    assertThat(transport.sent.get(0).controlId()).isEqualTo("SRUN-1");
    assertThat(transport.sent.get(6).controlId()).isEqualTo("SRUN-7");
    assertThat(transport.sent.get(3).text()).isEqualTo(ADT.replace("CL0000000001", "SRUN-4"));
    assertThat(transport.sent)
        .extracting(SimulatedMessage::messageType)
        .containsExactly(
            "ADT^A01", "SIU^S12", "ORU^R01", "ADT^A01", "SIU^S12", "ORU^R01", "ADT^A01");
    assertThat(tally.byType()).containsEntry("ADT^A01", 3L).containsEntry("ORU^R01", 2L);
  }

  @Test
  void countsEachOutcomeAndReportsProgressEveryFiveSeconds() {
    FakePacer pacer = new FakePacer();
    Recorder transport =
        new Recorder(
            pacer,
            () -> MILLI,
            m ->
                switch (m.messageType()) {
                  case "SIU^S12" -> EventSimulator.Outcome.ERROR;
                  case "ORU^R01" -> EventSimulator.Outcome.FAILED;
                  default -> EventSimulator.Outcome.ACCEPTED;
                });
    List<EventSimulator.Tally> progress = new ArrayList<>();

    EventSimulator.Tally tally =
        simulator(new RateSchedule(3, Duration.ofSeconds(12)), pacer, progress).run(transport);

    assertThat(tally.sent()).isEqualTo(36);
    assertThat(tally.count(EventSimulator.Outcome.ACCEPTED)).isEqualTo(12);
    assertThat(tally.count(EventSimulator.Outcome.ERROR)).isEqualTo(12);
    assertThat(tally.count(EventSimulator.Outcome.FAILED)).isEqualTo(12);
    assertThat(tally.count(EventSimulator.Outcome.REJECTED)).isZero();
    assertThat(tally.allAccepted()).isFalse();
    // A message due at the same moment as the progress line goes first (message 16 at 5 s).
    assertThat(progress)
        .extracting(EventSimulator.Tally::elapsedNanos)
        .containsExactly(5_001 * MILLI, 10_001 * MILLI);
    assertThat(progress).extracting(EventSimulator.Tally::sent).containsExactly(16L, 31L);
  }

  @Test
  void stopsBetweenTwoMessagesWhenAskedAndCountsWhatWasSent() {
    FakePacer pacer = new FakePacer();
    pacer.stopAt = pacer.now + 450 * MILLI;
    Recorder transport = new Recorder(pacer, () -> MILLI, m -> EventSimulator.Outcome.ACCEPTED);

    EventSimulator.Tally tally =
        simulator(new RateSchedule(10, Duration.ofSeconds(10)), pacer, new ArrayList<>())
            .run(transport);

    assertThat(tally.sent()).isEqualTo(5);
    assertThat(tally.elapsedNanos()).isEqualTo(450 * MILLI);
  }

  @Test
  void aScheduleHoldsRateTimesDurationMessagesDueAtMultiplesOfTheInterval() {
    RateSchedule schedule = new RateSchedule(2.5, Duration.ofSeconds(4));

    assertThat(schedule.messages()).isEqualTo(10);
    assertThat(schedule.dueNanos(3)).isEqualTo(1_200 * MILLI);
    assertThat(schedule.intervalNanos()).isEqualTo(400 * MILLI);
    assertThat(new RateSchedule(0.1, Duration.ofSeconds(1)).messages()).isEqualTo(1);
  }

  @Test
  void aRateThatIsNotPositiveIsAUsageErrorThatSaysWhatToGive() {
    assertThatThrownBy(() -> new RateSchedule(0, Duration.ofSeconds(1)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "--rate is 0.0, but the simulator sends a positive number of messages per second, at"
                + " most 100,000; give e.g. --rate 50.");
  }

  @Test
  void runIdsOfRunsStartedAMillisecondApartDifferAndControlIdsFitMsh10() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    String first = EventSimulator.runId(start);
    String second = EventSimulator.runId(start.plusMillis(1));

    assertThat(first).isNotEqualTo(second).startsWith("S");
    assertThat(new HashSet<>(List.of(first, second))).hasSize(2);
    assertThat((first + "-" + 9_999_999_999L).length()).isLessThanOrEqualTo(20);
  }

  @Test
  void aMessageWithoutAWholeMshSegmentIsRefused() {
    assertThatThrownBy(() -> EventSimulator.stamp("PID|1||X\r", "S-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a simulated message starts with a whole MSH segment");
  }
}
