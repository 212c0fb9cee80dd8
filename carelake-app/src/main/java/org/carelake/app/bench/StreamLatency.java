package org.carelake.app.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carelake.lake.pipeline.Hl7Stream;

/**
 * The latency of streamed messages: for each message, the commit time of the micro-batch that wrote
 * it ({@link Hl7Stream.Commit#committedAt()}, taken right after the batch's silver merge returned)
 * minus its receive time (bronze {@code received_at}: the Kafka record's timestamp, which the
 * listener's producer sets when it sends the message, within a millisecond of its MLLP receipt),
 * summarized as nearest-rank percentiles. Pure; input and output are plain values.
 *
 * @param messages how many messages were measured
 * @param p50Seconds the median latency
 * @param p95Seconds the 95th percentile
 * @param maxSeconds the longest latency
 */
public record StreamLatency(
    long messages, double p50Seconds, double p95Seconds, double maxSeconds) {

  /**
   * One message as bronze holds it.
   *
   * @param runId the {@code _run_id} of its bronze row: its micro-batch
   * @param receivedAt its {@code received_at}
   */
  public record Arrival(String runId, Instant receivedAt) {}

  /**
   * The latencies of the arrivals, each against the commit of its micro-batch.
   *
   * @throws IllegalArgumentException when there is no arrival, or an arrival's micro-batch is not
   *     among the commits
   */
  static StreamLatency of(List<Hl7Stream.Commit> commits, List<Arrival> arrivals) {
    if (arrivals.isEmpty()) {
      throw new IllegalArgumentException("no message to measure the latency of");
    }
    Map<String, Instant> committed = new HashMap<>();
    commits.forEach(commit -> committed.put(commit.runId(), commit.committedAt()));
    double[] seconds = new double[arrivals.size()];
    for (int i = 0; i < seconds.length; i++) {
      Arrival arrival = arrivals.get(i);
      Instant commit = committed.get(arrival.runId());
      if (commit == null) {
        throw new IllegalArgumentException(
            "no commit of micro-batch " + arrival.runId() + " among " + commits.size());
      }
      seconds[i] = Duration.between(arrival.receivedAt(), commit).toNanos() / 1e9;
    }
    Arrays.sort(seconds);
    return new StreamLatency(
        seconds.length,
        percentile(seconds, 50),
        percentile(seconds, 95),
        seconds[seconds.length - 1]);
  }

  /**
   * The nearest-rank percentile of sorted values: the smallest value that at least {@code percent}%
   * of the values do not exceed.
   */
  static double percentile(double[] sorted, double percent) {
    int rank = (int) Math.ceil(percent / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }
}
