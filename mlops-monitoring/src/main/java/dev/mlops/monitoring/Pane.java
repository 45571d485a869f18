package dev.mlops.monitoring;

import dev.mlops.validation.profile.ProfileAccumulator;
import org.HdrHistogram.IntCountsHistogram;

/**
 * The state of one pane (a slide-long slice of time) on one thread, or merged over threads: the
 * features' and the prediction's profile accumulator, the latency histogram and the counters.
 *
 * <p>Not thread-safe: the owning {@link Shard}'s lock or the monitor's close lock guards it.
 */
final class Pane {

  /** HdrHistogram precision: 2 significant digits, relative error at most 1/128. */
  static final int LATENCY_DIGITS = 2;

  long index;
  final ProfileAccumulator profile;
  final IntCountsHistogram latency;
  long count;
  long errors;
  long maxInFlight;
  long unknownValues;
  long negativeLatency;

  Pane(long index, ProfileAccumulator template) {
    this.index = index;
    this.profile = template.newEmpty();
    this.latency = new IntCountsHistogram(LATENCY_DIGITS);
  }

  void mergeFrom(Pane o) {
    profile.mergeFrom(o.profile);
    latency.add(o.latency);
    count += o.count;
    errors += o.errors;
    maxInFlight = Math.max(maxInFlight, o.maxInFlight);
    unknownValues += o.unknownValues;
    negativeLatency += o.negativeLatency;
  }

  void reset(long newIndex) {
    index = newIndex;
    profile.reset();
    latency.reset();
    count = 0;
    errors = 0;
    maxInFlight = 0;
    unknownValues = 0;
    negativeLatency = 0;
  }
}
