package dev.mlops.api.tracking;

import org.apiguardian.api.API;

/**
 * The type of a parameter value.
 *
 * <pre>{@code
 * Param p = Param.of("lr", 0.01); // p.type() == ParamType.NUMBER
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public enum ParamType {
  /** Text. */
  STRING,
  /** A finite double. */
  NUMBER,
  /** {@code true} or {@code false}. */
  BOOLEAN
}
