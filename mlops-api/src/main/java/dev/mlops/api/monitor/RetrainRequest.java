package dev.mlops.api.monitor;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A request to retrain a model: which model version degraded, why, when, and the alert that caused
 * it, if any.
 *
 * <p>Immutable and thread-safe (a record).
 *
 * <pre>{@code
 * RetrainRequest fromAlert = RetrainRequest.of(alert);
 * RetrainRequest byHand = RetrainRequest.manual("churn", 3, "quarterly refresh", clock.instant());
 * }</pre>
 *
 * @param model the model name, not blank
 * @param modelVersion the model version in production, not negative
 * @param reason why retraining is asked for, a sentence for people
 * @param requestedAt when it was asked for
 * @param cause the alert that asked for it; empty for a request made by hand
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RetrainRequest(
    String model, long modelVersion, String reason, Instant requestedAt, Optional<Alert> cause) {

  /**
   * Validates.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the model is blank or the version negative
   */
  public RetrainRequest {
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    if (modelVersion < 0) {
      throw new IllegalArgumentException(
          "modelVersion must not be negative, but was " + modelVersion);
    }
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(requestedAt, "requestedAt");
    Objects.requireNonNull(cause, "cause");
  }

  /**
   * Returns the request an alert makes: its model, its message as the reason, its time.
   *
   * @param alert the firing alert
   * @return the request
   * @throws NullPointerException if {@code alert} is null
   */
  public static RetrainRequest of(Alert alert) {
    Objects.requireNonNull(alert, "alert");
    String reason = alert.message().isEmpty() ? "alert " + alert.dedupKey() : alert.message();
    return new RetrainRequest(
        alert.model(), alert.modelVersion(), reason, alert.time(), Optional.of(alert));
  }

  /**
   * Returns a request made by hand, without an alert.
   *
   * @param model the model name
   * @param modelVersion the model version
   * @param reason why
   * @param requestedAt when
   * @return the request
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the model is blank or the version negative
   */
  public static RetrainRequest manual(
      String model, long modelVersion, String reason, Instant requestedAt) {
    return new RetrainRequest(model, modelVersion, reason, requestedAt, Optional.empty());
  }
}
