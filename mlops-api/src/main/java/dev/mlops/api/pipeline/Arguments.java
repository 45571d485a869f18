package dev.mlops.api.pipeline;

import dev.mlops.api.Names;
import dev.mlops.api.artifact.ArtifactRef;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The parameter values of one pipeline run, typed by their {@link Parameter}s.
 *
 * <p>Immutable and thread-safe; {@link #and} returns a new instance.
 *
 * <pre>{@code
 * Arguments args = Arguments.of(rows, 1000L).and(rate, 0.05);
 * Arguments data = Arguments.of(dataset, "weather:3"); // or "weather": the latest at run start
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Arguments {
  private static final Arguments EMPTY = new Arguments(Map.of());

  private final Map<String, Object> values;
  private final Map<String, Parameter<?>> parameters;

  private Arguments(Map<String, Object> values) {
    this.values = values;
    this.parameters = Map.of();
  }

  private Arguments(Map<String, Object> values, Map<String, Parameter<?>> parameters) {
    this.values = Collections.unmodifiableMap(values);
    this.parameters = Collections.unmodifiableMap(parameters);
  }

  /**
   * Returns no values: every parameter takes its default.
   *
   * @return the empty arguments
   */
  public static Arguments empty() {
    return EMPTY;
  }

  /**
   * Returns one value.
   *
   * @param parameter the parameter
   * @param value its value
   * @param <T> the value type
   * @return the arguments
   * @throws IllegalArgumentException if the value is not valid for the parameter
   */
  public static <T> Arguments of(Parameter<T> parameter, T value) {
    return EMPTY.and(parameter, value);
  }

  /**
   * Returns the value of an artifact parameter given as text.
   *
   * @param parameter an artifact parameter ({@link Parameter#ofArtifact})
   * @param artifact {@code name:version}, or {@code name} for the version that is latest when the
   *     run starts
   * @return the arguments
   * @throws IllegalArgumentException if the text is neither form
   */
  public static Arguments of(Parameter<ArtifactRef> parameter, String artifact) {
    return EMPTY.and(parameter, artifact);
  }

  /**
   * Returns these values and the value of an artifact parameter given as text. A name without
   * version is kept as that name (a {@link String} in {@link #values()}) and resolved to the latest
   * version when a run starts; the run records the version it resolved.
   *
   * @param parameter an artifact parameter ({@link Parameter#ofArtifact})
   * @param artifact {@code name:version}, or {@code name} for the latest version at run start
   * @return new arguments
   * @throws IllegalArgumentException if the text is neither form, the parameter is not an artifact
   *     parameter, or it was given before
   */
  public Arguments and(Parameter<ArtifactRef> parameter, String artifact) {
    Objects.requireNonNull(parameter, "parameter");
    Objects.requireNonNull(artifact, "artifact");
    if (!parameter.isArtifact()) {
      throw new IllegalArgumentException(parameter + " is not an artifact parameter");
    }
    if (artifact.indexOf(':') >= 0) {
      return and(parameter, parameter.parse(artifact));
    }
    try {
      Names.requireName(artifact, "artifact name");
    } catch (dev.mlops.api.InvalidInputException e) {
      throw new IllegalArgumentException(
          "parameter '" + parameter.name() + "': " + e.getMessage(), e);
    }
    return put(parameter, artifact);
  }

  /**
   * Returns these values and one more.
   *
   * @param parameter the parameter
   * @param value its value
   * @param <T> the value type
   * @return new arguments
   * @throws IllegalArgumentException if the value is not valid, or the parameter was given before
   */
  public <T> Arguments and(Parameter<T> parameter, T value) {
    Objects.requireNonNull(parameter, "parameter");
    return put(parameter, parameter.check(value));
  }

  private Arguments put(Parameter<?> parameter, Object checked) {
    if (values.containsKey(parameter.name())) {
      throw new IllegalArgumentException(
          "parameter '" + parameter.name() + "' was given twice; give each parameter once");
    }
    Map<String, Object> v = new LinkedHashMap<>(values);
    v.put(parameter.name(), checked);
    Map<String, Parameter<?>> p = new LinkedHashMap<>(parameters);
    p.put(parameter.name(), parameter);
    return new Arguments(v, p);
  }

  /**
   * Returns the value given for a parameter name.
   *
   * @param name the parameter name
   * @return the value, if given
   */
  public Optional<Object> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /**
   * Returns the given values by parameter name, in the order given.
   *
   * @return the values
   */
  public Map<String, Object> values() {
    return values;
  }

  @Override
  public boolean equals(@org.jspecify.annotations.Nullable Object o) {
    return o instanceof Arguments a && a.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "Arguments" + values;
  }
}
