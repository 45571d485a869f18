package dev.mlops.api;

import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Something asked for by name, version, id or digest does not exist.
 *
 * <p>Immutable and thread-safe. Build one with a factory so the message is uniform:
 *
 * <pre>{@code
 * throw NotFoundException.artifactVersion("churn-model", 7, 5L);
 * // "artifact 'churn-model' has no version 7 (latest is 5)"
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public class NotFoundException extends MlopsException {
  private static final long serialVersionUID = 1L;

  private final String subject;

  /**
   * Creates the exception.
   *
   * @param subject what was looked for, e.g. {@code "artifact 'churn-model' version 7"}
   * @param message the whole message
   */
  public NotFoundException(String subject, String message) {
    super(message);
    this.subject = subject;
  }

  /**
   * Returns what was looked for, e.g. {@code "artifact 'churn-model' version 7"}.
   *
   * @return the subject
   */
  public String subject() {
    return subject;
  }

  /**
   * An artifact version that does not exist.
   *
   * @param name the artifact name
   * @param version the missing version
   * @param latest the latest existing version, or null when the name has none
   * @return the exception
   */
  public static NotFoundException artifactVersion(
      String name, long version, @Nullable Long latest) {
    String tail =
        latest == null ? " (it has no versions; check the name)" : " (latest is " + latest + ")";
    return new NotFoundException(
        "artifact '" + name + "' version " + version,
        "artifact '" + name + "' has no version " + version + tail);
  }

  /**
   * A blob digest that is not in the blob store.
   *
   * @param digest the digest in {@code sha256:<hex>} form
   * @return the exception
   */
  public static NotFoundException blob(String digest) {
    return new NotFoundException(
        "blob " + digest,
        "blob " + digest + " is not in the store; put the bytes first or check the digest");
  }

  /**
   * An entity of some kind that does not exist.
   *
   * @param kind e.g. {@code "run"}, {@code "experiment"}, {@code "registered model"}
   * @param id its id or name
   * @return the exception
   */
  public static NotFoundException of(String kind, String id) {
    return new NotFoundException(
        kind + " '" + id + "'", kind + " '" + id + "' does not exist; check the id or create it");
  }
}
