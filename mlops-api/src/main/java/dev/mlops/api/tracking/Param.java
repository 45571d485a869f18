package dev.mlops.api.tracking;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Names;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A typed run parameter. Once logged it is immutable: logging the same key again with an equal
 * value is a no-op, with another value a {@link dev.mlops.api.ConflictException}.
 *
 * <p>Immutable and thread-safe. The value is kept in its canonical text form: numbers as {@link
 * Double#toString(double)}, booleans as {@code true}/{@code false}.
 *
 * <pre>{@code
 * Param lr = Param.of("lr", 0.01);
 * Param opt = Param.of("optimizer", "adam");
 * Param shuffle = Param.of("shuffle", true);
 * double v = lr.asNumber();
 * }</pre>
 *
 * @param key the key ({@link Names#requireKey})
 * @param type the value type
 * @param value the canonical text of the value
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record Param(String key, ParamType type, String value) {
  /** The longest value accepted. */
  public static final int MAX_VALUE_LENGTH = 6_000;

  /**
   * Validates the key and that the value is canonical for its type.
   *
   * @throws InvalidInputException if the key or value is illegal
   */
  public Param {
    Names.requireKey(key, "parameter key");
    Objects.requireNonNull(type, "type");
    Names.requireValue(value, "parameter '" + key + "'", MAX_VALUE_LENGTH);
    switch (type) {
      case NUMBER -> {
        double d;
        try {
          d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
          throw new InvalidInputException(
              key, -1, "parameter '" + key + "' is typed NUMBER but '" + value + "' is not", e);
        }
        if (!Double.isFinite(d) || !Double.toString(d).equals(value)) {
          throw InvalidInputException.of(
              key,
              "parameter '"
                  + key
                  + "' must be a finite number in canonical form; build it with Param.of(key, double)");
        }
      }
      case BOOLEAN -> {
        if (!value.equals("true") && !value.equals("false")) {
          throw InvalidInputException.of(
              key, "parameter '" + key + "' is typed BOOLEAN but '" + value + "' is not");
        }
      }
      case STRING -> {}
    }
  }

  /**
   * A text parameter.
   *
   * @param key the key
   * @param value the text
   * @return the parameter
   */
  public static Param of(String key, String value) {
    return new Param(key, ParamType.STRING, value);
  }

  /**
   * A number parameter.
   *
   * @param key the key
   * @param value a finite number
   * @return the parameter
   * @throws InvalidInputException if the value is NaN or infinite
   */
  public static Param of(String key, double value) {
    if (!Double.isFinite(value)) {
      throw InvalidInputException.of(
          key, "parameter '" + key + "' must be finite, but was " + value);
    }
    return new Param(key, ParamType.NUMBER, Double.toString(value == 0.0 ? 0.0 : value));
  }

  /**
   * A boolean parameter.
   *
   * @param key the key
   * @param value the flag
   * @return the parameter
   */
  public static Param of(String key, boolean value) {
    return new Param(key, ParamType.BOOLEAN, Boolean.toString(value));
  }

  /**
   * Returns the value of a NUMBER parameter.
   *
   * @return the number
   * @throws IllegalStateException if the parameter is not a number
   */
  public double asNumber() {
    if (type != ParamType.NUMBER) {
      throw new IllegalStateException("parameter '" + key + "' is " + type + ", not NUMBER");
    }
    return Double.parseDouble(value);
  }

  /**
   * Returns the value of a BOOLEAN parameter.
   *
   * @return the flag
   * @throws IllegalStateException if the parameter is not a boolean
   */
  public boolean asBoolean() {
    if (type != ParamType.BOOLEAN) {
      throw new IllegalStateException("parameter '" + key + "' is " + type + ", not BOOLEAN");
    }
    return Boolean.parseBoolean(value);
  }
}
