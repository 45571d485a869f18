package dev.mlops.validation.profile;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;
import org.apiguardian.api.API;

/**
 * A distinct-count sketch (Apache DataSketches HLL), read-only once it is part of a profile.
 *
 * <p>Thread-safe: reads are serialized on a private lock. The estimate is within {@link
 * #relativeError()} of the true count with 99 % confidence: 3 standard errors of 1.04 / sqrt(2^lgK)
 * (lgK=12: 0.04875); {@link #lowerBound()} and {@link #upperBound()} are the sketch's own 3-sigma
 * bounds.
 *
 * <pre>{@code
 * DistinctSketch d = numericProfile.distinctSketch();
 * long distinct = Math.round(d.estimate());
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class DistinctSketch {

  private final Object lock = new Object();
  private final int lgK;
  private final HllSketch sketch;

  DistinctSketch(int lgK) {
    this.lgK = lgK;
    this.sketch = new HllSketch(lgK, TgtHllType.HLL_8);
  }

  private DistinctSketch(int lgK, HllSketch sketch) {
    this.lgK = lgK;
    this.sketch = sketch;
  }

  void update(double value) {
    sketch.update(value);
  }

  void update(long value) {
    sketch.update(value);
  }

  void update(String value) {
    sketch.update(value);
  }

  static DistinctSketch merged(DistinctSketch a, DistinctSketch b) {
    if (a.lgK != b.lgK) {
      throw new IllegalArgumentException(
          "cannot merge HLL sketches of lgK " + a.lgK + " and " + b.lgK);
    }
    Union u = new Union(a.lgK);
    synchronized (a.lock) {
      u.update(a.sketch);
    }
    synchronized (b.lock) {
      u.update(b.sketch);
    }
    return new DistinctSketch(a.lgK, u.getResult(TgtHllType.HLL_8));
  }

  byte[] image() {
    synchronized (lock) {
      return sketch.toCompactByteArray();
    }
  }

  static DistinctSketch fromImage(byte[] image, int expectedLgK) {
    if (image.length < 8) {
      throw new IllegalArgumentException("HLL image of " + image.length + " bytes is too short");
    }
    int lgK = image[3] & 0xff;
    if (lgK != expectedLgK) {
      throw new IllegalArgumentException("HLL image has lgK " + lgK + ", expected " + expectedLgK);
    }
    HllSketch s = HllSketch.heapify(Memory.wrap(image));
    if (s.getLgConfigK() != expectedLgK) {
      throw new IllegalArgumentException("HLL image has another lgK");
    }
    return new DistinctSketch(
        expectedLgK, s.getTgtHllType() == TgtHllType.HLL_8 ? s : s.copyAs(TgtHllType.HLL_8));
  }

  /**
   * Returns log2 of the number of buckets.
   *
   * @return lgK
   */
  public int lgK() {
    return lgK;
  }

  /**
   * Returns the estimated number of distinct values.
   *
   * @return the estimate, 0 when empty
   */
  public double estimate() {
    synchronized (lock) {
      return sketch.getEstimate();
    }
  }

  /**
   * Returns the sketch's lower bound at 3 standard deviations (about 99.7 %).
   *
   * @return the bound
   */
  public double lowerBound() {
    synchronized (lock) {
      return sketch.getLowerBound(3);
    }
  }

  /**
   * Returns the sketch's upper bound at 3 standard deviations (about 99.7 %).
   *
   * @return the bound
   */
  public double upperBound() {
    synchronized (lock) {
      return sketch.getUpperBound(3);
    }
  }

  /**
   * Returns the relative error at 99 % confidence: 3 x 1.04 / sqrt(2^lgK).
   *
   * @return the bound
   */
  public double relativeError() {
    return relativeError(lgK);
  }

  /**
   * Returns the relative error of an HLL sketch of lgK buckets at 99 % confidence.
   *
   * @param lgK log2 of the number of buckets
   * @return 3 x 1.04 / sqrt(2^lgK)
   */
  public static double relativeError(int lgK) {
    return 3 * 1.04 / Math.sqrt(Math.scalb(1.0, lgK));
  }

  @Override
  public String toString() {
    return "DistinctSketch[lgK=" + lgK + ", estimate=" + estimate() + "]";
  }
}
