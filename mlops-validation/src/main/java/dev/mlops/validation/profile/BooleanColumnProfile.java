package dev.mlops.validation.profile;

import dev.mlops.api.table.ColumnType;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The profile of a boolean column: rows, nulls, and the true and false counts, all exact.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * BooleanColumnProfile p = (BooleanColumnProfile) profile.column("churned");
 * double share = (double) p.trueCount() / p.count();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class BooleanColumnProfile implements ColumnProfile {
  private final String name;
  private final long rowCount;
  private final long nullCount;
  private final long trueCount;
  private final long falseCount;

  BooleanColumnProfile(
      String name, long rowCount, long nullCount, long trueCount, long falseCount) {
    this.name = Objects.requireNonNull(name, "name");
    this.rowCount = rowCount;
    this.nullCount = nullCount;
    this.trueCount = trueCount;
    this.falseCount = falseCount;
    if (nullCount < 0
        || trueCount < 0
        || falseCount < 0
        || nullCount + trueCount + falseCount != rowCount) {
      throw new IllegalArgumentException(
          "column '" + name + "': counts do not add up to the row count " + rowCount);
    }
  }

  static BooleanColumnProfile merge(BooleanColumnProfile a, BooleanColumnProfile b) {
    return new BooleanColumnProfile(
        a.name,
        a.rowCount + b.rowCount,
        a.nullCount + b.nullCount,
        a.trueCount + b.trueCount,
        a.falseCount + b.falseCount);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ColumnType type() {
    return ColumnType.BOOLEAN;
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
    return trueCount + falseCount;
  }

  /**
   * Returns the number of true values.
   *
   * @return the count, exact
   */
  public long trueCount() {
    return trueCount;
  }

  /**
   * Returns the number of false values.
   *
   * @return the count, exact
   */
  public long falseCount() {
    return falseCount;
  }

  @Override
  public String toString() {
    return "BooleanColumnProfile[" + name + ", rows=" + rowCount + ", true=" + trueCount + "]";
  }
}
