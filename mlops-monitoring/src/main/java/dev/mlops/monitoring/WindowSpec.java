package dev.mlops.monitoring;

import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How windows cut the injected clock: tumbling (slide = size) or sliding (size a whole multiple of
 * the slide). Windows are aligned to the epoch: a window starts at a multiple of the slide.
 *
 * <p>Immutable and thread-safe. The monitor records each prediction once, into the slide-long pane
 * of its time; a window is the merge of the {@code size / slide} panes it spans, so sliding windows
 * cost no more per record than tumbling ones.
 *
 * <pre>{@code
 * WindowSpec.tumbling(Duration.ofMinutes(5));
 * WindowSpec.sliding(Duration.ofHours(1), Duration.ofMinutes(5)); // 12 panes per window
 * }</pre>
 *
 * @param size the window length, a positive whole number of milliseconds
 * @param slide how far one window starts after the previous, dividing {@code size}
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record WindowSpec(Duration size, Duration slide) {

  /**
   * Validates the spec.
   *
   * @throws IllegalArgumentException if a length is not a positive whole number of milliseconds or
   *     the slide does not divide the size
   * @throws NullPointerException if an argument is null
   */
  public WindowSpec {
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(slide, "slide");
    for (Duration d : new Duration[] {size, slide}) {
      if (d.isNegative() || d.isZero() || d.toNanos() % 1_000_000 != 0) {
        throw new IllegalArgumentException(
            "window lengths must be positive whole milliseconds, but was " + d);
      }
    }
    if (size.toMillis() % slide.toMillis() != 0) {
      throw new IllegalArgumentException(
          "the slide " + slide + " must divide the window size " + size);
    }
  }

  /**
   * Returns tumbling windows.
   *
   * @param size the window length
   * @return the spec
   * @throws IllegalArgumentException if the size is not positive whole milliseconds
   */
  public static WindowSpec tumbling(Duration size) {
    return new WindowSpec(size, size);
  }

  /**
   * Returns sliding windows.
   *
   * @param size the window length
   * @param slide the distance between window starts, dividing the size
   * @return the spec
   * @throws IllegalArgumentException if a length is not positive or the slide does not divide the
   *     size
   */
  public static WindowSpec sliding(Duration size, Duration slide) {
    return new WindowSpec(size, slide);
  }

  /**
   * Returns the number of panes per window.
   *
   * @return size / slide
   */
  public int panes() {
    return Math.toIntExact(size.toMillis() / slide.toMillis());
  }
}
