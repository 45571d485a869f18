package dev.mlops.api.pipeline;

import dev.mlops.api.Names;
import dev.mlops.api.artifact.ArtifactRef;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A typed pipeline parameter: a value the caller gives when a run starts (text, a whole number, a
 * floating-point number, a boolean, or a stored artifact version), with an optional default. Its
 * printed form is part of the cache key of every step that reads it and is logged as a parameter of
 * the tracked run.
 *
 * <p>An artifact parameter ({@link #ofArtifact}) takes an {@link ArtifactRef}; the run resolves it
 * before anything runs (a name without version means the latest version at run start, and the
 * resolved version is what the run records). The cache key of a step that reads it holds the
 * artifact's content digest, not its name or version, so a new version with the same bytes still
 * hits the cache; the step's execution records the version as a lineage input.
 *
 * <p>Immutable and thread-safe. Two parameters are equal when name, type and default are equal.
 *
 * <pre>{@code
 * Parameter<Double> rate = Parameter.ofDouble("learning-rate").withDefault(0.1);
 * pipelines.run(pipeline, Arguments.of(rate, 0.05));
 * }</pre>
 *
 * @param <T> the value type: {@link String}, {@link Long}, {@link Double}, {@link Boolean} or
 *     {@link ArtifactRef}
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Parameter<T> implements Input<T> {
  private final String name;
  private final Class<T> type;
  private final @Nullable T defaultValue;

  private Parameter(String name, Class<T> type, @Nullable T defaultValue) {
    this.name = Names.requireName(name, "parameter name");
    this.type = type;
    this.defaultValue = defaultValue;
  }

  /**
   * Declares a text parameter.
   *
   * @param name the name ({@link Names#requireName})
   * @return the parameter, without default
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   */
  public static Parameter<String> ofString(String name) {
    return new Parameter<>(name, String.class, null);
  }

  /**
   * Declares a whole-number parameter.
   *
   * @param name the name
   * @return the parameter, without default
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   */
  public static Parameter<Long> ofLong(String name) {
    return new Parameter<>(name, Long.class, null);
  }

  /**
   * Declares a floating-point parameter; values must be finite.
   *
   * @param name the name
   * @return the parameter, without default
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   */
  public static Parameter<Double> ofDouble(String name) {
    return new Parameter<>(name, Double.class, null);
  }

  /**
   * Declares a boolean parameter.
   *
   * @param name the name
   * @return the parameter, without default
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   */
  public static Parameter<Boolean> ofBoolean(String name) {
    return new Parameter<>(name, Boolean.class, null);
  }

  /**
   * Declares an artifact parameter: a stored artifact version the steps that read it consume. Give
   * its value as an {@link ArtifactRef}, or as text with {@link Arguments#and(Parameter, String)}
   * ({@code "name:version"}, or {@code "name"} for the latest version at run start). In a body,
   * {@link StepContext#get} returns the resolved reference and {@link StepContext#open} its bytes.
   *
   * <pre>{@code
   * Parameter<ArtifactRef> dataset = Parameter.ofArtifact("dataset");
   * pipelines.run(pipeline, Arguments.of(dataset, "weather")); // latest version of "weather"
   * }</pre>
   *
   * @param name the name
   * @return the parameter, without default
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   */
  public static Parameter<ArtifactRef> ofArtifact(String name) {
    return new Parameter<>(name, ArtifactRef.class, null);
  }

  /**
   * Returns whether this is an artifact parameter ({@link #ofArtifact}).
   *
   * @return true if its values are artifact versions
   */
  public boolean isArtifact() {
    return type == ArtifactRef.class;
  }

  /**
   * Returns a copy with a default, used when a run gives no value.
   *
   * @param value the default
   * @return a new parameter
   * @throws IllegalArgumentException if the value is a non-finite double or text longer than
   *     {@value dev.mlops.api.tracking.Param#MAX_VALUE_LENGTH} characters
   */
  public Parameter<T> withDefault(T value) {
    return new Parameter<>(name, type, check(value));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Class<T> type() {
    return type;
  }

  /**
   * Returns the default value.
   *
   * @return the default, if one was set
   */
  public Optional<T> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /**
   * Checks a value for this parameter and returns it.
   *
   * @param value the value
   * @return the value
   * @throws IllegalArgumentException if it is not of this parameter's type, a non-finite double, or
   *     text that is too long or not text
   */
  public T check(Object value) {
    Objects.requireNonNull(value, "value");
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(
          "parameter '"
              + name
              + "' takes a "
              + type.getSimpleName()
              + ", but got a "
              + value.getClass().getName());
    }
    if (value instanceof Double d && !Double.isFinite(d)) {
      throw new IllegalArgumentException("parameter '" + name + "' must be finite, but was " + d);
    }
    if (value instanceof String s) {
      try {
        Names.requireValue(
            s, "parameter '" + name + "'", dev.mlops.api.tracking.Param.MAX_VALUE_LENGTH);
      } catch (dev.mlops.api.InvalidInputException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    return type.cast(value);
  }

  /**
   * Prints a value in the canonical form used in cache keys and tracked-run parameters ({@link
   * Double#toString} for doubles, so every double prints back to itself).
   *
   * @param value a value of this parameter
   * @return the printed form
   * @throws IllegalArgumentException if the value is not valid for this parameter
   */
  public String format(Object value) {
    return String.valueOf(check(value));
  }

  /**
   * Parses the printed form of a value ({@code name:version} for an artifact parameter).
   *
   * @param text the printed form
   * @return the value
   * @throws IllegalArgumentException if the text is not a value of this parameter's type
   */
  public T parse(String text) {
    Objects.requireNonNull(text, "text");
    Object value;
    try {
      if (type == ArtifactRef.class) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
          throw new IllegalArgumentException(
              "parameter '" + name + "' takes an artifact as name:version, but got '" + text + "'");
        }
        try {
          value =
              ArtifactRef.of(text.substring(0, colon), Long.parseLong(text.substring(colon + 1)));
        } catch (dev.mlops.api.InvalidInputException e) {
          throw new IllegalArgumentException(e.getMessage(), e);
        }
      } else if (type == String.class) {
        value = text;
      } else if (type == Long.class) {
        value = Long.parseLong(text);
      } else if (type == Double.class) {
        value = Double.parseDouble(text);
      } else if (text.equals("true") || text.equals("false")) {
        value = Boolean.parseBoolean(text);
      } else {
        throw new IllegalArgumentException(
            "parameter '" + name + "' is a boolean, but got '" + text + "'");
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "parameter '" + name + "' is a " + type.getSimpleName() + ", but got '" + text + "'", e);
    }
    return check(value);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Parameter<?> p
        && p.name.equals(name)
        && p.type.equals(type)
        && Objects.equals(p.defaultValue, defaultValue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, defaultValue);
  }

  @Override
  public String toString() {
    return "parameter '" + name + "' (" + type.getSimpleName() + ")";
  }
}
