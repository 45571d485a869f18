package dev.mlops.validation.schema;

import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.Table;
import dev.mlops.validation.drift.DriftPolicy;
import dev.mlops.validation.drift.DriftReport;
import dev.mlops.validation.drift.TableDrift;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Training-serving skew: compares the serving data of each feature with its training data by the
 * drift tests and verdict policy of {@link dev.mlops.validation.drift}, with the schema's
 * per-feature {@link ColumnSpec#skewThreshold()} as the deciding effect-size threshold (Wasserstein
 * over the training std for numeric features, Jensen-Shannon distance for categorical ones).
 *
 * <p>Stateless and thread-safe. Features are the schema's columns present in both tables, in schema
 * order; a feature without a skew threshold uses the base policy's threshold.
 *
 * <pre>{@code
 * DriftReport skew = TrainingServingSkew.compare(schema, training, serving, DriftPolicy.defaults());
 * if (skew.verdict() == Verdict.FAIL) { ... skew.columnsFailed() ... }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class TrainingServingSkew {

  private TrainingServingSkew() {}

  /**
   * Returns the base policy with each feature's skew threshold as its effect threshold.
   *
   * @param schema the schema
   * @param base the base policy
   * @return the policy
   * @throws NullPointerException if an argument is null
   */
  public static DriftPolicy policyFor(Schema schema, DriftPolicy base) {
    Objects.requireNonNull(schema, "schema");
    DriftPolicy p = Objects.requireNonNull(base, "base");
    for (ColumnSpec c : schema.columns()) {
      Double t = c.skewThreshold();
      if (t != null) {
        DriftPolicy.ColumnThresholds d =
            p.thresholdsFor(
                c.name(), c.type() == ColumnType.NUMERIC || c.type() == ColumnType.TIMESTAMP);
        p =
            p.withColumn(
                c.name(),
                new DriftPolicy.ColumnThresholds(
                    t, d.minNonMissing(), d.missingEffectThreshold(), d.missingMinRows()));
      }
    }
    return p;
  }

  /**
   * Compares serving data with training data, feature by feature.
   *
   * @param schema the schema naming the features and their skew thresholds
   * @param training the training table (the reference)
   * @param serving the serving table (the current side)
   * @param base the base policy
   * @return the drift report with the skew thresholds applied
   * @throws dev.mlops.api.InvalidInputException if a feature has different types in the two tables
   * @throws NullPointerException if an argument is null
   */
  public static DriftReport compare(
      Schema schema, Table training, Table serving, DriftPolicy base) {
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(serving, "serving");
    List<String> features = new ArrayList<>();
    for (ColumnSpec c : schema.columns()) {
      if (training.findColumn(c.name()).isPresent() && serving.findColumn(c.name()).isPresent()) {
        features.add(c.name());
      }
    }
    return TableDrift.compare(training, serving, features, policyFor(schema, base));
  }
}
