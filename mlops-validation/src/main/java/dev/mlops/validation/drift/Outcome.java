package dev.mlops.validation.drift;

import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The result of a test that may be undefined: either a value, or the reason no value exists.
 *
 * <p>Immutable and thread-safe. An undefined test is never reported as 0 or as a made-up p-value.
 *
 * <pre>{@code
 * Outcome<KolmogorovSmirnov.Result> ks = drift.ks();
 * ks.value().ifPresentOrElse(r -> use(r.pvalue()), () -> log(ks.reason()));
 * }</pre>
 *
 * @param <T> the type of a defined result
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public sealed interface Outcome<T> permits Outcome.Defined, Outcome.Undefined {

  /**
   * Returns a defined outcome.
   *
   * @param value the result
   * @param <T> its type
   * @return the outcome
   * @throws NullPointerException if {@code value} is null
   */
  static <T> Outcome<T> defined(T value) {
    return new Defined<>(value);
  }

  /**
   * Returns an undefined outcome.
   *
   * @param reason why the test cannot be computed
   * @param <T> the type a defined result would have
   * @return the outcome
   * @throws NullPointerException if {@code reason} is null
   */
  static <T> Outcome<T> undefined(String reason) {
    return new Undefined<>(reason);
  }

  /**
   * Returns whether the test was computed.
   *
   * @return true for a defined outcome
   */
  default boolean isDefined() {
    return this instanceof Defined;
  }

  /**
   * Returns the result, empty when undefined.
   *
   * @return the result
   */
  default Optional<T> value() {
    return this instanceof Defined<T> d ? Optional.of(d.result()) : Optional.empty();
  }

  /**
   * Returns why the test is undefined, empty when it is defined.
   *
   * @return the reason
   */
  default Optional<String> reason() {
    return this instanceof Undefined<T> u ? Optional.of(u.why()) : Optional.empty();
  }

  /**
   * A computed result.
   *
   * @param result the result
   * @param <T> its type
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  record Defined<T>(T result) implements Outcome<T> {
    /**
     * Creates a defined outcome.
     *
     * @throws NullPointerException if {@code result} is null
     */
    public Defined {
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * A test that cannot be computed.
   *
   * @param why the reason, in words
   * @param <T> the type a defined result would have
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  record Undefined<T>(String why) implements Outcome<T> {
    /**
     * Creates an undefined outcome.
     *
     * @throws NullPointerException if {@code why} is null
     */
    public Undefined {
      Objects.requireNonNull(why, "why");
    }
  }
}
