package dev.mlops.api.monitor;

import dev.mlops.api.MlopsException;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * An alert sink could not deliver an alert: the receiver refused it, did not answer in time, or
 * could not be reached. The alert engine catches it (and any other exception of a sink), counts it
 * and logs it once per sink and cause; it never reaches the thread that evaluates rules.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * if (response.statusCode() / 100 != 2) {
 *   throw new AlertDeliveryException("webhook", "POST answered " + response.statusCode(), null);
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class AlertDeliveryException extends MlopsException {
  private static final long serialVersionUID = 1L;

  private final String sink;

  /**
   * Creates the exception.
   *
   * @param sink the sink's name
   * @param problem what went wrong
   * @param cause the cause, if any
   */
  public AlertDeliveryException(String sink, String problem, @Nullable Throwable cause) {
    super(
        "alert sink '"
            + Objects.requireNonNull(sink, "sink")
            + "' could not deliver: "
            + Objects.requireNonNull(problem, "problem")
            + "; check the receiver and the sink's configuration",
        cause);
    this.sink = sink;
  }

  /**
   * Returns the sink's name.
   *
   * @return the sink name
   */
  public String sink() {
    return sink;
  }
}
