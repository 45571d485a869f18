package dev.mlops.api.tracking;

import dev.mlops.api.Names;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One execution of training or of a pipeline: its identity, status and times. Parameters, metrics
 * and tags are stored beside it and read separately, so listing runs never loads them.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Run run = Run.start("run-42", "exp-1", null, "baseline", clock.instant());
 * Run done = run.end(RunStatus.FINISHED, clock.instant());
 * }</pre>
 *
 * @param id the unique run id ({@link Names#requireName})
 * @param experimentId the experiment the run belongs to
 * @param parentRunId the parent run of a nested run, or null
 * @param name a display name, or null
 * @param status the status
 * @param startTime when the run started, on the injected clock
 * @param endTime when the run ended, or null while it is running
 * @param note a free-text note, or null
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record Run(
    String id,
    String experimentId,
    @Nullable String parentRunId,
    @Nullable String name,
    RunStatus status,
    Instant startTime,
    @Nullable Instant endTime,
    @Nullable String note) {

  /** The longest note accepted. */
  public static final int MAX_NOTE_LENGTH = 50_000;

  /**
   * Validates the fields.
   *
   * @throws dev.mlops.api.InvalidInputException if an id, the name or the note is illegal
   * @throws IllegalArgumentException if the status and end time disagree
   */
  public Run {
    Names.requireName(id, "run id");
    Names.requireName(experimentId, "experiment id");
    if (parentRunId != null) {
      Names.requireName(parentRunId, "parent run id");
    }
    if (name != null) {
      Names.requireValue(name, "run name", Names.MAX_NAME_LENGTH);
    }
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startTime, "startTime");
    if (status.isTerminal() != (endTime != null)) {
      throw new IllegalArgumentException(
          "run " + id + ": an end time is required exactly when the status is terminal");
    }
    if (note != null) {
      Names.requireValue(note, "run note", MAX_NOTE_LENGTH);
    }
  }

  /**
   * A new running run.
   *
   * @param id the run id
   * @param experimentId the experiment id
   * @param parentRunId the parent run id, or null
   * @param name the display name, or null
   * @param startTime the start time
   * @return the run, status {@link RunStatus#RUNNING}
   */
  public static Run start(
      String id,
      String experimentId,
      @Nullable String parentRunId,
      @Nullable String name,
      Instant startTime) {
    return new Run(id, experimentId, parentRunId, name, RunStatus.RUNNING, startTime, null, null);
  }

  /**
   * Returns this run ended with a terminal status.
   *
   * @param terminal FINISHED, FAILED or KILLED
   * @param at the end time
   * @return the ended run
   * @throws IllegalArgumentException if {@code terminal} is RUNNING
   */
  public Run end(RunStatus terminal, Instant at) {
    if (!terminal.isTerminal()) {
      throw new IllegalArgumentException("end status must be terminal, but was " + terminal);
    }
    return new Run(id, experimentId, parentRunId, name, terminal, startTime, at, note);
  }

  /**
   * Returns this run with another note.
   *
   * @param newNote the note, or null to clear it
   * @return the changed run
   */
  public Run withNote(@Nullable String newNote) {
    return new Run(id, experimentId, parentRunId, name, status, startTime, endTime, newNote);
  }

  /**
   * Returns the parent run id of a nested run.
   *
   * @return the parent run id, if any
   */
  public Optional<String> parent() {
    return Optional.ofNullable(parentRunId);
  }
}
