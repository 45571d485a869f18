package dev.mlops.validation.compare;

import dev.mlops.validation.metrics.Interval;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * A proportion of one group: its successes, trials, value and Wilson interval; undefined (empty,
 * with a reason) when there are no trials, never 0.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Rate tpr = report.group("women").orElseThrow().truePositiveRate();
 * tpr.value().ifPresentOrElse(v -> use(v), () -> log.info(tpr.note().orElseThrow()));
 * }</pre>
 *
 * @param successes the count in the numerator
 * @param trials the count in the denominator
 * @param value successes / trials, empty when trials is 0
 * @param interval the Wilson score interval, when intervals were asked for and trials &gt; 0
 * @param note why the value is undefined
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Rate(
    int successes,
    int trials,
    OptionalDouble value,
    Optional<Interval> interval,
    Optional<String> note) {

  /**
   * Validates the rate.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the counts are negative or successes exceed trials, or an
   *     empty value has no note
   */
  public Rate {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(note, "note");
    if (successes < 0 || trials < successes) {
      throw new IllegalArgumentException(
          "a rate needs 0 <= successes <= trials, got " + successes + " of " + trials);
    }
    if (value.isEmpty() && note.isEmpty()) {
      throw new IllegalArgumentException("an undefined rate needs a note saying why");
    }
  }

  static Rate of(int successes, int trials, double level, String undefinedReason) {
    if (trials == 0) {
      return new Rate(
          successes,
          trials,
          OptionalDouble.empty(),
          Optional.empty(),
          Optional.of(undefinedReason));
    }
    Optional<Interval> interval =
        level > 0
            ? Optional.of(CompareStats.wilsonInterval(successes, trials, level))
            : Optional.empty();
    return new Rate(
        successes,
        trials,
        OptionalDouble.of((double) successes / trials),
        interval,
        Optional.empty());
  }
}
