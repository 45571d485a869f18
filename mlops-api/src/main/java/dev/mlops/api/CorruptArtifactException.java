package dev.mlops.api;

import org.apiguardian.api.API;

/**
 * Stored bytes do not match their digest: the blob was damaged on disk or edited behind the
 * library's back. The bytes are never served as if they were good.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * try (InputStream in = blobs.open(digest)) {
 *   in.transferTo(out);
 * } catch (CorruptArtifactException e) {
 *   log.error("expected {} but read {}", e.digestExpected(), e.digestActual());
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public class CorruptArtifactException extends MlopsException {
  private static final long serialVersionUID = 1L;

  private final String digestExpected;
  private final String digestActual;

  /**
   * Creates the exception.
   *
   * @param digestExpected the digest the bytes are stored under ({@code sha256:<hex>})
   * @param digestActual the digest of the bytes actually read, or a description such as {@code
   *     "size 10 instead of 12"}
   * @param message what is corrupt and what to do
   */
  public CorruptArtifactException(String digestExpected, String digestActual, String message) {
    super(message);
    this.digestExpected = digestExpected;
    this.digestActual = digestActual;
  }

  /**
   * A blob whose bytes hash to something else than its name says.
   *
   * @param expected the digest the blob is stored under
   * @param actual the digest of the bytes read
   * @return the exception
   */
  public static CorruptArtifactException blob(String expected, String actual) {
    return new CorruptArtifactException(
        expected,
        actual,
        "blob "
            + expected
            + " is corrupt: its bytes hash to "
            + actual
            + "; restore it from a backup or delete it and put the original bytes again"
            + " (run fsck to find every corrupt blob)");
  }

  /**
   * Returns the digest the bytes are stored under.
   *
   * @return the expected digest
   */
  public String digestExpected() {
    return digestExpected;
  }

  /**
   * Returns the digest of the bytes actually read.
   *
   * @return the actual digest
   */
  public String digestActual() {
    return digestActual;
  }
}
