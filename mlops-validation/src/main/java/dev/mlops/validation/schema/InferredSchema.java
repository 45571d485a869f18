package dev.mlops.validation.schema;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What {@link SchemaInference} suggests: the schema made of the kept suggestions, and every
 * suggestion with what was observed and, with a held-out split, whether it held there.
 *
 * <p>Immutable and thread-safe. Edit the schema with {@link Schema#toBuilder()}.
 *
 * <pre>{@code
 * InferredSchema inferred = SchemaInference.infer(table, InferenceOptions.defaults());
 * Schema edited = inferred.schema().toBuilder().edit("age", c -> c.noRange()).build();
 * }</pre>
 *
 * @param schema the schema of the kept suggestions
 * @param suggestions every suggestion, kept or dropped, in column order
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record InferredSchema(Schema schema, List<Suggestion> suggestions) {

  /**
   * Creates the result.
   *
   * @throws NullPointerException if a component is null
   */
  public InferredSchema {
    Objects.requireNonNull(schema, "schema");
    suggestions = List.copyOf(suggestions);
  }

  /**
   * One suggested constraint.
   *
   * @param column the column
   * @param check the check it would be: {@code type}, {@code nulls}, {@code range}, {@code
   *     categories} or {@code unique}
   * @param constraint the constraint in words, e.g. {@code [0, 130]}
   * @param observed what was observed on the rows it was inferred from, in words
   * @param kept whether it is part of {@link #schema()}
   * @param reason why it was dropped (it failed on held-out rows), or null when kept
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Suggestion(
      String column,
      String check,
      String constraint,
      String observed,
      boolean kept,
      @Nullable String reason) {
    /**
     * Creates a suggestion.
     *
     * @throws NullPointerException if a component but {@code reason} is null
     */
    public Suggestion {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(constraint, "constraint");
      Objects.requireNonNull(observed, "observed");
    }
  }
}
