package dev.mlops.validation.profile;

import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.TimestampColumn;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The profile of a timestamp column: exact rows, nulls, count, earliest and latest instant (in
 * microseconds since the epoch), and an HLL estimate of the distinct instants.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * TimestampColumnProfile p = (TimestampColumnProfile) profile.column("created_at");
 * p.min().ifPresent(first -> System.out.println(first));
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class TimestampColumnProfile implements ColumnProfile {
  private final String name;
  private final long rowCount;
  private final long nullCount;
  private final long minMicros;
  private final long maxMicros;
  private final DistinctSketch distinct;

  TimestampColumnProfile(
      String name,
      long rowCount,
      long nullCount,
      long minMicros,
      long maxMicros,
      DistinctSketch distinct) {
    this.name = Objects.requireNonNull(name, "name");
    this.rowCount = rowCount;
    this.nullCount = nullCount;
    this.minMicros = minMicros;
    this.maxMicros = maxMicros;
    this.distinct = distinct;
    if (rowCount < 0 || nullCount < 0 || nullCount > rowCount) {
      throw new IllegalArgumentException(
          "column '" + name + "': " + nullCount + " nulls in " + rowCount + " rows");
    }
    if (rowCount > nullCount && minMicros > maxMicros) {
      throw new IllegalArgumentException("column '" + name + "': min is after max");
    }
  }

  static TimestampColumnProfile merge(TimestampColumnProfile a, TimestampColumnProfile b) {
    return new TimestampColumnProfile(
        a.name,
        a.rowCount + b.rowCount,
        a.nullCount + b.nullCount,
        Math.min(a.minMicros, b.minMicros),
        Math.max(a.maxMicros, b.maxMicros),
        DistinctSketch.merged(a.distinct, b.distinct));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ColumnType type() {
    return ColumnType.TIMESTAMP;
  }

  @Override
  public long rowCount() {
    return rowCount;
  }

  @Override
  public long nullCount() {
    return nullCount;
  }

  @Override
  public long count() {
    return rowCount - nullCount;
  }

  long minMicros() {
    return minMicros;
  }

  long maxMicros() {
    return maxMicros;
  }

  /**
   * Returns the earliest instant.
   *
   * @return the minimum, empty when the column has no value
   */
  public Optional<Instant> min() {
    return count() == 0 ? Optional.empty() : Optional.of(TimestampColumn.toInstant(minMicros));
  }

  /**
   * Returns the latest instant.
   *
   * @return the maximum, empty when the column has no value
   */
  public Optional<Instant> max() {
    return count() == 0 ? Optional.empty() : Optional.of(TimestampColumn.toInstant(maxMicros));
  }

  /**
   * Returns the estimated number of distinct instants.
   *
   * @return the estimate rounded, 0 without values
   */
  public long distinct() {
    return count() == 0 ? 0 : Math.round(distinct.estimate());
  }

  /**
   * Returns the accuracy of {@link #distinct()}.
   *
   * @return exact without values, else the HLL relative error
   */
  public Accuracy distinctAccuracy() {
    return count() == 0
        ? Accuracy.EXACT
        : new Accuracy(Accuracy.Kind.RELATIVE_ERROR, distinct.relativeError());
  }

  /**
   * Returns the distinct-count sketch.
   *
   * @return the sketch
   */
  public DistinctSketch distinctSketch() {
    return distinct;
  }

  @Override
  public String toString() {
    return "TimestampColumnProfile[" + name + ", rows=" + rowCount + "]";
  }
}
