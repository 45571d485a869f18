package dev.mlops.validation.profile;

import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.Column;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apiguardian.api.API;

/**
 * Profiles a {@link Table}, on the calling thread or in chunks on an {@link Executor}.
 *
 * <p>Stateless and thread-safe. Numeric columns are read in blocks of 4,096 rows: the non-missing
 * values of a block are gathered once, then feed the moments, min/max, the KLL sketch (bulk update)
 * and the HLL sketch. Categorical columns are counted by dictionary code, so each sketch sees each
 * category of a chunk once with its count.
 *
 * <pre>{@code
 * Profile p = Profiler.profile(table);                                 // defaults
 * Profile fast = Profiler.profile(table, ProfileOptions.floor());
 * Profile par = Profiler.profile(table, ProfileOptions.defaults(), executor);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Profiler {

  private static final int BLOCK = 4096;

  private Profiler() {}

  /**
   * Profiles a table with the default options.
   *
   * @param table the table
   * @return its profile
   * @throws NullPointerException if {@code table} is null
   */
  public static Profile profile(Table table) {
    return profile(table, ProfileOptions.defaults());
  }

  /**
   * Profiles a table on the calling thread.
   *
   * @param table the table
   * @param options sketch parameters and switches
   * @return its profile
   * @throws NullPointerException if an argument is null
   */
  public static Profile profile(Table table, ProfileOptions options) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(options, "options");
    List<ColumnProfile> cs = new ArrayList<>(table.columnCount());
    for (Column c : table.columns()) {
      cs.add(profileColumn(c, options));
    }
    return new Profile(table.rowCount(), options, cs);
  }

  /**
   * Profiles a table in chunks of {@link ProfileOptions#chunkRows()} rows (zero-copy slices) on an
   * executor and merges the chunk profiles in row order.
   *
   * @param table the table
   * @param options sketch parameters and switches
   * @param executor runs one task per chunk
   * @return its profile: counts, min and max equal those of {@link #profile(Table,
   *     ProfileOptions)}; sketches within their stated error
   * @throws NullPointerException if an argument is null
   */
  public static Profile profile(Table table, ProfileOptions options, Executor executor) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(executor, "executor");
    int rows = table.rowCount();
    int chunk = options.chunkRows();
    if (rows <= chunk) {
      return profile(table, options);
    }
    List<CompletableFuture<Profile>> parts = new ArrayList<>();
    for (int from = 0; from < rows; from += chunk) {
      Table slice = table.slice(from, Math.min(rows, from + chunk));
      parts.add(CompletableFuture.supplyAsync(() -> profile(slice, options), executor));
    }
    List<Profile> done = new ArrayList<>(parts.size());
    try {
      for (CompletableFuture<Profile> f : parts) {
        done.add(f.join());
      }
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
    while (done.size() > 1) {
      List<Profile> next = new ArrayList<>((done.size() + 1) / 2);
      for (int i = 0; i + 1 < done.size(); i += 2) {
        next.add(done.get(i).merge(done.get(i + 1)));
      }
      if (done.size() % 2 == 1) {
        next.add(done.get(done.size() - 1));
      }
      done = next;
    }
    return done.get(0);
  }

  private static ColumnProfile profileColumn(Column c, ProfileOptions o) {
    if (c instanceof NumericColumn n) {
      return numeric(n, o);
    }
    if (c instanceof CategoricalColumn k) {
      return categorical(k, o);
    }
    if (c instanceof BooleanColumn b) {
      return bool(b);
    }
    return timestamp((TimestampColumn) c, o);
  }

  static NumericColumnProfile numeric(NumericColumn c, ProfileOptions o) {
    int size = c.size();
    QuantileSketch kll = new QuantileSketch(o.kllK());
    DistinctSketch hll = new DistinctSketch(o.hllLgK());
    double[] buf = new double[Math.min(BLOCK, Math.max(size, 1))];
    Moments m = Moments.EMPTY;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long missing = 0;
    for (int start = 0; start < size; start += BLOCK) {
      int end = Math.min(size, start + BLOCK);
      int len = 0;
      for (int i = start; i < end; i++) {
        double v = c.value(i);
        buf[len] = v;
        len += v == v ? 1 : 0;
      }
      missing += (end - start) - len;
      if (len == 0) {
        continue;
      }
      for (int j = 0; j < len; j++) {
        double v = buf[j];
        min = Math.min(min, v);
        max = Math.max(max, v);
        hll.update(v);
      }
      m = Moments.merge(m, Moments.of(buf, 0, len));
      kll.update(buf, 0, len);
    }
    kll.seal();
    long nulls = c.nullCount();
    return new NumericColumnProfile(c.name(), size, nulls, missing - nulls, m, min, max, kll, hll);
  }

  static CategoricalColumnProfile categorical(CategoricalColumn c, ProfileOptions o) {
    int size = c.size();
    long[] counts = new long[c.dictionarySize()];
    for (int i = 0; i < size; i++) {
      int code = c.code(i);
      if (code >= 0) {
        counts[code]++;
      }
    }
    DistinctSketch hll = new DistinctSketch(o.hllLgK());
    FrequentItems items = new FrequentItems(o.frequentItemsMapSize());
    boolean keep = o.exactFrequencies();
    Map<String, Long> freq = keep ? new TreeMap<>(CodePoints::compare) : null;
    boolean capped = false;
    long count = 0;
    for (int code = 0; code < counts.length; code++) {
      long k = counts[code];
      if (k == 0) {
        continue;
      }
      String s = c.categoryOf(code);
      count += k;
      hll.update(s);
      items.update(s, k);
      if (freq != null) {
        freq.merge(s, k, Long::sum);
        if (freq.size() > o.exactFrequencyCap()) {
          freq = null;
          capped = true;
        }
      }
    }
    return new CategoricalColumnProfile(
        c.name(), size, c.nullCount(), count, hll, items, freq, capped);
  }

  static BooleanColumnProfile bool(BooleanColumn c) {
    long t = 0;
    long f = 0;
    for (int i = 0; i < c.size(); i++) {
      if (!c.isNull(i)) {
        if (c.value(i)) {
          t++;
        } else {
          f++;
        }
      }
    }
    return new BooleanColumnProfile(c.name(), c.size(), c.nullCount(), t, f);
  }

  static TimestampColumnProfile timestamp(TimestampColumn c, ProfileOptions o) {
    DistinctSketch hll = new DistinctSketch(o.hllLgK());
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < c.size(); i++) {
      if (!c.isNull(i)) {
        long v = c.micros(i);
        min = Math.min(min, v);
        max = Math.max(max, v);
        hll.update(v);
      }
    }
    return new TimestampColumnProfile(c.name(), c.size(), c.nullCount(), min, max, hll);
  }
}
