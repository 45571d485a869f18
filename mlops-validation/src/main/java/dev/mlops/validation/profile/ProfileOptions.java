package dev.mlops.validation.profile;

import org.apiguardian.api.API;

/**
 * Sketch parameters and switches of a profile.
 *
 * <p>Immutable and thread-safe. {@link #defaults()}: KLL k=200, HLL lgK=12, frequent items map 128,
 * histogram on (10 bins), exact categorical frequencies on up to 10,000 categories, parallel chunks
 * of 262,144 rows. {@link #floor()} is the sketch set of the performance floor: the same sketches
 * with histogram and exact frequencies off.
 *
 * <p>The histogram is derived from the KLL sketch when it is read ({@link
 * NumericColumnProfile#histogram(int)}): equal-width bins between min and max, counts from the
 * sketch's CDF, so it merges exactly as the sketch does and costs nothing while profiling; the
 * switch only says whether {@link ProfileJson} writes it. Exact frequencies cost a count per
 * category per chunk; beyond the cap a column's frequencies are dropped and marked capped.
 *
 * <pre>{@code
 * ProfileOptions o = ProfileOptions.defaults().withExactFrequencies(false);
 * Profile p = Profiler.profile(table, o);
 * }</pre>
 *
 * @param kllK KLL parameter k, 8 to 65535
 * @param hllLgK HLL log2 buckets, 4 to 21
 * @param frequentItemsMapSize frequent-items map size, a power of two from 8
 * @param histogram whether {@link ProfileJson} writes numeric histograms
 * @param histogramBins number of histogram bins, at least 1
 * @param exactFrequencies whether categorical columns keep exact frequencies
 * @param exactFrequencyCap the most categories whose exact frequencies are kept, at least 1
 * @param chunkRows rows per task of a parallel profile, at least 1
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ProfileOptions(
    int kllK,
    int hllLgK,
    int frequentItemsMapSize,
    boolean histogram,
    int histogramBins,
    boolean exactFrequencies,
    int exactFrequencyCap,
    int chunkRows) {

  /**
   * Validates the parameters.
   *
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public ProfileOptions {
    if (kllK < 8 || kllK > 65535) {
      throw new IllegalArgumentException("kllK must be in [8, 65535], was " + kllK);
    }
    if (hllLgK < 4 || hllLgK > 21) {
      throw new IllegalArgumentException("hllLgK must be in [4, 21], was " + hllLgK);
    }
    if (frequentItemsMapSize < 8 || Integer.bitCount(frequentItemsMapSize) != 1) {
      throw new IllegalArgumentException(
          "frequentItemsMapSize must be a power of two >= 8, was " + frequentItemsMapSize);
    }
    if (histogramBins < 1) {
      throw new IllegalArgumentException("histogramBins must be >= 1, was " + histogramBins);
    }
    if (exactFrequencyCap < 1) {
      throw new IllegalArgumentException(
          "exactFrequencyCap must be >= 1, was " + exactFrequencyCap);
    }
    if (chunkRows < 1) {
      throw new IllegalArgumentException("chunkRows must be >= 1, was " + chunkRows);
    }
  }

  /**
   * Returns the defaults.
   *
   * @return KLL 200, HLL 12, items 128, histogram 10 bins, exact frequencies up to 10,000
   */
  public static ProfileOptions defaults() {
    return new ProfileOptions(200, 12, 128, true, 10, true, 10_000, 262_144);
  }

  /**
   * Returns the performance floor's sketch set: the defaults with histogram and exact frequencies
   * off.
   *
   * @return the options
   */
  public static ProfileOptions floor() {
    return defaults().withHistogram(false).withExactFrequencies(false);
  }

  /**
   * Returns a copy with another KLL k.
   *
   * @param k the parameter
   * @return the copy
   * @throws IllegalArgumentException if k is out of range
   */
  public ProfileOptions withKllK(int k) {
    return new ProfileOptions(
        k,
        hllLgK,
        frequentItemsMapSize,
        histogram,
        histogramBins,
        exactFrequencies,
        exactFrequencyCap,
        chunkRows);
  }

  /**
   * Returns a copy with another HLL lgK.
   *
   * @param lgK the parameter
   * @return the copy
   * @throws IllegalArgumentException if lgK is out of range
   */
  public ProfileOptions withHllLgK(int lgK) {
    return new ProfileOptions(
        kllK,
        lgK,
        frequentItemsMapSize,
        histogram,
        histogramBins,
        exactFrequencies,
        exactFrequencyCap,
        chunkRows);
  }

  /**
   * Returns a copy with the histogram switched on or off.
   *
   * @param on whether to write histograms
   * @return the copy
   */
  public ProfileOptions withHistogram(boolean on) {
    return new ProfileOptions(
        kllK,
        hllLgK,
        frequentItemsMapSize,
        on,
        histogramBins,
        exactFrequencies,
        exactFrequencyCap,
        chunkRows);
  }

  /**
   * Returns a copy with exact frequencies switched on or off.
   *
   * @param on whether to keep exact frequencies
   * @return the copy
   */
  public ProfileOptions withExactFrequencies(boolean on) {
    return new ProfileOptions(
        kllK,
        hllLgK,
        frequentItemsMapSize,
        histogram,
        histogramBins,
        on,
        exactFrequencyCap,
        chunkRows);
  }

  /**
   * Returns a copy with another cardinality cap for exact frequencies.
   *
   * @param cap the most categories kept
   * @return the copy
   * @throws IllegalArgumentException if cap is below 1
   */
  public ProfileOptions withExactFrequencyCap(int cap) {
    return new ProfileOptions(
        kllK,
        hllLgK,
        frequentItemsMapSize,
        histogram,
        histogramBins,
        exactFrequencies,
        cap,
        chunkRows);
  }

  /**
   * Returns a copy with another chunk size for parallel profiling.
   *
   * @param rows rows per task
   * @return the copy
   * @throws IllegalArgumentException if rows is below 1
   */
  public ProfileOptions withChunkRows(int rows) {
    return new ProfileOptions(
        kllK,
        hllLgK,
        frequentItemsMapSize,
        histogram,
        histogramBins,
        exactFrequencies,
        exactFrequencyCap,
        rows);
  }

  /** Whether two options give profiles that can be merged (same sketches and switches). */
  boolean mergeableWith(ProfileOptions o) {
    return kllK == o.kllK
        && hllLgK == o.hllLgK
        && frequentItemsMapSize == o.frequentItemsMapSize
        && exactFrequencies == o.exactFrequencies
        && exactFrequencyCap == o.exactFrequencyCap;
  }
}
