package dev.mlops.validation.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link Profile} value by value, for streams (a monitor's window) rather than tables.
 *
 * <p>Not thread-safe: use one per thread and {@link #mergeFrom(ProfileAccumulator)} them, or guard
 * one with a lock. The per-value cost is what a serving path can afford: a numeric value is one KLL
 * update (which keeps the exact min and max) and a shifted sum and sum of squares (no division); a
 * categorical value is one exact count in a hash map. Distinct-count (HLL) sketches are fed only
 * when {@link Builder#distinct(boolean)} is on (off by default for the hot path): with it off,
 * numeric columns' {@link NumericColumnProfile#distinct()} reads 0 and is not tracked; categorical
 * columns' distinct counts come from their exact frequencies. The profile is made with the
 * builder's {@link ProfileOptions} (its {@code kllK}, {@code hllLgK}, {@code frequentItemsMapSize}
 * and {@code exactFrequencyCap}), so it merges with and compares against profiles made by {@link
 * Profiler} with the same options.
 *
 * <p>Rows: call {@link #endRow()} once per row. A column that got no value in a row is counted as
 * null in it; NaN is counted as NaN (missing), as in {@link Profiler}. Moments use shifted sums
 * (shift = the column's first value, re-centred on each merge), exact to rounding for data whose
 * spread is not far below its distance from the first value.
 *
 * <pre>{@code
 * ProfileAccumulator acc = ProfileAccumulator.builder(ProfileOptions.defaults())
 *     .numeric("age").categorical("city").build();
 * acc.addNumeric(0, 41.0);
 * acc.addCategory(1, "Oslo");
 * acc.endRow();
 * SketchDriftReport r = SketchDrift.compare(reference, acc.toProfile());
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ProfileAccumulator {

  private final ProfileOptions options;
  private final boolean distinct;
  private final String[] names;
  private final boolean[] numericColumn;
  // numeric columns, structure of arrays (entries of categorical columns unused): the per-value
  // path touches only these, contiguous across columns
  private final @Nullable KllDoublesSketch[] kll;
  private final @Nullable DistinctSketch[] hll;
  private final double[] shift;
  private final boolean[] shifted;
  private final double[] s1;
  private final double[] s2;
  private final long[] nan;
  private final CategoricalState[] categorical;
  private long rows;

  private ProfileAccumulator(
      ProfileOptions options, boolean distinct, List<String> names, List<Boolean> kinds) {
    this.options = options;
    this.distinct = distinct;
    this.names = names.toArray(new String[0]);
    this.numericColumn = new boolean[names.size()];
    int c = names.size();
    this.kll = new KllDoublesSketch[c];
    this.hll = new DistinctSketch[c];
    this.shift = new double[c];
    this.shifted = new boolean[c];
    this.s1 = new double[c];
    this.s2 = new double[c];
    this.nan = new long[c];
    this.categorical = new CategoricalState[names.size()];
    for (int i = 0; i < names.size(); i++) {
      numericColumn[i] = kinds.get(i);
      if (numericColumn[i]) {
        kll[i] = KllDoublesSketch.newHeapInstance(options.kllK());
        hll[i] = distinct ? new DistinctSketch(options.hllLgK()) : null;
      } else {
        categorical[i] = new CategoricalState();
      }
    }
  }

  /**
   * Starts a builder.
   *
   * @param options the sketch parameters of the profile
   * @return a builder with no columns
   * @throws NullPointerException if {@code options} is null
   */
  public static Builder builder(ProfileOptions options) {
    return new Builder(Objects.requireNonNull(options, "options"));
  }

  /**
   * Returns an empty accumulator with the same columns and options.
   *
   * @return a new accumulator
   */
  public ProfileAccumulator newEmpty() {
    List<Boolean> kinds = new ArrayList<>();
    for (boolean b : numericColumn) {
      kinds.add(b);
    }
    return new ProfileAccumulator(options, distinct, List.of(names), kinds);
  }

  /**
   * Returns the column names in order.
   *
   * @return the names
   */
  public List<String> columnNames() {
    return List.of(names);
  }

  /**
   * Tells whether a column is numeric (else categorical).
   *
   * @param column the column index
   * @return true for a numeric column
   * @throws IndexOutOfBoundsException if there is no such column
   */
  public boolean isNumeric(int column) {
    return numericColumn[column];
  }

  /**
   * Adds a numeric value to a numeric column. NaN counts as missing. Does nothing when the column
   * is not numeric or out of range (the caller counts such mistakes).
   *
   * @param column the column index
   * @param value the value
   */
  public void addNumeric(int column, double value) {
    if (column >= 0 && column < kll.length) {
      KllDoublesSketch k = kll[column];
      if (k != null) {
        add(column, k, value);
      }
    }
  }

  /**
   * Adds a row's numeric values to the first columns: {@code values[i]} to column {@code i} for
   * {@code i < count}, skipping categorical columns. The serving path's bulk form of {@link
   * #addNumeric(int, double)}.
   *
   * @param values the values
   * @param count how many, at most {@code values.length}; beyond the column count ignored
   * @throws IndexOutOfBoundsException if count exceeds {@code values.length}
   */
  public void addNumerics(double[] values, int count) {
    int n = Math.min(count, kll.length);
    if (distinct) {
      for (int i = 0; i < n; i++) {
        KllDoublesSketch k = kll[i];
        if (k != null) {
          add(i, k, values[i]);
        }
      }
      return;
    }
    // the serving path: no HLL, arrays read once per column
    double[] sh = shift;
    double[] a1 = s1;
    double[] a2 = s2;
    for (int i = 0; i < n; i++) {
      KllDoublesSketch k = kll[i];
      double v = values[i];
      if (k == null) {
        continue;
      }
      if (v != v) {
        nan[i]++;
        continue;
      }
      if (!shifted[i]) {
        shifted[i] = true;
        sh[i] = v;
      }
      double d = v - sh[i];
      a1[i] += d;
      a2[i] += d * d;
      k.update(v);
    }
  }

  private void add(int c, KllDoublesSketch k, double v) {
    if (v != v) {
      nan[c]++;
      return;
    }
    if (!shifted[c]) {
      shifted[c] = true;
      shift[c] = v;
    }
    double d = v - shift[c];
    s1[c] += d;
    s2[c] += d * d;
    k.update(v); // KLL keeps n and the exact min and max
    DistinctSketch h = hll[c];
    if (h != null) {
      h.update(v);
    }
  }

  private Moments moments(int c) {
    long n = Objects.requireNonNull(kll[c]).getN();
    if (n == 0) {
      return Moments.EMPTY;
    }
    double mean = shift[c] + s1[c] / n;
    double m2 = Math.max(0.0, s2[c] - s1[c] * s1[c] / n);
    return new Moments(n, mean, m2);
  }

  /**
   * Adds a category to a categorical column; null counts as missing. Does nothing when the column
   * is not categorical or out of range.
   *
   * @param column the column index
   * @param category the category, or null
   */
  public void addCategory(int column, @Nullable String category) {
    if (category != null && column >= 0 && column < categorical.length) {
      CategoricalState s = categorical[column];
      if (s != null) {
        s.add(category, options, distinct);
      }
    }
  }

  /** Ends a row: columns that got no value in it count as null. */
  public void endRow() {
    rows++;
  }

  /**
   * Returns the number of rows ended so far.
   *
   * @return rows
   */
  public long rows() {
    return rows;
  }

  /**
   * Adds another accumulator's rows to this one; the other is unchanged.
   *
   * @param other an accumulator with the same columns and options
   * @throws IllegalArgumentException if {@code other} is this accumulator or has other columns or
   *     options
   * @throws NullPointerException if {@code other} is null
   */
  public void mergeFrom(ProfileAccumulator other) {
    Objects.requireNonNull(other, "other");
    if (other == this) {
      throw new IllegalArgumentException("cannot merge an accumulator into itself");
    }
    if (!List.of(names).equals(List.of(other.names))
        || !java.util.Arrays.equals(numericColumn, other.numericColumn)
        || !options.mergeableWith(other.options)
        || distinct != other.distinct) {
      throw new IllegalArgumentException(
          "accumulators of different columns or options cannot be merged: "
              + List.of(names)
              + " and "
              + List.of(other.names));
    }
    for (int i = 0; i < names.length; i++) {
      if (numericColumn[i]) {
        mergeNumeric(i, other);
      } else {
        categorical[i].merge(other.categorical[i], options, distinct);
      }
    }
    rows += other.rows;
  }

  /** Forgets every value; the accumulator is as new, its buffers kept where the sketches allow. */
  public void reset() {
    for (int i = 0; i < names.length; i++) {
      if (numericColumn[i]) {
        Objects.requireNonNull(kll[i]).reset();
        hll[i] = distinct ? new DistinctSketch(options.hllLgK()) : null;
        shift[i] = 0;
        shifted[i] = false;
        s1[i] = 0;
        s2[i] = 0;
        nan[i] = 0;
      } else {
        categorical[i] = new CategoricalState();
      }
    }
    rows = 0;
  }

  /**
   * Returns the profile of the rows so far; the accumulator is unchanged and may go on.
   *
   * @return the profile, columns in order
   */
  public Profile toProfile() {
    List<ColumnProfile> cs = new ArrayList<>(names.length);
    for (int i = 0; i < names.length; i++) {
      cs.add(
          numericColumn[i]
              ? numericProfile(i, rows)
              : categorical[i].profile(names[i], rows, options));
    }
    return new Profile(rows, options, cs);
  }

  /**
   * Returns the number of non-missing values of a numeric column so far.
   *
   * @param column the column index
   * @return the count; 0 for a categorical column
   */
  public long count(int column) {
    return numericColumn[column]
        ? Objects.requireNonNull(kll[column]).getN()
        : Objects.requireNonNull(categorical[column]).count;
  }

  /**
   * Builds an accumulator.
   *
   * <p>Not thread-safe.
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private final ProfileOptions options;
    private final List<String> names = new ArrayList<>();
    private final List<Boolean> kinds = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private boolean distinct;

    private Builder(ProfileOptions options) {
      this.options = options;
    }

    /**
     * Adds a numeric column.
     *
     * @param name the column name
     * @return this builder
     * @throws IllegalArgumentException if the name is already used
     * @throws NullPointerException if {@code name} is null
     */
    public Builder numeric(String name) {
      return add(name, true);
    }

    /**
     * Adds a categorical column.
     *
     * @param name the column name
     * @return this builder
     * @throws IllegalArgumentException if the name is already used
     * @throws NullPointerException if {@code name} is null
     */
    public Builder categorical(String name) {
      return add(name, false);
    }

    private Builder add(String name, boolean isNumeric) {
      Objects.requireNonNull(name, "name");
      if (!seen.add(name)) {
        throw new IllegalArgumentException("column '" + name + "' is added twice");
      }
      names.add(name);
      kinds.add(isNumeric);
      return this;
    }

    /**
     * Feeds distinct-count (HLL) sketches of numeric columns. Default: off.
     *
     * @param on whether to feed them
     * @return this builder
     */
    public Builder distinct(boolean on) {
      this.distinct = on;
      return this;
    }

    /**
     * Builds the accumulator.
     *
     * @return a new, empty accumulator
     */
    public ProfileAccumulator build() {
      return new ProfileAccumulator(options, distinct, names, kinds);
    }
  }

  private void mergeNumeric(int i, ProfileAccumulator o) {
    Moments m = Moments.merge(moments(i), o.moments(i));
    shift[i] = m.mean();
    shifted[i] = m.n() > 0;
    s1[i] = 0;
    s2[i] = m.m2();
    nan[i] += o.nan[i];
    Objects.requireNonNull(kll[i]).merge(Objects.requireNonNull(o.kll[i]));
    DistinctSketch h = hll[i];
    DistinctSketch oh = o.hll[i];
    if (h != null && oh != null) {
      hll[i] = DistinctSketch.merged(h, oh);
    }
  }

  private NumericColumnProfile numericProfile(int i, long rows) {
    KllDoublesSketch k = Objects.requireNonNull(kll[i]);
    long n = k.getN();
    QuantileSketch q;
    if (n == 0) {
      q = new QuantileSketch(options.kllK());
      q.seal();
    } else {
      q = QuantileSketch.fromImage(k.toByteArray(), options.kllK());
    }
    DistinctSketch empty = new DistinctSketch(options.hllLgK());
    DistinctSketch h = hll[i];
    DistinctSketch d = h != null ? DistinctSketch.merged(h, empty) : empty;
    long nulls = rows - n - nan[i];
    double min = n == 0 ? Double.POSITIVE_INFINITY : k.getMinItem();
    double max = n == 0 ? Double.NEGATIVE_INFINITY : k.getMaxItem();
    return new NumericColumnProfile(names[i], rows, nulls, nan[i], moments(i), min, max, q, d);
  }

  /** A categorical column: exact counts up to the cap, then frequent items and HLL. */
  private static final class CategoricalState {
    @Nullable Map<String, long[]> counts = new HashMap<>();
    @Nullable FrequentItems items;
    @Nullable DistinctSketch hll;
    long count;

    void add(String s, ProfileOptions o, boolean distinct) {
      count++;
      Map<String, long[]> c = counts;
      if (c != null) {
        long[] k = c.get(s);
        if (k != null) {
          k[0]++;
          return;
        }
        if (c.size() < o.exactFrequencyCap()) {
          c.put(s, new long[] {1});
          return;
        }
        overflow(o);
      }
      FrequentItems i = Objects.requireNonNull(items);
      i.update(s, 1);
      Objects.requireNonNull(hll).update(s);
    }

    /** Moves the exact counts into the sketches: the column is capped from here on. */
    private void overflow(ProfileOptions o) {
      FrequentItems i = new FrequentItems(o.frequentItemsMapSize());
      DistinctSketch h = new DistinctSketch(o.hllLgK());
      for (Map.Entry<String, long[]> e : Objects.requireNonNull(counts).entrySet()) {
        i.update(e.getKey(), e.getValue()[0]);
        h.update(e.getKey());
      }
      items = i;
      hll = h;
      counts = null;
    }

    void merge(CategoricalState other, ProfileOptions o, boolean distinct) {
      Map<String, long[]> oc = other.counts;
      if (oc != null) {
        for (Map.Entry<String, long[]> e : oc.entrySet()) {
          long k = e.getValue()[0];
          Map<String, long[]> c = counts;
          if (c != null) {
            long[] mine = c.get(e.getKey());
            if (mine != null) {
              mine[0] += k;
              count += k;
              continue;
            }
            if (c.size() < o.exactFrequencyCap()) {
              c.put(e.getKey(), new long[] {k});
              count += k;
              continue;
            }
            overflow(o);
          }
          Objects.requireNonNull(items).update(e.getKey(), k);
          Objects.requireNonNull(hll).update(e.getKey());
          count += k;
        }
        return;
      }
      if (counts != null) {
        overflow(o);
      }
      items =
          FrequentItems.merged(Objects.requireNonNull(items), Objects.requireNonNull(other.items));
      hll = DistinctSketch.merged(Objects.requireNonNull(hll), Objects.requireNonNull(other.hll));
      count += other.count;
    }

    CategoricalColumnProfile profile(String name, long rows, ProfileOptions o) {
      Map<String, long[]> c = counts;
      if (c == null) {
        FrequentItems i =
            FrequentItems.merged(
                Objects.requireNonNull(items), new FrequentItems(o.frequentItemsMapSize()));
        return new CategoricalColumnProfile(
            name,
            rows,
            rows - count,
            count,
            DistinctSketch.merged(Objects.requireNonNull(hll), new DistinctSketch(o.hllLgK())),
            i,
            null,
            true);
      }
      FrequentItems i = new FrequentItems(o.frequentItemsMapSize());
      DistinctSketch h = new DistinctSketch(o.hllLgK());
      TreeMap<String, Long> f = new TreeMap<>(CodePoints::compare);
      for (Map.Entry<String, long[]> e : c.entrySet()) {
        i.update(e.getKey(), e.getValue()[0]);
        h.update(e.getKey());
        f.put(e.getKey(), e.getValue()[0]);
      }
      return new CategoricalColumnProfile(
          name, rows, rows - count, count, h, i, o.exactFrequencies() ? f : null, false);
    }
  }
}
