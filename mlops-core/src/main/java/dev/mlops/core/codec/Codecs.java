package dev.mlops.core.codec;

import dev.mlops.spi.Codec;
import org.apiguardian.api.API;

/**
 * The built-in codecs for pipeline step outputs.
 *
 * <p>Every codec returned is stateless and thread-safe; share them. Their ids and versions: {@code
 * mlops.bytes} 1, {@code mlops.utf8} 1, {@code mlops.json} 1, {@code mlops.table} ({@link
 * TableCodec#VERSION}).
 *
 * <pre>{@code
 * Output<String> text = Output.of("text", Codecs.utf8());
 * Output<Stats> stats = Output.of("stats", Codecs.json(Stats.class));
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Codecs {
  private Codecs() {}

  /**
   * Returns the codec of raw bytes ({@code application/octet-stream}).
   *
   * @return the codec
   */
  public static Codec<byte[]> bytes() {
    return BytesCodec.INSTANCE;
  }

  /**
   * Returns the codec of text as strict UTF-8 ({@code text/plain; charset=utf-8}): encoding refuses
   * an unpaired surrogate with {@link dev.mlops.api.InvalidInputException}, decoding refuses
   * malformed bytes with {@link dev.mlops.api.CorruptArtifactException}.
   *
   * @return the codec
   */
  public static Codec<String> utf8() {
    return Utf8Codec.INSTANCE;
  }

  /**
   * Returns a JSON codec for a class, through Jackson with explicit types only (never a class name
   * read from the input): properties and map keys are written sorted, so equal values give equal
   * bytes; unknown properties and trailing data are refused on decoding.
   *
   * @param type the value class (a record, a bean, a boxed primitive, a String, ...)
   * @param <T> the value type
   * @return the codec
   */
  public static <T> Codec<T> json(Class<T> type) {
    return new JsonCodec<>(type);
  }

  /**
   * Returns the codec of {@link dev.mlops.api.table.Table}s: {@link TableCodec}, a versioned,
   * deterministic binary format.
   *
   * @return the codec
   */
  public static Codec<dev.mlops.api.table.Table> table() {
    return TableCodec.instance();
  }
}
