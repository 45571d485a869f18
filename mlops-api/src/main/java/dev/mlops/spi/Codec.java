package dev.mlops.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apiguardian.api.API;

/**
 * Turns values of one type into bytes and back, so that pipeline step outputs can be stored as
 * artifacts and read by a later step, a later run or another process.
 *
 * <p>Implementations must be thread-safe and stateless: one instance encodes and decodes from many
 * threads at once. Encoding must be deterministic (equal values give equal bytes), because step
 * outputs are compared digest by digest when a run is reproduced. The {@link #id()} and {@link
 * #version()} are part of every step's cache key: change the version whenever the byte format
 * changes, so cached results written in the old format are not reused.
 *
 * <pre>{@code
 * Codec<String> utf8 = new Codec<>() {
 *   public String id() { return "my.utf8"; }
 *   public int version() { return 1; }
 *   public Class<String> type() { return String.class; }
 *   public String mediaType() { return "text/plain; charset=utf-8"; }
 *   public void encode(String value, OutputStream out) throws IOException {
 *     out.write(value.getBytes(StandardCharsets.UTF_8));
 *   }
 *   public String decode(InputStream in) throws IOException {
 *     return new String(in.readAllBytes(), StandardCharsets.UTF_8);
 *   }
 * };
 * }</pre>
 *
 * @param <T> the type of the values
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Codec<T> {

  /**
   * Returns the codec's identifier, stable across releases ({@link dev.mlops.api.Names#requireName}
   * rules), e.g. {@code mlops.json}.
   *
   * @return the identifier
   */
  String id();

  /**
   * Returns the version of the byte format; a new format gets a greater number.
   *
   * @return the format version, at least 1
   */
  int version();

  /**
   * Returns the class of the values this codec handles.
   *
   * @return the value class
   */
  Class<T> type();

  /**
   * Returns the media type of the encoded bytes, stored with the artifact.
   *
   * @return the media type, e.g. {@code application/json}
   */
  String mediaType();

  /**
   * Writes a value. The stream is not closed.
   *
   * @param value the value
   * @param out where to write
   * @throws IOException if writing fails
   * @throws dev.mlops.api.InvalidInputException if the value cannot be encoded; the message says
   *     why
   */
  void encode(T value, OutputStream out) throws IOException;

  /**
   * Reads a value written by {@link #encode} with this codec's id and version. Reads the stream to
   * its end or as far as the value goes; the stream is not closed.
   *
   * @param in the bytes
   * @return the value
   * @throws IOException if reading fails
   * @throws dev.mlops.api.CorruptArtifactException if the bytes are not a value of this format
   */
  T decode(InputStream in) throws IOException;
}
