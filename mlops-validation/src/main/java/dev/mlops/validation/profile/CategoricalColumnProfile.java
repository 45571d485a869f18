package dev.mlops.validation.profile;

import dev.mlops.api.table.ColumnType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The profile of a categorical column: exact counts, an HLL distinct-count sketch, a frequent-items
 * sketch and, when switched on and the column has at most {@link
 * ProfileOptions#exactFrequencyCap()} categories, exact frequencies.
 *
 * <p>Immutable and thread-safe. Null is missing. With exact frequencies, {@link #distinct()} and
 * {@link #top(int)} are exact; otherwise they come from the sketches, with their {@link Accuracy}.
 *
 * <pre>{@code
 * CategoricalColumnProfile p = (CategoricalColumnProfile) profile.column("city");
 * p.top(5);                 // [[category, count], ...], count descending
 * p.frequencies();          // Optional: empty when off or capped
 * p.frequenciesCapped();    // true when the column had too many categories
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CategoricalColumnProfile implements ColumnProfile {

  private final String name;
  private final long rowCount;
  private final long nullCount;
  private final long count;
  private final DistinctSketch distinct;
  private final FrequentItems items;
  private final @Nullable Map<String, Long> frequencies;
  private final boolean capped;

  /**
   * A category and its count.
   *
   * @param category the category
   * @param count its count
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record CategoryCount(String category, long count) {
    /**
     * Creates a pair.
     *
     * @throws NullPointerException if {@code category} is null
     */
    public CategoryCount {
      Objects.requireNonNull(category, "category");
    }
  }

  CategoricalColumnProfile(
      String name,
      long rowCount,
      long nullCount,
      long count,
      DistinctSketch distinct,
      FrequentItems items,
      @Nullable Map<String, Long> frequencies,
      boolean capped) {
    this.name = Objects.requireNonNull(name, "name");
    this.rowCount = rowCount;
    this.nullCount = nullCount;
    this.count = count;
    this.distinct = distinct;
    this.items = items;
    this.capped = capped;
    if (rowCount < 0 || nullCount < 0 || count < 0 || nullCount + count != rowCount) {
      throw new IllegalArgumentException(
          "column '" + name + "': counts do not add up to the row count " + rowCount);
    }
    if (items.streamLength() != count) {
      throw new IllegalArgumentException(
          "column '" + name + "': frequent items hold " + items.streamLength() + ", not " + count);
    }
    if (frequencies != null) {
      if (capped) {
        throw new IllegalArgumentException("capped frequencies are not kept");
      }
      TreeMap<String, Long> m = new TreeMap<>(CodePoints::compare);
      long total = 0;
      for (Map.Entry<String, Long> e : frequencies.entrySet()) {
        long c = e.getValue();
        if (c <= 0) {
          throw new IllegalArgumentException(
              "column '" + name + "': category count must be > 0, was " + c);
        }
        total += c;
        m.put(Objects.requireNonNull(e.getKey(), "category"), c);
      }
      if (total != count) {
        throw new IllegalArgumentException(
            "column '" + name + "': frequencies add up to " + total + ", not " + count);
      }
      this.frequencies = Collections.unmodifiableMap(m);
    } else {
      this.frequencies = null;
    }
  }

  static CategoricalColumnProfile merge(
      CategoricalColumnProfile a, CategoricalColumnProfile b, int cap) {
    Map<String, Long> f = null;
    boolean capped = a.capped || b.capped;
    if (!capped && a.frequencies != null && b.frequencies != null) {
      TreeMap<String, Long> m = new TreeMap<>(CodePoints::compare);
      m.putAll(a.frequencies);
      for (Map.Entry<String, Long> e : b.frequencies.entrySet()) {
        m.merge(e.getKey(), e.getValue(), Long::sum);
      }
      if (m.size() > cap) {
        capped = true;
      } else {
        f = m;
      }
    }
    return new CategoricalColumnProfile(
        a.name,
        a.rowCount + b.rowCount,
        a.nullCount + b.nullCount,
        a.count + b.count,
        DistinctSketch.merged(a.distinct, b.distinct),
        FrequentItems.merged(a.items, b.items),
        f,
        capped);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ColumnType type() {
    return ColumnType.CATEGORICAL;
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
    return count;
  }

  /**
   * Returns the number of distinct non-null categories: exact with frequencies, else the HLL
   * estimate.
   *
   * @return the count, 0 when the column has no value
   */
  public long distinct() {
    if (frequencies != null) {
      return frequencies.size();
    }
    return count == 0 ? 0 : Math.round(distinct.estimate());
  }

  /**
   * Returns the accuracy of {@link #distinct()}.
   *
   * @return exact with frequencies or without values, else the HLL relative error
   */
  public Accuracy distinctAccuracy() {
    return frequencies != null || count == 0
        ? Accuracy.EXACT
        : new Accuracy(Accuracy.Kind.RELATIVE_ERROR, distinct.relativeError());
  }

  /**
   * Returns the n most frequent categories, count descending then category by code point: exact
   * with frequencies, else estimated by the frequent-items sketch.
   *
   * @param n how many
   * @return the categories and counts
   * @throws IllegalArgumentException if n is negative
   */
  public List<CategoryCount> top(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, was " + n);
    }
    List<CategoryCount> out = new ArrayList<>();
    if (frequencies != null) {
      for (Map.Entry<String, Long> e : frequencies.entrySet()) {
        out.add(new CategoryCount(e.getKey(), e.getValue()));
      }
      out.sort(
          (x, y) -> {
            int c = Long.compare(y.count(), x.count());
            return c != 0 ? c : CodePoints.compare(x.category(), y.category());
          });
      return List.copyOf(out.subList(0, Math.min(n, out.size())));
    }
    for (FrequentItems.Item i : items.top(n)) {
      out.add(new CategoryCount(i.item(), i.estimate()));
    }
    return List.copyOf(out);
  }

  /**
   * Returns the accuracy of the counts of {@link #top(int)}.
   *
   * @return exact with frequencies or while the sketch holds every item, else the sketch's absolute
   *     error
   */
  public Accuracy topAccuracy() {
    long e = frequencies != null ? 0 : items.maximumError();
    return e == 0 ? Accuracy.EXACT : new Accuracy(Accuracy.Kind.ABSOLUTE_ERROR, e);
  }

  /**
   * Returns the exact frequencies, sorted by category code point.
   *
   * @return the frequencies; empty when switched off or capped
   */
  public Optional<Map<String, Long>> frequencies() {
    return Optional.ofNullable(frequencies);
  }

  /**
   * Tells whether exact frequencies were dropped because the column exceeded the cap.
   *
   * @return true when capped
   */
  public boolean frequenciesCapped() {
    return capped;
  }

  /**
   * Returns the distinct-count sketch.
   *
   * @return the sketch
   */
  public DistinctSketch distinctSketch() {
    return distinct;
  }

  /**
   * Returns the frequent-items sketch.
   *
   * @return the sketch
   */
  public FrequentItems frequentItems() {
    return items;
  }

  @Override
  public String toString() {
    return "CategoricalColumnProfile[" + name + ", rows=" + rowCount + ", count=" + count + "]";
  }
}
