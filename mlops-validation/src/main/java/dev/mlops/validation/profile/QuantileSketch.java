package dev.mlops.validation.profile;

import java.util.Arrays;
import java.util.Objects;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.apache.datasketches.quantilescommon.QuantilesDoublesSketchIterator;
import org.apiguardian.api.API;

/**
 * A quantile sketch of doubles (Apache DataSketches KLL), read-only once it is part of a profile.
 *
 * <p>Thread-safe: readers share the instance; reads are serialized on a private lock because the
 * underlying sketch caches a sorted view on first read. While the sketch holds every value (it is
 * not in estimation mode), quantiles and ranks are exact and quantiles follow NumPy's {@code
 * linear} method; otherwise a returned quantile's normalized rank is within {@link #rankError()} of
 * the requested rank with 99 % confidence (KLL k=200: 1.33 %).
 *
 * <pre>{@code
 * QuantileSketch q = numericProfile.quantileSketch();
 * double median = q.quantile(0.5);
 * double share = q.rank(10.0); // fraction of values <= 10
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class QuantileSketch {

  private final Object lock = new Object();
  private final int k;
  private final KllDoublesSketch sketch;

  QuantileSketch(int k) {
    this.k = k;
    this.sketch = KllDoublesSketch.newHeapInstance(k);
  }

  private QuantileSketch(int k, KllDoublesSketch sketch) {
    this.k = k;
    this.sketch = sketch;
    seal();
  }

  /**
   * Puts the sketch in its read state: the first read sorts level 0 in place (and flags it), which
   * would otherwise change the serialized image of a shared sketch after its first query.
   */
  void seal() {
    synchronized (lock) {
      if (!sketch.isEmpty()) {
        sketch.getQuantile(0.5, QuantileSearchCriteria.INCLUSIVE);
      }
    }
  }

  /** Adds values; only during profiling, before the sketch is shared. */
  void update(double[] values, int from, int length) {
    if (length > 0) {
      sketch.update(values, from, length);
    }
  }

  /** Returns a new sketch holding both inputs; the inputs are unchanged. */
  static QuantileSketch merged(QuantileSketch a, QuantileSketch b) {
    if (a.k != b.k) {
      throw new IllegalArgumentException("cannot merge KLL sketches of k " + a.k + " and " + b.k);
    }
    KllDoublesSketch m = KllDoublesSketch.newHeapInstance(a.k);
    synchronized (a.lock) {
      m.merge(a.sketch);
    }
    synchronized (b.lock) {
      m.merge(b.sketch);
    }
    return new QuantileSketch(a.k, m);
  }

  /** The DataSketches compact image (encoding {@link SketchEncoding#KLL_DOUBLES}). */
  byte[] image() {
    synchronized (lock) {
      return sketch.toByteArray();
    }
  }

  /**
   * Reads an image; the caller turns any RuntimeException into InvalidInputException.
   *
   * @throws IllegalArgumentException if the image's k is not the expected one
   */
  static QuantileSketch fromImage(byte[] image, int expectedK) {
    if (image.length < 8) {
      throw new IllegalArgumentException("KLL image of " + image.length + " bytes is too short");
    }
    int k = (image[4] & 0xff) | ((image[5] & 0xff) << 8);
    if (k != expectedK) {
      throw new IllegalArgumentException("KLL image has k " + k + ", expected " + expectedK);
    }
    checkLevels(image);
    KllDoublesSketch s = KllDoublesSketch.heapify(Memory.wrap(image));
    return new QuantileSketch(expectedK, s);
  }

  /** The retained items (any mode), sorted ascending, possibly with repeats. */
  double[] retainedItems() {
    synchronized (lock) {
      double[] v = new double[sketch.getNumRetained()];
      QuantilesDoublesSketchIterator it = sketch.iterator();
      int i = 0;
      while (it.next()) {
        v[i++] = it.getQuantile();
      }
      Arrays.sort(v);
      return v;
    }
  }

  /**
   * Checks the level structure of a full image before DataSketches sorts it (corrupt levels make
   * its merge sort recurse without end). Layout (little-endian): preamble ints at byte 0 (2 for an
   * empty or single-value sketch, 5 otherwise), m at 6, n at 8, the number of levels at 18, then
   * one int per level (the item offset where it starts), min, max and the retained items. The items
   * of level i weigh 2^i and must add up to n.
   */
  private static void checkLevels(byte[] image) {
    int preInts = image[0] & 0xff;
    if (preInts == 2) {
      return;
    }
    if (preInts != 5 || image.length < 20) {
      throw new IllegalArgumentException("KLL image has a bad preamble");
    }
    int m = image[6] & 0xff;
    if (m < 2 || m > 8 || (m & 1) != 0) {
      throw new IllegalArgumentException("KLL image has m " + m);
    }
    long n = 0;
    for (int i = 7; i >= 0; i--) {
      n = (n << 8) | (image[8 + i] & 0xff);
    }
    int levels = image[18] & 0xff;
    long header = 20L + 4L * levels + 16;
    if (levels < 1 || levels > 61 || image.length < header || (image.length - header) % 8 != 0) {
      throw new IllegalArgumentException(
          "KLL image has " + levels + " levels in " + image.length + " bytes");
    }
    long[] at = new long[levels + 1];
    for (int i = 0; i < levels; i++) {
      int o = 20 + 4 * i;
      at[i] =
          (image[o] & 0xff)
              | (image[o + 1] & 0xff) << 8
              | (image[o + 2] & 0xff) << 16
              | (long) (image[o + 3] & 0xff) << 24;
    }
    at[levels] = at[0] + (image.length - header) / 8;
    int k = (image[4] & 0xff) | ((image[5] & 0xff) << 8);
    if (at[levels] != capacity(k, m, levels)) {
      throw new IllegalArgumentException("KLL image's levels do not fit its k and level count");
    }
    long weight = 0;
    for (int i = 0; i < levels; i++) {
      long items = at[i + 1] - at[i];
      if (items < 0) {
        throw new IllegalArgumentException("KLL image has levels out of order");
      }
      weight += items << i;
    }
    if (weight != n) {
      throw new IllegalArgumentException("KLL image weighs " + weight + ", not its n " + n);
    }
  }

  /** KLL's total item capacity of {@code levels} levels (KllHelper.computeTotalItemCapacity). */
  static long capacity(int k, int m, int levels) {
    long total = 0;
    for (int h = 0; h < levels; h++) {
      total += Math.max(m, capAux(k, levels - h - 1));
    }
    return total;
  }

  private static long capAux(long k, int depth) {
    if (depth <= 30) {
      return capAuxAux(k, depth);
    }
    int half = depth / 2;
    return capAuxAux(capAuxAux(k, half), depth - half);
  }

  /** round(k (2/3)^depth) in integers, as KLL computes it. */
  private static long capAuxAux(long k, int depth) {
    long twoK = k << 1;
    long tmp = (twoK << depth) / pow3(depth);
    return (tmp + 1) >> 1;
  }

  private static long pow3(int n) {
    long p = 1;
    for (int i = 0; i < n; i++) {
      p *= 3;
    }
    return p;
  }

  /**
   * Returns the sketch parameter k.
   *
   * @return k
   */
  public int k() {
    return k;
  }

  /**
   * Returns the number of values seen.
   *
   * @return n
   */
  public long n() {
    synchronized (lock) {
      return sketch.getN();
    }
  }

  /**
   * Tells whether the sketch still holds every value, so quantiles and ranks are exact.
   *
   * @return true while not in estimation mode
   */
  public boolean exact() {
    synchronized (lock) {
      return !sketch.isEstimationMode();
    }
  }

  /**
   * Returns the normalized rank error at 99 % confidence: 0 while {@link #exact()}, else
   * DataSketches' {@code getNormalizedRankError(k, false)} (k=200: 0.0133).
   *
   * @return the bound
   */
  public double rankError() {
    return exact() ? 0.0 : rankError(k);
  }

  /**
   * Returns the normalized rank error of a KLL sketch of parameter k at 99 % confidence.
   *
   * @param k the parameter
   * @return DataSketches' single-rank bound
   * @throws IllegalArgumentException if k is outside DataSketches' range
   */
  public static double rankError(int k) {
    return KllSketch.getNormalizedRankError(k, false);
  }

  /**
   * Returns the retained values, sorted, while the sketch is exact.
   *
   * @return every value seen, sorted ascending
   * @throws IllegalStateException if the sketch is in estimation mode
   */
  public double[] values() {
    synchronized (lock) {
      if (sketch.isEstimationMode()) {
        throw new IllegalStateException("the sketch no longer holds every value");
      }
      double[] v = new double[sketch.getNumRetained()];
      QuantilesDoublesSketchIterator it = sketch.iterator();
      int i = 0;
      while (it.next()) {
        v[i++] = it.getQuantile();
      }
      Arrays.sort(v);
      return v;
    }
  }

  /**
   * Returns the value at a normalized rank: NumPy's {@code linear} quantile while exact, else the
   * sketch's inclusive quantile.
   *
   * @param rank in [0, 1]
   * @return the quantile; NaN when the sketch is empty
   * @throws IllegalArgumentException if the rank is outside [0, 1]
   */
  public double quantile(double rank) {
    return quantiles(new double[] {rank})[0];
  }

  /**
   * Returns the values at several normalized ranks.
   *
   * @param ranks each in [0, 1]
   * @return the quantiles, NaN each when the sketch is empty
   * @throws IllegalArgumentException if a rank is outside [0, 1]
   * @throws NullPointerException if {@code ranks} is null
   */
  public double[] quantiles(double[] ranks) {
    Objects.requireNonNull(ranks, "ranks");
    for (double r : ranks) {
      if (!(r >= 0 && r <= 1)) {
        throw new IllegalArgumentException("rank must be in [0, 1], was " + r);
      }
    }
    double[] out = new double[ranks.length];
    synchronized (lock) {
      if (sketch.isEmpty()) {
        Arrays.fill(out, Double.NaN);
        return out;
      }
      if (!sketch.isEstimationMode()) {
        double[] v = values();
        for (int i = 0; i < ranks.length; i++) {
          out[i] = linear(v, ranks[i]);
        }
        return out;
      }
      for (int i = 0; i < ranks.length; i++) {
        out[i] = sketch.getQuantile(ranks[i], QuantileSearchCriteria.INCLUSIVE);
      }
      return out;
    }
  }

  /** NumPy's {@code linear} (Hyndman-Fan 7) quantile of sorted values. */
  static double linear(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    if (lo >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    double frac = h - lo;
    double a = sorted[lo];
    double b = sorted[lo + 1];
    return frac == 0 ? a : a + frac * (b - a);
  }

  /**
   * Returns the fraction of values at or below x (exact while {@link #exact()}).
   *
   * @param x the value
   * @return the normalized rank in [0, 1]; NaN when the sketch is empty
   */
  public double rank(double x) {
    synchronized (lock) {
      if (sketch.isEmpty()) {
        return Double.NaN;
      }
      return sketch.getRank(x, QuantileSearchCriteria.INCLUSIVE);
    }
  }

  @Override
  public String toString() {
    return "QuantileSketch[k=" + k + ", n=" + n() + "]";
  }
}
