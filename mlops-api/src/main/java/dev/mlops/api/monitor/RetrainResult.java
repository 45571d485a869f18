package dev.mlops.api.monitor;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a {@link RetrainTrigger} did with a request: started a job (with its id, e.g. a pipeline run
 * id), suppressed it (a cool-down is running, until when), or failed to start one.
 *
 * <p>Immutable and thread-safe (a record).
 *
 * <pre>{@code
 * RetrainResult r = trigger.trigger(RetrainRequest.of(alert));
 * switch (r.outcome()) {
 *   case STARTED -> log.info("retraining as run {}", r.jobId().orElseThrow());
 *   case SUPPRESSED -> log.info("cool-down until {}", r.retryAfter().orElseThrow());
 *   case FAILED -> log.warn("could not start retraining: {}", r.detail());
 * }
 * }</pre>
 *
 * @param outcome what happened
 * @param jobId the id of the started job; present exactly when {@code outcome} is {@link
 *     Outcome#STARTED}
 * @param retryAfter when a new request can start a job; present only when {@code outcome} is {@link
 *     Outcome#SUPPRESSED}, and then optional
 * @param detail a sentence for people
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RetrainResult(
    Outcome outcome, Optional<String> jobId, Optional<Instant> retryAfter, String detail) {

  /**
   * Validates.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the job id is present but the outcome is not STARTED (or
   *     missing when it is), or a retry time is present but the outcome is not SUPPRESSED
   */
  public RetrainResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(retryAfter, "retryAfter");
    Objects.requireNonNull(detail, "detail");
    if (jobId.isPresent() != (outcome == Outcome.STARTED)) {
      throw new IllegalArgumentException(
          "a job id is present exactly for STARTED, but outcome is "
              + outcome
              + " and jobId "
              + jobId);
    }
    if (retryAfter.isPresent() && outcome != Outcome.SUPPRESSED) {
      throw new IllegalArgumentException("retryAfter is only for SUPPRESSED, not " + outcome);
    }
  }

  /**
   * Returns a started result.
   *
   * @param jobId the started job's id, e.g. a pipeline run id
   * @param detail a sentence for people
   * @return the result
   */
  public static RetrainResult started(String jobId, String detail) {
    return new RetrainResult(
        Outcome.STARTED,
        Optional.of(Objects.requireNonNull(jobId, "jobId")),
        Optional.empty(),
        detail);
  }

  /**
   * Returns a suppressed result.
   *
   * @param retryAfter when a new request can start a job
   * @param detail a sentence for people
   * @return the result
   */
  public static RetrainResult suppressed(Instant retryAfter, String detail) {
    return new RetrainResult(
        Outcome.SUPPRESSED,
        Optional.empty(),
        Optional.of(Objects.requireNonNull(retryAfter, "retryAfter")),
        detail);
  }

  /**
   * Returns a failed result.
   *
   * @param detail what failed and what to do
   * @return the result
   */
  public static RetrainResult failed(String detail) {
    return new RetrainResult(Outcome.FAILED, Optional.empty(), Optional.empty(), detail);
  }

  /**
   * What a trigger did.
   *
   * <p>Immutable and thread-safe (an enum).
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public enum Outcome {
    /** A retraining job started. */
    STARTED,
    /** Nothing started on purpose: a cool-down or a running job covers this request. */
    SUPPRESSED,
    /** Starting a job failed. */
    FAILED
  }
}
