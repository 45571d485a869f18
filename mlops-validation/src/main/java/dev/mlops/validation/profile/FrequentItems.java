package dev.mlops.validation.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;
import org.apiguardian.api.API;

/**
 * A frequent-items sketch of strings (Apache DataSketches, Misra-Gries with a map of a fixed size),
 * read-only once it is part of a profile.
 *
 * <p>Thread-safe: reads are serialized on a private lock. Each estimated count is off by at most
 * {@link #maximumError()} (a hard bound, 0 while the map holds every item).
 *
 * <pre>{@code
 * for (FrequentItems.Item i : categoricalProfile.frequentItems().top(5)) {
 *   System.out.println(i.item() + " " + i.estimate());
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FrequentItems {

  private static final ArrayOfStringsSerDe SERDE = new ArrayOfStringsSerDe();

  private final Object lock = new Object();
  private final int mapSize;
  private final ItemsSketch<String> sketch;

  /**
   * One item with its estimated count and the bounds of its true count.
   *
   * @param item the item
   * @param estimate the estimated count
   * @param lowerBound the true count is at least this
   * @param upperBound the true count is at most this
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Item(String item, long estimate, long lowerBound, long upperBound) {
    /**
     * Creates an item.
     *
     * @throws NullPointerException if {@code item} is null
     */
    public Item {
      Objects.requireNonNull(item, "item");
    }
  }

  FrequentItems(int mapSize) {
    this.mapSize = mapSize;
    this.sketch = new ItemsSketch<>(mapSize);
  }

  private FrequentItems(int mapSize, ItemsSketch<String> sketch) {
    this.mapSize = mapSize;
    this.sketch = sketch;
  }

  void update(String item, long count) {
    sketch.update(item, count);
  }

  static FrequentItems merged(FrequentItems a, FrequentItems b) {
    if (a.mapSize != b.mapSize) {
      throw new IllegalArgumentException(
          "cannot merge frequent-items sketches of map size " + a.mapSize + " and " + b.mapSize);
    }
    ItemsSketch<String> m = new ItemsSketch<>(a.mapSize);
    synchronized (a.lock) {
      m.merge(a.sketch);
    }
    synchronized (b.lock) {
      m.merge(b.sketch);
    }
    return new FrequentItems(a.mapSize, m);
  }

  byte[] image() {
    synchronized (lock) {
      return sketch.toByteArray(SERDE);
    }
  }

  static FrequentItems fromImage(byte[] image, int expectedMapSize) {
    if (image.length < 8) {
      throw new IllegalArgumentException(
          "frequent-items image of " + image.length + " bytes is too short");
    }
    int lgMax = image[3] & 0xff;
    int lgCur = image[4] & 0xff;
    if (lgMax != Integer.numberOfTrailingZeros(expectedMapSize) || lgCur > lgMax) {
      throw new IllegalArgumentException(
          "frequent-items image has lgMaxMapSize "
              + lgMax
              + ", expected map size "
              + expectedMapSize);
    }
    checkItems(image, lgCur);
    ItemsSketch<String> s = ItemsSketch.getInstance(Memory.wrap(image), SERDE);
    return new FrequentItems(expectedMapSize, s);
  }

  /**
   * Walks the item region of an image before DataSketches allocates for it: a corrupt length would
   * otherwise make the string deserializer allocate gigabytes. Layout: 1 preamble long when empty;
   * else 4 (flags, active items at byte 8, stream length, offset), the counts, then per item an int
   * length and its UTF-8 bytes (little-endian).
   */
  private static void checkItems(byte[] image, int lgCur) {
    int preLongs = image[0] & 0x3f;
    if (preLongs == 1) {
      return;
    }
    if (preLongs != 4 || image.length < 32) {
      throw new IllegalArgumentException("frequent-items image has a bad preamble");
    }
    int n = littleEndianInt(image, 8);
    if (n <= 0 || n > (3 << lgCur) / 4 + 1) {
      throw new IllegalArgumentException("frequent-items image claims " + n + " active items");
    }
    long off = 32L + 8L * n;
    for (int i = 0; i < n; i++) {
      if (off + 4 > image.length) {
        throw new IllegalArgumentException("frequent-items image is truncated");
      }
      int len = littleEndianInt(image, (int) off);
      if (len < 0 || off + 4 + len > image.length) {
        throw new IllegalArgumentException("frequent-items image has an item of length " + len);
      }
      off += 4L + len;
    }
  }

  private static int littleEndianInt(byte[] b, int at) {
    return (b[at] & 0xff)
        | (b[at + 1] & 0xff) << 8
        | (b[at + 2] & 0xff) << 16
        | (b[at + 3] & 0xff) << 24;
  }

  /**
   * Returns the maximum map size.
   *
   * @return the map size
   */
  public int mapSize() {
    return mapSize;
  }

  /**
   * Returns the hard bound on the error of every estimated count.
   *
   * @return the bound, 0 while every item is held exactly
   */
  public long maximumError() {
    synchronized (lock) {
      return sketch.getMaximumError();
    }
  }

  /**
   * Returns the total count of all items seen.
   *
   * @return the stream length
   */
  public long streamLength() {
    synchronized (lock) {
      return sketch.getStreamLength();
    }
  }

  /**
   * Returns up to {@code n} items with the largest estimates, count descending then item by Unicode
   * code point.
   *
   * @param n how many
   * @return the items
   * @throws IllegalArgumentException if n is negative
   */
  public List<Item> top(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, was " + n);
    }
    List<Item> all = new ArrayList<>();
    synchronized (lock) {
      if (sketch.isEmpty()) {
        return List.of();
      }
      for (ItemsSketch.Row<String> r : sketch.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
        all.add(new Item(r.getItem(), r.getEstimate(), r.getLowerBound(), r.getUpperBound()));
      }
    }
    all.sort(
        (x, y) -> {
          int c = Long.compare(y.estimate(), x.estimate());
          return c != 0 ? c : CodePoints.compare(x.item(), y.item());
        });
    return List.copyOf(all.subList(0, Math.min(n, all.size())));
  }

  @Override
  public String toString() {
    return "FrequentItems[mapSize=" + mapSize + ", n=" + streamLength() + "]";
  }
}
