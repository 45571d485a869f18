package dev.mlops.api.tracking.query;

import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A property of the run itself that a query can filter and order by, written {@code
 * attributes.<name>} in query text.
 *
 * <p>Immutable and thread-safe. Text attributes compare with strings ({@code =}, {@code !=}, {@code
 * LIKE}, {@code ILIKE}, {@code IN}); {@link #STATUS} compares only with the names of {@link
 * dev.mlops.api.tracking.RunStatus}; the two times are numbers of epoch milliseconds and compare
 * with every comparison operator.
 *
 * <pre>{@code
 * RunFilter recent = RunFilter.parse("attributes.start_time >= 1700000000000");
 * Field status = Field.attribute(Attribute.STATUS); // prints as attributes.status
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Attribute {
  /** The run id (text, always present). */
  RUN_ID("run_id"),
  /** The display name (text, absent when the run has none). */
  RUN_NAME("run_name"),
  /** The status name: RUNNING, FINISHED, FAILED or KILLED (always present). */
  STATUS("status"),
  /** The start time in epoch milliseconds (number, always present). */
  START_TIME("start_time"),
  /** The end time in epoch milliseconds (number, absent while the run is running). */
  END_TIME("end_time"),
  /** The id of the run's experiment (text, always present). */
  EXPERIMENT_ID("experiment_id"),
  /** The id of the parent run (text, absent for a top-level run). */
  PARENT_RUN_ID("parent_run_id");

  private final String queryName;

  Attribute(String queryName) {
    this.queryName = queryName;
  }

  /**
   * Returns the name written after {@code attributes.} in query text.
   *
   * @return the lower-case name, e.g. {@code start_time}
   */
  public String queryName() {
    return queryName;
  }

  /**
   * Returns whether the attribute is a number (the two times) rather than text.
   *
   * @return true for {@link #START_TIME} and {@link #END_TIME}
   */
  public boolean isNumeric() {
    return this == START_TIME || this == END_TIME;
  }

  /**
   * Finds an attribute by its query name, ignoring ASCII case.
   *
   * @param name the name, e.g. {@code start_time}
   * @return the attribute, or empty when no attribute has that name
   */
  public static Optional<Attribute> fromQueryName(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) >= 0x80) {
        return Optional.empty(); // no Unicode case folding: the Kelvin sign is not a 'k'
      }
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (Attribute a : values()) {
      if (a.queryName.equals(lower)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
