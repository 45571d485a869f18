package dev.mlops.validation.profile;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Whether a profile value is exact or comes from a sketch, and the sketch's error bound at 99 %
 * confidence.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Accuracy a = numericProfile.distinctAccuracy();
 * if (!a.exact()) { double rel = a.bound(); } // e.g. RELATIVE_ERROR 0.04875 for HLL lgK=12
 * }</pre>
 *
 * @param kind what the bound means
 * @param bound the bound (0 when exact)
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Accuracy(Kind kind, double bound) {

  /** An exact value. */
  public static final Accuracy EXACT = new Accuracy(Kind.EXACT, 0.0);

  /**
   * What an error bound bounds.
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public enum Kind {
    /** The value is exact. */
    EXACT("exact"),
    /** |estimate - true| / true is at most the bound (HLL distinct counts). */
    RELATIVE_ERROR("relative_error"),
    /** The normalized rank of a returned quantile is off by at most the bound (KLL). */
    RANK_ERROR("rank_error"),
    /** A count is off by at most the bound (frequent items). */
    ABSOLUTE_ERROR("absolute_error");

    private final String key;

    Kind(String key) {
      this.key = key;
    }

    /**
     * Returns the JSON key of the bound.
     *
     * @return e.g. {@code relative_error}
     */
    public String key() {
      return key;
    }
  }

  /**
   * Validates the bound.
   *
   * @throws NullPointerException if {@code kind} is null
   * @throws IllegalArgumentException if the bound is negative or NaN, or not 0 for EXACT
   */
  public Accuracy {
    Objects.requireNonNull(kind, "kind");
    if (!(bound >= 0)) {
      throw new IllegalArgumentException("bound must be >= 0, was " + bound);
    }
    if (kind == Kind.EXACT && bound != 0) {
      throw new IllegalArgumentException("an exact value has bound 0");
    }
  }

  /**
   * Tells whether the value is exact.
   *
   * @return true for {@link Kind#EXACT}
   */
  public boolean exact() {
    return kind == Kind.EXACT;
  }
}
